#!/usr/bin/env bash
# Checks the event contracts in proto/:
#   1. buf lint (STANDARD rules, buf.yaml);
#   2. buf breaking against proto/ on the main branch (PROTO_AGAINST_REF overrides the ref,
#      e.g. PROTO_AGAINST_REF=HEAD~1 in CI, where the working tree already is main). A breaking
#      change needs a new topic version (<domain>.<entity>.v<N+1>), not an edit;
#   3. generation drift: regenerates into a temporary directory and compares it with
#      libs/shared/contracts/src/gen, so the committed TypeScript always matches proto/.
# Exits non-zero on the first failing step and says which one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# The project's Node, and node_modules/.bin for buf and the protoc-gen-es plugin it runs.
export PATH="$root/node_modules/.bin:$root/.itops/node/bin:$PATH"

echo "proto: buf lint"
buf lint || { echo "proto: FAILED buf lint (see above; rules in buf.yaml)" >&2; exit 1; }

ref="${PROTO_AGAINST_REF:-main}"
git_dir="$(git rev-parse --path-format=absolute --git-common-dir)"
if ! commit="$(git rev-parse --verify --quiet "${ref}^{commit}")"; then
  echo "proto: FAILED buf breaking: git ref '${ref}' does not exist, nothing to compare with" >&2
  exit 1
fi
if git cat-file -e "${commit}:proto" 2>/dev/null; then
  echo "proto: buf breaking against ${ref} (${commit:0:12})"
  if git diff --quiet "$commit" -- proto && [[ -z "$(git ls-files --others --exclude-standard proto)" ]]; then
    # Typical in CI, where the clone is main itself: say so rather than pass without a word.
    echo "proto: note: proto/ is identical to ${ref}, so nothing can break;" \
      "set PROTO_AGAINST_REF (e.g. HEAD~1) to compare with an earlier commit"
  fi
  buf breaking --against "${git_dir}#ref=${commit},subdir=proto" || {
    echo "proto: FAILED buf breaking against ${ref}: a published contract changed incompatibly;" \
      "add a new message version and topic (<domain>.<entity>.v<N+1>) instead" >&2
    exit 1
  }
else
  # The first commit that adds proto/ has nothing published to break; compare the tree with
  # itself so the step still proves the module builds, and say so.
  echo "proto: ${ref} (${commit:0:12}) has no proto/ yet: first commit of the contracts," \
    "buf breaking runs against the working tree itself"
  buf breaking --against "." || { echo "proto: FAILED buf breaking against the working tree" >&2; exit 1; }
fi

echo "proto: generation drift"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash tools/proto/generate.sh "$tmp" >/dev/null
gen=libs/shared/contracts/src/gen
if ! diff -ru "$gen" "$tmp/$gen"; then
  echo "proto: FAILED generation drift: $gen does not match proto/;" \
    "run 'bash tools/proto/generate.sh' and commit the result (never edit $gen by hand)" >&2
  exit 1
fi
echo "proto: ok"
