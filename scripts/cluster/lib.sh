#!/usr/bin/env bash
# shellcheck disable=SC2034  # variables are read by the scripts that source this file
# Shared code of scripts/cluster/*: a one-node Kubernetes built from upstream components
# (k8s.io/kubernetes Go module, Debian's etcd, containerd, runc and CNI plugins, CoreDNS
# from its Go module) and run as plain background processes, for a machine that cannot
# pull kindest/node (no container registry). Source after scripts/lib/common.sh.
#
# Binaries are built once per machine into a per-user cache outside the clone, keyed by
# version: ${SHOP_TOOLS_CACHE:-~/.cache/shop-reference}/cluster/<version>/. Runtime state
# (etcd data, certificates, demo tokens, logs, pid files, containerd's images) lives in the
# clone's .local/cluster/ (git-ignored). Everything listens on 127.0.0.1 or on the pod
# bridge's address 10.244.0.1, on ports below 32768 (outside the kernel's ephemeral range).

# shellcheck source=versions.sh
source "${REPO_ROOT}/scripts/cluster/versions.sh"

CLUSTER_CACHE="${SHOP_TOOLS_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/shop-reference}/cluster"
K8S_BIN_DIR="${CLUSTER_CACHE}/${K8S_VERSION}/bin"          # kube-*, kubelet, kubectl, pause
COREDNS_BIN="${CLUSTER_CACHE}/coredns-${COREDNS_VERSION}/coredns"
CRICTL_BIN="${CLUSTER_CACHE}/crictl-${CRICTL_VERSION}/crictl"
K8S_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
KUBECTL_BIN="${K8S_BIN_DIR}/kubectl"
PAUSE_BIN="${K8S_BIN_DIR}/pause"

CLUSTER_DIR="${STATE_DIR}/cluster"
CLUSTER_LOG_DIR="${CLUSTER_DIR}/logs"
CLUSTER_PID_DIR="${CLUSTER_DIR}/pids"
PKI_DIR="${CLUSTER_DIR}/pki"                 # CA, serving cert, service-account keys, demo tokens
ETCD_DATA_DIR="${CLUSTER_DIR}/etcd"
CONTAINERD_DIR="${CLUSTER_DIR}/containerd"   # config, socket, root, state, runc root
CONTAINERD_SOCK="${CONTAINERD_DIR}/containerd.sock"
CNI_CONF_DIR="${CLUSTER_DIR}/cni/net.d"
CNI_IPAM_DIR="${CLUSTER_DIR}/cni/ipam"
CNI_BIN_DIR=/usr/lib/cni                     # Debian's containernetworking-plugins
KUBELET_DIR="${CLUSTER_DIR}/kubelet"         # kubelet --root-dir (pod volumes)
POD_LOG_DIR="${CLUSTER_DIR}/pod-logs"
PV_DIR="${CLUSTER_DIR}/volumes"              # hostPath PersistentVolumes
CONF_DIR="${CLUSTER_DIR}/config"             # kubeconfigs of the components, component configs
KUBECONFIG_FILE="${CLUSTER_DIR}/kubeconfig"  # admin kubeconfig for users
KCMD="kubectl --kubeconfig ${KUBECONFIG_FILE}"  # the command to print in fix hints

# Network. The API server and the kubelet listen on the pod bridge's gateway address
# (created by start.sh before the CNI plugin would): a local address of this machine that the
# host reaches like 127.0.0.1 and pods reach through the `kubernetes` Service. 127.0.0.1 does
# not work: pods cannot reach the host's loopback, and kubelet v1.37 refuses a loopback node
# IP ("nodeIP can't be loopback address": the node then has no address, so kubectl
# exec/logs fail with "no preferred addresses found").
NODE_NAME=shop-node
POD_CIDR=10.244.0.0/16
POD_BRIDGE=shopk8s0
API_ADDRESS=10.244.0.1
NODE_IP="${API_ADDRESS}"
SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SERVICE_IP=10.96.0.1
CLUSTER_DNS_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local
IPTABLES_FORWARD_CHAIN=SHOP-K8S-FORWARD      # accepts pod traffic past Docker's FORWARD DROP policy
IPTABLES_NAT_CHAIN=SHOP-K8S-MASQ             # pods -> outside the pod network (the host's resolver)

# Storage: pre-made hostPath PersistentVolumes of the default StorageClass `standard`
# (the infra StatefulSets claim 2Gi each: postgres, kafka; capacity is not enforced by hostPath).
PV_COUNT=8
PV_SIZE=10Gi

# Ports (all < 32768; none of the project's local ports, see README.md).
ETCD_CLIENT_PORT=12379
ETCD_PEER_PORT=12380
APISERVER_PORT=16443
CONTROLLER_MANAGER_PORT=16257
SCHEDULER_PORT=16259
KUBELET_PORT=16250
KUBELET_HEALTHZ_PORT=16248
KUBE_PROXY_HEALTHZ_PORT=16256
KUBE_PROXY_METRICS_PORT=16249
CONTAINERD_STREAM_PORT=16010                 # CRI streaming (kubectl exec/attach/port-forward)

API_URL="https://${API_ADDRESS}:${APISERVER_PORT}"

# Components in start order; stop.sh walks it backwards.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy)

mkdir -p "${CLUSTER_LOG_DIR}" "${CLUSTER_PID_DIR}"

component_log() { echo "${CLUSTER_LOG_DIR}/$1.log"; }
component_pidfile() { echo "${CLUSTER_PID_DIR}/$1.pid"; }
component_running() { pid_alive "$(component_pidfile "$1")"; }

# kubectl as the cluster's admin.
kc() { "${KUBECTL_BIN}" --kubeconfig "${KUBECONFIG_FILE}" "$@"; }

# crictl against the cluster's own containerd.
crictl_local() { "${CRICTL_BIN}" --runtime-endpoint "unix://${CONTAINERD_SOCK}" --image-endpoint "unix://${CONTAINERD_SOCK}" --timeout 20s "$@"; }

# ctr against the cluster's own containerd, in the namespace the CRI uses.
ctr_local() { ctr --address "${CONTAINERD_SOCK}" --namespace k8s.io "$@"; }

# image_ref <image>: the name containerd stores a Docker image under (shop/x:1 -> docker.io/shop/x:1).
image_ref() {
  local ref="$1" first
  [[ "${ref}" == */* ]] || ref="library/${ref}"
  first="${ref%%/*}"
  [[ "${first}" == *.* || "${first}" == *:* || "${first}" == localhost ]] || ref="docker.io/${ref}"
  [[ "${ref##*/}" == *[:@]* ]] || ref="${ref}:latest"
  echo "${ref}"
}

# prune_untagged_images: removes the images of the cluster's containerd that no name points at
# any more (a re-imported image whose previous build a container was using; ~390 MB per app
# image) and that no container uses now (crictl refuses those: they stay for the next prune).
prune_untagged_images() {
  local id
  for id in $(crictl_local images --no-trunc 2>/dev/null | awk 'NR > 1 && $1 == "<none>" && $2 == "<none>" { print $3 }'); do
    if crictl_local rmi "${id}" >/dev/null 2>&1; then log "removed the untagged image ${id:7:12} (replaced by a newer build)"; fi
  done
  return 0
}

# binaries_installed: true when install.sh has built everything start.sh needs.
binaries_installed() {
  local b
  for b in "${K8S_BINARIES[@]}" pause; do [[ -x "${K8S_BIN_DIR}/${b}" ]] || return 1; done
  [[ -x "${COREDNS_BIN}" && -x "${CRICTL_BIN}" ]]
}

require_installed() {
  binaries_installed || die "the cluster's binaries are not built (${K8S_BIN_DIR}, ${COREDNS_BIN}, ${CRICTL_BIN})" \
    "run: bash scripts/cluster/install.sh (first time: ~20 min on 2 cores)"
  [[ "$(id -u)" -eq 0 ]] || die "the cluster needs root (kubelet, containerd, iptables, mounts)" "run it as root"
}

api_ready() { curl -fsk --max-time 2 "${API_URL}/readyz" >/dev/null 2>&1; }
etcd_ready() { curl -fs --max-time 2 "http://127.0.0.1:${ETCD_CLIENT_PORT}/health" 2>/dev/null | grep -q '"health":"true"'; }

# start_component <name> <command...>: starts one long-running component in its own session
# (so a stop signal reaches it alone), stdout+stderr to its log, pid to its pid file. Kept
# when already running.
start_component() {
  local name="$1"; shift
  local pidfile log
  pidfile="$(component_pidfile "${name}")"
  log="$(component_log "${name}")"
  if pid_alive "${pidfile}"; then return 0; fi
  printf '\n===== %s start %s =====\n' "${name}" "$(date -Is)" >>"${log}"
  setsid "$@" >>"${log}" 2>&1 </dev/null &
  echo $! >"${pidfile}"
}

# stop_pid <name> <timeout s>: TERM, wait, KILL; removes the pid file.
stop_component() {
  local name="$1" timeout="${2:-30}" pidfile pid i
  pidfile="$(component_pidfile "${name}")"
  [[ -f "${pidfile}" ]] || return 0
  pid="$(cat "${pidfile}")"
  if process_running "${pid}"; then
    kill -TERM "${pid}" 2>/dev/null || true
    for ((i = 0; i < timeout * 5; i++)); do process_running "${pid}" || break; sleep 0.2; done
    if process_running "${pid}"; then kill -KILL "${pid}" 2>/dev/null || true; sleep 0.5; fi
  fi
  rm -f "${pidfile}"
}

# fail_component <name> "what": dies naming the component and the tail of its log.
fail_component() {
  local name="$1" what="$2" log
  log="$(component_log "${name}")"
  echo "----- last 25 lines of ${log#"${REPO_ROOT}/"} -----" >&2
  tail -n 25 "${log}" >&2 2>/dev/null || true
  echo "-----------------------------------" >&2
  die "${name}: ${what}" "read ${log#"${REPO_ROOT}/"}; stop with bash scripts/cluster/stop.sh and start again"
}

# --- the smoke check (start.sh, status.sh --check) -------------------------------------------
CHECK_NS=shop-cluster-check

_check_manifest() {
  cat <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: ${CHECK_NS}}
---
apiVersion: v1
kind: Pod
metadata:
  name: probe
  namespace: ${CHECK_NS}
  labels: {app: probe}
spec:
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532}
  containers:
    - name: probe
      image: ${PROBE_IMAGE}
      imagePullPolicy: Never
      args: [serve, "8080"]
      ports: [{containerPort: 8080}]
      readinessProbe:
        httpGet: {path: /, port: 8080}
        periodSeconds: 1
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
---
apiVersion: v1
kind: Service
metadata:
  name: probe
  namespace: ${CHECK_NS}
spec:
  selector: {app: probe}
  ports: [{port: 80, targetPort: 8080}]
YAML
}

_check_pod() {
  kc delete namespace "${CHECK_NS}" --ignore-not-found --wait=true --timeout=90s || return 1
  _check_manifest | kc apply -f - || return 1
  kc -n "${CHECK_NS}" wait --for=condition=Ready pod/probe --timeout=90s || { kc -n "${CHECK_NS}" describe pod probe; return 1; }
  kc -n "${CHECK_NS}" get pod probe -o wide
}

_check_cluster_ip() {
  local ip pod_ip deadline=$(( $(date +%s) + 30 ))
  ip="$(kc -n "${CHECK_NS}" get service probe -o jsonpath='{.spec.clusterIP}')" || return 1
  pod_ip="$(kc -n "${CHECK_NS}" get pod probe -o jsonpath='{.status.podIP}')" || return 1
  # kube-proxy programs the Service's rules within a second or two of its endpoints.
  until curl -fsS --max-time 2 "http://${ip}/"; do
    (( $(date +%s) < deadline )) || { echo "http://${ip}/ (Service probe) did not answer within 30s" >&2; return 1; }
    sleep 0.5
  done
  curl -fsS --max-time 2 "http://${pod_ip}:8080/" || return 1
  echo "ClusterIP ${ip}:80 and pod IP ${pod_ip}:8080 answer from the host"
}

_check_dns() {
  local out
  out="$(kc -n "${CHECK_NS}" exec probe -- /probe resolve kubernetes.default probe "probe.${CHECK_NS}.svc.${CLUSTER_DOMAIN}" "kube-dns.kube-system")" \
    || { echo "${out}"; return 1; }
  echo "${out}"
  grep -q "^kubernetes.default \[${KUBERNETES_SERVICE_IP}\]$" <<<"${out}" \
    || { echo "kubernetes.default did not resolve to ${KUBERNETES_SERVICE_IP}" >&2; return 1; }
  grep -q "^kube-dns.kube-system \[${CLUSTER_DNS_IP}\]$" <<<"${out}"
}

_check_logs() { kc -n "${CHECK_NS}" logs probe | grep -q 'listening on :8080'; }

# cluster_check: a pod Running, its Service's ClusterIP and its pod IP answering from the
# host, Service names resolved by CoreDNS from inside the pod (kubectl exec), kubectl logs.
cluster_check() {
  step "check: pod ${CHECK_NS}/probe (${PROBE_IMAGE}, non-root, read-only root) Running and Ready" _check_pod \
    || die "the check pod did not become Ready" "${KCMD} -n ${CHECK_NS} describe pod probe; logs: .local/cluster/logs/kubelet.log, containerd.log"
  step "check: the Service's ClusterIP and the pod IP answer HTTP from the host (kube-proxy, bridge)" _check_cluster_ip \
    || die "the probe's ClusterIP did not answer from the host" "kube-proxy log: .local/cluster/logs/kube-proxy.log; iptables -t nat -S KUBE-SERVICES"
  step "check: kubectl exec, in the pod: kubernetes.default -> ${KUBERNETES_SERVICE_IP}, kube-dns.kube-system -> ${CLUSTER_DNS_IP} (CoreDNS)" _check_dns \
    || die "DNS from inside a pod failed" "${KCMD} -n kube-system logs deployment/coredns"
  step "check: kubectl logs" _check_logs \
    || die "kubectl logs of the probe failed" "the API server reaches the kubelet on ${NODE_IP}:${KUBELET_PORT}: kubelet log .local/cluster/logs/kubelet.log"
  kc delete namespace "${CHECK_NS}" --wait=false >/dev/null 2>&1 || true
}

# --- CRDs and namespaces the overlays need (validate-server.sh, deploy-test.sh) ---------------
# Need scripts/deploy/lib.sh sourced (_module_dir, render_flagger_install, ISTIO_API_VERSION,
# FLAGGER_VERSION): the CRDs are obtained exactly as scripts/deploy/validate.sh gets them.

# yaml_docs <keep|drop> <kind> <in> <out>: the documents of a multi-document YAML stream that
# are (keep) or are not (drop) of that kind, e.g. the CRDs of an install, or an install without
# its DaemonSet.
yaml_docs() {
  awk -v mode="$1" -v kind="$2" 'function flush() {
         if (doc != "" && ((doc ~ ("(^|\n)kind: " kind "\n")) == (mode == "keep"))) printf "---\n%s", doc; doc = "" }
       /^---$/ { flush(); next } { doc = doc $0 "\n" } END { flush() }' "$3" >"$4"
}

# only_crds <in> <out>: the CustomResourceDefinition documents, and fails when there are none.
only_crds() {
  yaml_docs keep CustomResourceDefinition "$1" "$2" && grep -q '^kind: CustomResourceDefinition$' "$2"
}

# obtain_crds <dir>: writes <dir>/istio-crds.yaml (istio.io/api@ISTIO_API_VERSION's
# kubernetes/customresourcedefinitions.gen.yaml) and <dir>/flagger-crds.yaml (the CRDs of the
# Flagger install as rendered for kind, deploy/kind/flagger; the whole install is kept as
# <dir>/flagger-install.yaml).
obtain_crds() {
  local dir="$1" istio
  istio="$(_module_dir "istio.io/api@${ISTIO_API_VERSION}")" && [[ -d "${istio}" ]] || return 1
  cp "${istio}/kubernetes/customresourcedefinitions.gen.yaml" "${dir}/istio-crds.yaml" || return 1
  render_flagger_install "${dir}/flagger-install.yaml" || return 1
  only_crds "${dir}/flagger-install.yaml" "${dir}/flagger-crds.yaml"
}

# crd_count <file>: how many CRDs the file holds (for step lines).
crd_count() { grep -c '^kind: CustomResourceDefinition$' "$1"; }

# install_crds <dir> <field manager>: server-side apply of what obtain_crds wrote, then wait
# until every CRD is Established (objects of their kinds are accepted from then on).
install_crds() {
  local dir="$1" manager="$2"
  kc apply --server-side --force-conflicts --field-manager "${manager}" \
    -f "${dir}/istio-crds.yaml" -f "${dir}/flagger-crds.yaml" >/dev/null || return 1
  kc wait --for condition=Established --timeout=60s -f "${dir}/istio-crds.yaml" -f "${dir}/flagger-crds.yaml"
}

# namespaces_used <rendered.yaml>...: every namespace the files' objects live in or create.
namespaces_used() {
  local f
  for f in "$@"; do
    awk '/^---$/ { meta = 0; next } /^kind: Namespace$/ { ns = 1 } /^metadata:/ { meta = 1; next }
         meta && /^  namespace: / { print $2 } meta && ns && /^  name: / { print $2; ns = 0 } /^[a-z]/ { meta = 0 }' "${f}"
  done | tr -d '"' | sort -u
}

# create_namespaces <name>...: creates the ones that do not exist yet.
create_namespaces() {
  local ns
  for ns in "$@"; do
    kc get namespace "${ns}" >/dev/null 2>&1 || kc create namespace "${ns}" || return 1
  done
}

# service_url <namespace> <service> <port name>: http://<ClusterIP>:<port>, which the host
# reaches through kube-proxy.
service_url() {
  local ip port
  ip="$(kc -n "$1" get service "$2" -o jsonpath='{.spec.clusterIP}')" || return 1
  port="$(kc -n "$1" get service "$2" -o jsonpath="{.spec.ports[?(@.name==\"$3\")].port}")" || return 1
  [[ -n "${ip}" && -n "${port}" ]] || return 1
  echo "http://${ip}:${port}"
}
