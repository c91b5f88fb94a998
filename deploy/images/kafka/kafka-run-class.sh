#!/usr/bin/env bash
# /opt/kafka/bin/kafka-run-class.sh of shop-local/kafka: runs one Kafka main class on
# the jars in /opt/kafka/libs (fetched from Maven Central by the list in
# infra/kafka/pom.xml), reading the same variables as the distribution's script:
#   CLASSPATH (prepended), KAFKA_HEAP_OPTS (default -Xmx256M), KAFKA_JVM_PERFORMANCE_OPTS,
#   KAFKA_GC_LOG_OPTS, KAFKA_JMX_OPTS, JMX_PORT, KAFKA_LOG4J_OPTS (default: the tools'
#   log4j2 config), LOG_DIR (default /opt/kafka/logs), KAFKA_OPTS, JAVA_HOME, KAFKA_DEBUG.
# Options: -name <daemon name> and -loggc (GC log in LOG_DIR) like the distribution's;
# -daemon is accepted and ignored (a container runs its process in the foreground).
set -e
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] [-name servicename] [-loggc] classname [opts]"
  exit 1
fi
base_dir="$(cd "$(dirname "$0")/.." && pwd)"

DAEMON_NAME=""
GC_LOG_ENABLED="false"
while [ $# -gt 0 ]; do
  case "$1" in
    -name) DAEMON_NAME="$2"; shift 2 ;;
    -loggc) GC_LOG_ENABLED="true"; shift ;;
    -daemon) shift ;;
    *) break ;;
  esac
done

CLASSPATH="${CLASSPATH:+${CLASSPATH}:}${base_dir}/libs/*"
LOG_DIR="${LOG_DIR:-${base_dir}/logs}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx256M}"
KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
KAFKA_JMX_OPTS="${KAFKA_JMX_OPTS:--Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false}"
if [ -n "${JMX_PORT:-}" ]; then
  KAFKA_JMX_OPTS="${KAFKA_JMX_OPTS} -Dcom.sun.management.jmxremote.port=${JMX_PORT}"
  if ! echo "${KAFKA_JMX_OPTS}" | grep -qF -- '-Dcom.sun.management.jmxremote.rmi.port=' ; then
    KAFKA_JMX_OPTS="${KAFKA_JMX_OPTS} -Dcom.sun.management.jmxremote.rmi.port=${JMX_PORT}"
  fi
fi
KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=${base_dir}/config/tools-log4j2.yaml}"
KAFKA_LOG4J_OPTS="-Dkafka.logs.dir=${LOG_DIR} ${KAFKA_LOG4J_OPTS}"
if [ -n "${KAFKA_DEBUG:-}" ]; then
  KAFKA_OPTS="-agentlib:jdwp=transport=dt_socket,server=y,suspend=${DEBUG_SUSPEND_FLAG:-n},address=${JAVA_DEBUG_PORT:-0.0.0.0:5005} ${KAFKA_OPTS:-}"
fi
GC_OPTS=""
if [ "${GC_LOG_ENABLED}" = "true" ] && [ -n "${DAEMON_NAME}" ]; then
  mkdir -p "${LOG_DIR}" 2>/dev/null || true
  GC_OPTS="${KAFKA_GC_LOG_OPTS:--Xlog:gc*:file=${LOG_DIR}/${DAEMON_NAME}-gc.log:time,tags:filecount=10,filesize=100M}"
fi
JAVA="java"
[ -n "${JAVA_HOME:-}" ] && JAVA="${JAVA_HOME}/bin/java"

# shellcheck disable=SC2086 # the *_OPTS variables hold several options on purpose
exec "${JAVA}" ${KAFKA_HEAP_OPTS} ${KAFKA_JVM_PERFORMANCE_OPTS} ${GC_OPTS} ${KAFKA_JMX_OPTS} ${KAFKA_LOG4J_OPTS} \
  -cp "${CLASSPATH}" ${KAFKA_OPTS:-} "$@"
