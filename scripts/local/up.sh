#!/usr/bin/env bash
# `make up`: the whole system on this machine without Docker. From a fresh clone:
# installs the pinned Node and dependencies, starts PostgreSQL, Redis, Kafka and
# Mailpit, builds, migrates every database, (re)starts every app with the same
# command as the images (`node dist/apps/<app>/src/main.js`), seeds demo data and
# waits until every app is ready. Re-runnable: infrastructure is reused, apps are
# restarted on the new build.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"
cd "${REPO_ROOT}"

bash scripts/bootstrap.sh
source scripts/lib/node.sh
ensure_node >/dev/null
bash scripts/infra/start.sh all
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

log "system is up in $(elapsed_total)"
log "gateway: http://127.0.0.1:8080    logs: .local/logs/<app>.log    stop: make down"
