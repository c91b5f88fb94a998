#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Start the local infrastructure as plain processes on 127.0.0.1 (no Docker).
#
#   scripts/infra/start.sh [postgres|redis|kafka|mailpit|jaeger|all]...   (default: all)
#
# Installs what is missing (install.sh), starts what is not running, and waits
# until each component really answers (pg_isready, redis PING, a Kafka Metadata
# request, Mailpit's /api/v1/info, Jaeger's /api/services). Re-runnable: running
# components are only checked. Ports: PGPORT=5432 REDIS_PORT=6379 KAFKA_PORT=9092
# KAFKA_CONTROLLER_PORT=9093 MAILPIT_SMTP_PORT=1025 MAILPIT_HTTP_PORT=8025
# JAEGER_OTLP_GRPC_PORT=4317 JAEGER_OTLP_HTTP_PORT=4318 JAEGER_UI_PORT=16686
# JAEGER_QUERY_GRPC_PORT=16685.
# State in .local/ (data, logs/<name>.log, pids/<name>.pid).
set -Eeuo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { print_header_comment "${BASH_SOURCE[0]}"; }

parse_components "$@" || { usage; exit 0; }
take_lock
install_components "${COMPONENTS[@]}"

has() { local c; for c in "${COMPONENTS[@]}"; do [[ "${c}" == "$1" ]] && return 0; done; return 1; }

# Launch first (Kafka's JVM boots while the others start), then wait for each.
TO_WAIT=()

# kafka ------------------------------------------------------------------------
if has kafka; then
  if pid="$(our_pid kafka)"; then
    log "kafka: already running (pid ${pid})"
  else
    ensure_port_free kafka "${KAFKA_PORT}" KAFKA_PORT
    ensure_port_free kafka "${KAFKA_CONTROLLER_PORT}" KAFKA_CONTROLLER_PORT
    if ! kafka_formatted; then
      step "kafka: format storage in .local/kafka/data (KRaft, cluster id in .local/kafka/cluster-id)" strict kafka_format
    fi
    step "kafka: launch ${KAFKA_VERSION} broker+controller" strict kafka_launch
  fi
  TO_WAIT+=(kafka)
fi

# mailpit ----------------------------------------------------------------------
if has mailpit; then
  if pid="$(our_pid mailpit)"; then
    log "mailpit: already running (pid ${pid})"
  else
    ensure_port_free mailpit "${MAILPIT_SMTP_PORT}" MAILPIT_SMTP_PORT
    ensure_port_free mailpit "${MAILPIT_HTTP_PORT}" MAILPIT_HTTP_PORT
    step "mailpit: launch ${MAILPIT_VERSION}" strict mailpit_launch
  fi
  TO_WAIT+=(mailpit)
fi

# jaeger -----------------------------------------------------------------------
if has jaeger; then
  if pid="$(our_pid jaeger)"; then
    log "jaeger: already running (pid ${pid})"
  else
    ensure_port_free jaeger "${JAEGER_UI_PORT}" JAEGER_UI_PORT
    ensure_port_free jaeger "${JAEGER_QUERY_GRPC_PORT}" JAEGER_QUERY_GRPC_PORT
    ensure_port_free jaeger "${JAEGER_OTLP_GRPC_PORT}" JAEGER_OTLP_GRPC_PORT
    ensure_port_free jaeger "${JAEGER_OTLP_HTTP_PORT}" JAEGER_OTLP_HTTP_PORT
    step "jaeger: launch ${JAEGER_VERSION} (in-memory, max ${JAEGER_MAX_TRACES} traces)" strict jaeger_launch
  fi
  TO_WAIT+=(jaeger)
fi

# redis ------------------------------------------------------------------------
if has redis; then
  if pid="$(our_pid redis)"; then
    log "redis: already running (pid ${pid})"
  else
    ensure_port_free redis "${REDIS_PORT}" REDIS_PORT
    step "redis: launch" strict redis_launch
  fi
  TO_WAIT+=(redis)
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
    redis) step "redis: wait until ready on 127.0.0.1:${REDIS_PORT} (PING)" strict wait_ready redis 20 redis_ready ;;
  esac
done

log "up in $(elapsed_total): ${COMPONENTS[*]}"
