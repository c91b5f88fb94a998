#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# One line per local infrastructure component: running/stopped, pid, port.
#
#   scripts/infra/status.sh [postgres|redis|kafka|mailpit|jaeger|prometheus|all]...   (default: all)
#
# Exit code: 0 when every listed component is running, 3 otherwise.
set -Eeuo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_components "$@"

rc=0
for c in "${COMPONENTS[@]}"; do
  if [[ "${c}" == postgres ]]; then pg_adopt 2>/dev/null || true; fi
  port="$(component_port "${c}")"
  if pid="$(our_pid "${c}")"; then
    if port_open "${port}"; then state="running"; else state="starting"; rc=3; fi
    printf '%-10s %-8s pid %-8s %s\n' "${c}" "${state}" "${pid}" "$(component_endpoint "${c}")"
  else
    rc=3
    if port_open "${port}"; then
      printf '%-10s %-8s pid %-8s %s  (port taken by %s, not ours)\n' "${c}" "stopped" "-" "$(component_endpoint "${c}")" "$(port_holder "${port}")"
    else
      printf '%-10s %-8s pid %-8s %s\n' "${c}" "stopped" "-" "$(component_endpoint "${c}")"
    fi
  fi
done
exit "${rc}"
