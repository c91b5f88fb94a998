#!/usr/bin/env bash
# `docker compose` and `docker buildx` for a machine whose Docker has neither plugin
# (Debian's docker.io 20.10 has none; its docker-compose 1.29 is too old for the compose
# spec's top-level `name`, and Compose builds with BuildKit only through buildx). Each is
# built once from its Go module into ~/.cache/shop-reference/containers/<plugin>-<version>/
# and installed as a CLI plugin of the current user (~/.docker/cli-plugins), so
# `docker compose up --build` works as the README says. A plugin that answers is kept.
#
#   scripts/containers/cli-plugins.sh
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"
source "${REPO_ROOT}/scripts/containers/versions.sh"

PLUGINS_DIR="${DOCKER_CONFIG:-${HOME}/.docker}/cli-plugins"

# build_plugin <binary> <module> <version> <package> <ldflags>: `go install module@version`
# refuses modules with replace/exclude directives, so build inside the downloaded module,
# in a throw-away module and build cache (only the binary is kept).
build_plugin() {
  local binary="$1" module="$2" version="$3" package="$4" ldflags="$5"
  local work="${CONTAINERS_CACHE}/${binary}-build.tmp" dir
  chmod -R u+w "${work}" 2>/dev/null || true
  rm -rf "${work}" && mkdir -p "${work}" || return 1
  export GOMODCACHE="${work}/mod" GOCACHE="${work}/cache" GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=0
  dir="$(go mod download -json "${module}@${version}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -d "${dir}" ]] || { echo "go mod download ${module}@${version} gave no directory" >&2; return 1; }
  (cd "${dir}" && nice -n 10 go build -trimpath -ldflags "-s -w ${ldflags}" -o "${work}/${binary}" "${package}") || return 1
  mkdir -p "${CONTAINERS_CACHE}/${binary}-${version}" || return 1
  mv "${work}/${binary}" "${CONTAINERS_CACHE}/${binary}-${version}/${binary}" || return 1
  chmod -R u+w "${work}" && rm -rf "${work}"
}

# ensure_plugin <command> <binary> <module> <version> <package> <ldflags>
ensure_plugin() {
  local command="$1" binary="$2" module="$3" version="$4" package="$5" ldflags="$6" bin
  if "${DOCKER}" "${command}" version >/dev/null 2>&1; then
    log "docker ${command}: $("${DOCKER}" "${command}" version 2>/dev/null | head -n1) ... ok"
    return 0
  fi
  bin="${CONTAINERS_CACHE}/${binary}-${version}/${binary}"
  if [[ ! -x "${bin}" ]]; then
    command -v go >/dev/null 2>&1 || PATH="/usr/local/go/bin:${PATH}"
    command -v go >/dev/null 2>&1 || die "no docker ${command} plugin and no Go to build one" \
      "install Docker's ${command} plugin (https://docs.docker.com/engine/install/) or Go >= 1.26"
    step "docker ${command} ${version}: build from ${module} (first time: ~3 min)" \
      build_plugin "${binary}" "${module}" "${version}" "${package}" "${ldflags}" \
      || die "building docker ${command} failed" "see the output above; the Go module proxy must serve ${module}@${version}"
  fi
  mkdir -p "${PLUGINS_DIR}" && ln -sf "${bin}" "${PLUGINS_DIR}/${binary}"
  "${DOCKER}" "${command}" version >/dev/null 2>&1 \
    || die "docker ${command} does not answer after installing ${PLUGINS_DIR}/${binary}" "run '${bin} version' to see why"
  log "docker ${command}: $("${DOCKER}" "${command}" version | head -n1) (${PLUGINS_DIR}/${binary}) ... ok"
}

ensure_plugin buildx docker-buildx "${BUILDX_MODULE}" "${BUILDX_VERSION}" ./cmd/buildx \
  "-X ${BUILDX_MODULE}/version.Version=${BUILDX_VERSION} -X ${BUILDX_MODULE}/version.Package=${BUILDX_MODULE}"
ensure_plugin compose docker-compose "${COMPOSE_MODULE}" "${COMPOSE_VERSION}" ./cmd \
  "-X ${COMPOSE_MODULE}/internal.Version=${COMPOSE_VERSION}"
