#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests drive on this machine:
#   chromium  the storefront's browser test (apps/e2e/src/storefront.e2e-spec.ts, through
#             playwright-core); the browser Playwright would download is not reachable
#             here, Debian's is, through apt
#   jq        the guided labs (docs/labs), whose commands the lab tests run as written
# Re-runnable: nothing happens when both are installed; `apt-get update` runs only when
# a package is missing.
#
#   bash scripts/e2e/install-test-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

apt_install chromium fonts-liberation jq
path="$(command -v chromium || command -v chromium-browser)" \
  || die "chromium installed but not on PATH" "check: dpkg -L chromium | grep bin/"
step "chromium --version" "${path}" --headless --no-sandbox --version
log "chromium: ${path}; jq: $(command -v jq) ($(elapsed_total))"
