#!/usr/bin/env bash
# The browser tests use Debian's Chromium (/usr/bin/chromium), never a browser downloaded by Playwright.
# Installs it with apt when it is missing (CI machines may not have it).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] && exit 0
echo "Chromium is missing at $CHROMIUM: installing the Debian package"
SUDO=""
if [[ "$(id -u)" != "0" ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "✗ not root and no sudo: install it with 'apt-get install -y chromium'" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
[[ -x "$CHROMIUM" ]] || { echo "✗ chromium is still missing at $CHROMIUM" >&2; exit 1; }
