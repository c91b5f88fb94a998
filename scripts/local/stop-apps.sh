#!/usr/bin/env bash
# Stops the apps started by up.sh, by their recorded PIDs (never by name): the
# gateway first so no new requests come in, then every service at once, each
# with SIGTERM so it drains gracefully; waits until each has exited.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"

running=()
for app in "${APPS[@]}"; do
  name="$(app_name "${app}")"
  if pid_alive "${PID_DIR}/${name}.pid"; then
    running+=("${name}")
  else
    rm -f "${PID_DIR}/${name}.pid" # an app that died (a failed start): nothing to stop, no stale record
  fi
done
if [[ ${#running[@]} -eq 0 ]]; then
  log "no app is running"
  exit 0
fi
if [[ " ${running[*]} " == *" gateway "* ]]; then step "gateway: stop (SIGTERM)" stop_app gateway; fi

stop_services() {
  local name pids=()
  for name in "$@"; do
    [[ "${name}" == gateway ]] && continue
    stop_app "${name}" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "${pid}"; done
}
step "stop ${running[*]/gateway/} (SIGTERM, in parallel)" stop_services "${running[@]}"
