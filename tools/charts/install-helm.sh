#!/usr/bin/env bash
# Installs a pinned Helm v3 into ${ITOPS_STATE:-<repo>/.itops}/bin/helm by building it
# from source with `go install` (only the Go module proxy is needed, no binary download).
# Re-running is a no-op when that exact version is already installed.
#
# Environment:
#   ITOPS_STATE   state directory (default: <repo>/.itops); helm goes to $ITOPS_STATE/bin
#   GO            go binary (default: /usr/local/go/bin/go if present, else `go` on PATH)
#   HELM_VERSION  override the pinned version (for trying an upgrade)
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.22.0}"
# Kubernetes version that `helm template`/`helm lint` assume when no cluster is reachable.
# Helm's release build derives it from the k8s.io/client-go version it is built with
# (client-go v0.N -> Kubernetes 1.N); keep these in step with HELM_VERSION.
HELM_K8S_MAJOR="${HELM_K8S_MAJOR:-1}"
HELM_K8S_MINOR="${HELM_K8S_MINOR:-37}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${ITOPS_STATE:-$REPO_ROOT/.itops}"
BIN_DIR="$STATE/bin"
HELM="$BIN_DIR/helm"

if [[ -z "${GO:-}" ]]; then
  if [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go; else GO=go; fi
fi

if [[ -x "$HELM" ]]; then
  have="$("$HELM" version --template '{{.Version}}' 2>/dev/null || true)"
  if [[ "$have" == "$HELM_VERSION" ]]; then
    echo "helm $HELM_VERSION already installed at $HELM"
    exit 0
  fi
  echo "replacing helm ${have:-<unknown>} at $HELM with $HELM_VERSION"
fi

command -v "$GO" >/dev/null 2>&1 || { echo "error: go not found (set GO=/path/to/go)" >&2; exit 1; }

mkdir -p "$BIN_DIR"
echo "building helm $HELM_VERSION with $("$GO" version) into $BIN_DIR ..."
start=$(date +%s)

pkg=helm.sh/helm/v3
ldflags="-w -s"
ldflags+=" -X $pkg/internal/version.version=$HELM_VERSION"
ldflags+=" -X $pkg/internal/version.gitTreeState=clean"
ldflags+=" -X $pkg/pkg/lint/rules.k8sVersionMajor=$HELM_K8S_MAJOR"
ldflags+=" -X $pkg/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR"
ldflags+=" -X $pkg/pkg/chartutil.k8sVersionMajor=$HELM_K8S_MAJOR"
ldflags+=" -X $pkg/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR"

# Run outside the repository so no surrounding go.mod/go.work is picked up.
(
  cd "$BIN_DIR"
  GOBIN="$BIN_DIR" GOWORK=off GO111MODULE=on CGO_ENABLED=0 GOFLAGS="-buildvcs=false" \
    "$GO" install -trimpath -ldflags "$ldflags" "$pkg/cmd/helm@$HELM_VERSION"
)

got="$("$HELM" version --template '{{.Version}}')"
if [[ "$got" != "$HELM_VERSION" ]]; then
  echo "error: installed helm reports $got, expected $HELM_VERSION" >&2
  exit 1
fi
echo "helm $got installed at $HELM in $(( $(date +%s) - start ))s"
