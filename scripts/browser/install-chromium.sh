#!/usr/bin/env bash
# Installs the Debian `chromium` package for the storefront's browser test
# (apps/e2e/src/storefront.e2e-spec.ts drives it with playwright-core). The
# browser Playwright would download is not reachable here; Debian's is, through
# apt. Re-runnable: nothing happens when chromium is already installed, and
# `apt-get update` runs only when the package is missing.
#
#   bash scripts/browser/install-chromium.sh     # prints the browser's path last
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

chromium_path() { command -v chromium || command -v chromium-browser; }

if path="$(chromium_path)"; then
  log "chromium: already installed (${path})"
else
  [[ "$(id -u)" == 0 ]] || die "chromium is missing and installing it needs root" "sudo bash $0"
  command -v apt-get >/dev/null 2>&1 || die "no apt-get: not a Debian-like system" \
    "install a Chromium yourself and set CHROMIUM_PATH=/path/to/chromium for the test"
  export DEBIAN_FRONTEND=noninteractive
  step "apt-get update" apt-get update
  step "apt-get install chromium" apt-get install -y --no-install-recommends chromium fonts-liberation
  path="$(chromium_path)" || die "chromium installed but not on PATH" "check: dpkg -L chromium | grep bin/"
fi
step "chromium --version" "${path}" --headless --no-sandbox --version
log "chromium: ${path} ($(elapsed_total))"
