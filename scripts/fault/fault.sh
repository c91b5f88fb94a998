#!/usr/bin/env bash
# The fault knobs of the running local system (make up), in one place (docs/faults.md):
#   fault.sh list                   every knob, its value (* = on) and where it lives
#   fault.sh set <knob> <value>     e.g. set provider.decline-rate 1, set app.payment frozen
#   fault.sh clear <knob>|all       back to normal
#   fault.sh help                   what each knob simulates and accepts
# Same through make: make fault ARGS="set provider.latency-ms 1500"
# The knobs themselves: tools/fault/knob-table.ts; the proxy for postgres.* and redis.*:
# scripts/fault/toxiproxy.sh (FAULT_PROXY=1 make up).
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/fault/lib.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
ensure_node >/dev/null
cd "${REPO_ROOT}"
export TOXIPROXY_PORT FAULT_PROXY_MARKER
# tools/fault is ES modules run by type stripping, in a repository whose package.json has no
# "type" (the apps are CommonJS): Node detects the syntax by itself and would say so each run.
exec node --no-warnings=MODULE_TYPELESS_PACKAGE_JSON tools/fault/cli.ts "$@"
