#!/usr/bin/env bash
# Shared helpers for every script in scripts/: one visible line per step with
# elapsed time, and errors that say what failed and how to fix it.
# Source it:  source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="${REPO_ROOT}/.tools"     # installed tools (node, kafka jars, go binaries); cached between runs
STATE_DIR="${REPO_ROOT}/.local"     # runtime state: data dirs, logs, pid files
LOG_DIR="${STATE_DIR}/logs"
PID_DIR="${STATE_DIR}/pids"
mkdir -p "${TOOLS_DIR}" "${LOG_DIR}" "${PID_DIR}"

_now_ms() { date +%s%3N; }
_SCRIPT_START_MS="$(_now_ms)"

# log "message": a plain progress line prefixed with the script name.
log() { printf '[%s] %s\n' "$(basename "${0}")" "$*"; }

# die "what failed" "how to fix it": print both and exit non-zero.
die() {
  printf '[%s] ERROR: %s\n' "$(basename "${0}")" "$1" >&2
  if [[ -n "${2:-}" ]]; then printf '[%s]   fix: %s\n' "$(basename "${0}")" "$2" >&2; fi
  exit 1
}

# step "description" command args...: runs the command, prints one line with
# the outcome and the elapsed time. On failure prints the command's captured
# output tail and exits.
step() {
  local desc="$1"; shift
  local start out rc
  start="$(_now_ms)"
  out="$(mktemp)"
  printf '[%s] %s ... ' "$(basename "${0}")" "${desc}"
  set +e
  "$@" >"${out}" 2>&1
  rc=$?
  set -e
  local elapsed=$(( $(_now_ms) - start ))
  if [[ ${rc} -eq 0 ]]; then
    printf 'ok (%d.%03ds)\n' $((elapsed / 1000)) $((elapsed % 1000))
    rm -f "${out}"
  else
    printf 'FAILED (%d.%03ds, exit %d)\n' $((elapsed / 1000)) $((elapsed % 1000)) "${rc}"
    echo "----- last 40 lines of output -----" >&2
    tail -n 40 "${out}" >&2
    echo "-----------------------------------" >&2
    rm -f "${out}"
    return "${rc}"
  fi
}

# elapsed_total: seconds since the script started, for a closing line.
elapsed_total() {
  local ms=$(( $(_now_ms) - _SCRIPT_START_MS ))
  printf '%d.%03ds' $((ms / 1000)) $((ms % 1000))
}

# process_running <pid>: true while the process exists and is not a zombie
# (an exited orphan stays a zombie until init reaps it, which can take seconds).
process_running() {
  kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]
}

# pid_alive <pidfile>: true when the pid recorded in the file is running.
pid_alive() {
  local f="$1"
  [[ -f "${f}" ]] && process_running "$(cat "${f}")"
}

# wait_for "description" timeout_seconds command...: poll until command succeeds.
wait_for() {
  local desc="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then
      return 1
    fi
    sleep 0.2
  done
}

# port_open port: something accepts TCP connections on 127.0.0.1:port.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_APT_UPDATED=0
# apt_install pkg...: installs the Debian packages that are not installed yet: one
# `apt-get update` per run, only when something is missing, and no service started.
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "${p}" >/dev/null 2>&1 || missing+=("${p}"); done
  if ((${#missing[@]} == 0)); then
    log "debian packages ($*) ... installed"
    return 0
  fi
  [[ "$(id -u)" -eq 0 ]] || die "missing Debian packages: ${missing[*]}" \
    "run as root, or: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found (these scripts target Debian/Ubuntu)" \
    "install these packages by hand: ${missing[*]}"
  if [[ "${_APT_UPDATED}" -eq 0 ]]; then
    step "apt-get update" apt-get update -q || die "apt-get update failed" "check the apt sources and the mirror"
    _APT_UPDATED=1
  fi
  # Debian starts a freshly installed postgresql/redis-server/docker service on the
  # very ports and sockets the project wants: forbid service starts during the
  # install (policy-rc.d, the standard Debian hook), unless the machine has one.
  local created_policy=0 rc=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, created by scripts/lib/common.sh apt_install\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  step "apt-get install -y ${missing[*]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" || rc=$?
  if [[ "${created_policy}" -eq 1 ]]; then rm -f /usr/sbin/policy-rc.d; fi
  [[ "${rc}" -eq 0 ]] || die "apt-get install ${missing[*]} failed (output above)" \
    "check the apt sources ('apt-get update') and retry: apt-get install -y ${missing[*]}"
}

# require_go what: Go on PATH (or in /usr/local/go/bin), to build `what` from source.
require_go() {
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:${PATH}"; fi
  command -v go >/dev/null 2>&1 || die "go not found (needed to build $1)" \
    "install Go >= 1.24 and put it on PATH (e.g. /usr/local/go/bin), then rerun"
}

# go_install_binary <bin> <package>@<version> <-X flags>: builds one Go program from the module
# proxy into <bin> (a path naming its version: a bump builds anew, a rerun finds it), the version
# stamped in with -X as its release builds do. Built in a scratch folder and moved into place, so
# an interrupted build never leaves a half binary, and <bin> may differ from the package's name.
go_install_binary() {
  local bin="$1" package="$2" stamp="$3" scratch built
  require_go "${package}"
  scratch="$(mktemp -d)"
  GOBIN="${scratch}" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w ${stamp}" "${package}" || {
    rm -rf "${scratch}"
    die "go install ${package} failed" \
      "check the Go module proxy (go env GOPROXY) and that the version exists: go list -m -versions ${package%%@*}"
  }
  built="$(find "${scratch}" -maxdepth 1 -type f | head -n1)"
  mkdir -p "$(dirname "${bin}")"
  mv -f "${built}" "${bin}"
  rm -rf "${scratch}"
}
