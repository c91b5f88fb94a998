#!/usr/bin/env bash
# What the drills on the deployed shop share (rollout-test.sh: every Deployment restarted under
# load; crash-test.sh: pods deleted mid-saga): a bounded load through the in-cluster gateway,
# and the checks that nothing was lost, doubled or left half-done, read from the load's own
# summary and from the services' databases. Source after common.sh; it brings the cluster's
# lib.sh and node.sh itself, since no drill runs without them.
#
# The load is the smoke mix of scripts/load (~8 reads, 1 order, 0.5 logins per second), so a
# drill's numbers read like the load smoke's. Its 4xx answers are the system's own (the
# production login limits of the kind overlay, 20 per minute per IP, answer 429 to the mix's
# logins from one host): printed, never counted as failures.

# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"
# shellcheck source=../lib/node.sh
source "${REPO_ROOT}/scripts/lib/node.sh"

DRILL_CHECKS=scripts/cluster/deploy-checks.mjs
DRILL_WORK="$(mktemp -d)"
DRILL_LOAD_PID=""
DRILL_SINCE=""
drill_cleanup() { [[ -z "${DRILL_LOAD_PID}" ]] || kill "${DRILL_LOAD_PID}" 2>/dev/null || true; rm -rf "${DRILL_WORK}"; }
trap drill_cleanup EXIT

# db_sql <database> <sql>: one query against the cluster's PostgreSQL, unaligned rows.
db_sql() { kc -n shop-infra exec postgres-0 -- psql -X -U postgres -d "$1" -Atc "$2"; }
order_sql() { db_sql order_db "$1"; }

# The URL of the in-cluster gateway, or a clear stop when the shop is not deployed.
drill_gateway_url() {
  service_url shop gateway http-api \
    || die "the shop is not deployed on the local cluster" "KEEP=1 bash scripts/cluster/deploy-test.sh first"
}

# The load seeds its products and customers through the admin API (scripts/load), as the demo admin.
drill_seed_admin() {
  step "seed: the demo admin (kubectl exec deploy/user -- node dist/apps/user/src/create-admin.js)" \
    kc -n shop exec deploy/user -- env ADMIN_EMAIL=admin@shop.local ADMIN_PASSWORD=admin-password-1 \
    ADMIN_NAME='Demo Admin' node dist/apps/user/src/create-admin.js \
    || die "creating the demo admin failed" "${KCMD} -n shop logs deploy/user"
}

# drill_start_load <seconds> <results dir>: the smoke mix in the background, then waits until
# its first orders are in order_db. DRILL_SINCE marks the drill's orders (created after it).
drill_start_load() {
  local seconds="$1" out_dir="$2" gateway
  gateway="$(drill_gateway_url)" || exit 1
  DRILL_SINCE="$(order_sql 'SELECT now()')" || die "cannot query order_db" "${KCMD} -n shop-infra logs postgres-0"
  SCENARIO=smoke SMOKE_DURATION="${seconds}s" BASE_URL="${gateway}" OUT_DIR="${out_dir}" \
    bash scripts/load/run.sh >"${DRILL_WORK}/load.log" 2>&1 &
  DRILL_LOAD_PID=$!
  step "load: ${seconds} s of the smoke mix through ${gateway}, orders flowing" wait_for "orders" 60 drill_orders_placed \
    || { cat "${DRILL_WORK}/load.log"; die "the load placed no order within 60 s" "see its output above"; }
}
drill_orders_placed() { [[ "$(order_sql "SELECT count(*) FROM orders WHERE created_at > '${DRILL_SINCE}'")" -gt 0 ]]; }

# drill_end_load <results dir> <what was done, for the hint>: the load must still be running
# (else the disruption was not under load), then its summary is read: prints the table and
# sets DRILL_FAILED (no answer or 5xx), DRILL_ACCEPTED (distinct orders answered 202) and
# DRILL_ORDER_POSTS_FAILED (POST /v1/orders with no answer or a 5xx: the client cannot know
# whether that order exists).
drill_end_load() {
  local out_dir="$1" what="$2"
  process_running "${DRILL_LOAD_PID}" \
    || { cat "${DRILL_WORK}/load.log"; die "the load ended before ${what} did" "raise the drill's load length"; }
  step "load: wait until it ends" drill_wait_load
  # The load's own verdict is the smoke's thresholds (exit 99 when they fail, as they may while
  # pods are killed): shown, not judged; the drill's exact checks follow.
  log "load exit status ${DRILL_LOAD_EXIT}$([[ "${DRILL_LOAD_EXIT}" == 99 ]] && echo ": the smoke's thresholds failed, not the drill's verdict (its checks follow)")"
  [[ -f "${out_dir}/summary.json" ]] || { cat "${DRILL_WORK}/load.log"; die "the load wrote no summary" "see its output above"; }
  node "${DRILL_CHECKS}" load-outcome "${out_dir}/summary.json" | tee "${DRILL_WORK}/outcome.txt" | sed 's/^/  /'
  DRILL_FAILED="$(sed -n 's/^failed=\([0-9]*\) .*/\1/p' "${DRILL_WORK}/outcome.txt")"
  DRILL_ACCEPTED="$(sed -n 's/.* accepted_orders=\([0-9]*\).*/\1/p' "${DRILL_WORK}/outcome.txt")"
  DRILL_ORDER_POSTS_FAILED="$(sed -n 's/.* order_posts_failed=\([0-9]*\).*/\1/p' "${DRILL_WORK}/outcome.txt")"
  [[ -n "${DRILL_FAILED}" && -n "${DRILL_ACCEPTED}" && -n "${DRILL_ORDER_POSTS_FAILED}" ]] \
    || die "the load's outcome could not be read" "see ${DRILL_WORK}/outcome.txt above"
}

drill_wait_load() {
  DRILL_LOAD_EXIT=0
  wait "${DRILL_LOAD_PID}" || DRILL_LOAD_EXIT=$?
  DRILL_LOAD_PID=""
}

# Every order of the drill reached CONFIRMED or CANCELLED: no saga stuck.
drill_settled() { [[ "$(order_sql "SELECT count(*) FROM orders WHERE created_at > '${DRILL_SINCE}' AND status NOT IN ('CONFIRMED', 'CANCELLED')")" == 0 ]]; }
drill_wait_settled() {
  step "every order of the run reached CONFIRMED or CANCELLED" wait_for "sagas" 180 drill_settled \
    || die "orders of the run are still not terminal after 3 min" \
      "order_db: SELECT id, status FROM orders WHERE created_at > '${DRILL_SINCE}' AND status NOT IN ('CONFIRMED','CANCELLED')"
  DRILL_PLACED="$(order_sql "SELECT count(*) FROM orders WHERE created_at > '${DRILL_SINCE}'")"
}

# The three services' books agree on every order of the drill (deploy-checks.mjs saga-books):
# a CONFIRMED order has its payment CAPTURED once and its stock COMMITTED; a CANCELLED one has
# no money taken and no stock held.
drill_check_books() {
  local ids
  : >"${DRILL_WORK}/books.txt"
  order_sql "SELECT id, status FROM orders WHERE created_at > '${DRILL_SINCE}'" >"${DRILL_WORK}/orders.txt" || return 1
  ids="$(awk -F'|' '{ printf "%s'\''%s'\''", (NR > 1 ? "," : ""), $1 }' "${DRILL_WORK}/orders.txt")"
  [[ -n "${ids}" ]] || { echo "no orders in the drill" >&2; return 1; }
  db_sql payment_db "SELECT order_id, status FROM payments WHERE order_id IN (${ids})" >"${DRILL_WORK}/payments.txt" || return 1
  db_sql inventory_db "SELECT order_id, status FROM reservations WHERE order_id IN (${ids})" >"${DRILL_WORK}/reservations.txt" || return 1
  node "${DRILL_CHECKS}" saga-books "${DRILL_WORK}/orders.txt" "${DRILL_WORK}/payments.txt" "${DRILL_WORK}/reservations.txt" \
    >"${DRILL_WORK}/books.txt" 2>&1
}
drill_print_books() { sed 's/^/  /' "${DRILL_WORK}/books.txt"; }
