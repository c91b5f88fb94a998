#!/usr/bin/env bash
# Builds the image of every app from the project's Dockerfile, as users do with
# `docker compose build`, tagged shop/<app>:<SHOP_IMAGE_TAG>, and prints each image's
# size and the build time. Without a registry (CI here) the Node base image is the
# one base-images.sh builds; with one, NODE_IMAGE=node:<version>-bookworm-slim.
#
#   scripts/containers/build-images.sh [app...]        (default: every app)
#
# EXTRA_CA_CERTS=<pem>: a CA that npm inside the build must trust (a proxy that
# intercepts TLS); passed as a BuildKit secret, never stored in an image. Default:
# the machine's own added CAs (/usr/local/share/ca-certificates/*.crt), if any.
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"
source "${REPO_ROOT}/scripts/deploy/versions.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"
require_docker
cd "${REPO_ROOT}"

apps=("$@")
if ((${#apps[@]} == 0)); then for app in "${APPS[@]}"; do apps+=("$(app_name "${app}")"); done; fi

if [[ -z "${NODE_IMAGE:-}" ]]; then
  bash scripts/containers/base-images.sh
  NODE_IMAGE="$(local_node_image)"
fi

secret_args=()
ca_file="${EXTRA_CA_CERTS:-}"
if [[ -z "${ca_file}" ]] && compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  ca_file="$(mktemp)"
  cat /usr/local/share/ca-certificates/*.crt >"${ca_file}"
  trap 'rm -f "${ca_file}"' EXIT
fi
if [[ -n "${ca_file}" ]]; then
  [[ -r "${ca_file}" ]] || die "EXTRA_CA_CERTS=${ca_file} is not a readable file" "point it at a PEM file of the CA to trust"
  secret_args=(--secret "id=extra_ca,src=${ca_file}")
  log "npm inside the build trusts the extra CA in ${EXTRA_CA_CERTS:-/usr/local/share/ca-certificates} (build secret)"
fi

revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
for app in "${apps[@]}"; do
  image="shop/${app}:${SHOP_IMAGE_TAG}"
  step "${image}: docker build (FROM ${NODE_IMAGE})" "${DOCKER}" build \
    --build-arg "APP=${app}" --build-arg "NODE_IMAGE=${NODE_IMAGE}" \
    --build-arg "VERSION=${SHOP_IMAGE_TAG}" --build-arg "REVISION=${revision}" \
    --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "${secret_args[@]}" -t "${image}" . \
    || die "building ${image} failed" "see the build output above; rerun: ${DOCKER} build --build-arg APP=${app} ."
done
for app in "${apps[@]}"; do
  log "$("${DOCKER}" image inspect --format "shop/${app}:${SHOP_IMAGE_TAG} {{.Size}}" "shop/${app}:${SHOP_IMAGE_TAG}" \
    | awk '{printf "%s: %.0f MB", $1, $2 / 1000000}')"
done
log "images built in $(elapsed_total)"
