#!/usr/bin/env bash
# Demo data for local mode, through the public API like any client would, so
# it is re-runnable: an existing record answers 409 and is left as it is. The
# admin is the exception: no public route makes an admin, so it comes from the
# user service's operator command (apps/user/src/create-admin.ts), idempotent too.
# LOCAL DEMO DEFAULTS: these credentials are printed in the README.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"
GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:8080}"

# register_user <email> <password> <name>: 201 created or 409 already there.
# A client retries what is transient (503/504: the gateway's channel to a service
# that has just started may still be connecting), with backoff, a few times.
register_user() {
  local status attempt
  for attempt in 1 2 3 4 5 6; do
    status="$(curl -sS -o /dev/null -w '%{http_code}' -m 10 "${GATEWAY_URL}/v1/users" \
      -H 'content-type: application/json' \
      -d "{\"email\":\"$1\",\"password\":\"$2\",\"name\":\"$3\"}" || true)"
    case "${status}" in
      201) echo "created"; return 0 ;;
      409) echo "already there"; return 0 ;;
      000 | 502 | 503 | 504) echo "HTTP ${status}, attempt ${attempt}; retrying" >&2; sleep "$(( attempt ))" ;;
      *) break ;;
    esac
  done
  echo "unexpected HTTP ${status}" >&2
  return 1
}

step "seed: demo customer demo@shop.local" register_user demo@shop.local 'demo-password-1' 'Demo Customer' \
  || die "seeding failed" "check the gateway log: .local/logs/gateway.log"

# create_admin <email> <password>: the user service's operator command, with its
# environment (DATABASE_URL, REDIS_URL). Idempotent: creates, promotes or leaves as is.
create_admin() {
  run_with_app_env user env ADMIN_EMAIL="$1" ADMIN_PASSWORD="$2" ADMIN_NAME='Demo Admin' \
    node "${REPO_ROOT}/dist/apps/user/src/create-admin.js"
}

step "seed: demo admin admin@shop.local" create_admin admin@shop.local 'admin-password-1' \
  || die "seeding the admin failed" "run: bash scripts/local/seed.sh (the command's output names the problem)"

# The demo catalog: ~20 products with stock, upserted by the inventory service's
# operator command (re-runs leave stock alone; pass --reset-stock to refill).
step "seed: demo catalog (20 products with stock)" \
  run_with_app_env inventory node "${REPO_ROOT}/dist/apps/inventory/src/seed-catalog.js" \
  || die "seeding the catalog failed" "run: bash scripts/local/seed.sh (the command's output names the problem)"
