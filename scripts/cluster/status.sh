#!/usr/bin/env bash
# Status of the local one-node Kubernetes: each component's process and health endpoint,
# the node, the pods. Exit 0 when every component runs and answers.
#
#   bash scripts/cluster/status.sh            components, node, pods
#   bash scripts/cluster/status.sh --check    plus the pod/ClusterIP/DNS check of start.sh
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"

health_of() {
  case "$1" in
    etcd) etcd_ready ;;
    kube-apiserver) api_ready ;;
    kube-controller-manager) curl -fsk --max-time 2 "https://127.0.0.1:${CONTROLLER_MANAGER_PORT}/healthz" >/dev/null 2>&1 ;;
    kube-scheduler) curl -fsk --max-time 2 "https://127.0.0.1:${SCHEDULER_PORT}/healthz" >/dev/null 2>&1 ;;
    containerd) ctr --address "${CONTAINERD_SOCK}" version >/dev/null 2>&1 ;;
    kubelet) curl -fs --max-time 2 "http://127.0.0.1:${KUBELET_HEALTHZ_PORT}/healthz" >/dev/null 2>&1 ;;
    kube-proxy) curl -fs --max-time 2 "http://127.0.0.1:${KUBE_PROXY_HEALTHZ_PORT}/healthz" >/dev/null 2>&1 ;;
  esac
}
endpoint_of() {
  case "$1" in
    etcd) echo "http://127.0.0.1:${ETCD_CLIENT_PORT} (peer ${ETCD_PEER_PORT})" ;;
    kube-apiserver) echo "${API_URL}" ;;
    kube-controller-manager) echo "https://127.0.0.1:${CONTROLLER_MANAGER_PORT}" ;;
    kube-scheduler) echo "https://127.0.0.1:${SCHEDULER_PORT}" ;;
    containerd) echo "unix://${CONTAINERD_SOCK#"${REPO_ROOT}/"} (CRI streaming 127.0.0.1:${CONTAINERD_STREAM_PORT})" ;;
    kubelet) echo "https://${NODE_IP}:${KUBELET_PORT} (healthz 127.0.0.1:${KUBELET_HEALTHZ_PORT})" ;;
    kube-proxy) echo "healthz 127.0.0.1:${KUBE_PROXY_HEALTHZ_PORT}, metrics ${KUBE_PROXY_METRICS_PORT}" ;;
  esac
}

if binaries_installed; then
  log "binaries: Kubernetes ${K8S_VERSION}, CoreDNS ${COREDNS_VERSION}, crictl ${CRICTL_VERSION} cached in ${CLUSTER_CACHE}"
else
  log "binaries: NOT built (bash scripts/cluster/install.sh)"
fi
down=0
for c in "${COMPONENTS[@]}"; do
  if component_running "${c}"; then
    if health_of "${c}"; then state="running, healthy"; else state="running, NOT answering"; down=1; fi
    printf '  %-24s %-22s pid %-8s %s\n' "${c}" "${state}" "$(cat "$(component_pidfile "${c}")")" "$(endpoint_of "${c}")"
  else
    printf '  %-24s %-22s %-12s %s\n' "${c}" "stopped" "" "log: .local/cluster/logs/${c}.log"
    down=1
  fi
done
if api_ready; then
  echo
  kc get nodes -o wide || true
  echo
  kc get pods -A -o wide || true
  echo
  kc get pv 2>/dev/null | awk 'NR == 1 || /shop-local-pv/' || true
fi
echo
log "kubeconfig: ${KUBECONFIG_FILE#"${REPO_ROOT}/"} (export KUBECONFIG=${KUBECONFIG_FILE}); logs: .local/cluster/logs/"
if [[ "${1:-}" == --check ]]; then
  ((down == 0)) || die "the cluster is not fully up; no check" "bash scripts/cluster/start.sh"
  cluster_check
  log "check passed in $(elapsed_total)"
fi
exit "${down}"
