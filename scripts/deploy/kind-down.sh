#!/usr/bin/env bash
# `make kind-down`: deletes the kind cluster created by `make kind-up` (and with it
# every workload, volume and the Istio installation). Images stay in Docker.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/deploy/versions.sh"
CLUSTER=shop
command -v kind >/dev/null 2>&1 || die "kind not found" "go install sigs.k8s.io/kind@${KIND_VERSION}"
if kind get clusters 2>/dev/null | grep -qx "${CLUSTER}"; then
  step "kind delete cluster ${CLUSTER}" kind delete cluster --name "${CLUSTER}" || die "kind could not delete the cluster" "docker ps -a --filter name=${CLUSTER}-"
else
  log "no kind cluster named ${CLUSTER} ... nothing to do"
fi
log "done in $(elapsed_total)"
