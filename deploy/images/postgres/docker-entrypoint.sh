#!/usr/bin/env bash
# docker-entrypoint.sh of shop-local/postgres: the part of the official postgres image's
# entrypoint that docker-compose.yml and deploy/k8s/infra/postgres rely on, same names
# and same behaviour:
#   - `postgres [args]`, or only flags (`-c max_connections=150 ...`, which get
#     `postgres` put in front), runs the server; any other command is exec'd as it is;
#   - as root: creates PGDATA and /var/run/postgresql, chowns them to postgres and
#     re-runs itself as postgres (gosu); as another uid (k8s runAsUser 999) it goes on
#     as that uid (an uid without a passwd entry gets one from nss_wrapper);
#   - on an empty PGDATA (default /var/lib/postgresql/data): initdb with POSTGRES_USER
#     (default postgres) and POSTGRES_PASSWORD (required unless
#     POSTGRES_HOST_AUTH_METHOD=trust) plus POSTGRES_INITDB_ARGS; pg_hba.conf keeps
#     initdb's trust for the socket and 127.0.0.1/::1 and adds `host all all all
#     <password_encryption>` (scram-sha-256); then a temporary server listening only on
#     the unix socket creates POSTGRES_DB (default: POSTGRES_USER) and runs
#     /docker-entrypoint-initdb.d/* in name order: *.sh executed when executable, else
#     sourced; *.sql, *.sql.gz, *.sql.xz, *.sql.zst fed to psql; then it stops;
#   - a PGDATA that holds a database is started as it is (the scripts run only once);
#   - POSTGRES_PASSWORD_FILE, POSTGRES_USER_FILE, POSTGRES_DB_FILE,
#     POSTGRES_INITDB_ARGS_FILE read the value from a file (Docker secrets);
#   - the server itself listens on all addresses (listen_addresses='*' in the sample
#     config initdb copies).
# Not implemented: POSTGRES_INITDB_WALDIR, and the 18+ data-layout checks.
set -Eeo pipefail

# file_env VAR [DEFAULT]: VAR from itself, or from the file named by VAR_FILE.
file_env() {
  local var="$1" file_var="$1_FILE" def="${2:-}" val
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    printf >&2 'error: both %s and %s are set (but are exclusive)\n' "${var}" "${file_var}"
    exit 1
  fi
  val="${def}"
  if [ -n "${!var:-}" ]; then
    val="${!var}"
  elif [ -n "${!file_var:-}" ]; then
    val="$(<"${!file_var}")"
  fi
  export "${var}=${val}"
  unset "${file_var}"
}

setup_env() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "${POSTGRES_USER}"
  file_env POSTGRES_INITDB_ARGS
  : "${POSTGRES_HOST_AUTH_METHOD:=}"
  DATABASE_ALREADY_EXISTS=""
  if [ -s "${PGDATA}/PG_VERSION" ]; then DATABASE_ALREADY_EXISTS=true; fi
}

# The data and socket directories; chowned to postgres when running as root.
create_db_directories() {
  mkdir -p "${PGDATA}"
  # may fail on a mount we do not own; PostgreSQL then says what it needs
  chmod 00700 "${PGDATA}" || :
  mkdir -p /var/run/postgresql || :
  chmod 03775 /var/run/postgresql || :
  if [ "$(id -u)" = 0 ]; then
    find "${PGDATA}" \! -user postgres -exec chown postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
  fi
}

init_database_dir() {
  # initdb wants the current uid in /etc/passwd (e.g. `docker run --user 1234`)
  local uid wrapper
  uid="$(id -u)"
  if ! getent passwd "${uid}" >/dev/null 2>&1; then
    for wrapper in {/usr,}/lib{/*,}/libnss_wrapper.so; do
      if [ -s "${wrapper}" ]; then
        NSS_WRAPPER_PASSWD="$(mktemp)"
        NSS_WRAPPER_GROUP="$(mktemp)"
        export LD_PRELOAD="${wrapper}" NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
        printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/false\n' "${uid}" "$(id -g)" "${PGDATA}" >"${NSS_WRAPPER_PASSWD}"
        printf 'postgres:x:%s:\n' "$(id -g)" >"${NSS_WRAPPER_GROUP}"
        break
      fi
    done
  fi
  # --pwfile refuses an empty file, hence the newline
  eval 'initdb --username="${POSTGRES_USER}" --pwfile=<(printf "%s\n" "${POSTGRES_PASSWORD}") '"${POSTGRES_INITDB_ARGS}"
  if [[ "${LD_PRELOAD:-}" == */libnss_wrapper.so ]]; then
    rm -f "${NSS_WRAPPER_PASSWD}" "${NSS_WRAPPER_GROUP}"
    unset LD_PRELOAD NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
  fi
}

verify_minimum_env() {
  if [ -z "${POSTGRES_PASSWORD}" ] && [ "${POSTGRES_HOST_AUTH_METHOD}" != trust ]; then
    cat >&2 <<'EOE'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
EOE
    exit 1
  fi
  if [ "${POSTGRES_HOST_AUTH_METHOD}" = trust ]; then
    echo >&2 'WARNING: POSTGRES_HOST_AUTH_METHOD=trust: anyone who reaches the port can log in without a password.'
  fi
}

# Clients from other hosts: password authentication with the method the server hashes
# passwords with (password_encryption: scram-sha-256), unless POSTGRES_HOST_AUTH_METHOD.
setup_hba_conf() {
  if [ "$1" = postgres ]; then shift; fi
  local auth
  auth="$(postgres -C password_encryption "$@")"
  : "${POSTGRES_HOST_AUTH_METHOD:=${auth}}"
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD}" >>"${PGDATA}/pg_hba.conf"
}

# process_sql [psql args]: psql as POSTGRES_USER over the socket, into POSTGRES_DB.
process_sql() {
  local runner=(psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --no-password --no-psqlrc)
  if [ -n "${POSTGRES_DB}" ]; then runner+=(--dbname "${POSTGRES_DB}"); fi
  PGHOST='' PGHOSTADDR='' "${runner[@]}" "$@"
}

setup_db() {
  local exists
  # shellcheck disable=SC2097,SC2098 # --set db= takes our POSTGRES_DB; process_sql sees none
  exists="$(POSTGRES_DB='' process_sql --dbname postgres --set db="${POSTGRES_DB}" --tuples-only <<'EOSQL'
SELECT 1 FROM pg_database WHERE datname = :'db' ;
EOSQL
)"
  if [ -z "${exists}" ]; then
    # shellcheck disable=SC2097,SC2098
    POSTGRES_DB='' process_sql --dbname postgres --set db="${POSTGRES_DB}" <<'EOSQL'
CREATE DATABASE :"db" ;
EOSQL
  fi
}

process_init_files() {
  # kept for init scripts written for the official image, which call "${psql[@]}"
  # shellcheck disable=SC2034
  psql=(process_sql)
  local f
  for f; do
    case "${f}" in
      *.sh)
        if [ -x "${f}" ]; then
          printf '%s: running %s\n' "$0" "${f}"
          "${f}"
        else
          printf '%s: sourcing %s\n' "$0" "${f}"
          # shellcheck disable=SC1090
          . "${f}"
        fi ;;
      *.sql) printf '%s: running %s\n' "$0" "${f}"; process_sql -f "${f}" ;;
      *.sql.gz) printf '%s: running %s\n' "$0" "${f}"; gunzip -c "${f}" | process_sql ;;
      *.sql.xz) printf '%s: running %s\n' "$0" "${f}"; xzcat "${f}" | process_sql ;;
      *.sql.zst) printf '%s: running %s\n' "$0" "${f}"; zstd -dc "${f}" | process_sql ;;
      *) printf '%s: ignoring %s\n' "$0" "${f}" ;;
    esac
  done
}

# A server on the unix socket only, for the init scripts.
temp_server_start() {
  if [ "$1" = postgres ]; then shift; fi
  set -- "$@" -c listen_addresses='' -p "${PGPORT:-5432}"
  NOTIFY_SOCKET='' PGUSER="${PGUSER:-${POSTGRES_USER}}" \
    pg_ctl -D "${PGDATA}" -o "$(printf '%q ' "$@")" -w start
}

temp_server_stop() {
  PGUSER="${PGUSER:-postgres}" pg_ctl -D "${PGDATA}" -m fast -w stop
}

# options that make postgres print something and exit: no init for those
want_help() {
  local arg
  for arg; do
    case "${arg}" in
      -'?' | --help | --describe-config | -V | --version) return 0 ;;
    esac
  done
  return 1
}

main() {
  if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
  fi

  if [ "$1" = postgres ] && ! want_help "$@"; then
    setup_env
    create_db_directories
    if [ "$(id -u)" = 0 ]; then
      exec gosu postgres "${BASH_SOURCE[0]}" "$@"
    fi

    if [ -z "${DATABASE_ALREADY_EXISTS}" ]; then
      verify_minimum_env
      # fail early (before initdb) when the init scripts cannot be read
      ls /docker-entrypoint-initdb.d/ >/dev/null
      init_database_dir
      setup_hba_conf "$@"
      # psql needs it if POSTGRES_INITDB_ARGS asked for passwords on the socket too
      export PGPASSWORD="${PGPASSWORD:-${POSTGRES_PASSWORD}}"
      temp_server_start "$@"
      setup_db
      process_init_files /docker-entrypoint-initdb.d/*
      temp_server_stop
      unset PGPASSWORD
      printf '\nPostgreSQL init process complete; ready for start up.\n\n'
    else
      printf '\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n'
    fi
  fi

  exec "$@"
}

main "$@"
