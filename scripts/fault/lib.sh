#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The fault proxy's settings, shared by scripts/fault/toxiproxy.sh (which runs it) and
# scripts/local/apps.sh (which points the apps at it). Sourced after scripts/lib/common.sh.

# Toxiproxy (github.com/Shopify/toxiproxy): a TCP proxy whose links get latency or go down
# on request through its HTTP API. v2.12.0 is the newest release on the Go module proxy
# (its version list stops at v2.5.0, but later tags resolve: go list -m ...@v2.12.0).
TOXIPROXY_VERSION="v2.12.0"
TOXIPROXY_BIN="${TOOLS_DIR}/bin/toxiproxy-${TOXIPROXY_VERSION}/toxiproxy-server"
# Its HTTP API; TOXIPROXY_INSTANCE names its pid and log file, so a test can run its own.
TOXIPROXY_PORT="${TOXIPROXY_PORT:-8474}"
TOXIPROXY_INSTANCE="${TOXIPROXY_INSTANCE:-toxiproxy}"

# The links the apps use when FAULT_PROXY=1: name:listen-port:upstream-port, all on 127.0.0.1.
# Kafka is not among them, on purpose: a client reaches the bootstrap address once, then
# connects to the address the broker advertises in its metadata (127.0.0.1:9092), which would
# bypass a proxy on another port. Its knob is a real broker outage instead (docs/faults.md).
FAULT_PROXY_LINKS=(postgres:15432:5432 redis:16379:6379)

# Present while the links are up: apps started from then on (make up, app.sh start) connect
# through them. Written by `toxiproxy.sh start`, removed by `toxiproxy.sh stop`.
FAULT_PROXY_MARKER="${STATE_DIR}/faults/proxy-on"

# route_through_fault_proxy: when the marker is there, rewrites DATABASE_URL and REDIS_URL of
# the current shell from each upstream port to its proxy listener (5432 -> 15432 ...).
route_through_fault_proxy() {
  [[ -f "${FAULT_PROXY_MARKER}" ]] || return 0
  local link name listen upstream
  for link in "${FAULT_PROXY_LINKS[@]}"; do
    IFS=: read -r name listen upstream <<<"${link}"
    if [[ -n "${DATABASE_URL:-}" ]]; then DATABASE_URL="${DATABASE_URL/@127.0.0.1:${upstream}\//@127.0.0.1:${listen}/}"; fi
    if [[ -n "${REDIS_URL:-}" ]]; then REDIS_URL="${REDIS_URL/\/\/127.0.0.1:${upstream}\//\/\/127.0.0.1:${listen}/}"; fi
  done
}
