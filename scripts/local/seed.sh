#!/usr/bin/env bash
# Demo data for local mode, through the public API like any client would, so
# it is re-runnable: an existing record answers 409 and is left as it is.
# LOCAL DEMO DEFAULTS: these credentials are printed in the README.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:8080}"

# register_user <email> <password> <name>: 201 created or 409 already there.
register_user() {
  local status
  status="$(curl -sS -o /dev/null -w '%{http_code}' -m 10 "${GATEWAY_URL}/v1/users" \
    -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\",\"name\":\"$3\"}")"
  case "${status}" in
    201) echo "created" ;;
    409) echo "already there" ;;
    *) echo "unexpected HTTP ${status}" >&2; return 1 ;;
  esac
}

step "seed: demo customer demo@shop.local" register_user demo@shop.local 'demo-password-1' 'Demo Customer' \
  || die "seeding failed" "check the gateway log: .local/logs/gateway.log"
