#!/usr/bin/env bash
# Checks the Helm charts in charts/ offline:
#   1. the generated chart files are up to date (tools/charts/generate.mjs --check);
#   2. `helm dependency build` of every chart (file:// dependencies, bottom-up), in a temporary
#      copy of charts/ so the work tree gets no packaged dependencies;
#   3. `helm lint --strict` of every chart, with the default values and with the values that
#      switch everything on (tools/charts/fixtures/values-full*.yaml);
#   4. `helm template` of every application chart with both value sets, into a temporary dir;
#   5. tools/charts/validate-manifests.mjs on everything rendered (Kubernetes schemas via
#      kubernetes-models, plus the itops rules);
#   6. tools/charts/check-env-coverage.mjs: every ITOPS_* variable named in a service's
#      apps/<svc>/src/*.config.ts or in the common schema (libs/shared/config) is rendered, with
#      the full values, into its Deployment and its migration Job; and it must reject
#      fixtures/unrendered-variable.config.txt, a variable no chart knows;
#   7. the validator must reject tools/charts/fixtures/invalid-deployment.yaml (schema error) and
#      unknown-kind.yaml (unknown kind), which proves it can fail;
#   8. helm must refuse values that break values.schema.json;
#   9. rendering must refuse what the schema cannot express (a managed OU outside the base DN,
#      config.extra naming a variable the chart sets).
#
# Environment:
#   HELM             helm binary (default: ${ITOPS_STATE:-<repo>/.itops}/bin/helm, installed by
#                    tools/charts/install-helm.sh when missing or of another version)
#   NODE             node binary (default: node); needs `yaml` and `kubernetes-models` from the
#                    repository's node_modules (npm ci)
#   ITOPS_CHARTS_OUT keep the rendered manifests in this (new or empty) directory instead of a
#                    temporary one
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$REPO_ROOT/tools/charts"
FIXTURES="$TOOLS/fixtures"
STATE="${ITOPS_STATE:-$REPO_ROOT/.itops}"
NODE="${NODE:-node}"

LIB_CHART=itops-lib
SERVICE_CHARTS=(hr-feed identity licence device metering billing)
UMBRELLA_CHART=itops
NAMESPACE=itops

step() { printf '\n==> %s\n' "$*"; }
die() { echo "check.sh: $*" >&2; exit 1; }

# --- tools ------------------------------------------------------------------------------------
if [[ -z "${HELM:-}" ]]; then
  bash "$TOOLS/install-helm.sh" >/dev/null || die "installing helm failed (run tools/charts/install-helm.sh)"
  HELM="$STATE/bin/helm"
fi
[[ -x "$HELM" ]] || die "helm not found at $HELM"

command -v "$NODE" >/dev/null 2>&1 || die "node not found"
node_major="$("$NODE" -p 'process.versions.node.split(".")[0]')"
(( node_major >= 20 )) || die "Node >= 20 is needed, found $("$NODE" --version)"
(cd "$TOOLS" && "$NODE" --input-type=module -e \
  "await import('yaml'); await import('kubernetes-models/apps/v1/Deployment');") 2>/dev/null \
  || die "the npm packages yaml and kubernetes-models are missing: run npm ci in $REPO_ROOT"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/itops-charts.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
OUT="${ITOPS_CHARTS_OUT:-$WORK/rendered}"
if [[ -d "$OUT" && -n "$(ls -A "$OUT")" ]]; then die "ITOPS_CHARTS_OUT=$OUT is not empty"; fi
mkdir -p "$OUT"

# Keep helm away from the user's repositories, plugins and cache: everything here is local.
export HELM_CONFIG_HOME="$WORK/helm/config" HELM_CACHE_HOME="$WORK/helm/cache" HELM_DATA_HOME="$WORK/helm/data"
echo "helm $("$HELM" version --template '{{.Version}}'), node $("$NODE" --version), work dir $WORK"

# --- 1. generated files -----------------------------------------------------------------------
step "generated chart files"
"$NODE" "$TOOLS/generate.mjs" --check

# --- 2. dependencies --------------------------------------------------------------------------
step "helm dependency build"
cp -R "$REPO_ROOT/charts" "$WORK/charts"
find "$WORK/charts" -path '*/charts/*.tgz' -delete
CH="$WORK/charts"
for c in "${SERVICE_CHARTS[@]}" "$UMBRELLA_CHART"; do
  echo "-- $c"
  "$HELM" dependency build --skip-refresh "$CH/$c"
done

# Value files per chart: "default" and "full" (everything switched on; a service with settings of
# its own adds values-full-<service>.yaml). check-env-coverage.mjs reads the same files.
full_values() {
  if [[ "$1" == "$UMBRELLA_CHART" ]]; then
    echo "-f $FIXTURES/values-full-umbrella.yaml"
  elif [[ -f "$FIXTURES/values-full-$1.yaml" ]]; then
    echo "-f $FIXTURES/values-full.yaml -f $FIXTURES/values-full-$1.yaml"
  else
    echo "-f $FIXTURES/values-full.yaml"
  fi
}

# --- 3. lint ----------------------------------------------------------------------------------
step "helm lint --strict"
"$HELM" lint --strict "$CH/$LIB_CHART"
for c in "${SERVICE_CHARTS[@]}" "$UMBRELLA_CHART"; do
  "$HELM" lint --strict --namespace "$NAMESPACE" "$CH/$c"
  # shellcheck disable=SC2046
  "$HELM" lint --strict --namespace "$NAMESPACE" "$CH/$c" $(full_values "$c")
done

# --- 4. template ------------------------------------------------------------------------------
step "helm template"
for c in "${SERVICE_CHARTS[@]}" "$UMBRELLA_CHART"; do
  release="$c"
  [[ "$c" == "$UMBRELLA_CHART" ]] || release="itops-$c"
  "$HELM" template "$release" "$CH/$c" --namespace "$NAMESPACE" > "$OUT/$c.default.yaml"
  # shellcheck disable=SC2046
  "$HELM" template "$release" "$CH/$c" --namespace "$NAMESPACE" $(full_values "$c") > "$OUT/$c.full.yaml"
  echo "-- $c: $(grep -c '^kind:' "$OUT/$c.default.yaml") objects (default), $(grep -c '^kind:' "$OUT/$c.full.yaml") (full)"
done

# The umbrella renders every service: each service chart's objects must be in it.
for c in "${SERVICE_CHARTS[@]}"; do
  grep -q "^  name: $UMBRELLA_CHART-$c\$" "$OUT/$UMBRELLA_CHART.default.yaml" \
    || die "umbrella chart does not render $c"
done

# --- 5. validate ------------------------------------------------------------------------------
step "validate rendered manifests"
"$NODE" "$TOOLS/validate-manifests.mjs" --quiet "$OUT"

# --- 6. every variable a service reads is rendered -------------------------------------------
step "every service variable is rendered (Deployment and migration Job)"
"$NODE" "$TOOLS/check-env-coverage.mjs" "$OUT"

# A variable no chart knows must fail that check.
rc=0
"$NODE" "$TOOLS/check-env-coverage.mjs" --add "billing=$FIXTURES/unrendered-variable.config.txt" "$OUT" > "$WORK/neg.out" 2>&1 || rc=$?
if [[ $rc -ne 1 ]] || ! grep -q "billing: ITOPS_CHART_CHECK_UNRENDERED .* is not rendered" "$WORK/neg.out"; then
  cat "$WORK/neg.out" >&2
  die "check-env-coverage.mjs did not reject a variable no chart renders (exit $rc)"
fi
echo "-- unrendered-variable.config.txt rejected: $(grep -m1 '^ERROR' "$WORK/neg.out")"

# --- 7. the validator must be able to fail ----------------------------------------------------
step "validator rejects broken manifests"
expect_rejection() { # <file> <text expected in the error output>
  local rc=0
  "$NODE" "$TOOLS/validate-manifests.mjs" --quiet "$1" > "$WORK/neg.out" 2>&1 || rc=$?
  if [[ $rc -ne 1 ]] || ! grep -qF -- "$2" "$WORK/neg.out"; then
    cat "$WORK/neg.out" >&2
    die "validate-manifests.mjs did not reject $(basename "$1") with \"$2\" (exit $rc)"
  fi
  echo "-- $(basename "$1") rejected: $(grep -m1 '^ERROR' "$WORK/neg.out")"
}
expect_rejection "$FIXTURES/invalid-deployment.yaml" "schema: /spec/template/spec/containers must be array"
expect_rejection "$FIXTURES/unknown-kind.yaml" "unknown kind ServiceMonitor"

# --- 8. the values schema must be able to fail ------------------------------------------------
step "values.schema.json rejects bad values"
expect_schema_error() { # <chart> <description> <helm args...>
  local c="$1" what="$2"
  shift 2
  if "$HELM" template x "$CH/$c" "$@" > "$WORK/neg.out" 2>&1; then
    die "$c: helm template accepted $what"
  fi
  grep -q "values don't meet the specifications of the schema" "$WORK/neg.out" || {
    cat "$WORK/neg.out" >&2
    die "$c: $what failed, but not with a schema error"
  }
  echo "-- $c: refused $what"
}
expect_schema_error licence "an unknown log level" --set config.logLevel=verbose
expect_schema_error licence "a literal password value" --set config.postgres.password=secret
expect_schema_error identity "a non-LDAPS LDAP URL" --set config.ldap.url=ldap://dc01:389
expect_schema_error "$UMBRELLA_CHART" "an unknown global value" --set global.pgPassword=secret
expect_schema_error "$UMBRELLA_CHART" "a bad value of a service" --set billing.replicaCount=-1
expect_schema_error licence "an unknown SASL mechanism" --set config.kafka.sasl.mechanism=gssapi
expect_schema_error licence "a database name that is no PostgreSQL identifier" --set config.postgres.database=Licence-DB
expect_schema_error licence "an OIDC issuer that is no URL" --set config.oidc.issuer=login.example.org
expect_schema_error hr-feed "a literal person id secret" --set config.personIdSecret=s3cret-s3cret-s3cret
expect_schema_error hr-feed "a leaver share above 1" --set config.maxLeaverShare=1.5
expect_schema_error identity "a lead time of more than 90 days" --set config.accountLeadDays=91
expect_schema_error identity "a managed OU that is no DN" --set config.ldap.managedOu=itops
expect_schema_error identity "an upper-case UPN domain" --set config.ldap.upnDomain=AD.Example.org
expect_schema_error metering "a lower-case account offering" --set config.accountOffering=konto
expect_schema_error "$UMBRELLA_CHART" "a bad own setting of a service" --set metering.config.accountOffering=K

# --- 9. rules the schema cannot express fail the rendering ------------------------------------
step "rendering refuses inconsistent values"
expect_render_error() { # <chart> <description> <text expected in the error> <helm args...>
  local c="$1" what="$2" text="$3"
  shift 3
  if "$HELM" template x "$CH/$c" "$@" > "$WORK/neg.out" 2>&1; then
    die "$c: helm template accepted $what"
  fi
  grep -qF -- "$text" "$WORK/neg.out" || {
    cat "$WORK/neg.out" >&2
    die "$c: $what failed, but not with \"$text\""
  }
  echo "-- $c: refused $what"
}
expect_render_error identity "a managed OU outside the base DN" "must be below config.ldap.baseDn" \
  --set 'config.ldap.managedOu=OU=itops\,DC=other\,DC=org'
expect_render_error hr-feed "a chart-managed secret in config.extra" "config.extra.ITOPS_HR_PERSON_ID_SECRET" \
  --set config.extra.ITOPS_HR_PERSON_ID_SECRET=s3cret-s3cret-s3cret
expect_render_error metering "a chart-managed variable in config.extra" "config.extra.ITOPS_METERING_ACCOUNT_OFFERING" \
  --set config.extra.ITOPS_METERING_ACCOUNT_OFFERING=KONTO

step "all chart checks passed"
if [[ -n "${ITOPS_CHARTS_OUT:-}" ]]; then echo "rendered manifests are in $OUT"; fi
