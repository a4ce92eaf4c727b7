#!/usr/bin/env bash
# The one command that runs every test: lint, types, then unit and integration tests against the
# real PostgreSQL and Redis (tests create and drop their own databases and Redis key prefixes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
echo "== lint"; npx biome check .
echo "== typecheck"; npm run typecheck --silent
echo "== tests"; TZ=UTC npx vitest run "$@"
