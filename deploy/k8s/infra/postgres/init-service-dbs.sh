#!/usr/bin/env bash
# Creates (idempotently) one database + one owner role per service by running
# create-service-db.sql (next to this file) once per service.
#
# Works as a /docker-entrypoint-initdb.d script of the official postgres image
# (mount this directory there; the entrypoint runs *.sh files and psql picks up
# the connection from its environment), or by hand against any server:
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD=postgres infra/postgres/init-service-dbs.sh
#
# Env: PG_SERVICES (default "order payment inventory user notification").
# scripts/infra/start.sh runs the same SQL for the local (non-Docker) cluster.
set -Eeuo pipefail

sql="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/create-service-db.sql"
services="${PG_SERVICES:-order payment inventory user notification}"
# the official image sets POSTGRES_USER / POSTGRES_DB for its init scripts
user="${PGUSER:-${POSTGRES_USER:-postgres}}"
db="${POSTGRES_DB:-postgres}"

for svc in ${services}; do
  psql -X -q -v ON_ERROR_STOP=1 --username "${user}" --dbname "${db}" -v svc="${svc}" -f "${sql}"
done
