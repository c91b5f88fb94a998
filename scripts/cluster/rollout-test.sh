#!/usr/bin/env bash
# Rolling restarts lose nothing (P19, issue 10): with the shop deployed on the local cluster
# (deploy-test.sh, KEEP=1), a bounded load runs through the in-cluster gateway (the smoke
# mix of scripts/load, drill-lib.sh) while every Deployment of the shop is restarted, one
# after another: `kubectl rollout restart`, then `rollout status` (the new pod Ready, the old
# one drained: not-ready first, then SIGTERM, in-flight work finished). Then, from the load's
# own summary and from the databases:
#   - 0 failed requests: none without an answer (refused, reset, timed out), none with a 5xx;
#   - every order the load was told was accepted (202) exists exactly once, and every order
#     of the run reached CONFIRMED or CANCELLED: nothing lost, nothing doubled, no saga stuck;
#   - order, payment and inventory agree on every one of them (captured + committed, or no
#     money taken and no stock held).
#
#   KEEP=1 bash scripts/cluster/deploy-test.sh && bash scripts/cluster/rollout-test.sh
#   ROLLOUT_LOAD_SECONDS=120 (the load's length: it must outlast the restarts)
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=drill-lib.sh
source "${REPO_ROOT}/scripts/cluster/drill-lib.sh"
cd "${REPO_ROOT}"
require_installed
ensure_node >/dev/null

LOAD_SECONDS="${ROLLOUT_LOAD_SECONDS:-120}"
OUT_DIR="results/$(date -u +%Y%m%dT%H%M%SZ)-rollout"

drill_seed_admin
drill_start_load "${LOAD_SECONDS}" "${OUT_DIR}"

restart() { kc -n shop rollout restart "deployment/$1" && kc -n shop rollout status "deployment/$1" --timeout=180s; }
restarted=()
for deployment in $(kc -n shop get deployments -o jsonpath='{.items[*].metadata.name}'); do
  step "rollout restart ${deployment} under load, wait until rolled out" restart "${deployment}" \
    || die "the rollout of ${deployment} did not finish" "${KCMD} -n shop describe deployment ${deployment}; ${KCMD} -n shop get pods"
  restarted+=("${deployment}")
done

drill_end_load "${OUT_DIR}" "the restarts (ROLLOUT_LOAD_SECONDS=${LOAD_SECONDS})"
[[ "${DRILL_FAILED}" == 0 ]] || die "${DRILL_FAILED} request(s) failed while ${restarted[*]} restarted" \
  "see the statuses above and ${OUT_DIR}/report.html; the drain order is P19 (docs/deploy.md)"
drill_wait_settled
[[ "${DRILL_PLACED}" == "${DRILL_ACCEPTED}" ]] || die "the load was told ${DRILL_ACCEPTED} orders were accepted, order_db has ${DRILL_PLACED}" \
  "orders lost or doubled: compare POST /v1/orders 202s in ${OUT_DIR}/summary.json with order_db"
step "order, payment and inventory agree on every order of the run" drill_check_books \
  || { drill_print_books; die "the services' books disagree after the restarts" "see the BOOKS DISAGREE lines above"; }
drill_print_books
log "rolling restarts of ${restarted[*]} under load: 0 failed requests, ${DRILL_ACCEPTED} orders accepted = ${DRILL_PLACED} in order_db, all terminal, books agree ($(elapsed_total))"
