#!/usr/bin/env bash
# The negative control of `make fuzz`: proof that the Schemathesis run fails when a route is
# broken, so a clean run means something. It plants a defect (tools/schemathesis/
# negative-control.patch: GET /v1/products sends prices in major units, 19.99, where the
# document says integer minor units) in a throw-away copy of HEAD, never in your tree; runs
# that copy's gateway beside the running system (make up) on a spare port; fuzzes GET
# /v1/products; and passes only if Schemathesis reports the defect (ST108, a response that
# does not match the documented schema).
#
#   scripts/fuzz/negative-control.sh     (make fuzz-control; a stage of make test, after make fuzz)
#   CONTROL_PORT / CONTROL_ADMIN_PORT   default 18080 / 19180
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"
source "${REPO_ROOT}/scripts/fuzz/lib.sh"
ensure_node >/dev/null
cd "${REPO_ROOT}"

PATCH=tools/schemathesis/negative-control.patch
CONTROL_PORT="${CONTROL_PORT:-18080}"
CONTROL_ADMIN_PORT="${CONTROL_ADMIN_PORT:-19180}"
WORKTREE="${STATE_DIR}/fuzz-control"
CONTROL_URL="http://127.0.0.1:${CONTROL_PORT}"
OUT_DIR="${OUT_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)-fuzz-control}"

control_pid=""
cleanup() {
  [[ -z "${control_pid}" ]] || kill "${control_pid}" 2>/dev/null || true
  git worktree remove --force "${WORKTREE}" >/dev/null 2>&1 || rm -rf "${WORKTREE}"
  git worktree prune
}
trap cleanup EXIT

ensure_schemathesis

# A worktree of HEAD (your uncommitted changes stay where they are), the defect applied to it.
make_copy() {
  cleanup
  git worktree add --detach "${WORKTREE}" HEAD >/dev/null || return 1
  ln -s "${REPO_ROOT}/node_modules" "${WORKTREE}/node_modules" || return 1
  git -C "${WORKTREE}" apply "${REPO_ROOT}/${PATCH}" || return 1
  (cd "${WORKTREE}" && npx buf generate && node tools/build/build.mjs)
}
step "a copy of HEAD with the defect of ${PATCH}, built" make_copy \
  || die "preparing the broken copy failed" "the patch no longer applies? regenerate it against HEAD (see its header)"

# The broken gateway, with the local gateway's environment, on its own ports, beside the real one.
start_control() {
  (
    export_app_env gateway
    export HTTP_PORT="${CONTROL_PORT}" ADMIN_PORT="${CONTROL_ADMIN_PORT}"
    cd "${WORKTREE}" && exec node dist/apps/gateway/src/main.js >"${WORKTREE}/gateway.log" 2>&1 </dev/null
  ) &
  control_pid=$!
  wait_for "the broken gateway" 60 curl -fsS -m 2 -o /dev/null "${CONTROL_URL}/openapi.json"
}
step "start the broken gateway on ${CONTROL_URL}" start_control \
  || die "the broken gateway did not start" "see ${WORKTREE}/gateway.log; is the system up (make up)?"

mkdir -p "${OUT_DIR}"
export FUZZ_AUTH_FILE="${OUT_DIR}/auth.json"
write_identities "${CONTROL_URL}" "${FUZZ_AUTH_FILE}"
rc=0
schemathesis_run "${CONTROL_URL}" "${OUT_DIR}/control.log" --max-time 60 \
  --include-path /v1/products --include-method GET --max-failures 1 || rc=$?
if [[ ${rc} -ne 0 ]] && grep -q 'ST108 Response violates schema' "${OUT_DIR}/control.log"; then
  log "negative control: Schemathesis found the planted defect (exit ${rc}, ST108 on GET /v1/products) in $(elapsed_total)"
  grep -m1 -A0 "curl -X GET" "${OUT_DIR}/control.log" | sed 's/^ */  reproduce: /'
else
  sed -n '/SUMMARY/,$p' "${OUT_DIR}/control.log" >&2
  die "Schemathesis did not report the planted defect (exit ${rc})" \
    "a clean run of make fuzz proves nothing until this passes; log: ${OUT_DIR}/control.log"
fi
