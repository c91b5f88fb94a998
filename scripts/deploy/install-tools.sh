#!/usr/bin/env bash
# Installs, once, the pinned tools of the offline deployment checks into
# ~/.cache/shop-reference/deploy (see scripts/deploy/lib.sh): kustomize, kubeconform, compose-check,
# schemagen and kind-config-check from scripts/deploy/tools (go.mod + go.sum),
# strict Kubernetes + Istio schemas, and istioctl. Re-runnable: cached tools are
# reused. `--no-istioctl` skips the slow istioctl build.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/deploy/lib.sh"
ensure_deploy_tools "$@"
log "deployment tools ready in $(elapsed_total)"
