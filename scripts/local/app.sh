#!/usr/bin/env bash
# One app of the running local system (make up), for fault drills and debugging:
#   app.sh kill <name>      SIGKILL, no drain (an OOM kill, a lost node)
#   app.sh stop <name>      SIGTERM, graceful drain
#   app.sh start <name>     start the built app and wait until it is ready
#   app.sh restart <name>   stop + start
#   app.sh ensure <name>    start unless it is running (clean-up after a drill)
#   app.sh freeze <name>    SIGSTOP: alive but silent (a GC pause, a stuck event loop)
#   app.sh thaw <name>      SIGCONT: it carries on where it stopped
# The system's fault tests (apps/e2e/src/faults) drive it; so can you:
#   bash scripts/local/app.sh kill payment   # then watch an order's saga finish after `start`
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"
cd "${REPO_ROOT}"

usage() { die "usage: app.sh kill|stop|start|restart|ensure|freeze|thaw <app>" "apps: $(for a in "${APPS[@]}"; do printf '%s ' "$(app_name "${a}")"; done)"; }
[[ $# -eq 2 ]] || usage
action="$1" name="$2"
is_app "${name}" || usage
[[ -f "dist/apps/${name}/src/main.js" ]] || die "dist/apps/${name} is not built" "run 'make up' first"
source scripts/lib/node.sh
ensure_node >/dev/null

start() {
  pid_alive "${PID_DIR}/${name}.pid" && die "${name} is already running (pid $(cat "${PID_DIR}/${name}.pid"))" "use 'restart', or 'kill' first"
  step "${name}: start (log: .local/logs/${name}.log)" start_app "${name}"
  wait_app_ready "${name}"
}

case "${action}" in
  kill) step "${name}: SIGKILL" kill_app "${name}" ;;
  stop) step "${name}: stop (SIGTERM)" stop_app "${name}" ;;
  start) start ;;
  restart) step "${name}: stop (SIGTERM)" stop_app "${name}"; start ;;
  ensure) if pid_alive "${PID_DIR}/${name}.pid"; then log "${name}: running"; else start; fi ;;
  freeze | thaw)
    pid_alive "${PID_DIR}/${name}.pid" || die "${name} is not running" "start it: app.sh start ${name}"
    signal=STOP; [[ "${action}" == thaw ]] && signal=CONT
    step "${name}: SIG${signal}" kill "-${signal}" "$(cat "${PID_DIR}/${name}.pid")" ;;
  *) usage ;;
esac
