#!/usr/bin/env bash
# Rolling restarts lose nothing (P19, issue 10): with the shop deployed on the local cluster
# (deploy-test.sh, KEEP=1), a bounded load runs through the in-cluster gateway (the smoke
# mix of scripts/load: ~8 reads, 1 order, 0.5 logins per second) while every Deployment of
# the shop is restarted, one after another: `kubectl rollout restart`, then `rollout status`
# (the new pod Ready, the old one drained: not-ready first, then SIGTERM, in-flight work
# finished). Then, from the load's own summary and from order_db:
#   - 0 failed requests: none without an answer (refused, reset, timed out), none with a 5xx.
#     4xx answers are the system's own (the production login limits of the kind overlay,
#     20 per minute per IP, answer 429 to the mix's logins from one host): printed, not counted;
#   - every order the load was told was accepted (202) exists exactly once, and every order
#     of the run reached CONFIRMED or CANCELLED: nothing lost, nothing doubled, no saga stuck.
#
#   KEEP=1 bash scripts/cluster/deploy-test.sh && bash scripts/cluster/rollout-test.sh
#   ROLLOUT_LOAD_SECONDS=120 (the load's length: it must outlast the restarts)
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"
# shellcheck source=../lib/node.sh
source "${REPO_ROOT}/scripts/lib/node.sh"
cd "${REPO_ROOT}"
require_installed
ensure_node >/dev/null

LOAD_SECONDS="${ROLLOUT_LOAD_SECONDS:-120}"
CHECKS=scripts/cluster/deploy-checks.mjs
KCMD="kubectl --kubeconfig ${KUBECONFIG_FILE}"
OUT_DIR="results/$(date -u +%Y%m%dT%H%M%SZ)-rollout"
WORK="$(mktemp -d)"
LOAD_PID=""
cleanup() { [[ -z "${LOAD_PID}" ]] || kill "${LOAD_PID}" 2>/dev/null || true; rm -rf "${WORK}"; }
trap cleanup EXIT

GATEWAY_URL="$(service_url shop gateway http-api)" \
  || die "the shop is not deployed on the local cluster" "KEEP=1 bash scripts/cluster/deploy-test.sh first"
order_sql() { kc -n shop-infra exec postgres-0 -- psql -X -U postgres -d order_db -Atc "$1"; }

# The load seeds its products and customers through the admin API (scripts/load), as the demo admin.
step "seed: the demo admin (kubectl exec deploy/user -- node dist/apps/user/src/create-admin.js)" \
  kc -n shop exec deploy/user -- env ADMIN_EMAIL=admin@shop.local ADMIN_PASSWORD=admin-password-1 \
  ADMIN_NAME='Demo Admin' node dist/apps/user/src/create-admin.js \
  || die "creating the demo admin failed" "${KCMD} -n shop logs deploy/user"

since="$(order_sql 'SELECT now()')" || die "cannot query order_db" "${KCMD} -n shop-infra logs postgres-0"
SCENARIO=smoke SMOKE_DURATION="${LOAD_SECONDS}s" BASE_URL="${GATEWAY_URL}" OUT_DIR="${OUT_DIR}" \
  bash scripts/load/run.sh >"${WORK}/load.log" 2>&1 &
LOAD_PID=$!
orders_flowing() { [[ "$(order_sql "SELECT count(*) FROM orders WHERE created_at > '${since}'")" -gt 0 ]]; }
step "load: ${LOAD_SECONDS} s of the smoke mix through ${GATEWAY_URL}, orders flowing" wait_for "orders" 60 orders_flowing \
  || { cat "${WORK}/load.log"; die "the load placed no order within 60 s" "see its output above"; }

restart() { kc -n shop rollout restart "deployment/$1" && kc -n shop rollout status "deployment/$1" --timeout=180s; }
restarted=()
for deployment in $(kc -n shop get deployments -o jsonpath='{.items[*].metadata.name}'); do
  step "rollout restart ${deployment} under load, wait until rolled out" restart "${deployment}" \
    || die "the rollout of ${deployment} did not finish" "${KCMD} -n shop describe deployment ${deployment}; ${KCMD} -n shop get pods"
  restarted+=("${deployment}")
done
process_running "${LOAD_PID}" \
  || { cat "${WORK}/load.log"; die "the load ended before the restarts did" "raise ROLLOUT_LOAD_SECONDS (now ${LOAD_SECONDS})"; }
step "load: wait until it ends" wait "${LOAD_PID}" || true # its thresholds are the smoke's; the exact checks are below
LOAD_PID=""
[[ -f "${OUT_DIR}/summary.json" ]] || { cat "${WORK}/load.log"; die "the load wrote no summary" "see its output above"; }

node "${CHECKS}" load-outcome "${OUT_DIR}/summary.json" | tee "${WORK}/outcome.txt" | sed 's/^/  /'
failed="$(sed -n 's/^failed=\([0-9]*\) .*/\1/p' "${WORK}/outcome.txt")"
accepted="$(sed -n 's/.*accepted_orders=\([0-9]*\)$/\1/p' "${WORK}/outcome.txt")"
[[ "${failed}" == 0 ]] || die "${failed} request(s) failed while ${restarted[*]} restarted" \
  "see the statuses above and ${OUT_DIR}/report.html; the drain order is P19 (docs/deploy.md)"

settled() { [[ "$(order_sql "SELECT count(*) FROM orders WHERE created_at > '${since}' AND status NOT IN ('CONFIRMED', 'CANCELLED')")" == 0 ]]; }
step "every order of the run reached CONFIRMED or CANCELLED" wait_for "sagas" 120 settled \
  || die "orders of the run are still not terminal after 2 min" "order_db: SELECT id, status FROM orders WHERE created_at > '${since}' AND status NOT IN ('CONFIRMED','CANCELLED')"
placed="$(order_sql "SELECT count(*) FROM orders WHERE created_at > '${since}'")"
[[ "${placed}" == "${accepted}" ]] || die "the load was told ${accepted} orders were accepted, order_db has ${placed}" \
  "orders lost or doubled: compare POST /v1/orders 202s in ${OUT_DIR}/summary.json with order_db"
log "rolling restarts of ${restarted[*]} under load: 0 failed requests, ${accepted} orders accepted = ${placed} in order_db, all terminal ($(elapsed_total))"
