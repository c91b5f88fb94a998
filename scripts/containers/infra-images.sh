#!/usr/bin/env bash
# Builds the infrastructure images the system runs next to the apps, where no registry
# is reachable (CI here): stand-ins for the official images docker-compose.yml and
# deploy/k8s/infra name, from Debian packages, Maven jars and Go modules. Each recipe is
# in deploy/images/<name>/ (Dockerfile, entrypoint, what differs from the official image).
#
#   scripts/containers/infra-images.sh [postgres|redis|kafka|mailpit ...]   (default: all)
#
#   shop-local/postgres:15-bookworm   for postgres:17.6-bookworm   (Debian's postgresql-15)
#   shop-local/redis:7.0-bookworm     for redis:7.4.5-bookworm     (Debian's redis-server)
#   shop-local/kafka:<version>        for apache/kafka:<version>   (Debian's OpenJDK 17 + Maven jars)
#   shop-local/mailpit:<version>      for axllent/mailpit:<version> (static Go build)
#
# Idempotent: an image whose label shop.recipe-hash matches its inputs (the recipe
# folder, the pinned versions in versions.sh, the pom files, the base image) is kept;
# a changed input rebuilds it. INFRA_IMAGES_REBUILD=1 rebuilds anyway, from scratch
# (docker build --no-cache: fresh Debian packages, e.g. security updates). Slow downloads are cached per machine in
# ${CONTAINERS_CACHE} (Kafka jars, Mailpit binary), so a new clone reuses them.
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"
source "${REPO_ROOT}/scripts/containers/versions.sh"
require_docker
cd "${REPO_ROOT}"

ALL_INFRA_IMAGES=(postgres redis kafka mailpit)
DEBIAN_IMAGE="shop-local/debian:${DEBIAN_SUITE}"
RECIPES="${REPO_ROOT}/deploy/images"
KAFKA_CACHE="${CONTAINERS_CACHE}/kafka-${INFRA_KAFKA_VERSION}"
MAILPIT_CACHE="${CONTAINERS_CACHE}/mailpit-${INFRA_MAILPIT_VERSION}"
# As scripts/infra builds Mailpit for local mode: static, stripped, version stamped.
MAILPIT_LDFLAGS="-s -w -X github.com/axllent/mailpit/config.Version=${INFRA_MAILPIT_VERSION}"

infra_image() {
  case "$1" in
    postgres) echo "shop-local/postgres:${INFRA_POSTGRES_MAJOR}-${DEBIAN_SUITE}" ;;
    redis) echo "shop-local/redis:${INFRA_REDIS_SERIES}-${DEBIAN_SUITE}" ;;
    kafka) echo "shop-local/kafka:${INFRA_KAFKA_VERSION}" ;;
    mailpit) echo "shop-local/mailpit:${INFRA_MAILPIT_VERSION}" ;;
  esac
}

images=("$@")
if ((${#images[@]} == 0)); then images=("${ALL_INFRA_IMAGES[@]}"); fi
for name in "${images[@]}"; do
  [[ -n "$(infra_image "${name}")" ]] || die "unknown infrastructure image '${name}'" "use one or more of: ${ALL_INFRA_IMAGES[*]}"
done

# One run at a time per machine (the caches and tags are shared by every clone).
exec 8>"${CONTAINERS_CACHE}/.infra-images.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 1800 8 || die "another infra-images.sh run holds ${CONTAINERS_CACHE}/.infra-images.lock" "wait for it to finish"
fi

bash scripts/containers/base-images.sh
base_id="$("${DOCKER}" image inspect --format '{{.Id}}' "${DEBIAN_IMAGE}")"

# recipe_hash name: sha256 of everything the image is built from (apt's package
# versions aside: INFRA_IMAGES_REBUILD=1 picks up new ones).
recipe_hash() {
  local name="$1"
  {
    echo "base ${base_id}"
    case "${name}" in
      postgres) echo "postgres ${INFRA_POSTGRES_MAJOR}" ;;
      redis) echo "redis ${INFRA_REDIS_SERIES}" ;;
      kafka) echo "kafka ${INFRA_KAFKA_VERSION}"; sha256sum infra/kafka/pom.xml ;;
      mailpit) echo "mailpit ${INFRA_MAILPIT_VERSION} ${MAILPIT_LDFLAGS}" ;;
    esac
    (cd "${RECIPES}/${name}" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -c1-64
}

image_hash() {
  "${DOCKER}" image inspect --format '{{ index .Config.Labels "shop.recipe-hash" }}' "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- downloads (cached) --

# The Kafka jars: infra/kafka/pom.xml's list, the same local mode runs.
fetch_kafka_jars() {
  [[ -f "${KAFKA_CACHE}/.complete" ]] && return 0
  command -v mvn >/dev/null || { echo "mvn not found: apt-get install -y maven"; return 1; }
  local tmp="${KAFKA_CACHE}.tmp.$$"
  rm -rf "${tmp}" && mkdir -p "${tmp}/libs"
  nice -n 10 mvn -B -q -f infra/kafka/pom.xml -Dkafka.version="${INFRA_KAFKA_VERSION}" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="${tmp}/libs" || { rm -rf "${tmp}"; return 1; }
  ls "${tmp}/libs/kafka_2.13-${INFRA_KAFKA_VERSION}.jar" "${tmp}/libs/kafka-tools-${INFRA_KAFKA_VERSION}.jar" >/dev/null || return 1
  ls "${tmp}/libs" >"${tmp}/.complete"
  rm -rf "${KAFKA_CACHE}" && mv "${tmp}" "${KAFKA_CACHE}"
}

# Every main class bin-scripts names must be in the jars (a tool that moved between
# Kafka versions would otherwise only fail when someone runs it).
check_kafka_classes() {
  if ! command -v unzip >/dev/null; then
    echo "unzip not found: skipping the check of the bin/ main classes"
    return 0
  fi
  local classes missing=() class
  classes="$(for jar in "${KAFKA_CACHE}"/libs/*.jar; do unzip -Z1 "${jar}"; done | sed -n 's#\.class$##p' | tr / .)"
  while read -r _ class _; do
    grep -qxF "${class}" <<<"${classes}" || missing+=("${class}")
  done < <(grep -v -e '^#' -e '^[[:space:]]*$' "${RECIPES}/kafka/bin-scripts"; echo "- kafka.Kafka"; echo "- kafka.docker.KafkaDockerWrapper")
  if ((${#missing[@]})); then
    echo "main classes missing from the Kafka ${INFRA_KAFKA_VERSION} jars: ${missing[*]} (fix deploy/images/kafka/bin-scripts)"
    return 1
  fi
}

build_mailpit_binary() {
  [[ -x "${MAILPIT_CACHE}/mailpit" ]] && return 0
  if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:${PATH}"; fi
  command -v go >/dev/null || { echo "go not found: install Go >= 1.24 and put it on PATH"; return 1; }
  local tmp="${MAILPIT_CACHE}.tmp.$$"
  rm -rf "${tmp}" && mkdir -p "${tmp}"
  GOBIN="${tmp}" CGO_ENABLED=0 nice -n 10 go install -trimpath -ldflags "${MAILPIT_LDFLAGS}" \
    "github.com/axllent/mailpit@${INFRA_MAILPIT_VERSION}" || { rm -rf "${tmp}"; return 1; }
  rm -rf "${MAILPIT_CACHE}" && mv "${tmp}" "${MAILPIT_CACHE}"
}

# ---------------------------------------------------------------------------- builds --

# docker_build name image hash context: the recipe's Dockerfile on a prepared context.
docker_build() {
  local name="$1" image="$2" hash="$3" ctx="$4"
  local no_cache=()
  [[ -n "${INFRA_IMAGES_REBUILD:-}" ]] && no_cache=(--no-cache)
  nice -n 10 "${DOCKER}" build "${no_cache[@]}" --build-arg "DEBIAN_IMAGE=${DEBIAN_IMAGE}" \
    --label "shop.recipe-hash=${hash}" \
    --label "org.opencontainers.image.title=${image%%:*}" \
    --label "org.opencontainers.image.version=${image##*:}" \
    --label "org.opencontainers.image.source=deploy/images/${name}" \
    -t "${image}" "${ctx}"
}

# new_context name: a build context under the cache (so jars can be hard-linked into it).
new_context() {
  local ctx
  ctx="$(mktemp -d "${CONTAINERS_CACHE}/ctx-$1.XXXXXX")"
  cp -R "${RECIPES}/$1/." "${ctx}/"
  echo "${ctx}"
}

build_image() {
  local name="$1" image="$2" hash="$3" ctx rc=0
  case "${name}" in
    postgres | redis)
      docker_build "${name}" "${image}" "${hash}" "${RECIPES}/${name}" ;;
    kafka)
      fetch_kafka_jars || return 1
      check_kafka_classes || return 1
      ctx="$(new_context kafka)"
      cp -al "${KAFKA_CACHE}/libs" "${ctx}/libs" 2>/dev/null || cp -R "${KAFKA_CACHE}/libs" "${ctx}/libs"
      docker_build "${name}" "${image}" "${hash}" "${ctx}" || rc=$?
      rm -rf "${ctx}"
      return "${rc}" ;;
    mailpit)
      build_mailpit_binary || return 1
      ctx="$(new_context mailpit)"
      cp "${MAILPIT_CACHE}/mailpit" "${ctx}/mailpit"
      docker_build "${name}" "${image}" "${hash}" "${ctx}" || rc=$?
      rm -rf "${ctx}"
      return "${rc}" ;;
  esac
}

describe() {
  case "$1" in
    postgres) echo "Debian postgresql-${INFRA_POSTGRES_MAJOR} + entrypoint" ;;
    redis) echo "Debian redis-server ${INFRA_REDIS_SERIES} + entrypoint" ;;
    kafka) echo "OpenJDK 17 + Kafka ${INFRA_KAFKA_VERSION} jars (Maven, cached; first time ~1-2 min)" ;;
    mailpit) echo "go install github.com/axllent/mailpit@${INFRA_MAILPIT_VERSION} (cached; first time ~1-3 min)" ;;
  esac
}

for name in "${images[@]}"; do
  image="$(infra_image "${name}")"
  hash="$(recipe_hash "${name}")"
  if [[ -z "${INFRA_IMAGES_REBUILD:-}" && "$(image_hash "${image}")" == "${hash}" ]]; then
    log "${image}: up to date (recipe ${hash:0:12})"
    continue
  fi
  previous="$("${DOCKER}" image inspect --format '{{.Id}}' "${image}" 2>/dev/null || true)"
  step "${image}: build ($(describe "${name}"))" build_image "${name}" "${image}" "${hash}" \
    || die "building ${image} failed" "see the output above; the recipe is deploy/images/${name}/ (rerun: bash scripts/containers/infra-images.sh ${name})"
  # the image this build replaced, now untagged: removed unless a container still uses it
  if [[ -n "${previous}" && "${previous}" != "$("${DOCKER}" image inspect --format '{{.Id}}' "${image}")" \
        && -z "$("${DOCKER}" image inspect --format '{{join .RepoTags ""}}' "${previous}" 2>/dev/null)" ]]; then
    "${DOCKER}" rmi "${previous}" >/dev/null 2>&1 || true
  fi
done

for name in "${images[@]}"; do
  image="$(infra_image "${name}")"
  log "$("${DOCKER}" image inspect --format "${image} {{.Size}}" "${image}" | awk '{printf "%s: %.0f MB", $1, $2 / 1000000}')"
done
log "infrastructure images ready in $(elapsed_total)"
