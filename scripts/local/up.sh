#!/usr/bin/env bash
# `make up`: the whole system on this machine without Docker. From a fresh clone:
# installs the pinned Node and dependencies, starts PostgreSQL, Redis, Kafka,
# Mailpit, Jaeger and Prometheus, builds, migrates every database, (re)starts every app with the same
# command as the images (`node dist/apps/<app>/src/main.js`), seeds demo data and
# waits until every app is ready. Re-runnable: infrastructure is reused, apps are
# restarted on the new build. All or nothing: when a step fails, it stops what it
# started (every app, and the infrastructure it found stopped), names what failed
# and why, and exits non-zero, so the next `make up` starts from a clean slate.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"
cd "${REPO_ROOT}"

bash scripts/bootstrap.sh
source scripts/lib/node.sh
ensure_node >/dev/null

INFRA_STARTED_HERE=()
for component in postgres redis kafka mailpit jaeger prometheus; do
  bash scripts/infra/status.sh "${component}" >/dev/null || INFRA_STARTED_HERE+=("${component}")
done
# On any failure from here on: leave nothing half-started (a dead payment beside six
# live apps looks "up" to a glance at the logs and breaks the next run in odd ways).
stop_what_we_started() {
  local rc=$?
  (( rc == 0 )) && return 0
  log "make up failed (exit ${rc}): stopping what it started"
  bash scripts/local/stop-apps.sh || true
  bash scripts/fault/toxiproxy.sh stop || true
  if (( ${#INFRA_STARTED_HERE[@]} > 0 )); then bash scripts/infra/stop.sh "${INFRA_STARTED_HERE[@]}" || true; fi
  log "nothing of this run is left running; fix the error above, then run 'make up' again"
  exit "${rc}"
}
trap stop_what_we_started EXIT

bash scripts/infra/start.sh all
# Opt-in fault proxy (docs/faults.md): FAULT_PROXY=1 routes the apps' PostgreSQL and Redis
# connections through Toxiproxy; without it they connect directly (and a proxy left running
# by an earlier FAULT_PROXY=1 run is stopped). A fresh system has every fault knob off.
if [[ "${FAULT_PROXY:-0}" == 1 ]]; then bash scripts/fault/toxiproxy.sh start; else bash scripts/fault/toxiproxy.sh stop >/dev/null; fi
rm -f "${STATE_DIR}/faults/state.json"
step "build all apps into dist/" node tools/build/build.mjs || die "build failed" "run 'node tools/build/build.mjs' to see the error"
bash scripts/local/stop-apps.sh

for app in "${APPS[@]}"; do
  name="$(app_name "${app}")"
  if app_has_db "${app}"; then
    step "${name}: migrate ${name}_db" run_with_app_env "${name}" node "dist/apps/${name}/src/migrate.js" \
      || die "${name} migrations failed" "see the output above; the database is at $(app_env "${name}" | sed -n 's/^DATABASE_URL=.*@//p')"
  fi
done

for app in "${APPS[@]}"; do
  name="$(app_name "${app}")"
  step "${name}: start (log: .local/logs/${name}.log)" start_app "${name}"
done
for app in "${APPS[@]}"; do
  wait_app_ready "$(app_name "${app}")"
done

if [[ -x scripts/local/seed.sh ]]; then bash scripts/local/seed.sh; fi
# An app can die after its first ready answer (a port lost late, a crash on the first
# message): up means every app is still running now.
for app in "${APPS[@]}"; do
  name="$(app_name "${app}")"
  pid_alive "${PID_DIR}/${name}.pid" || {
    tail -n 20 "${LOG_DIR}/${name}.log" >&2 || true
    die "${name} exited after it was ready" "read .local/logs/${name}.log (its last lines are above)"
  }
done

log "system is up in $(elapsed_total)"
log "gateway: http://127.0.0.1:8080    logs: .local/logs/<app>.log    stop: make down"
log "traces: http://127.0.0.1:16686    SLOs and alerts: http://127.0.0.1:${PROMETHEUS_PORT:-9090}/consoles/slo.html"
