#!/usr/bin/env bash
# Regenerates the TypeScript event contracts from proto/ into libs/shared/contracts/src/gen/
# (buf.gen.yaml). The generated files are committed and never edited by hand.
# Usage: bash tools/proto/generate.sh [OUTPUT_BASE]   (OUTPUT_BASE defaults to the repo root)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# The project's Node, and node_modules/.bin for buf and the protoc-gen-es plugin it runs.
export PATH="$root/node_modules/.bin:$root/.itops/node/bin:$PATH"
buf generate --output "${1:-.}"
