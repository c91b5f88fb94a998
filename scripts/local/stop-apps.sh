#!/usr/bin/env bash
# Stops the apps started by up.sh, by their recorded PIDs (never by name): the
# gateway first so no new requests come in, then every service at once, each
# with SIGTERM so it drains gracefully; waits until each has exited.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"

# stop_app <name>: SIGTERM, wait (bounded by SHUTDOWN_TIMEOUT_MS + margin), SIGKILL as a last resort.
stop_app() {
  local pidfile="${PID_DIR}/$1.pid" pid
  pid_alive "${pidfile}" || { rm -f "${pidfile}"; return 0; }
  pid="$(cat "${pidfile}")"
  kill -TERM "${pid}" 2>/dev/null || true
  for _ in $(seq 1 150); do
    process_running "${pid}" || { rm -f "${pidfile}"; return 0; }
    sleep 0.1
  done
  echo "$1 (pid ${pid}) ignored SIGTERM for 15 s; sending SIGKILL" >&2
  kill -KILL "${pid}" 2>/dev/null || true
  rm -f "${pidfile}"
}

running=()
for app in "${APPS[@]}"; do
  name="$(app_name "${app}")"
  if pid_alive "${PID_DIR}/${name}.pid"; then running+=("${name}"); fi
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
