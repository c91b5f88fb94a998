#!/usr/bin/env bash
# The container engine for this project's image builds and `docker compose` runs.
#
#   scripts/containers/engine.sh start    use the running Docker engine, else install
#                                         Docker from Debian's packages and start dockerd
#   scripts/containers/engine.sh stop     stop the dockerd this script started (if any)
#   scripts/containers/engine.sh status
#
# A Docker engine you already run (Docker Desktop, a system dockerd) is used as it is.
# Otherwise (root on Debian, e.g. CI here): apt-get installs docker.io, containerd,
# runc, iptables and mmdebstrap, and dockerd starts without systemd, its images kept
# in ~/.cache/shop-reference/containers/docker (reused by every clone).
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"

DOCKERD_PIDFILE="${CONTAINERS_CACHE}/dockerd.pid"
DOCKERD_LOG="${LOG_DIR}/dockerd.log"
PACKAGES=(docker.io containerd runc iptables mmdebstrap uidmap)

start_dockerd() {
  mkdir -p "${CONTAINERS_CACHE}/docker"
  setsid /usr/sbin/dockerd --data-root "${CONTAINERS_CACHE}/docker" --pidfile "${DOCKERD_PIDFILE}" \
    >>"${DOCKERD_LOG}" 2>&1 </dev/null &
  wait_for "dockerd answers" 60 docker_up
}

case "${1:-start}" in
  start)
    if docker_up; then
      log "docker engine: running ($("${DOCKER}" version --format '{{.Server.Version}}' 2>/dev/null))"
      exit 0
    fi
    [[ "$(id -u)" -eq 0 ]] || die "no Docker engine answers, and installing one needs root" \
      "install Docker (https://docs.docker.com/engine/install/) and start it, then rerun"
    apt_install "${PACKAGES[@]}"
    step "dockerd: start (data in ${CONTAINERS_CACHE}/docker, log .local/logs/dockerd.log)" start_dockerd \
      || { tail -n 20 "${DOCKERD_LOG}" >&2; die "dockerd did not come up within 60 s" "read .local/logs/dockerd.log"; }
    ;;
  stop)
    if [[ -f "${DOCKERD_PIDFILE}" ]] && process_running "$(cat "${DOCKERD_PIDFILE}")"; then
      pid="$(cat "${DOCKERD_PIDFILE}")"
      gone() { ! process_running "${pid}"; }
      stop_dockerd() { kill -TERM "${pid}" && wait_for "dockerd exited" 30 gone; }
      step "dockerd: stop (pid ${pid})" stop_dockerd || die "dockerd (pid ${pid}) did not stop in 30 s" "kill -KILL ${pid}"
    else
      log "dockerd: not started by this script"
    fi
    ;;
  status)
    if docker_up; then log "docker engine: running"; else log "docker engine: not running"; exit 3; fi
    ;;
  *) die "usage: engine.sh start|stop|status" ;;
esac
