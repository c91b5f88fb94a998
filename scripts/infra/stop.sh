#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stop local infrastructure components started by start.sh.
#
#   scripts/infra/stop.sh [postgres|redis|kafka|mailpit|jaeger|prometheus|all]...   (default: all)
#
# Only the pids recorded in .local/pids/<name>.pid are signalled (checked
# against the process' command line, never by name pattern): SIGTERM (SIGINT =
# "fast shutdown" for PostgreSQL), a bounded wait, then SIGKILL as last resort.
# Data in .local/ is kept.
set -Eeuo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_components "$@"
take_lock

# reverse dependency order does not matter much here; stop the slowest first
for c in kafka mailpit jaeger prometheus redis postgres; do
  wanted=0
  for x in "${COMPONENTS[@]}"; do [[ "${x}" == "${c}" ]] && wanted=1; done
  [[ "${wanted}" -eq 1 ]] || continue
  if [[ "${c}" == postgres ]]; then pg_adopt || true; fi
  if pid="$(our_pid "${c}")"; then
    step "${c}: stop (pid ${pid})" strict stop_component "${c}"
  else
    rm -f "$(pidfile_of "${c}")"
    log "${c}: not running"
  fi
done
log "stopped in $(elapsed_total): ${COMPONENTS[*]}"
