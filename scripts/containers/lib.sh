#!/usr/bin/env bash
# Shared code of scripts/containers/*: where the container engine and the images
# built here live, and how to reach the engine. Source after scripts/lib/common.sh.
#
# The project's users have Docker and a registry: `docker compose up --build` just
# works for them. These scripts exist for a machine with neither (CI here): they
# start Docker from Debian's packages and build every image the system needs,
# infrastructure included, from Debian packages, Maven jars and Go modules.
# Everything slow to rebuild lives in a per-user cache outside the clone
# (SHOP_TOOLS_CACHE, default ~/.cache/shop-reference), so a fresh clone reuses it.

CONTAINERS_CACHE="${SHOP_TOOLS_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/shop-reference}/containers"
mkdir -p "${CONTAINERS_CACHE}"
# Debian's client: the docker first on PATH may be a newer one without buildx.
DOCKER="${DOCKER:-$(command -v /usr/bin/docker || command -v docker || echo docker)}"
export DOCKER_BUILDKIT=1

# docker_up: true when a Docker engine answers.
docker_up() { "${DOCKER}" info >/dev/null 2>&1; }

# require_docker: die with the way out when no engine answers.
require_docker() {
  docker_up || die "no Docker engine answers (${DOCKER} info failed)" \
    "start one: bash scripts/containers/engine.sh start (or your own Docker Desktop / dockerd)"
}

# local_node_image: the Node base image built here (base-images.sh), tagged like the official one.
local_node_image() { echo "shop-local/node:$(tr -d 'v \n' < "${REPO_ROOT}/.nvmrc")-bookworm-slim"; }
