#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Start the local infrastructure as plain processes on 127.0.0.1 (no Docker).
#
#   scripts/infra/start.sh [postgres|redis|kafka|mailpit|jaeger|prometheus|all]...   (default: all)
#
# Installs what is missing (install.sh), starts what is not running, and waits
# until each component really answers (pg_isready, redis PING, a Kafka Metadata
# request, Mailpit's /api/v1/info, Jaeger's /api/services, Prometheus' /-/ready).
# Re-runnable: running
# components are only checked. Ports: PGPORT=5432 REDIS_PORT=6379 KAFKA_PORT=9092
# KAFKA_CONTROLLER_PORT=9093 MAILPIT_SMTP_PORT=1025 MAILPIT_HTTP_PORT=8025
# JAEGER_OTLP_GRPC_PORT=4317 JAEGER_OTLP_HTTP_PORT=4318 JAEGER_UI_PORT=16686
# JAEGER_QUERY_GRPC_PORT=16685 PROMETHEUS_PORT=9090.
# State in .local/ (data, logs/<name>.log, pids/<name>.pid).
set -Eeuo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_components "$@"
take_lock
install_components "${COMPONENTS[@]}"

has() { local c; for c in "${COMPONENTS[@]}"; do [[ "${c}" == "$1" ]] && return 0; done; return 1; }

# Launch first (Kafka's JVM boots while the others start), then wait for each.
TO_WAIT=()

# start_component name label launch-function port-variable...: launch one
# component unless our process already runs it, after making sure its ports are
# free, and queue it for the readiness wait below.
start_component() {
  local name="$1" label="$2" launch="$3" pid port_var
  shift 3
  if pid="$(our_pid "${name}")"; then
    log "${name}: already running (pid ${pid})"
  else
    for port_var in "$@"; do ensure_port_free "${name}" "${!port_var}" "${port_var}"; done
    step "${name}: ${label}" strict "${launch}"
  fi
  TO_WAIT+=("${name}")
}

if has kafka; then
  if ! our_pid kafka >/dev/null && ! kafka_formatted; then
    step "kafka: format storage in .local/kafka/data (KRaft, cluster id in .local/kafka/cluster-id)" strict kafka_format
  fi
  start_component kafka "launch ${KAFKA_VERSION} broker+controller" kafka_launch KAFKA_PORT KAFKA_CONTROLLER_PORT
fi
if has mailpit; then
  start_component mailpit "launch ${MAILPIT_VERSION}" mailpit_launch MAILPIT_SMTP_PORT MAILPIT_HTTP_PORT
fi
if has jaeger; then
  start_component jaeger "launch ${JAEGER_VERSION} (in-memory, max ${JAEGER_MAX_TRACES} traces)" jaeger_launch \
    JAEGER_UI_PORT JAEGER_QUERY_GRPC_PORT JAEGER_OTLP_GRPC_PORT JAEGER_OTLP_HTTP_PORT
fi
if has prometheus; then
  start_component prometheus "launch ${PROMETHEUS_VERSION} (scrapes every app's admin port, SLO rules of load/slo.yaml)" \
    prometheus_launch PROMETHEUS_PORT
fi
if has redis; then
  start_component redis "launch" redis_launch REDIS_PORT
fi

# postgres ---------------------------------------------------------------------
if has postgres; then
  pg_adopt || true
  if pid="$(our_pid postgres)"; then
    step "postgres: already running (pid ${pid}), wait until ready on 127.0.0.1:${PGPORT}" strict wait_ready postgres 60 pg_ready
  else
    ensure_port_free postgres "${PGPORT}" PGPORT
    if [[ ! -f "${PG_DATA}/PG_VERSION" ]]; then
      step "postgres: initdb .local/postgres/data (PostgreSQL $(basename "$(dirname "$(pg_bindir)")"))" strict pg_init
    fi
    step "postgres: start on 127.0.0.1:${PGPORT} (pg_ctl -w)" strict pg_launch
  fi
  step "postgres: ensure superuser password + databases/roles for: ${PG_SERVICES}" strict pg_provision
fi

# wait -------------------------------------------------------------------------
for c in "${TO_WAIT[@]+"${TO_WAIT[@]}"}"; do
  case "${c}" in
    kafka) step "kafka: wait until ready on 127.0.0.1:${KAFKA_PORT} (kafka-broker-api-versions lists it unfenced)" strict wait_ready kafka 90 kafka_ready ;;
    mailpit) step "mailpit: wait until ready on smtp :${MAILPIT_SMTP_PORT}, http :${MAILPIT_HTTP_PORT}" strict wait_ready mailpit 30 mailpit_ready ;;
    jaeger) step "jaeger: wait until ready on otlp :${JAEGER_OTLP_GRPC_PORT}/:${JAEGER_OTLP_HTTP_PORT}, ui+api http://127.0.0.1:${JAEGER_UI_PORT}" strict wait_ready jaeger 30 jaeger_ready ;;
    prometheus) step "prometheus: wait until ready on http://127.0.0.1:${PROMETHEUS_PORT} (SLO page: /consoles/slo.html)" strict wait_ready prometheus 60 prometheus_ready ;;
    redis) step "redis: wait until ready on 127.0.0.1:${REDIS_PORT} (PING)" strict wait_ready redis 20 redis_ready ;;
  esac
done

log "up in $(elapsed_total): ${COMPONENTS[*]}"
