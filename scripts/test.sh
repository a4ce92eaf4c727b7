#!/usr/bin/env bash
# The one command that runs every test: lint, types, then unit and integration tests against the
# real PostgreSQL and Redis (tests create and drop their own databases and Redis key prefixes), then the web
# app's build and its browser journey (Playwright with Debian's Chromium against a real api, worker and web).
# then the mobile app's jest tests, its web export opened in Chromium, and a driver's shift on that export
# against a real api.
# Arguments go to vitest; SKIP_E2E=1 stops after the unit and integration tests and the short chaos run
# (docs/CHAOS.md), which SKIP_CHAOS=1 leaves out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
echo "== lint"; npx biome check .
echo "== typecheck"; npm run typecheck --silent
echo "== tests"; TZ=UTC npx vitest run "$@"
if [[ "${SKIP_CHAOS:-}" != "1" ]]; then echo "== chaos (short run, docs/CHAOS.md; SKIP_CHAOS=1 skips it)"; npm run chaos --silent -- --minutes "${CHAOS_MINUTES:-1.5}"; fi
echo "== mobile tests"; npm run test --silent -w @truck4u/ui; TZ=UTC npm run test --silent -w @truck4u/mobile
if [[ "${SKIP_E2E:-}" != "1" ]]; then
  echo "== web build"; npm run build --silent -w @truck4u/web
  echo "== e2e"; bash scripts/ensure-chromium.sh; TZ=UTC npm run e2e --silent -w @truck4u/web
  echo "== mobile web export"; npm run export:web --silent -w @truck4u/mobile
  npm run screenshots --silent -w @truck4u/mobile
  echo "== mobile e2e"; TZ=UTC npm run e2e --silent -w @truck4u/mobile
fi
