#!/usr/bin/env bash
# The map of the running system in local mode: every app, the order they start
# in, and whether it owns a database (and so has migrations). Sourced by up/down.
# Mirrors docker-compose.yml and deploy/k8s.
# shellcheck source=../fault/lib.sh
source "${REPO_ROOT}/scripts/fault/lib.sh"

# name:has-database (start order: providers of an API before their callers)
APPS=(
  payment-provider:no
  user:yes
  inventory:yes
  payment:yes
  order:yes
  notification:yes
  gateway:no
)

app_name() { echo "${1%%:*}"; }
app_has_db() { [[ "${1##*:}" == yes ]]; }

# app_env <name>: prints the environment of an app (shared + its own file).
app_env() {
  cat "${REPO_ROOT}/deploy/local/services.env" "${REPO_ROOT}/deploy/local/$1.env" | grep -Ev '^\s*(#|$)'
}

app_admin_port() { app_env "$1" | sed -n 's/^ADMIN_PORT=//p'; }

# export_app_env <name>: exports the app's environment into the current shell.
export_app_env() {
  set -a
  # shellcheck disable=SC1090
  source "${REPO_ROOT}/deploy/local/services.env"
  # shellcheck disable=SC1090
  source "${REPO_ROOT}/deploy/local/$1.env"
  # FAULT_PROXY=1 make up: PostgreSQL and Redis through Toxiproxy, so make fault can disturb them.
  route_through_fault_proxy
  set +a
}

# run_with_app_env <name> command...: runs a command with the app's environment.
run_with_app_env() {
  local name="$1"; shift
  ( export_app_env "${name}"; exec "$@" )
}

# start_app <name>: starts the built app in the background with its environment.
# The subshell execs into setsid, then node: the recorded PID is node's own, and
# the app runs in its own session, detached from the calling script.
start_app() {
  local name="$1"
  (
    export_app_env "${name}"
    exec setsid node --enable-source-maps "dist/apps/${name}/src/main.js" >>"${LOG_DIR}/${name}.log" 2>&1 </dev/null
  ) &
  echo $! >"${PID_DIR}/${name}.pid"
}

# wait_app_ready <name>: one step line; ready, or exited (then stop waiting at once: the log says why).
wait_app_ready() {
  local name="$1" port
  port="$(app_admin_port "${name}")"
  settled() { ! pid_alive "${PID_DIR}/${name}.pid" || curl -fsS "http://127.0.0.1:${port}/readyz" >/dev/null; }
  wait_ready() { wait_for "${name} settled" 60 settled && pid_alive "${PID_DIR}/${name}.pid"; }
  if ! step "${name}: wait until ready (http://127.0.0.1:${port}/readyz)" wait_ready; then
    tail -n 20 "${LOG_DIR}/${name}.log" >&2 || true
    pid_alive "${PID_DIR}/${name}.pid" || die "${name} exited during start-up" "read .local/logs/${name}.log (its last lines are above)"
    die "${name} did not become ready within 60 s" "read .local/logs/${name}.log; 'curl -s 127.0.0.1:${port}/healthz' names the failing dependency"
  fi
}

# stop_app <name>: SIGTERM, wait (bounded by SHUTDOWN_TIMEOUT_MS + margin), SIGKILL as a last resort.
stop_app() {
  local pidfile="${PID_DIR}/$1.pid" pid
  pid_alive "${pidfile}" || { rm -f "${pidfile}"; return 0; }
  pid="$(cat "${pidfile}")"
  kill -TERM "${pid}" 2>/dev/null || true
  wait_exit "${pid}" 15 && { rm -f "${pidfile}"; return 0; }
  echo "$1 (pid ${pid}) ignored SIGTERM for 15 s; sending SIGKILL" >&2
  kill -KILL "${pid}" 2>/dev/null || true
  rm -f "${pidfile}"
}

# kill_app <name>: SIGKILL, no drain: what an OOM kill or a node failure does.
kill_app() {
  local pidfile="${PID_DIR}/$1.pid" pid
  pid_alive "${pidfile}" || { rm -f "${pidfile}"; return 0; }
  pid="$(cat "${pidfile}")"
  kill -KILL "${pid}" 2>/dev/null || true
  wait_exit "${pid}" 5 || true
  rm -f "${pidfile}"
}

# wait_exit <pid> <seconds>: true once the process is gone, false if it is still there after that long.
wait_exit() {
  local deadline=$(( $(date +%s%3N) + $2 * 1000 ))
  while process_running "$1"; do
    (( $(date +%s%3N) < deadline )) || return 1
    sleep 0.05
  done
}

# is_app <name>: true for a name in APPS.
is_app() {
  local app
  for app in "${APPS[@]}"; do [[ "$(app_name "${app}")" == "$1" ]] && return 0; done
  return 1
}
