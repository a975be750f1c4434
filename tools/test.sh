#!/usr/bin/env bash
# `itops test`: every check and test of the project, against the real local stack.
# bin/itops has put Node 24 on PATH, installed the npm packages and built dist/.
set -euo pipefail
cd "$ITOPS_ROOT"
export ITOPS_STATE="${ITOPS_STATE:-$ITOPS_ROOT/.itops}"

step() { printf '\n==> %s\n' "$*"; }

step "local stack (PostgreSQL, Kafka, Samba AD)"
bash deploy/local/stack.sh up

step "helm"
bash tools/charts/install-helm.sh

step "type check"
npx tsc -p tsconfig.json --noEmit

step "lint, module boundaries included"
npx nx run-many -t lint --outputStyle=static --skipNxCache

step "event contracts (buf lint, buf breaking against main, generated code)"
bash tools/proto/check.sh

step "Helm charts (helm lint, helm template, Kubernetes schemas)"
bash tools/charts/check.sh

step "services on the local stack (restarted, so they run this build; spans to .itops/traces)"
export ITOPS_TRACE_DIR="$ITOPS_STATE/traces"
bash deploy/local/services.sh down >/dev/null
rm -rf "$ITOPS_TRACE_DIR"
bash deploy/local/services.sh up
# The services stop after the tests (they run this build only). The infrastructure stays up
# for the next run, except in CI, where nothing is left running.
stop_services() {
  bash deploy/local/services.sh down >/dev/null 2>&1 || true
  if [ "${CI:-}" = true ]; then bash deploy/local/stack.sh down >/dev/null 2>&1 || true; fi
}
trap stop_services EXIT

step "unit, integration and end-to-end tests"
results="$ITOPS_STATE/jest-results.json"
set +e
npx jest --runInBand --json --outputFile="$results" "$@"
status=$?
set -e
# One plain closing line, whatever the runner printed above it.
node -e '
  const r = require(process.argv[1]);
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results"
exit "$status"
