#!/usr/bin/env bash
# The fault proxy of local mode, opt-in: `FAULT_PROXY=1 make up` starts it and the apps reach
# PostgreSQL and Redis through it, so `make fault` can slow those links down or cut them
# (docs/faults.md). Without it every app connects directly, as always.
#   toxiproxy.sh install   build toxiproxy-server once into .tools/bin/toxiproxy-<version>/
#   toxiproxy.sh start     install, start the server, create the links of lib.sh (replacing
#                          their toxics), and route apps started from now on through them
#   toxiproxy.sh serve     install and start the server only (a test creates its own links)
#   toxiproxy.sh stop      stop it; apps started from now on connect directly again
#   toxiproxy.sh status    running or not (exit 3 when stopped), and its links
# Environment: TOXIPROXY_PORT (API port, default 8474), TOXIPROXY_INSTANCE (pid and log file
# name, default toxiproxy).
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/fault/lib.sh"

API="http://127.0.0.1:${TOXIPROXY_PORT}"
PID_FILE="${PID_DIR}/${TOXIPROXY_INSTANCE}.pid"
LOG_FILE="${LOG_DIR}/${TOXIPROXY_INSTANCE}.log"

# One binary per version: a version bump builds anew, a rerun finds it. The version is
# stamped in as the release builds do, so `toxiproxy-server -version` tells which it is.
install_toxiproxy() {
  go_install_binary "${TOXIPROXY_BIN}" "github.com/Shopify/toxiproxy/v2/cmd/server@${TOXIPROXY_VERSION}" \
    "-X github.com/Shopify/toxiproxy/v2.Version=${TOXIPROXY_VERSION}"
}

ensure_installed() {
  if [[ -x "${TOXIPROXY_BIN}" ]]; then
    log "toxiproxy ${TOXIPROXY_VERSION} (${TOXIPROXY_BIN#"${REPO_ROOT}/"}) ... installed"
  else
    step "toxiproxy: go install github.com/Shopify/toxiproxy/v2/cmd/server@${TOXIPROXY_VERSION} (first time: about 20 s)" \
      install_toxiproxy || exit 1
  fi
}

# Ours when the recorded pid runs toxiproxy-server: a recycled pid is never mistaken for it.
running() { pid_alive "${PID_FILE}" && grep -q toxiproxy-server "/proc/$(cat "${PID_FILE}")/cmdline" 2>/dev/null; }
api_ready() { curl -fsS "${API}/version" >/dev/null; }

launch() {
  printf '\n===== %s started at %s =====\n' "${TOXIPROXY_INSTANCE}" "$(date '+%F %T')" >>"${LOG_FILE}"
  # Its own session (setsid), detached from this script; the pid file holds the server's own pid.
  setsid "${TOXIPROXY_BIN}" -host 127.0.0.1 -port "${TOXIPROXY_PORT}" >>"${LOG_FILE}" 2>&1 </dev/null &
  echo $! >"${PID_FILE}"
  wait_for "toxiproxy API" 10 api_ready
}

serve() {
  ensure_installed
  if running; then
    log "toxiproxy: already running (pid $(cat "${PID_FILE}"), API ${API})"
    return 0
  fi
  port_open "${TOXIPROXY_PORT}" && die "port 127.0.0.1:${TOXIPROXY_PORT} is taken by another program" \
    "stop it, or move Toxiproxy's API: TOXIPROXY_PORT=<port> $0 ${COMMAND}"
  step "toxiproxy: start, API ${API} (log: ${LOG_FILE#"${REPO_ROOT}/"})" launch || {
    tail -n 20 "${LOG_FILE}" >&2 || true
    die "toxiproxy did not answer on ${API}/version within 10 s" "read ${LOG_FILE} (its last lines are above)"
  }
}

# The links of lib.sh as Toxiproxy's /populate body: created, or replaced without toxics.
links_json() {
  local link name listen upstream first=1
  printf '['
  for link in "${FAULT_PROXY_LINKS[@]}"; do
    IFS=: read -r name listen upstream <<<"${link}"
    ((first)) || printf ','
    first=0
    printf '{"name":"%s","listen":"127.0.0.1:%s","upstream":"127.0.0.1:%s","enabled":true}' "${name}" "${listen}" "${upstream}"
  done
  printf ']'
}

create_links() {
  curl -fsS -X POST "${API}/populate" -H 'content-type: application/json' -d "$(links_json)" >/dev/null
}

start() {
  serve
  step "toxiproxy: links $(printf '%s ' "${FAULT_PROXY_LINKS[@]}")(name:listen:upstream)" create_links \
    || die "toxiproxy could not open its links (a listen port taken?)" \
      "see which program holds the port: ss -ltnp | grep -E ':(15432|16379) '; then re-run $0 start"
  mkdir -p "$(dirname "${FAULT_PROXY_MARKER}")"
  touch "${FAULT_PROXY_MARKER}"
  log "apps started from now on reach PostgreSQL and Redis through Toxiproxy (make fault list)"
}

stop() {
  [[ "${TOXIPROXY_INSTANCE}" == toxiproxy ]] && rm -f "${FAULT_PROXY_MARKER}"
  if ! running; then
    rm -f "${PID_FILE}"
    log "toxiproxy: not running"
    return 0
  fi
  terminate() {
    local pid
    pid="$(cat "${PID_FILE}")"
    kill -TERM "${pid}"
    wait_for "toxiproxy exit" 10 bash -c "! kill -0 ${pid} 2>/dev/null" || kill -KILL "${pid}"
    rm -f "${PID_FILE}"
  }
  step "toxiproxy: stop (SIGTERM)" terminate
}

status() {
  if running; then
    log "toxiproxy: running (pid $(cat "${PID_FILE}"), API ${API})"
    curl -fsS "${API}/proxies" | jq -r '.[] | "  \(.name): \(.listen) -> \(.upstream), enabled=\(.enabled), toxics=\([.toxics[].type] | join(","))"'
  else
    log "toxiproxy: stopped"
    return 3
  fi
}

COMMAND="${1:-}"
case "${COMMAND}" in
  install) ensure_installed ;;
  start) start ;;
  serve) serve ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: toxiproxy.sh install|start|serve|stop|status" "see the header of scripts/fault/toxiproxy.sh" ;;
esac
