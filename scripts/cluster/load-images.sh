#!/usr/bin/env bash
# Copies images from the Docker engine into the local cluster's containerd (namespace
# k8s.io, the CRI's), where pods with imagePullPolicy IfNotPresent/Never find them:
#   docker save <image>... | ctr -n k8s.io --address .local/cluster/containerd/containerd.sock images import -
#
#   bash scripts/cluster/load-images.sh shop/gateway:0.1.0 shop-local/debian:bookworm ...
#
# An image containerd already holds under the same name with the same image ID (the digest
# of its config, identical in Docker and containerd) is skipped: a warm run imports only
# what was rebuilt. LOAD_IMAGES_FORCE=1 imports every image given anyway.
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"
# shellcheck source=../containers/lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"

(($# > 0)) || die "no image given" "usage: bash scripts/cluster/load-images.sh <image>..."
require_docker
ctr --address "${CONTAINERD_SOCK}" version >/dev/null 2>&1 \
  || die "the cluster's containerd does not answer on ${CONTAINERD_SOCK#"${REPO_ROOT}/"}" "start the cluster: bash scripts/cluster/start.sh"
for image in "$@"; do
  "${DOCKER}" image inspect "${image}" >/dev/null 2>&1 \
    || die "image ${image} is not in the Docker engine" "build it first (docker images lists what is there)"
done

# loaded_ids: "<name>:<tag> <image id>" of every image the cluster's containerd holds.
loaded_ids() { crictl_local images --no-trunc 2>/dev/null | awk 'NR > 1 && $2 != "<none>" { print $1 ":" $2, $3 }'; }
to_load=()
if [[ "${LOAD_IMAGES_FORCE:-0}" == 1 ]]; then
  to_load=("$@")
else
  loaded="$(loaded_ids)"
  for image in "$@"; do
    id="$("${DOCKER}" image inspect -f '{{.Id}}' "${image}")"
    grep -qxF "$(image_ref "${image}") ${id}" <<<"${loaded}" || to_load+=("${image}")
  done
fi
if ((${#to_load[@]} < $#)); then
  log "$(($# - ${#to_load[@]})) of $# image(s) already in the cluster's containerd with the same image ID: kept (LOAD_IMAGES_FORCE=1 imports them anyway)"
fi

import_images() { "${DOCKER}" save "$@" | ctr_local images import - ; }
if ((${#to_load[@]} > 0)); then
  step "load ${#to_load[@]} image(s) into the cluster's containerd: ${to_load[*]}" import_images "${to_load[@]}" \
    || die "importing ${to_load[*]} into the cluster's containerd failed" "containerd log: .local/cluster/logs/containerd.log"
  # An image whose name moved to the new import while a container used it stays untagged.
  prune_untagged_images
fi

# Docker's short names (shop/gateway:0.1.0) are stored fully qualified (docker.io/shop/gateway:0.1.0).
present="$(ctr_local images ls -q)"
for image in "$@"; do
  ref="$(image_ref "${image}")"
  grep -qxF "${ref}" <<<"${present}" || die "${image} is not listed by the cluster's containerd after the import (looked for ${ref})" \
    "ctr --address ${CONTAINERD_SOCK} -n k8s.io images ls"
done
log "loaded $* in $(elapsed_total)"
