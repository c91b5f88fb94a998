#!/usr/bin/env bash
# Starts the local one-node Kubernetes (built by install.sh) as plain background processes,
# pid files and logs in .local/cluster/ (no systemd):
#
#   etcd -> kube-apiserver -> kube-controller-manager, kube-scheduler -> containerd (its own
#   config, socket, root and state: Docker's containerd is not touched) -> kubelet ->
#   kube-proxy (iptables) -> cluster add-ons: the `kubernetes` Service's endpoint, CoreDNS at
#   10.96.0.10, the default StorageClass `standard` with hostPath PersistentVolumes
#
# then waits for the node Ready and checks the cluster works: a pod Running, its ClusterIP
# answering from the host, a Service name resolved from inside a pod (and kubectl exec/logs).
# Re-runnable: what runs is kept; certificates, demo tokens and etcd data are created once.
#
#   bash scripts/cluster/start.sh              then: export KUBECONFIG=$PWD/.local/cluster/kubeconfig
#   bash scripts/cluster/start.sh --no-check   skip the pod/DNS/ClusterIP check (~10 s)
#   bash scripts/cluster/start.sh --api-only   etcd + kube-apiserver only (enough for
#                                              validate-server.sh; needs kube-apiserver + kubectl)
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"

CHECK=1
API_ONLY=0
case "${1:-}" in
  --no-check) CHECK=0 ;;
  --api-only) API_ONLY=1 ;;
  "") ;;
  *) die "unknown argument: $1" "usage: bash scripts/cluster/start.sh [--no-check | --api-only]" ;;
esac
if ((API_ONLY)); then
  [[ -x "${K8S_BIN_DIR}/kube-apiserver" && -x "${KUBECTL_BIN}" ]] || die "kube-apiserver/kubectl ${K8S_VERSION} are not built" \
    "run: bash scripts/cluster/install.sh"
  [[ "$(id -u)" -eq 0 ]] || die "the cluster needs root (bridge, iptables)" "run it as root"
else
  require_installed
fi
mkdir -p "${PKI_DIR}" "${CONF_DIR}" "${ETCD_DATA_DIR}" "${CONTAINERD_DIR}" "${CNI_CONF_DIR}" "${CNI_IPAM_DIR}" \
  "${KUBELET_DIR}" "${POD_LOG_DIR}" "${PV_DIR}"
chmod 700 "${PKI_DIR}" "${ETCD_DATA_DIR}"

# --- preflight: our ports must be free unless the component that owns them is ours ------
declare -A PORT_OWNER=(
  ["${ETCD_CLIENT_PORT}"]=etcd ["${ETCD_PEER_PORT}"]=etcd ["${APISERVER_PORT}"]=kube-apiserver
  ["${CONTROLLER_MANAGER_PORT}"]=kube-controller-manager ["${SCHEDULER_PORT}"]=kube-scheduler
  ["${CONTAINERD_STREAM_PORT}"]=containerd ["${KUBELET_PORT}"]=kubelet ["${KUBELET_HEALTHZ_PORT}"]=kubelet
  ["${KUBE_PROXY_HEALTHZ_PORT}"]=kube-proxy ["${KUBE_PROXY_METRICS_PORT}"]=kube-proxy
)
for port in "${!PORT_OWNER[@]}"; do
  owner="${PORT_OWNER[${port}]}"
  component_running "${owner}" && continue
  if ss -Hltn "sport = :${port}" | grep -q .; then
    die "port ${port} (for ${owner}) is already in use: $(ss -Hltnp "sport = :${port}" | awk '{print $NF}' | head -n1)" \
      "stop what listens there, or change the port in scripts/cluster/lib.sh"
  fi
done

# --- certificates, service-account keys, demo tokens (once) -----------------------------
# The tokens are LOCAL DEMO CREDENTIALS generated on this machine at first start, in
# .local/cluster/pki/tokens.csv (git-ignored, mode 600): never commit or reuse them.
ensure_pki() {
  local cnf="${PKI_DIR}/apiserver.cnf"
  umask 077
  if [[ ! -f "${PKI_DIR}/ca.crt" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "${PKI_DIR}/ca.key" -out "${PKI_DIR}/ca.crt" \
      -days 3650 -subj "/CN=shop-local-cluster-ca" || return 1
  fi
  if [[ ! -f "${PKI_DIR}/apiserver.crt" ]]; then
    cat >"${cnf}" <<CNF || return 1
[req]
distinguished_name = dn
[dn]
[ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:${API_ADDRESS}, IP:127.0.0.1, IP:${KUBERNETES_SERVICE_IP}, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.${CLUSTER_DOMAIN}
CNF
    openssl req -newkey rsa:2048 -nodes -keyout "${PKI_DIR}/apiserver.key" -out "${PKI_DIR}/apiserver.csr" \
      -subj "/CN=kube-apiserver" -config "${cnf}" || return 1
    openssl x509 -req -in "${PKI_DIR}/apiserver.csr" -CA "${PKI_DIR}/ca.crt" -CAkey "${PKI_DIR}/ca.key" -CAcreateserial \
      -out "${PKI_DIR}/apiserver.crt" -days 3650 -extfile "${cnf}" -extensions ext || return 1
  fi
  if [[ ! -f "${PKI_DIR}/sa.key" ]]; then
    openssl genrsa -out "${PKI_DIR}/sa.key" 2048 && openssl rsa -in "${PKI_DIR}/sa.key" -pubout -out "${PKI_DIR}/sa.pub" || return 1
  fi
  if [[ ! -f "${PKI_DIR}/tokens.csv" ]]; then
    # token,user,uid,"groups": one identity per component; the kubelet's is a node identity
    # (Node authorizer + NodeRestriction), the others match RBAC's bootstrap bindings.
    {
      printf '%s,shop-admin,shop-admin,"system:masters"\n' "$(openssl rand -hex 24)"
      printf '%s,system:kube-controller-manager,kcm,\n' "$(openssl rand -hex 24)"
      printf '%s,system:kube-scheduler,sched,\n' "$(openssl rand -hex 24)"
      printf '%s,system:node:%s,node,"system:nodes"\n' "$(openssl rand -hex 24)" "${NODE_NAME}"
      printf '%s,system:kube-proxy,proxy,\n' "$(openssl rand -hex 24)"
    } >"${PKI_DIR}/tokens.csv" || return 1
  fi
  umask 022
}
token_of() { awk -F, -v u="$1" '$2 == u {print $1}' "${PKI_DIR}/tokens.csv"; }

# write_kubeconfig <file> <user>: a kubeconfig for one identity of tokens.csv.
write_kubeconfig() {
  local file="$1" user="$2" token
  token="$(token_of "${user}")"
  [[ -n "${token}" ]] || { echo "no token for ${user} in ${PKI_DIR}/tokens.csv" >&2; return 1; }
  (umask 077 && cat >"${file}" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: shop-local
  cluster:
    server: ${API_URL}
    certificate-authority: ${PKI_DIR}/ca.crt
users:
- name: ${user}
  user:
    token: ${token}
contexts:
- name: shop-local
  context: {cluster: shop-local, user: ${user}}
current-context: shop-local
KCFG
  )
}

write_kubeconfigs() {
  write_kubeconfig "${KUBECONFIG_FILE}" shop-admin \
    && write_kubeconfig "${CONF_DIR}/controller-manager.kubeconfig" system:kube-controller-manager \
    && write_kubeconfig "${CONF_DIR}/scheduler.kubeconfig" system:kube-scheduler \
    && write_kubeconfig "${CONF_DIR}/kubelet.kubeconfig" "system:node:${NODE_NAME}" \
    && write_kubeconfig "${CONF_DIR}/kube-proxy.kubeconfig" system:kube-proxy
}

step "pki: CA, API server certificate, service-account keys, local demo tokens (.local/cluster/pki, once)" ensure_pki \
  || die "creating the cluster's certificates failed" "needs openssl; remove .local/cluster/pki to start over"
step "kubeconfigs: admin (.local/cluster/kubeconfig) and one per component" write_kubeconfigs \
  || die "writing the kubeconfigs failed" "remove .local/cluster/pki/tokens.csv to regenerate the demo tokens"

# --- network: the pod bridge (API server address) and two iptables rules ----------------
# The bridge is created here with the gateway address the CNI bridge plugin would give it,
# so the API server can listen on it before the first pod. Docker sets FORWARD's policy to
# DROP: pod traffic is accepted by an own chain; pods reach the host's resolver via NAT.
ensure_network() {
  if ! ip link show "${POD_BRIDGE}" >/dev/null 2>&1; then
    ip link add "${POD_BRIDGE}" type bridge || return 1
  fi
  ip -4 addr show dev "${POD_BRIDGE}" | grep -q "inet ${API_ADDRESS}/" \
    || ip addr add "${API_ADDRESS}/${POD_CIDR#*/}" dev "${POD_BRIDGE}" || return 1
  ip link set "${POD_BRIDGE}" up || return 1
  iptables -w -N "${IPTABLES_FORWARD_CHAIN}" 2>/dev/null || true
  iptables -w -C "${IPTABLES_FORWARD_CHAIN}" -s "${POD_CIDR}" -j ACCEPT 2>/dev/null \
    || iptables -w -A "${IPTABLES_FORWARD_CHAIN}" -s "${POD_CIDR}" -j ACCEPT || return 1
  iptables -w -C "${IPTABLES_FORWARD_CHAIN}" -d "${POD_CIDR}" -j ACCEPT 2>/dev/null \
    || iptables -w -A "${IPTABLES_FORWARD_CHAIN}" -d "${POD_CIDR}" -j ACCEPT || return 1
  iptables -w -C FORWARD -j "${IPTABLES_FORWARD_CHAIN}" 2>/dev/null \
    || iptables -w -I FORWARD 1 -j "${IPTABLES_FORWARD_CHAIN}" || return 1
  iptables -w -t nat -N "${IPTABLES_NAT_CHAIN}" 2>/dev/null || true
  iptables -w -t nat -C "${IPTABLES_NAT_CHAIN}" -s "${POD_CIDR}" ! -d "${POD_CIDR}" -j MASQUERADE 2>/dev/null \
    || iptables -w -t nat -A "${IPTABLES_NAT_CHAIN}" -s "${POD_CIDR}" ! -d "${POD_CIDR}" -j MASQUERADE || return 1
  iptables -w -t nat -C POSTROUTING -j "${IPTABLES_NAT_CHAIN}" 2>/dev/null \
    || iptables -w -t nat -A POSTROUTING -j "${IPTABLES_NAT_CHAIN}" || return 1
}
step "network: bridge ${POD_BRIDGE} ${API_ADDRESS}/${POD_CIDR#*/}, iptables chains ${IPTABLES_FORWARD_CHAIN} (filter) and ${IPTABLES_NAT_CHAIN} (nat)" \
  ensure_network || die "setting up the pod network failed" "needs root, iproute2 and iptables; see the output above"

# start_and_wait <name> <what it waits for> <timeout> <probe function> <command...>
start_and_wait() {
  local name="$1" what="$2" timeout="$3" probe="$4"; shift 4
  if component_running "${name}" && "${probe}"; then
    log "${name}: running (pid $(cat "$(component_pidfile "${name}")")) ... kept"
    return 0
  fi
  _start_and_wait() {
    start_component "${name}" "$@" || return 1
    local deadline=$(( $(date +%s) + timeout ))
    until "${probe}"; do
      component_running "${name}" || { echo "${name} exited" >&2; return 1; }
      (( $(date +%s) < deadline )) || { echo "${name}: ${what} not reached within ${timeout}s" >&2; return 1; }
      sleep 0.3
    done
  }
  step "${name}: start, wait until ${what} (log .local/cluster/logs/${name}.log)" _start_and_wait "$@" \
    || fail_component "${name}" "did not reach '${what}' within ${timeout}s"
}

# --- etcd ---------------------------------------------------------------------------------
start_and_wait etcd "/health answers on 127.0.0.1:${ETCD_CLIENT_PORT}" 60 etcd_ready \
  etcd --name shop-local --data-dir "${ETCD_DATA_DIR}" \
    --listen-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORT}" --advertise-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORT}" \
    --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-cluster "shop-local=http://127.0.0.1:${ETCD_PEER_PORT}" --initial-cluster-state new \
    --quota-backend-bytes 2147483648 --logger zap --log-level warn

# --- kube-apiserver -------------------------------------------------------------------------
# --endpoint-reconciler-type=none (CLUSTER-NOTES: needed by v1.37 here): the API server does
# not maintain the `kubernetes` Service's endpoint; start.sh writes its EndpointSlice below.
start_and_wait kube-apiserver "/readyz on ${API_URL}" 120 api_ready \
  "${K8S_BIN_DIR}/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:${ETCD_CLIENT_PORT}" \
    --bind-address "${API_ADDRESS}" --advertise-address "${API_ADDRESS}" --secure-port "${APISERVER_PORT}" \
    --tls-cert-file "${PKI_DIR}/apiserver.crt" --tls-private-key-file "${PKI_DIR}/apiserver.key" \
    --client-ca-file "${PKI_DIR}/ca.crt" --token-auth-file "${PKI_DIR}/tokens.csv" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --service-account-issuer "https://kubernetes.default.svc.${CLUSTER_DOMAIN}" \
    --service-account-key-file "${PKI_DIR}/sa.pub" --service-account-signing-key-file "${PKI_DIR}/sa.key" \
    --service-cluster-ip-range "${SERVICE_CIDR}" --endpoint-reconciler-type none \
    --kubelet-preferred-address-types InternalIP,Hostname,InternalDNS,ExternalDNS,ExternalIP \
    --allow-privileged=true --profiling=false --v=1
if ((API_ONLY)); then
  log "API server up in $(elapsed_total) (--api-only: no node): kubectl --kubeconfig ${KUBECONFIG_FILE#"${REPO_ROOT}/"} (API ${API_URL})"
  exit 0
fi

# --- controller-manager, scheduler --------------------------------------------------------
# No --authentication/authorization-kubeconfig: their secure ports serve only the always-allowed
# /healthz, /readyz, /livez here (with them, both log an error every 5 s: the API server has
# no front-proxy CA for the request-header authenticator).
cm_ready() { curl -fsk --max-time 2 "https://127.0.0.1:${CONTROLLER_MANAGER_PORT}/healthz" >/dev/null 2>&1; }
sched_ready() { curl -fsk --max-time 2 "https://127.0.0.1:${SCHEDULER_PORT}/healthz" >/dev/null 2>&1; }
start_and_wait kube-controller-manager "/healthz on 127.0.0.1:${CONTROLLER_MANAGER_PORT}" 60 cm_ready \
  "${K8S_BIN_DIR}/kube-controller-manager" \
    --kubeconfig "${CONF_DIR}/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "${CONTROLLER_MANAGER_PORT}" \
    --service-account-private-key-file "${PKI_DIR}/sa.key" --root-ca-file "${PKI_DIR}/ca.crt" \
    --use-service-account-credentials --cluster-cidr "${POD_CIDR}" --service-cluster-ip-range "${SERVICE_CIDR}" \
    --leader-elect=false --profiling=false --v=1
start_and_wait kube-scheduler "/healthz on 127.0.0.1:${SCHEDULER_PORT}" 60 sched_ready \
  "${K8S_BIN_DIR}/kube-scheduler" \
    --kubeconfig "${CONF_DIR}/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "${SCHEDULER_PORT}" --leader-elect=false --profiling=false --v=1

# --- containerd (own instance) and CNI ----------------------------------------------------
# restrict_oom_score_adj: root here lacks CAP_SYS_RESOURCE, without it every pod fails with
# "can't get final child's PID from pipe".
write_containerd_config() {
  cat >"${CONTAINERD_DIR}/config.toml" <<TOML
# Generated by scripts/cluster/start.sh: the local cluster's own containerd.
version = 2
root = "${CONTAINERD_DIR}/root"
state = "${CONTAINERD_DIR}/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "${CONTAINERD_SOCK}"

[ttrpc]
  address = "${CONTAINERD_DIR}/containerd.sock.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "${CONTAINERD_DIR}/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "${CONTAINERD_STREAM_PORT}"
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${CONTAINERD_DIR}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN_DIR}"
    conf_dir = "${CNI_CONF_DIR}"
    max_conf_num = 1
TOML
  # bridge + host-local (+ portmap for hostPort); containerd adds loopback itself.
  cat >"${CNI_CONF_DIR}/10-shop-local.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "shop-local",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${POD_BRIDGE}",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "${CNI_IPAM_DIR}",
        "ranges": [[{"subnet": "${POD_CIDR}", "gateway": "${API_ADDRESS}"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
}
containerd_ready() { ctr --address "${CONTAINERD_SOCK}" version >/dev/null 2>&1; }
step "containerd + CNI config (.local/cluster/containerd/config.toml, .local/cluster/cni/net.d)" write_containerd_config \
  || die "writing the containerd/CNI configuration failed" "check that .local/cluster is writable"
for plugin in bridge host-local portmap loopback; do
  [[ -x "${CNI_BIN_DIR}/${plugin}" ]] || die "CNI plugin ${CNI_BIN_DIR}/${plugin} missing" "bash scripts/cluster/install.sh (installs containernetworking-plugins)"
done
start_and_wait containerd "its socket answers (${CONTAINERD_SOCK#"${REPO_ROOT}/"})" 60 containerd_ready \
  containerd --config "${CONTAINERD_DIR}/config.toml" --log-level warn

# The images the cluster itself runs: in Docker (install.sh) -> into this containerd.
missing_images=()
for image in "${PAUSE_IMAGE}" "${COREDNS_IMAGE}" "${PROBE_IMAGE}"; do
  ctr_local images ls -q | grep -qxF "$(image_ref "${image}")" || missing_images+=("${image}")
done
if ((${#missing_images[@]} > 0)); then
  bash "${REPO_ROOT}/scripts/cluster/load-images.sh" "${missing_images[@]}"
else
  log "images ${PAUSE_IMAGE} ${COREDNS_IMAGE} ${PROBE_IMAGE} in containerd ... present"
fi

# --- kubelet ---------------------------------------------------------------------------------
write_kubelet_config() {
  cat >"${CONF_DIR}/kubelet.yaml" <<YAML
# Generated by scripts/cluster/start.sh.
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${NODE_IP}
port: ${KUBELET_PORT}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${KUBELET_HEALTHZ_PORT}
# kubectl logs/exec: the API server calls the kubelet without a client certificate;
# the kubelet listens on the bridge address only (not reachable from other machines).
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
cgroupDriver: cgroupfs
failSwapOn: false
failCgroupV1: false
clusterDNS: [${CLUSTER_DNS_IP}]
clusterDomain: ${CLUSTER_DOMAIN}
resolvConf: /etc/resolv.conf
podLogsDir: ${POD_LOG_DIR}
serializeImagePulls: false
maxPods: 110
evictionHard:
  memory.available: 200Mi
  nodefs.available: 3%
  imagefs.available: 3%
  nodefs.inodesFree: 3%
imageGCHighThresholdPercent: 97
imageGCLowThresholdPercent: 95
YAML
}
# Statuses written before this start (the node's, the pods') are stale until the kubelet
# reports again: the waits below only trust what was reported since it (re)started.
FRESH_SINCE=0
component_running kubelet || FRESH_SINCE="$(date +%s)"
node_ready() {
  local status heartbeat
  read -r status heartbeat < <(kc get node "${NODE_NAME}" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}{"\n"}' 2>/dev/null) || return 1
  [[ "${status}" == True ]] && (( $(date -d "${heartbeat}" +%s) >= FRESH_SINCE - 1 ))
}
kubelet_healthy() { curl -fs --max-time 2 "http://127.0.0.1:${KUBELET_HEALTHZ_PORT}/healthz" >/dev/null 2>&1; }
step "kubelet config (.local/cluster/config/kubelet.yaml)" write_kubelet_config || die "writing the kubelet config failed" ""
start_and_wait kubelet "/healthz on 127.0.0.1:${KUBELET_HEALTHZ_PORT}" 90 kubelet_healthy \
  "${K8S_BIN_DIR}/kubelet" --config "${CONF_DIR}/kubelet.yaml" --kubeconfig "${CONF_DIR}/kubelet.kubeconfig" \
    --root-dir "${KUBELET_DIR}" --hostname-override "${NODE_NAME}" --node-ip "${NODE_IP}" --v=1

step "node ${NODE_NAME}: wait until Ready" wait_for "node Ready" 120 node_ready \
  || { kc describe node "${NODE_NAME}" 2>&1 | sed -n '/Conditions:/,/Addresses:/p' >&2; fail_component kubelet "the node did not become Ready within 120s"; }

# --- kube-proxy (after the node is registered: it reads the node's address) -----------------
write_kube_proxy_config() {
  cat >"${CONF_DIR}/kube-proxy.yaml" <<YAML
# Generated by scripts/cluster/start.sh.
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection:
  kubeconfig: ${CONF_DIR}/kube-proxy.kubeconfig
hostnameOverride: ${NODE_NAME}
clusterCIDR: ${POD_CIDR}
healthzBindAddress: 127.0.0.1:${KUBE_PROXY_HEALTHZ_PORT}
metricsBindAddress: 127.0.0.1:${KUBE_PROXY_METRICS_PORT}
# Leave the machine's sysctls alone: no route_localnet=1 (NodePorts on 127.0.0.1 are not
# needed here), no nf_conntrack_max change.
iptables:
  localhostNodePorts: false
conntrack:
  maxPerCore: 0
YAML
}
kube_proxy_healthy() { curl -fs --max-time 2 "http://127.0.0.1:${KUBE_PROXY_HEALTHZ_PORT}/healthz" >/dev/null 2>&1; }
step "kube-proxy config (.local/cluster/config/kube-proxy.yaml)" write_kube_proxy_config || die "writing the kube-proxy config failed" ""
start_and_wait kube-proxy "/healthz on 127.0.0.1:${KUBE_PROXY_HEALTHZ_PORT}" 60 kube_proxy_healthy \
  "${K8S_BIN_DIR}/kube-proxy" --config "${CONF_DIR}/kube-proxy.yaml" --v=1


# --- add-ons: the `kubernetes` Service endpoint, CoreDNS, storage ----------------------------
addons_manifest() {
  cat <<YAML
# The API server's endpoint for pods (its reconciler is off, see kube-apiserver above).
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kubernetes
  namespace: default
  labels:
    kubernetes.io/service-name: kubernetes
    endpointslice.kubernetes.io/managed-by: shop-local-cluster
addressType: IPv4
endpoints:
  - addresses: ["${API_ADDRESS}"]
    conditions: {ready: true}
ports:
  - name: https
    port: ${APISERVER_PORT}
    protocol: TCP
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects:
  - {kind: ServiceAccount, name: coredns, namespace: kube-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health {
            lameduck 5s
        }
        ready
        kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
            ttl 30
        }
        prometheus :9153
        forward . /etc/resolv.conf
        cache 30
        loop
        reload
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 1
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      serviceAccountName: coredns
      priorityClassName: system-cluster-critical
      dnsPolicy: Default
      containers:
        - name: coredns
          image: ${COREDNS_IMAGE}
          imagePullPolicy: Never
          args: ["-conf", "/etc/coredns/Corefile"]
          ports:
            - {name: dns, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
            - {name: metrics, containerPort: 9153, protocol: TCP}
          readinessProbe:
            httpGet: {path: /ready, port: 8181}
            periodSeconds: 2
          livenessProbe:
            httpGet: {path: /health, port: 8080}
            initialDelaySeconds: 10
          resources:
            requests: {cpu: 50m, memory: 50Mi}
            limits: {memory: 170Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
          volumeMounts:
            - {name: config, mountPath: /etc/coredns, readOnly: true}
      volumes:
        - name: config
          configMap: {name: coredns}
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  clusterIP: ${CLUSTER_DNS_IP}
  selector: {k8s-app: kube-dns}
  ports:
    - {name: dns, port: 53, protocol: UDP}
    - {name: dns-tcp, port: 53, protocol: TCP}
    - {name: metrics, port: 9153, protocol: TCP}
---
# Storage: kind's default class name, bound to pre-made hostPath volumes (no provisioner).
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
YAML
  local i name
  for ((i = 1; i <= PV_COUNT; i++)); do
    name="$(printf 'shop-local-pv-%02d' "${i}")"
    cat <<YAML
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
  labels: {shop-local/volume: "true"}
spec:
  storageClassName: standard
  capacity: {storage: ${PV_SIZE}}
  accessModes: [ReadWriteOnce, ReadOnlyMany, ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: "${PV_DIR}/${name}", type: Directory}
YAML
  done
}

apply_addons() {
  local i
  # World-writable: the apps' images run as non-root users and hostPath has no fsGroup.
  for ((i = 1; i <= PV_COUNT; i++)); do
    mkdir -p "${PV_DIR}/$(printf 'shop-local-pv-%02d' "${i}")" && chmod 0777 "${PV_DIR}/$(printf 'shop-local-pv-%02d' "${i}")" || return 1
  done
  addons_manifest | kc apply --server-side --force-conflicts --field-manager shop-local-cluster -f - || return 1
}
step "add-ons: kubernetes endpoint, CoreDNS ${COREDNS_VERSION} (${CLUSTER_DNS_IP}), StorageClass standard + ${PV_COUNT} hostPath PVs" \
  apply_addons || die "applying the cluster add-ons failed" "see the server's message above; ${KCMD} get --raw /readyz"

# Volumes released by a deleted claim are wiped and made Available again (what a
# provisioner's Delete policy would do).
recycle_released_volumes() {
  local pv
  for pv in $(kc get pv -l shop-local/volume=true -o jsonpath='{range .items[?(@.status.phase=="Released")]}{.metadata.name}{"\n"}{end}'); do
    find "${PV_DIR:?}/${pv}" -mindepth 1 -delete || return 1
    kc patch pv "${pv}" --type json -p '[{"op": "remove", "path": "/spec/claimRef"}]' || return 1
    echo "recycled ${pv}"
  done
}
step "storage: wipe and re-arm Released volumes" recycle_released_volumes \
  || die "recycling released PersistentVolumes failed" "kubectl get pv; the data is under .local/cluster/volumes/<pv>"

coredns_ready() {
  local ready started
  while read -r ready started; do
    [[ "${ready}" == true && -n "${started}" ]] && (( $(date -d "${started}" +%s) >= FRESH_SINCE - 1 )) && return 0
  done < <(kc -n kube-system get pods -l k8s-app=kube-dns \
    -o jsonpath='{range .items[*]}{.status.containerStatuses[0].ready} {.status.containerStatuses[0].state.running.startedAt}{"\n"}{end}')
  return 1
}
wait_coredns() { kc -n kube-system rollout status deployment/coredns --timeout=120s && wait_for "CoreDNS Ready" 120 coredns_ready; }
step "CoreDNS: wait until its pod is Ready" wait_coredns \
  || { kc -n kube-system get pods -o wide >&2; kc -n kube-system logs deployment/coredns --tail=20 >&2 || true
       die "CoreDNS did not become Ready" "${KCMD} -n kube-system describe pod -l k8s-app=kube-dns; containerd log: .local/cluster/logs/containerd.log, kubelet log: .local/cluster/logs/kubelet.log"; }

if ((CHECK)); then
  cluster_check
fi
log "cluster up in $(elapsed_total): kubectl --kubeconfig ${KUBECONFIG_FILE#"${REPO_ROOT}/"} get nodes (API ${API_URL})"
