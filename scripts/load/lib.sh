#!/usr/bin/env bash
# Shared by the load scripts (run.sh, bench.sh): the target they load. Source after scripts/lib/common.sh.

# require_target: BASE_URL (default: the local gateway) must answer a catalog read, or the
# script stops with how to fix it.
require_target() {
  BASE_URL="${BASE_URL:-http://127.0.0.1:8080}"
  export BASE_URL
  gateway_answers() { curl -sf -o /dev/null -m 3 "${BASE_URL}/v1/products?limit=1"; }
  step "target ${BASE_URL} answers" wait_for "the gateway" 30 gateway_answers \
    || die "${BASE_URL} does not answer GET /v1/products" "start the system first (make up), or set BASE_URL to a running one"
}
