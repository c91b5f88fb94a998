#!/usr/bin/env bash
# `make load`: runs one load scenario against the running system and writes its results.
#   SCENARIO=load|smoke|stress|spike|soak (default load)   BASE_URL=http://127.0.0.1:8080
#   Scenario knobs (READ_RATE, ORDER_RATE, DURATION...) are documented at the top of each
#   load/scenarios/<scenario>.ts and in docs/performance.md.
# Output: results/<UTC timestamp>-<scenario>/{summary.json,report.html,slo.md} (gitignored).
# Exit code: 0 every threshold passed, 99 a threshold failed (k6's code), 1 anything else.
# The load driver is plain TypeScript run by Node (docs/adr/0003-load-testing-tool.md): it
# needs only the pinned Node and the npm dependencies, which bootstrap installs when missing.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bash "${REPO_ROOT}/scripts/bootstrap.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
source "${REPO_ROOT}/scripts/load/lib.sh"
ensure_node >/dev/null
cd "${REPO_ROOT}"

SCENARIO="${SCENARIO:-load}"
[[ -f "load/scenarios/${SCENARIO}.ts" ]] || die "unknown scenario '${SCENARIO}'" \
  "choose one of: $(cd load/scenarios && ls ./*.ts | xargs -n1 basename | sed 's/\.ts$//' | paste -sd' ')"

require_target

OUT_DIR="${OUT_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)-${SCENARIO}}"
log "scenario ${SCENARIO} -> ${OUT_DIR}"
set +e
node load/src/cli.ts --scenario "${SCENARIO}" --base-url "${BASE_URL}" --out "${OUT_DIR}"
rc=$?
set -e
case "${rc}" in
  0) log "all thresholds passed in $(elapsed_total); report: ${OUT_DIR}/report.html" ;;
  99) die "thresholds failed (${OUT_DIR}/slo.md)" "open ${OUT_DIR}/report.html to see when and where" ;;
  *) die "the load run failed (exit ${rc})" "see the error above" ;;
esac
