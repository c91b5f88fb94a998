#!/usr/bin/env bash
# `make load`: runs one k6 script of k6/ against the running system and writes its results.
#   SCENARIO=load|smoke|stress|spike|soak (default load)   BASE_URL=http://127.0.0.1:8080
#   Scenario knobs (READ_RATE, ORDER_RATE, DURATION...) are documented at the top of each
#   k6/<scenario>.ts and in docs/performance.md; they reach the script as __ENV.
# The tool: k6 when a k6 binary is on PATH (or K6=/path/to/k6), else the runner of load/ (the
# same script, on Node: docs/adr/0004-k6-and-its-runner.md); LOAD_TOOL=k6|runner forces one.
# Output: results/<UTC timestamp>-<scenario>/ (gitignored): summary.json and slo.md (the
# script's handleSummary, either tool) and report.html (k6's web dashboard export, or the
# runner's report).
# Exit code: 0 every threshold passed, 99 a threshold failed (k6's code), 1 anything else.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/load/lib.sh"
cd "${REPO_ROOT}"

require_scenario
choose_load_tool

require_target

OUT_DIR="${OUT_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)-${SCENARIO}}"
mkdir -p "${OUT_DIR}"
# What the script reads from __ENV (k6 passes the environment through, as the runner does).
export OUT_DIR SCENARIO LOAD_TOOL
log "scenario ${SCENARIO} with ${LOAD_TOOL} (${LOAD_TOOL_REASON}) -> ${OUT_DIR}"
set +e
if [[ "${LOAD_TOOL}" == "k6" ]]; then
  K6_WEB_DASHBOARD=true K6_WEB_DASHBOARD_EXPORT="${OUT_DIR}/report.html" \
    "${K6_BIN}" run "k6/${SCENARIO}.ts"
else
  node load/src/cli.ts run "k6/${SCENARIO}.ts" --report "${OUT_DIR}/report.html"
fi
rc=$?
set -e
case "${rc}" in
  0) log "all thresholds passed in $(elapsed_total); report: ${OUT_DIR}/report.html" ;;
  # k6's exit code passes through (die itself exits 1): CI and scripts tell a failed SLO from a failed run.
  99) (die "thresholds failed (${OUT_DIR}/slo.md)" "open ${OUT_DIR}/report.html to see when and where") || exit 99 ;;
  *) die "the load run failed (exit ${rc})" "see the error above" ;;
esac
