#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Shared code of scripts/infra/{install,start,stop,status}.sh: versions, ports,
# paths, and the install / start / stop logic of each component.
# Not meant to be run: it is sourced.
#
# Components: postgres redis kafka mailpit jaeger prometheus (all bind 127.0.0.1 only).

# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

# ---------------------------------------------------------------- settings --
# Ports (override with the environment).
PGPORT="${PGPORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MAILPIT_SMTP_PORT="${MAILPIT_SMTP_PORT:-1025}"
MAILPIT_HTTP_PORT="${MAILPIT_HTTP_PORT:-8025}"
JAEGER_OTLP_GRPC_PORT="${JAEGER_OTLP_GRPC_PORT:-4317}"
JAEGER_OTLP_HTTP_PORT="${JAEGER_OTLP_HTTP_PORT:-4318}"
JAEGER_UI_PORT="${JAEGER_UI_PORT:-16686}"
JAEGER_QUERY_GRPC_PORT="${JAEGER_QUERY_GRPC_PORT:-16685}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"

# Versions. Kafka: see scripts/infra/README.md for why this one (kafkajs 2.2.4 proof).
KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
MAILPIT_VERSION="${MAILPIT_VERSION:-v1.33.1}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
# Jaeger keeps traces in memory: the oldest are evicted past this count. Measured
# ~2.2 KB of RSS per span; with ~150 spans per order's trace, 2000 traces ~ 0.65 GB.
JAEGER_MAX_TRACES="${JAEGER_MAX_TRACES:-2000}"
# Soft heap target of the Jaeger process (Go GC works harder before going past it).
JAEGER_GOMEMLIMIT="${JAEGER_GOMEMLIMIT:-1GiB}"
# Prometheus keeps a laptop's worth of samples: whichever limit is reached first drops the
# oldest blocks. The SLO rules' 1d and 3d windows then cover what is kept (a demo, not a record).
PROMETHEUS_RETENTION_TIME="${PROMETHEUS_RETENTION_TIME:-1d}"
PROMETHEUS_RETENTION_SIZE="${PROMETHEUS_RETENTION_SIZE:-512MB}"

# One database + one role per service (see infra/postgres/create-service-db.sql).
PG_SERVICES="${PG_SERVICES:-order payment inventory user notification}"
# LOCAL DEMO DEFAULT: superuser password of the project-local cluster. Never use outside a dev box.
PG_SUPERUSER_PASSWORD="${PG_SUPERUSER_PASSWORD:-postgres}"

ALL_COMPONENTS=(postgres redis kafka mailpit jaeger prometheus)

# Paths.
INFRA_DIR="${REPO_ROOT}/infra"
PG_HOME="${STATE_DIR}/postgres"
PG_DATA="${PG_HOME}/data"
PG_SOCKET_DIR="${PG_HOME}/run"
REDIS_HOME="${STATE_DIR}/redis"
KAFKA_STATE="${STATE_DIR}/kafka"
KAFKA_DATA="${KAFKA_STATE}/data"
KAFKA_CLUSTER_ID_FILE="${KAFKA_STATE}/cluster-id"
KAFKA_CONFIG="${KAFKA_STATE}/server.properties"
KAFKA_HOME="${TOOLS_DIR}/kafka/${KAFKA_VERSION}"
KAFKA_LIBS="${KAFKA_HOME}/libs"
MAILPIT_HOME="${STATE_DIR}/mailpit"
MAILPIT_BIN="${TOOLS_DIR}/bin/mailpit-${MAILPIT_VERSION}/mailpit"
# Jaeger's version is the one pinned in infra/jaeger/go.mod (a Go tool module).
JAEGER_MODULE_DIR="${INFRA_DIR}/jaeger"
JAEGER_VERSION="$(awk '$1 == "github.com/jaegertracing/jaeger" { print $2; exit }' "${JAEGER_MODULE_DIR}/go.mod")"
JAEGER_BIN="${TOOLS_DIR}/bin/jaeger-${JAEGER_VERSION}/jaeger"
# The UI Jaeger serves: a source build has none, so by default the project's
# minimal trace page (infra/jaeger/ui); an unpacked jaeger-ui build (index.html +
# static/) gives the full Jaeger UI. See scripts/infra/README.md.
JAEGER_UI_ASSETS="${JAEGER_UI_ASSETS:-${JAEGER_MODULE_DIR}/ui}"
# Prometheus' version is the one pinned in infra/prometheus/go.mod (module tag v0.3XX.Y is
# Prometheus 3.XX.Y); prometheus and promtool are built side by side from that tool module.
PROMETHEUS_MODULE_DIR="${INFRA_DIR}/prometheus"
PROMETHEUS_VERSION="$(awk '$1 == "github.com/prometheus/prometheus" { print $2; exit }' "${PROMETHEUS_MODULE_DIR}/go.mod")"
PROMETHEUS_BIN_DIR="${TOOLS_DIR}/bin/prometheus-${PROMETHEUS_VERSION}"
PROMETHEUS_BIN="${PROMETHEUS_BIN_DIR}/prometheus"
PROMTOOL_BIN="${PROMETHEUS_BIN_DIR}/promtool"
PROMETHEUS_HOME="${STATE_DIR}/prometheus"
PROMETHEUS_CONFIG="${PROMETHEUS_HOME}/prometheus.yml"
# The SLO recording rules and burn-rate alerts generated from load/slo.yaml (scripts/load/slo.sh),
# the same file compose and Kubernetes load.
PROMETHEUS_SLO_RULES="${REPO_ROOT}/deploy/k8s/observability/prometheus/slo-rules.yml"

LOG_ROTATE_BYTES=$((20 * 1024 * 1024))

# ------------------------------------------------------------ small helpers --

# strict fn args...: run fn in a subshell with errexit on. `step` runs its
# command with `set +e`, so a step body wrapped in `strict` still stops at the
# first failing command, and `die` inside it ends only the step (whose output
# tail, including the "fix:" line, `step` then prints).
strict() { ( set -Eeuo pipefail; "$@" ); }

# parse_components args...: validate and expand "all" (default) into COMPONENTS;
# -h/--help prints the calling script's header comment (its usage) and exits.
parse_components() {
  COMPONENTS=()
  local a c
  if [[ $# -eq 0 ]]; then set -- all; fi
  for a in "$@"; do
    case "${a}" in
      all) COMPONENTS=("${ALL_COMPONENTS[@]}"); return 0 ;;
      postgres|redis|kafka|mailpit|jaeger|prometheus)
        for c in "${COMPONENTS[@]+"${COMPONENTS[@]}"}"; do [[ "${c}" == "${a}" ]] && continue 2; done
        COMPONENTS+=("${a}") ;;
      -h|--help) print_header_comment "$0"; exit 0 ;;
      *) die "unknown component '${a}'" "use one or more of: postgres redis kafka mailpit jaeger prometheus all" ;;
    esac
  done
}

# take_lock: serialise concurrent runs of the infra scripts (e.g. parallel test
# jobs calling start.sh). The lock fd is closed in every daemon we spawn.
take_lock() {
  exec 9>"${STATE_DIR}/.infra.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 600 9 || die "another scripts/infra run holds ${STATE_DIR}/.infra.lock for 10 min" \
      "wait for it, or find it with: fuser ${STATE_DIR}/.infra.lock"
  fi
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# proc_running pid: the process exists and is not a zombie.
proc_running() {
  local pid="$1" state
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/${pid}/status" ]] || return 1
  state="$(awk '/^State:/ {print $2; exit}' "/proc/${pid}/status" 2>/dev/null)" || return 1
  [[ -n "${state}" && "${state}" != "Z" && "${state}" != "X" ]]
}

# cmdline_of pid: the process' command line, spaces between arguments.
cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# The string that identifies each component's process in /proc/<pid>/cmdline,
# so a recycled pid is never mistaken for ours.
cmd_signature() {
  case "$1" in
    postgres) printf '%s' "postgres" ;;
    redis) printf '%s' "redis-server" ;;
    kafka) printf '%s' "kafka.Kafka" ;;
    mailpit) printf '%s' "mailpit" ;;
    jaeger) printf '%s' "jaeger" ;;
    prometheus) printf '%s' "prometheus-${PROMETHEUS_VERSION}/prometheus" ;;
  esac
}

pidfile_of() { printf '%s/%s.pid' "${PID_DIR}" "$1"; }

# our_pid name: prints the recorded pid when that process is alive and is ours.
our_pid() {
  local name="$1" f pid
  f="$(pidfile_of "${name}")"
  [[ -s "${f}" ]] || return 1
  pid="$(head -n1 "${f}")"
  proc_running "${pid}" || return 1
  [[ "$(cmdline_of "${pid}")" == *"$(cmd_signature "${name}")"* ]] || return 1
  printf '%s' "${pid}"
}


# port_holder port: "name(pid N)" of whoever listens on the port (best effort).
port_holder() {
  local port="$1" line
  if command -v ss >/dev/null 2>&1; then
    line="$(ss -ltnpH "( sport = :${port} )" 2>/dev/null | grep -o 'users:((.*))' | head -n1 || true)"
    if [[ -n "${line}" ]]; then
      # users:(("redis-server",pid=123,fd=6)) -> redis-server(pid 123)
      printf '%s' "${line}" | sed -E 's/users:\(\("([^"]+)",pid=([0-9]+).*/\1(pid \2)/'
      return 0
    fi
  fi
  printf 'an unknown process'
}

# port_holder_pid port: the pid listening on the port, when ss can tell.
port_holder_pid() {
  command -v ss >/dev/null 2>&1 || return 1
  ss -ltnpH "( sport = :$1 )" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -n1 | cut -d= -f2
}

# ensure_port_free name port envvar: die when another program holds the port.
ensure_port_free() {
  local name="$1" port="$2" var="$3" holder hpid how
  if port_open "${port}"; then
    holder="$(port_holder "${port}")"
    hpid="$(port_holder_pid "${port}" || true)"
    how="'kill ${hpid:-<pid>}'"
    case "${name}" in
      postgres) how="${how}, or for a Debian system cluster: pg_ctlcluster <ver> main stop (list: pg_lsclusters)" ;;
      redis) how="${how}, or for the Debian service: systemctl stop redis-server (or service redis-server stop)" ;;
    esac
    die "${name}: port 127.0.0.1:${port} is already taken by ${holder}, which is not the project's ${name} (its pid would be in .local/pids/${name}.pid)" \
      "stop that program (${how}), or run the project's ${name} on another port: ${var}=<port> scripts/infra/start.sh ${name}"
  fi
}

# rotate_log file: keep logs bounded (one old generation).
rotate_log() {
  local f="$1" size
  [[ -f "${f}" ]] || return 0
  size="$(stat -c %s "${f}" 2>/dev/null || echo 0)"
  if (( size > LOG_ROTATE_BYTES )); then mv -f "${f}" "${f}.1"; fi
}

# spawn name command...: start a daemon in its own session, stdout/stderr
# appended to .local/logs/<name>.log, pid (of the final exec'd program)
# recorded in .local/pids/<name>.pid.
spawn() {
  local name="$1"; shift
  local pidfile logfile i
  pidfile="$(pidfile_of "${name}")"
  logfile="${LOG_DIR}/${name}.log"
  rm -f "${pidfile}"
  rotate_log "${logfile}"
  printf '\n===== %s started by scripts/infra at %s =====\n' "${name}" "$(date '+%F %T')" >>"${logfile}"
  # the inner bash writes its own pid and execs the program, so the pid file
  # holds the daemon's pid whether or not setsid had to fork.
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "${pidfile}" "$@" >>"${logfile}" 2>&1 </dev/null 9>&- &
  for i in $(seq 50); do
    [[ -s "${pidfile}" ]] && return 0
    sleep 0.1
  done
  die "${name}: the process did not start (no pid file after 5 s)" "see ${logfile}"
}

# wait_ready name timeout check...: poll the check; fail fast when the process died.
wait_ready() {
  local name="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if ! our_pid "${name}" >/dev/null; then
      echo "----- last 30 lines of ${LOG_DIR}/${name}.log -----"
      tail -n 30 "${LOG_DIR}/${name}.log" 2>/dev/null || true
      die "${name}: the process exited during startup" "read ${LOG_DIR}/${name}.log (output above)"
    fi
    if (( $(date +%s) >= deadline )); then
      echo "----- last 30 lines of ${LOG_DIR}/${name}.log -----"
      tail -n 30 "${LOG_DIR}/${name}.log" 2>/dev/null || true
      die "${name}: not ready after ${timeout}s" "read ${LOG_DIR}/${name}.log; stop it with scripts/infra/stop.sh ${name}"
    fi
    sleep 0.2
  done
}

# component_port name: the main port, for messages.
component_port() {
  case "$1" in
    postgres) echo "${PGPORT}" ;;
    redis) echo "${REDIS_PORT}" ;;
    kafka) echo "${KAFKA_PORT}" ;;
    mailpit) echo "${MAILPIT_HTTP_PORT}" ;;
    jaeger) echo "${JAEGER_UI_PORT}" ;;
    prometheus) echo "${PROMETHEUS_PORT}" ;;
  esac
}
component_port_var() {
  case "$1" in
    postgres) echo PGPORT ;;
    redis) echo REDIS_PORT ;;
    kafka) echo KAFKA_PORT ;;
    mailpit) echo MAILPIT_HTTP_PORT ;;
    jaeger) echo JAEGER_UI_PORT ;;
    prometheus) echo PROMETHEUS_PORT ;;
  esac
}
component_endpoint() {
  case "$1" in
    postgres) echo "127.0.0.1:${PGPORT}" ;;
    redis) echo "127.0.0.1:${REDIS_PORT}" ;;
    kafka) echo "127.0.0.1:${KAFKA_PORT} (controller ${KAFKA_CONTROLLER_PORT})" ;;
    mailpit) echo "smtp 127.0.0.1:${MAILPIT_SMTP_PORT}, http 127.0.0.1:${MAILPIT_HTTP_PORT}" ;;
    jaeger) echo "otlp grpc 127.0.0.1:${JAEGER_OTLP_GRPC_PORT}, otlp http 127.0.0.1:${JAEGER_OTLP_HTTP_PORT}, ui+api http://127.0.0.1:${JAEGER_UI_PORT}" ;;
    prometheus) echo "http://127.0.0.1:${PROMETHEUS_PORT} (SLO page: /consoles/slo.html)" ;;
  esac
}

# ================================================================= install ==

# pg_bindir: bin dir of the PostgreSQL major that the data dir was made with,
# or of the newest installed one.
pg_bindir() {
  local ver=""
  if [[ -f "${PG_DATA}/PG_VERSION" ]]; then
    ver="$(cat "${PG_DATA}/PG_VERSION")"
    if [[ -x "/usr/lib/postgresql/${ver}/bin/initdb" ]]; then
      echo "/usr/lib/postgresql/${ver}/bin"; return 0
    fi
    die "postgres: ${PG_DATA} was created by PostgreSQL ${ver}, which is not installed" \
      "apt-get install -y postgresql-${ver}, or delete ${PG_HOME} to create a new cluster with the installed version"
  fi
  local initdb
  initdb="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n1)"
  [[ -n "${initdb}" ]] || return 1
  dirname "${initdb}"
}

java_major() {
  local v
  v="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
  printf '%s' "${v%%.*}"
}

# Complete, and from a list that already had the command-line tools (kafka_ready).
kafka_installed() { [[ -f "${KAFKA_HOME}/.complete" && -f "${KAFKA_LIBS}/kafka-tools-${KAFKA_VERSION}.jar" ]]; }

install_kafka_jars() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found" "apt-get install -y maven"
  local tmp="${KAFKA_HOME}.tmp.$$"
  rm -rf "${tmp}"
  mkdir -p "${tmp}/libs"
  if ! mvn -B -q -f "${INFRA_DIR}/kafka/pom.xml" -Dkafka.version="${KAFKA_VERSION}" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="${tmp}/libs"; then
    rm -rf "${tmp}"
    die "kafka: could not fetch org.apache.kafka:kafka_2.13:${KAFKA_VERSION} with Maven" \
      "check that Maven Central is reachable ('mvn -v', ~/.m2/settings.xml) and that KAFKA_VERSION=${KAFKA_VERSION} exists"
  fi
  ls "${tmp}/libs"/kafka_2.13-*.jar >/dev/null 2>&1 || die "kafka: jars fetched but kafka_2.13 missing" "inspect ${tmp}/libs"
  ls "${tmp}/libs" >"${tmp}/.complete"
  rm -rf "${KAFKA_HOME}"
  mv "${tmp}" "${KAFKA_HOME}"
}

install_mailpit() {
  go_install_binary "${MAILPIT_BIN}" "github.com/axllent/mailpit@${MAILPIT_VERSION}" \
    "-X github.com/axllent/mailpit/config.Version=${MAILPIT_VERSION}"
}

# Jaeger cannot be `go install`ed at a version (its go.mod has a replace
# directive), so it is built from the tool module infra/jaeger (go.mod + go.sum
# pin every dependency). Written to a temporary name first: an interrupted build
# never leaves a half binary that later runs would take as installed.
install_jaeger() {
  [[ -n "${JAEGER_VERSION}" ]] || die "jaeger: no github.com/jaegertracing/jaeger version in ${JAEGER_MODULE_DIR}/go.mod" \
    "restore it: cd infra/jaeger && go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0"
  require_go "Jaeger ${JAEGER_VERSION}"
  mkdir -p "$(dirname "${JAEGER_BIN}")"
  (cd "${JAEGER_MODULE_DIR}" && GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=${JAEGER_VERSION}" \
    -o "${JAEGER_BIN}.tmp" github.com/jaegertracing/jaeger/cmd/jaeger) \
    || die "jaeger: go build github.com/jaegertracing/jaeger/cmd/jaeger (${JAEGER_VERSION}) failed" \
      "check the Go module proxy (go env GOPROXY) and Go >= 1.24.6 (go version); infra/jaeger/go.sum must match go.mod: cd infra/jaeger && go mod verify"
  mv -f "${JAEGER_BIN}.tmp" "${JAEGER_BIN}"
}

# Go build tags of Prometheus: `remove_all_sd` leaves out every service discovery but the
# static, file and HTTP ones (plugins/*.go in Prometheus): local mode lists its targets, and
# the cloud SDKs (AWS, Azure, GCE, Kubernetes...) would be most of the compile time.
PROMETHEUS_BUILD_TAGS="remove_all_sd"

prometheus_installed() { [[ -x "${PROMETHEUS_BIN}" && -x "${PROMTOOL_BIN}" ]]; }

# print_progress_every n: copies its input through and, every n lines, writes the count to
# fd 8 (the terminal of the `step` line, whose own output is captured): a long build shows
# it is moving, and a failing one still leaves its whole output for the step's error tail.
print_progress_every() {
  local every="$1" count=0 line
  while IFS= read -r line; do
    printf '%s\n' "${line}"
    count=$((count + 1))
    if (( count % every == 0 )); then printf '%d ' "${count}" >&8; fi
  done
}

# prometheus and promtool from the tool module infra/prometheus (go.mod + go.sum pin every
# dependency), both in one `go build` so shared packages compile once. Built into a temporary
# directory first: an interrupted build never leaves a half pair that later runs would take as
# installed. The web UI's React bundle is not Go code and not in the module (see README.md).
install_prometheus() {
  [[ -n "${PROMETHEUS_VERSION}" ]] || die "prometheus: no github.com/prometheus/prometheus version in ${PROMETHEUS_MODULE_DIR}/go.mod" \
    "restore it: cd infra/prometheus && go get -tool github.com/prometheus/prometheus/cmd/prometheus@v0.316.0 github.com/prometheus/prometheus/cmd/promtool@v0.316.0"
  require_go "Prometheus ${PROMETHEUS_VERSION}"
  local tmp="${PROMETHEUS_BIN_DIR}.tmp.$$" source_dir release
  rm -rf "${tmp}"
  mkdir -p "${tmp}"
  cd "${PROMETHEUS_MODULE_DIR}"
  export GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0
  # The release number (3.16.0) is the VERSION file of the module, what `prometheus --version` shows.
  # Downloaded first: on a machine that never built it, `go list -m` names no directory yet.
  go mod download github.com/prometheus/prometheus \
    || die "prometheus: go mod download github.com/prometheus/prometheus@${PROMETHEUS_VERSION} failed" \
      "check the Go module proxy: go env GOPROXY; go mod download -x github.com/prometheus/prometheus in infra/prometheus shows the request"
  source_dir="$(go list -m -f '{{.Dir}}' github.com/prometheus/prometheus)"
  [[ -f "${source_dir}/VERSION" ]] || die "prometheus: no VERSION file in the module source '${source_dir}'" \
    "clear the damaged module from the cache: go clean -modcache (or remove that folder), then run again"
  release="$(cat "${source_dir}/VERSION")"
  go build -v -trimpath -tags "${PROMETHEUS_BUILD_TAGS}" \
    -ldflags "-s -w -X github.com/prometheus/common/version.Version=${release} -X github.com/prometheus/common/version.Branch=${PROMETHEUS_VERSION}" \
    -o "${tmp}/" github.com/prometheus/prometheus/cmd/prometheus github.com/prometheus/prometheus/cmd/promtool 2>&1 \
    | print_progress_every 100 \
    || die "prometheus: go build of cmd/prometheus + cmd/promtool (${PROMETHEUS_VERSION}) failed" \
      "check the Go module proxy (go env GOPROXY) and Go >= $(awk '$1 == "go" { print $2 }' go.mod) (go version); infra/prometheus/go.sum must match go.mod: cd infra/prometheus && go mod verify"
  rm -rf "${PROMETHEUS_BIN_DIR}"
  mv "${tmp}" "${PROMETHEUS_BIN_DIR}"
}

# install_components comp...: install what is missing, reuse what is there.
install_components() {
  local c apt=()
  for c in "$@"; do
    case "${c}" in
      postgres) pg_bindir >/dev/null 2>&1 || apt+=(postgresql) ;;
      redis) { command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; } || apt+=(redis-server redis-tools) ;;
      mailpit|jaeger|prometheus) command -v curl >/dev/null 2>&1 || apt+=(curl) ;;
      kafka)
        command -v java >/dev/null 2>&1 || apt+=(default-jre-headless)
        if ! kafka_installed && ! command -v mvn >/dev/null 2>&1; then apt+=(maven); fi ;;
    esac
  done
  if [[ ${#apt[@]} -gt 0 ]]; then apt_install "${apt[@]}"; fi
  for c in "$@"; do
    case "${c}" in
      kafka)
        command -v java >/dev/null 2>&1 || die "java not found" "apt-get install -y openjdk-17-jre-headless"
        local jv
        jv="$(java_major)"
        [[ "${jv}" =~ ^[0-9]+$ && "${jv}" -ge 17 ]] || die "kafka ${KAFKA_VERSION} needs Java 17 or newer, found '${jv}'" \
          "apt-get install -y openjdk-17-jre-headless (and make it the default: update-alternatives --config java)"
        if ! kafka_installed; then
          step "kafka: fetch ${KAFKA_VERSION} jars with Maven into .tools/kafka/${KAFKA_VERSION}/libs" strict install_kafka_jars
        fi ;;
      mailpit)
        if [[ ! -x "${MAILPIT_BIN}" ]]; then
          step "mailpit: go install github.com/axllent/mailpit@${MAILPIT_VERSION} (first time: 1-3 min)" strict install_mailpit
        fi ;;
      jaeger)
        if [[ ! -x "${JAEGER_BIN}" ]]; then
          step "jaeger: go build github.com/jaegertracing/jaeger/cmd/jaeger@${JAEGER_VERSION} from infra/jaeger (first time: 5-15 min)" strict install_jaeger
        fi ;;
      prometheus)
        if ! prometheus_installed; then
          step "prometheus: go build prometheus + promtool ${PROMETHEUS_VERSION} from infra/prometheus (first time: 5-15 min; packages compiled:)" \
            strict install_prometheus 8>&1
        fi ;;
    esac
  done
}

# =================================================================== postgres ==

# as_pg command...: run as the postgres OS user when we are root (PostgreSQL
# refuses to run as root), from / so no inaccessible cwd bothers it.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_check_paths() {
  if is_root; then
    id postgres >/dev/null 2>&1 || die "postgres: OS user 'postgres' missing" "apt-get install -y postgresql (it creates the user)"
    mkdir -p "${PG_HOME}"
    if ! (cd / && runuser -u postgres -- test -x "${STATE_DIR}"); then
      die "postgres: the OS user 'postgres' cannot reach ${STATE_DIR} (a parent directory is not world-searchable)" \
        "chmod o+x on each parent of ${REPO_ROOT}, or clone the repository under a world-searchable path"
    fi
  fi
  local sock="${PG_SOCKET_DIR}/.s.PGSQL.${PGPORT}"
  (( ${#sock} < 100 )) || die "postgres: socket path too long (${#sock} chars): ${sock}" "move the repository to a shorter path"
}

pg_init() {
  local bin
  bin="$(pg_bindir)" || die "postgres: no PostgreSQL server installed" "apt-get install -y postgresql"
  pg_check_paths
  mkdir -p "${PG_DATA}" "${PG_SOCKET_DIR}"
  chmod 700 "${PG_DATA}"
  if is_root; then chown postgres:postgres "${PG_HOME}" "${PG_DATA}" "${PG_SOCKET_DIR}"; fi
  local pwfile
  pwfile="$(mktemp)"
  printf '%s\n' "${PG_SUPERUSER_PASSWORD}" >"${pwfile}"
  if is_root; then chown postgres "${pwfile}"; fi
  local rc=0
  as_pg "${bin}/initdb" -D "${PG_DATA}" -U postgres --pwfile="${pwfile}" \
    --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 || rc=$?
  rm -f "${pwfile}"
  [[ "${rc}" -eq 0 ]] || die "postgres: initdb failed" "fix the cause above, then: rm -rf ${PG_HOME} && scripts/infra/start.sh postgres"

  # Settings. Port and socket directory are passed at each start (env overrides).
  cat >>"${PG_DATA}/postgresql.conf" <<'EOF'

# ---- project-local settings (scripts/infra/start.sh) ----
listen_addresses = '127.0.0.1'
max_connections = 200
password_encryption = 'scram-sha-256'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  # Only local clients: unix socket (peer: the postgres OS user administers the
  # cluster) and 127.0.0.1 / ::1 with scram-sha-256 passwords.
  cat >"${PG_DATA}/pg_hba.conf" <<'EOF'
# Project-local cluster (scripts/infra/start.sh): local connections only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  peer
host    all       all   127.0.0.1/32   scram-sha-256
host    all       all   ::1/128        scram-sha-256
EOF
  if is_root; then chown postgres:postgres "${PG_DATA}/postgresql.conf" "${PG_DATA}/pg_hba.conf"; fi
}

pg_launch() {
  local bin logfile="${LOG_DIR}/postgres.log"
  bin="$(pg_bindir)"
  pg_check_paths
  mkdir -p "${PG_SOCKET_DIR}"
  rotate_log "${logfile}"
  touch "${logfile}"
  if is_root; then chown postgres:postgres "${PG_SOCKET_DIR}" "${logfile}"; fi
  # pg_ctl -w returns once the server accepts connections; it detaches the postmaster (setsid).
  if ! as_pg "${bin}/pg_ctl" -D "${PG_DATA}" -l "${logfile}" -w -t 60 \
      -o "-p ${PGPORT} -k ${PG_SOCKET_DIR} -c listen_addresses=127.0.0.1" start 9>&-; then
    echo "----- last 30 lines of ${logfile} -----"
    tail -n 30 "${logfile}" || true
    die "postgres: pg_ctl start failed" "read ${logfile}; a stale ${PG_DATA}/postmaster.pid after a crash is removed by postgres itself if its pid is gone"
  fi
  head -n1 "${PG_DATA}/postmaster.pid" >"$(pidfile_of postgres)"
}

pg_ready() {
  local bin
  bin="$(pg_bindir)"
  "${bin}/pg_isready" -q -h 127.0.0.1 -p "${PGPORT}" -t 2
}

# psql as the cluster superuser over the unix socket (peer authentication).
pg_admin_psql() {
  as_pg psql -X -q -v ON_ERROR_STOP=1 -h "${PG_SOCKET_DIR}" -p "${PGPORT}" -U postgres -d postgres "$@"
}

pg_provision() {
  # LOCAL DEMO DEFAULT password, reset at each start so the documented value always works.
  pg_admin_psql -v pw="${PG_SUPERUSER_PASSWORD}" <<'SQL' || die "postgres: could not set the superuser password" "read ${LOG_DIR}/postgres.log"
SELECT format('ALTER ROLE postgres PASSWORD %L', :'pw') \gexec
SQL
  local svc
  for svc in ${PG_SERVICES}; do
    pg_admin_psql -v svc="${svc}" -f - <"${INFRA_DIR}/postgres/create-service-db.sql" \
      || die "postgres: provisioning ${svc}_db / ${svc}_svc failed" "run it by hand to see why: psql -h ${PG_SOCKET_DIR} -U postgres -v svc=${svc} -f infra/postgres/create-service-db.sql"
  done
}

# ====================================================================== redis ==

redis_launch() {
  mkdir -p "${REDIS_HOME}"
  spawn redis redis-server --bind 127.0.0.1 --port "${REDIS_PORT}" --protected-mode yes \
    --save '' --appendonly no --daemonize no --dir "${REDIS_HOME}" --logfile ''
}

redis_ready() { [[ "$(redis-cli -h 127.0.0.1 -p "${REDIS_PORT}" ping 2>/dev/null)" == "PONG" ]]; }

# ====================================================================== kafka ==

# kafka_cmd main-class args...: sets KAFKA_CMD to the java command line.
kafka_cmd() {
  # shellcheck disable=SC2206 # KAFKA_HEAP_OPTS holds several options on purpose
  KAFKA_CMD=(java ${KAFKA_HEAP_OPTS} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    -Dlog4j2.configurationFile="${INFRA_DIR}/kafka/log4j2.xml" -Dkafka.logs.dir="${LOG_DIR}"
    -cp "${KAFKA_LIBS}/*" "$@")
}

kafka_render_config() {
  mkdir -p "${KAFKA_DATA}"
  sed -e "s#@KAFKA_PORT@#${KAFKA_PORT}#g" \
      -e "s#@KAFKA_CONTROLLER_PORT@#${KAFKA_CONTROLLER_PORT}#g" \
      -e "s#@KAFKA_DATA_DIR@#${KAFKA_DATA}#g" \
      "${INFRA_DIR}/kafka/server.properties.template" >"${KAFKA_CONFIG}.tmp"
  mv -f "${KAFKA_CONFIG}.tmp" "${KAFKA_CONFIG}"
}

kafka_formatted() { [[ -f "${KAFKA_DATA}/meta.properties" ]]; }

# A cluster id is 16 random bytes, base64url without padding (what
# `kafka-storage random-uuid` prints); Kafka rejects ids starting with '-'.
kafka_new_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "${id}" != -* ]] && break
  done
  printf '%s' "${id}"
}

kafka_format() {
  kafka_render_config
  local cid
  if [[ -s "${KAFKA_CLUSTER_ID_FILE}" ]]; then
    cid="$(cat "${KAFKA_CLUSTER_ID_FILE}")"
  else
    cid="$(kafka_new_cluster_id)"
    printf '%s\n' "${cid}" >"${KAFKA_CLUSTER_ID_FILE}"
  fi
  kafka_cmd kafka.tools.StorageTool format --ignore-formatted -t "${cid}" -c "${KAFKA_CONFIG}"
  "${KAFKA_CMD[@]}" \
    || die "kafka: storage format failed" "read the output above; to start from scratch: scripts/infra/stop.sh kafka && rm -rf ${KAFKA_STATE}"
}

kafka_launch() {
  kafka_render_config
  # keep the recorded cluster id in step with the formatted storage
  local cid
  cid="$(sed -n 's/^cluster.id=//p' "${KAFKA_DATA}/meta.properties")"
  if [[ -n "${cid}" && "$(cat "${KAFKA_CLUSTER_ID_FILE}" 2>/dev/null)" != "${cid}" ]]; then
    printf '%s\n' "${cid}" >"${KAFKA_CLUSTER_ID_FILE}"
  fi
  kafka_cmd kafka.Kafka "${KAFKA_CONFIG}"
  spawn kafka "${KAFKA_CMD[@]}"
}

# kafka_ready [port]: Kafka's own kafka-broker-api-versions tool must list a
# broker. The broker opens its client listener only at the end of startup, and
# lists itself in metadata only once the controller has registered and unfenced
# it, so an open port alone is not "ready". A small heap and the C1 compiler keep
# each probe's JVM at ~0.7 s.
kafka_ready() {
  local port="${1:-${KAFKA_PORT}}"
  timeout 20 java -Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "${KAFKA_LIBS}/*" \
    org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:${port}" 2>/dev/null \
    | grep -q "^127.0.0.1:${port} (id: [0-9]* .*isFenced: false)"
}

# ==================================================================== mailpit ==

mailpit_launch() {
  mkdir -p "${MAILPIT_HOME}"
  spawn mailpit "${MAILPIT_BIN}" \
    --smtp "127.0.0.1:${MAILPIT_SMTP_PORT}" --listen "127.0.0.1:${MAILPIT_HTTP_PORT}" \
    --database "${MAILPIT_HOME}/mailpit.db" \
    --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --disable-version-check --smtp-disable-rdns
}

mailpit_ready() {
  curl -fsS -m 2 "http://127.0.0.1:${MAILPIT_HTTP_PORT}/api/v1/info" >/dev/null && port_open "${MAILPIT_SMTP_PORT}"
}

# ===================================================================== jaeger ==

jaeger_launch() {
  if [[ -n "${JAEGER_UI_ASSETS}" && ! -f "${JAEGER_UI_ASSETS}/index.html" ]]; then
    die "jaeger: JAEGER_UI_ASSETS=${JAEGER_UI_ASSETS} has no index.html" \
      "point it at an unpacked jaeger-ui build (the directory with index.html and static/), or unset it"
  fi
  spawn jaeger env \
    JAEGER_OTLP_GRPC_PORT="${JAEGER_OTLP_GRPC_PORT}" JAEGER_OTLP_HTTP_PORT="${JAEGER_OTLP_HTTP_PORT}" \
    JAEGER_UI_PORT="${JAEGER_UI_PORT}" JAEGER_QUERY_GRPC_PORT="${JAEGER_QUERY_GRPC_PORT}" \
    JAEGER_MAX_TRACES="${JAEGER_MAX_TRACES}" JAEGER_UI_ASSETS="${JAEGER_UI_ASSETS}" \
    GOMEMLIMIT="${JAEGER_GOMEMLIMIT}" \
    "${JAEGER_BIN}" --config "${JAEGER_MODULE_DIR}/config.yaml"
}

# Ready when the query API answers and both OTLP receivers accept connections.
jaeger_ready() {
  curl -fsS -m 2 "http://127.0.0.1:${JAEGER_UI_PORT}/api/services" >/dev/null \
    && port_open "${JAEGER_OTLP_HTTP_PORT}" && port_open "${JAEGER_OTLP_GRPC_PORT}"
}

# ================================================================= prometheus ==

# prometheus_scrape_targets: one static target per app of local mode, on the app's admin port,
# labelled app=<name> as in compose and Kubernetes (the SLO rules select on that label). The
# list is read from scripts/local/apps.sh and deploy/local/<app>.env, never kept by hand here:
# an app added there is scraped without a second edit.
prometheus_scrape_targets() {
  (
    # shellcheck source=../local/apps.sh
    source "${REPO_ROOT}/scripts/local/apps.sh"
    local app name port
    for app in "${APPS[@]}"; do
      name="$(app_name "${app}")"
      port="$(app_admin_port "${name}")"
      [[ -n "${port}" ]] || die "prometheus: no ADMIN_PORT for ${name} in deploy/local/services.env or deploy/local/${name}.env" \
        "set ADMIN_PORT=<port> in deploy/local/${name}.env (every app serves /metrics there)"
      printf "      - targets: ['127.0.0.1:%s']\n        labels: { app: %s }\n" "${port}" "${name}"
    done
  )
}

# prometheus_render_config: .local/prometheus/prometheus.yml from the template, then promtool
# checks it and the SLO rules, so a broken rule file stops here with its own error message
# instead of a daemon that exits during startup.
prometheus_render_config() {
  mkdir -p "${PROMETHEUS_HOME}"
  local targets
  targets="$(prometheus_scrape_targets)"
  awk -v rules="${PROMETHEUS_SLO_RULES}" -v targets="${targets}" \
    '/^@SCRAPE_TARGETS@$/ { print targets; next } { gsub(/@SLO_RULES@/, rules); print }' \
    "${PROMETHEUS_MODULE_DIR}/prometheus.yml.template" >"${PROMETHEUS_CONFIG}.tmp"
  mv -f "${PROMETHEUS_CONFIG}.tmp" "${PROMETHEUS_CONFIG}"
  "${PROMTOOL_BIN}" check config "${PROMETHEUS_CONFIG}" \
    || die "prometheus: ${PROMETHEUS_CONFIG} or the rules it loads are invalid (promtool output above)" \
      "regenerate the SLO rules with 'bash scripts/load/slo.sh', or fix infra/prometheus/prometheus.yml.template"
}

prometheus_launch() {
  prometheus_render_config
  # The web UI's React bundle is not part of a source build: the SLO state is served as a console
  # template (infra/prometheus/consoles/slo.html) at /consoles/slo.html, next to the HTTP API.
  # The page needs no shared *.lib templates, so the libraries path is that same folder.
  spawn prometheus "${PROMETHEUS_BIN}" \
    --config.file="${PROMETHEUS_CONFIG}" \
    --web.listen-address="127.0.0.1:${PROMETHEUS_PORT}" \
    --storage.tsdb.path="${PROMETHEUS_HOME}/data" \
    --storage.tsdb.retention.time="${PROMETHEUS_RETENTION_TIME}" \
    --storage.tsdb.retention.size="${PROMETHEUS_RETENTION_SIZE}" \
    --web.console.templates="${PROMETHEUS_MODULE_DIR}/consoles" \
    --web.console.libraries="${PROMETHEUS_MODULE_DIR}/consoles"
}

# Ready once the TSDB is open and the configuration (with the rules) is applied.
prometheus_ready() { curl -fsS -m 2 "http://127.0.0.1:${PROMETHEUS_PORT}/-/ready" >/dev/null; }

# ======================================================================= stop ==

# stop_component name: signal the recorded pid, wait, escalate after a bound.
stop_component() {
  local name="$1" pid sig timeout f
  f="$(pidfile_of "${name}")"
  if ! pid="$(our_pid "${name}")"; then
    if [[ -f "${f}" ]]; then rm -f "${f}"; fi
    return 10   # not running
  fi
  case "${name}" in
    postgres) sig=INT; timeout=60 ;;   # SIGINT = "fast" shutdown: disconnects clients, clean checkpoint
    kafka) sig=TERM; timeout=60 ;;     # controlled shutdown
    *) sig=TERM; timeout=15 ;;
  esac
  kill -s "${sig}" "${pid}" 2>/dev/null || true
  local deadline=$(( $(date +%s) + timeout ))
  while proc_running "${pid}"; do
    if (( $(date +%s) >= deadline )); then
      echo "${name} (pid ${pid}) still running ${timeout}s after SIG${sig}: sending SIGKILL"
      if [[ "${name}" == postgres ]]; then kill -s QUIT "${pid}" 2>/dev/null || true; sleep 2; fi
      kill -s KILL "${pid}" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
  done
  rm -f "${f}"
}

# pg_adopt: when our pid file is missing/stale but the cluster in .local/postgres
# is running (postmaster.pid names a live postgres), record that pid again.
pg_adopt() {
  our_pid postgres >/dev/null && return 0
  [[ -s "${PG_DATA}/postmaster.pid" ]] || return 1
  local pid
  pid="$(head -n1 "${PG_DATA}/postmaster.pid")"
  proc_running "${pid}" || return 1
  [[ "$(cmdline_of "${pid}")" == *postgres* ]] || return 1
  printf '%s\n' "${pid}" >"$(pidfile_of postgres)"
}

# print_header_comment file: the comment block at the top of a script (its usage text).
print_header_comment() {
  awk 'NR == 1 || /^# shellcheck/ { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}
