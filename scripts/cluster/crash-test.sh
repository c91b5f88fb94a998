#!/usr/bin/env bash
# A pod deleted mid-saga loses nothing (issue 10): with the shop deployed on the local cluster
# (deploy-test.sh, KEEP=1), a bounded load runs through the in-cluster gateway (the smoke mix
# of scripts/load, drill-lib.sh) and the payment provider answers every money call after
# 1.5 s (its test-only latency knob), so that sagas are always in flight. Then, one after
# another, the pod of each saga participant is deleted while sagas are in flight:
#   - payment, while a payment is AUTHORIZING (its provider call under way);
#   - order, the orchestrator, while orders are not yet terminal;
#   - inventory, while orders are not yet terminal.
# The deletion is `kubectl delete pod --grace-period=0 --force`: the pod object goes at once
# and the container gets 2 s instead of its terminationGracePeriod, so it is killed in the
# middle of its drain: what a node failure or an OOM kill does, unlike the graceful restarts of
# rollout-test.sh. The Deployment's new pod must become Ready before the next deletion.
#
# Requests in flight in the deleted pod may fail (no answer or a 5xx: counted and printed). What
# must hold, from the load's summary and the databases:
#   - every order of the run reached CONFIRMED or CANCELLED: no saga stuck;
#   - every order the load was told was accepted exists (none lost), and order_db holds no
#     more than those plus the order POSTs that failed (the client cannot know whether those
#     exist; none doubled);
#   - order, payment and inventory agree on every one of them (captured + committed, or no
#     money taken and no stock held).
#
#   KEEP=1 bash scripts/cluster/deploy-test.sh && bash scripts/cluster/crash-test.sh
#   CRASH_LOAD_SECONDS=120 (the load's length: it must outlast the deletions)
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=drill-lib.sh
source "${REPO_ROOT}/scripts/cluster/drill-lib.sh"
cd "${REPO_ROOT}"
require_installed
ensure_node >/dev/null

LOAD_SECONDS="${CRASH_LOAD_SECONDS:-120}"
PROVIDER_LATENCY_MS=1500
OUT_DIR="results/$(date -u +%Y%m%dT%H%M%SZ)-crash"

KNOBS_URL="$(service_url shop payment-provider http-api)/v1/_simulator/knobs" \
  || die "the shop is not deployed on the local cluster" "KEEP=1 bash scripts/cluster/deploy-test.sh first"
# DELETE restores the provider's start-up knobs, whatever happens to this script.
trap 'curl -fsS -X DELETE "${KNOBS_URL}" >/dev/null 2>&1 || true; drill_cleanup' EXIT
step "payment provider: every money call answered after ${PROVIDER_LATENCY_MS} ms (PUT ${KNOBS_URL})" \
  curl -fsS -X PUT -H 'content-type: application/json' -d "{\"latencyMs\": ${PROVIDER_LATENCY_MS}}" "${KNOBS_URL}" \
  || die "the payment provider's knobs could not be set" "${KCMD} -n shop logs deploy/payment-provider"

drill_seed_admin
drill_start_load "${LOAD_SECONDS}" "${OUT_DIR}"

orders_in_flight() { order_sql "SELECT count(*) FROM orders WHERE created_at > '${DRILL_SINCE}' AND status NOT IN ('CONFIRMED', 'CANCELLED')"; }
payments_in_flight() { db_sql payment_db "SELECT count(*) FROM payments WHERE created_at > '${DRILL_SINCE}' AND status = 'AUTHORIZING'"; }
some() { [[ "$("$1")" -gt 0 ]]; }
pod_of() { kc -n shop get pods -l "app.kubernetes.io/name=$1" -o jsonpath='{.items[0].metadata.name}'; }
replaced() { # replaced <app> <old pod>: one pod of the app Ready, and it is not the old one
  local ready
  ready="$(kc -n shop get pods -l "app.kubernetes.io/name=$1" \
    -o jsonpath='{range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')"
  grep -q ' True$' <<<"${ready}" && ! grep -q "^$2 " <<<"${ready}"
}

deleted=()
# crash <app> <what is in flight: a counting function>
crash() {
  local app="$1" in_flight="$2" pod count
  step "${app}: wait until sagas are in flight (${in_flight})" wait_for "${in_flight}" 60 some "${in_flight}" \
    || die "no saga was in flight within 60 s" "is the load placing orders? see ${OUT_DIR}"
  count="$("${in_flight}")"
  pod="$(pod_of "${app}")" || die "no pod of ${app}" "${KCMD} -n shop get pods"
  step "${app}: delete pod ${pod} (--grace-period=0 --force) with ${count} in flight" \
    kc -n shop delete pod "${pod}" --grace-period=0 --force --wait=false \
    || die "deleting ${pod} failed" "${KCMD} -n shop get pods"
  step "${app}: its replacement Ready" wait_for "${app} replaced" 180 replaced "${app}" "${pod}" \
    || die "no new ${app} pod became Ready within 3 min" "${KCMD} -n shop describe deployment ${app}; ${KCMD} -n shop get pods"
  deleted+=("${app} (${count} in flight)")
}
crash payment payments_in_flight
crash order orders_in_flight
crash inventory orders_in_flight

drill_end_load "${OUT_DIR}" "the deletions (CRASH_LOAD_SECONDS=${LOAD_SECONDS})"
log "${DRILL_FAILED} request(s) failed while pods were deleted (${DRILL_ORDER_POSTS_FAILED} of them order POSTs): allowed for a killed pod, printed above"
drill_wait_settled
(( DRILL_PLACED >= DRILL_ACCEPTED )) || die "the load was told ${DRILL_ACCEPTED} orders were accepted, order_db has only ${DRILL_PLACED}" \
  "orders lost: compare POST /v1/orders 202s in ${OUT_DIR}/summary.json with order_db"
(( DRILL_PLACED <= DRILL_ACCEPTED + DRILL_ORDER_POSTS_FAILED )) \
  || die "order_db has ${DRILL_PLACED} orders of the run, more than the ${DRILL_ACCEPTED} accepted + ${DRILL_ORDER_POSTS_FAILED} unanswered" \
    "orders doubled: the idempotency key of POST /v1/orders (docs/idempotency.md)"
step "order, payment and inventory agree on every order of the run" drill_check_books \
  || { drill_print_books; die "the services' books disagree after the deletions" "see the BOOKS DISAGREE lines above"; }
drill_print_books
log "pods deleted mid-saga: ${deleted[*]}; ${DRILL_PLACED} orders (${DRILL_ACCEPTED} accepted), all terminal, books agree ($(elapsed_total))"
