#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Install what the local infrastructure needs, reuse what is already there.
#
#   scripts/infra/install.sh [postgres|redis|kafka|mailpit|jaeger|prometheus|all]...   (default: all)
#
#   postgres, redis : Debian packages (apt-get update once, only when something is missing)
#   kafka           : Java >= 17 (Debian package if missing) + the broker jars fetched with Maven
#                     into .tools/kafka/<KAFKA_VERSION>/libs (infra/kafka/pom.xml)
#   mailpit         : go install github.com/axllent/mailpit@<MAILPIT_VERSION>
#                     into .tools/bin/mailpit-<MAILPIT_VERSION>/
#   jaeger          : go build github.com/jaegertracing/jaeger/cmd/jaeger from the tool module
#                     infra/jaeger (version pinned in its go.mod) into .tools/bin/jaeger-<version>/
#   prometheus      : go build prometheus + promtool (cmd/promtool) from the tool module
#                     infra/prometheus (version pinned in its go.mod) into .tools/bin/prometheus-<version>/
# Reruns are instant: everything is keyed by version.
set -Eeuo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_components "$@"
take_lock
install_components "${COMPONENTS[@]}"

for c in "${COMPONENTS[@]}"; do
  case "${c}" in
    postgres) log "postgres: PostgreSQL $(basename "$(dirname "$(pg_bindir)")") ($(pg_bindir))" ;;
    redis) log "redis: $(redis-server --version | awk '{sub(/^v=/, "", $3); print $3}') ($(command -v redis-server))" ;;
    kafka) log "kafka: ${KAFKA_VERSION} (${KAFKA_LIBS#"${REPO_ROOT}/"}, $(find "${KAFKA_LIBS}" -name '*.jar' | wc -l) jars), java $(java_major)" ;;
    mailpit) log "mailpit: ${MAILPIT_VERSION} (${MAILPIT_BIN#"${REPO_ROOT}/"})" ;;
    jaeger) log "jaeger: ${JAEGER_VERSION} (${JAEGER_BIN#"${REPO_ROOT}/"})" ;;
    prometheus) log "prometheus: ${PROMETHEUS_VERSION} = $("${PROMETHEUS_BIN}" --version 2>&1 | head -n1) (${PROMETHEUS_BIN_DIR#"${REPO_ROOT}/"}: prometheus, promtool)" ;;
  esac
done
log "installed in $(elapsed_total)"
