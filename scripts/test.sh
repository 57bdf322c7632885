#!/usr/bin/env bash
# The whole suite, as CI runs it: type-check, lint, layering, then unit, integration and
# end-to-end tests (the last start the real k8ts and drive it with the real kubectl).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
echo "== type-check"; npx tsc -p tsconfig.json --noEmit
echo "== lint"; node scripts/lint.mjs
echo "== layering"; node scripts/check-layers.mjs
echo "== build"; npx tsc -p tsconfig.build.json && touch dist/.built
echo "== tests"
# Node 20's test runner does not expand globs itself.
mapfile -t files < <(find test/unit test/integration test/e2e -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
