#!/usr/bin/env bash
# /opt/kafka/bin/kafka-server-stop.sh of shop-local/kafka: SIGTERM (controlled
# shutdown) to every kafka.Kafka process of this container (no ps here: reads /proc).
signal="${SIGNAL:-TERM}"
found=0
for d in /proc/[0-9]*; do
  if tr '\0' ' ' <"${d}/cmdline" 2>/dev/null | grep -q ' kafka\.Kafka '; then
    kill -s "${signal}" "${d#/proc/}" && found=1
  fi
done
if [ "${found}" -eq 0 ]; then
  echo "No kafka server to stop"
  exit 1
fi
