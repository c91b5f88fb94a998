#!/usr/bin/env bash
# Shared by the load scripts (run.sh, bench.sh, ../deploy/kind-load.sh). Source after scripts/lib/common.sh.

# require_scenario: SCENARIO (default load) must name a script k6/<scenario>.ts.
require_scenario() {
  SCENARIO="${SCENARIO:-load}"
  [[ -f "${REPO_ROOT}/k6/${SCENARIO}.ts" ]] || die "unknown scenario '${SCENARIO}'" \
    "choose one of: $(find "${REPO_ROOT}/k6" -maxdepth 1 -name '*.ts' -printf '%f\n' | sed 's/\.ts$//' | sort | paste -sd' ')"
}

# require_target: BASE_URL (default: the local gateway) must answer a catalog read, or the
# script stops with how to fix it.
require_target() {
  BASE_URL="${BASE_URL:-http://127.0.0.1:8080}"
  export BASE_URL
  gateway_answers() { curl -sf -o /dev/null -m 3 "${BASE_URL}/v1/products?limit=1"; }
  step "target ${BASE_URL} answers" wait_for "the gateway" 30 gateway_answers \
    || die "${BASE_URL} does not answer GET /v1/products" "start the system first (make up), or set BASE_URL to a running one"
}

# choose_load_tool: sets LOAD_TOOL (k6 or runner), LOAD_TOOL_REASON, and K6_BIN for k6. k6 when
# K6 names an executable or `k6` is on PATH; else the runner (which needs the pinned Node and
# the npm dependencies: bootstrap installs them). LOAD_TOOL=k6|runner forces one.
choose_load_tool() {
  K6_BIN="${K6:-$(command -v k6 || true)}"
  case "${LOAD_TOOL:-}" in
    k6)
      [[ -n "${K6_BIN}" && -x "${K6_BIN}" ]] || die "LOAD_TOOL=k6 but no k6 found" "install k6 (k6/README.md) or set K6=/path/to/k6"
      LOAD_TOOL_REASON="forced by LOAD_TOOL" ;;
    runner) LOAD_TOOL_REASON="forced by LOAD_TOOL" ;;
    "")
      if [[ -n "${K6_BIN}" && -x "${K6_BIN}" ]]; then
        LOAD_TOOL=k6 LOAD_TOOL_REASON="${K6_BIN}"
      else
        LOAD_TOOL=runner LOAD_TOOL_REASON="no k6 on PATH: the same script on Node, load/src/cli.ts"
      fi ;;
    *) die "LOAD_TOOL=${LOAD_TOOL} is neither k6 nor runner" "unset it to choose automatically" ;;
  esac
  if [[ "${LOAD_TOOL}" == "runner" ]]; then
    bash "${REPO_ROOT}/scripts/bootstrap.sh"
    source "${REPO_ROOT}/scripts/lib/node.sh"
    ensure_node >/dev/null
  fi
}
