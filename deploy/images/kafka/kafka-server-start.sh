#!/usr/bin/env bash
# /opt/kafka/bin/kafka-server-start.sh of shop-local/kafka, as the distribution's:
# kafka.Kafka <server.properties>, broker log4j2 config, heap -Xmx1G -Xms1G unless
# KAFKA_HEAP_OPTS is set, GC log in /opt/kafka/logs.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*"
  exit 1
fi
base_dir="$(dirname "$0")"
if [ -z "${KAFKA_LOG4J_OPTS:-}" ]; then
  export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=${base_dir}/../config/log4j2.yaml"
fi
if [ -z "${KAFKA_HEAP_OPTS:-}" ]; then
  export KAFKA_HEAP_OPTS="-Xmx1G -Xms1G"
fi
EXTRA_ARGS=${EXTRA_ARGS-'-name kafkaServer -loggc'}
if [ "$1" = "-daemon" ]; then shift; fi
# shellcheck disable=SC2086
exec "${base_dir}/kafka-run-class.sh" ${EXTRA_ARGS} kafka.Kafka "$@"
