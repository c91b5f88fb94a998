#!/usr/bin/env bash
# `make fuzz`: Schemathesis against the running gateway (make up), from the document it serves.
# Every check, every phase (tools/schemathesis/schemathesis.toml), in two runs:
#   customers  every operation, as a new customer; a second new customer is its peer, and must
#              never see the first one's orders or notifications (object-level authorization)
#   admin      the catalog administration operations, as the demo admin
#
#   GATEWAY_URL     default http://127.0.0.1:8080
#   FUZZ_SEED       default 20261206: the same seed generates the same requests
#   FUZZ_MAX_TIME   seconds per run (default 120); fuzzing and stateful repeat until it is spent
#   FUZZ_ADMIN_EMAIL / FUZZ_ADMIN_PASSWORD   the demo admin `make up` seeds (LOCAL DEMO DEFAULTS)
# Output: results/<UTC timestamp>-fuzz/ (gitignored): per run its log, JUnit XML and the
# pytest file that reproduces each failure; auth.json (the run's throw-away customers).
# Installs Schemathesis once, pinned (tools/schemathesis/requirements.txt), into a venv in the
# per-user cache (SHOP_TOOLS_CACHE, default ~/.cache/shop-reference/schemathesis/).
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/fuzz/lib.sh"
cd "${REPO_ROOT}"

GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:8080}"
FUZZ_MAX_TIME="${FUZZ_MAX_TIME:-120}"
OUT_DIR="${OUT_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)-fuzz}"

ensure_schemathesis
wait_for_gateway "${GATEWAY_URL}"
mkdir -p "${OUT_DIR}"
export FUZZ_AUTH_FILE="${OUT_DIR}/auth.json"
write_identities "${GATEWAY_URL}" "${FUZZ_AUTH_FILE}"

# fuzz <run name> <st run options...>: one run; its log, JUnit XML and pytest reproducers in OUT_DIR.
fuzz() {
  local name="$1" rc=0; shift
  log "run ${name}: seed ${FUZZ_SEED}, ${FUZZ_MAX_TIME} s (log: ${OUT_DIR}/${name}.log)"
  schemathesis_run "${GATEWAY_URL}" "${OUT_DIR}/${name}.log" --max-time "${FUZZ_MAX_TIME}" \
    --report junit,pytest --report-dir "${OUT_DIR}/${name}" "$@" || rc=$?
  # The summary: how many cases, which phases, and the failures if any.
  sed -n '/^=* SUMMARY =*$/,$p' "${OUT_DIR}/${name}.log" | sed 's/^/  /'
  [[ ${rc} -eq 0 ]] || die "Schemathesis found failures in the ${name} run (exit ${rc})" \
    "each failure above has a curl to reproduce it; full log: ${OUT_DIR}/${name}.log; rerun: FUZZ_SEED=${FUZZ_SEED} make fuzz"
}
fuzz customers --auth-wfc-user customer-a
fuzz admin --auth-wfc-user admin --include-tag 'Catalog admin'
log "clean: no failure in either run, in $(elapsed_total) (${OUT_DIR})"
