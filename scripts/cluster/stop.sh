#!/usr/bin/env bash
# Stops the local one-node Kubernetes started by start.sh, in reverse order, and removes
# what it set up on the machine, so that the next start.sh starts clean:
#
#   kube-proxy (then `kube-proxy --cleanup`: its KUBE-* iptables chains) -> kubelet ->
#   every pod sandbox through the CRI (crictl stopp/rmp: the CNI plugins remove the veths
#   and IP reservations) -> containerd (and any shim of its own left) -> leftover mounts
#   under .local/cluster -> scheduler, controller-manager, API server, etcd -> the pod
#   bridge and the SHOP-K8S-* iptables chains -> the kubelet's kubepods cgroups
#
# Keeps: the built binaries (~/.cache/shop-reference/cluster), and the cluster's state in
# .local/cluster (etcd data: the API objects survive a restart; certificates, demo tokens,
# images in containerd, volumes). `--purge` deletes that state too (next start: a new cluster).
#
#   bash scripts/cluster/stop.sh [--purge]
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"

PURGE=0
case "${1:-}" in
  --purge) PURGE=1 ;;
  "") ;;
  *) die "unknown argument: $1" "usage: bash scripts/cluster/stop.sh [--purge]" ;;
esac
[[ "$(id -u)" -eq 0 ]] || die "stop.sh needs root (it started root processes)" "run it as root"

stop_one() { # <component> <timeout s>
  local name="$1" pidfile
  pidfile="$(component_pidfile "${name}")"
  if [[ -f "${pidfile}" ]] && process_running "$(cat "${pidfile}")"; then
    step "${name}: stop (pid $(cat "${pidfile}"))" stop_component "${name}" "$2" \
      || die "${name} did not stop" "kill -KILL $(cat "${pidfile}")"
  else
    rm -f "${pidfile}"
    log "${name}: not running"
  fi
}

# --- node side ---------------------------------------------------------------------------------
stop_one kube-proxy 20
if [[ -x "${K8S_BIN_DIR}/kube-proxy" ]] && iptables -w -t nat -S KUBE-SERVICES >/dev/null 2>&1; then
  step "kube-proxy --cleanup: remove its KUBE-* iptables rules" "${K8S_BIN_DIR}/kube-proxy" --cleanup \
    || log "kube-proxy --cleanup reported errors (see above); remaining: iptables-save | grep KUBE-"
fi
stop_one kubelet 30

containerd_answers() { component_running containerd && ctr --address "${CONTAINERD_SOCK}" version >/dev/null 2>&1; }
remove_sandboxes() {
  local ids
  ids="$(crictl_local pods -q)" || return 1
  [[ -z "${ids}" ]] && { echo "no pod sandboxes"; return 0; }
  # shellcheck disable=SC2086
  crictl_local stopp ${ids} || return 1
  # shellcheck disable=SC2086
  crictl_local rmp --force ${ids}
}
if containerd_answers && [[ -x "${CRICTL_BIN}" ]]; then
  step "pods: stop and remove every pod sandbox through the CRI (CNI teardown)" remove_sandboxes \
    || log "some pod sandboxes could not be removed (see above); the cleanup below continues"
fi
stop_one containerd 30

# Shims of this containerd (identified by its socket) left running: containers that the CRI
# could not remove. Containers of Docker's containerd have another address.
kill_own_shims() {
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address ${CONTAINERD_SOCK}( |$)" || true); do
    echo "killing shim ${pid}: $(tr '\0' ' ' <"/proc/${pid}/cmdline")"
    kill -KILL "${pid}" 2>/dev/null || true
  done
}
if pgrep -f "containerd-shim-runc-v2 .*-address ${CONTAINERD_SOCK}( |$)" >/dev/null; then
  step "containerd shims of this cluster left running: kill" kill_own_shims || true
fi

# Pod volumes (tmpfs secrets, projected tokens), container root filesystems, shm: unmount
# what is still mounted under .local/cluster, deepest first.
unmount_leftovers() {
  local m
  for m in $(findmnt -rn -o TARGET | grep -F "${CLUSTER_DIR}/" | sort -r); do
    umount "${m}" 2>/dev/null || umount -l "${m}" || return 1
    echo "unmounted ${m}"
  done
}
if findmnt -rn -o TARGET | grep -qF "${CLUSTER_DIR}/"; then
  step "unmount leftovers under .local/cluster" unmount_leftovers || die "could not unmount everything under ${CLUSTER_DIR}" "findmnt | grep ${CLUSTER_DIR}"
fi

# --- control plane -----------------------------------------------------------------------------
stop_one kube-scheduler 20
stop_one kube-controller-manager 20
stop_one kube-apiserver 30
stop_one etcd 30

# --- machine: bridge, iptables, cgroups -----------------------------------------------------
remove_network() {
  if ip link show "${POD_BRIDGE}" >/dev/null 2>&1; then ip link delete "${POD_BRIDGE}" || return 1; fi
  while iptables -w -D FORWARD -j "${IPTABLES_FORWARD_CHAIN}" 2>/dev/null; do :; done
  if iptables -w -S "${IPTABLES_FORWARD_CHAIN}" >/dev/null 2>&1; then
    iptables -w -F "${IPTABLES_FORWARD_CHAIN}" && iptables -w -X "${IPTABLES_FORWARD_CHAIN}" || return 1
  fi
  while iptables -w -t nat -D POSTROUTING -j "${IPTABLES_NAT_CHAIN}" 2>/dev/null; do :; done
  if iptables -w -t nat -S "${IPTABLES_NAT_CHAIN}" >/dev/null 2>&1; then
    iptables -w -t nat -F "${IPTABLES_NAT_CHAIN}" && iptables -w -t nat -X "${IPTABLES_NAT_CHAIN}" || return 1
  fi
  # host-local's reservations: no pod is left, so none is in use.
  rm -rf "${CNI_IPAM_DIR:?}"/*
}
step "network: remove bridge ${POD_BRIDGE}, iptables chains ${IPTABLES_FORWARD_CHAIN} and ${IPTABLES_NAT_CHAIN}, IP reservations" \
  remove_network || die "removing the pod network failed" "ip link delete ${POD_BRIDGE}; iptables -S | grep SHOP-K8S"

# The kubelet's own iptables chains (KUBE-FIREWALL hooked into INPUT/OUTPUT, the canaries,
# the hint kube-proxy reads), in iptables and ip6tables: nothing else on this machine makes them.
remove_kubelet_chains() {
  local ipt table chain rule
  for ipt in iptables ip6tables; do
    command -v "${ipt}" >/dev/null || continue
    for table in filter nat mangle; do
      for chain in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT; do
        "${ipt}" -w -t "${table}" -S "${chain}" >/dev/null 2>&1 || continue
        # Every rule that jumps to the chain, from the built-in chains.
        while IFS= read -r rule; do
          # shellcheck disable=SC2086  # the rule's words, as iptables -S printed them
          "${ipt}" -w -t "${table}" ${rule/#-A /-D } || return 1
        done < <("${ipt}" -w -t "${table}" -S | grep -E -- "^-A [A-Z]+ (.* )?-j ${chain}( |$)")
        "${ipt}" -w -t "${table}" -F "${chain}" && "${ipt}" -w -t "${table}" -X "${chain}" || return 1
        echo "removed ${ipt} -t ${table} ${chain}"
      done
    done
  done
}
if ! component_running kubelet && ! component_running kube-proxy; then
  step "iptables: remove the kubelet's chains (KUBE-FIREWALL, KUBE-KUBELET-CANARY, KUBE-IPTABLES-HINT)" remove_kubelet_chains \
    || die "removing the kubelet's iptables chains failed" "iptables-save | grep KUBE-; ip6tables-save | grep KUBE-"
fi

# The kubelet's QoS cgroups (cgroupfs driver): empty once every pod is gone.
remove_cgroups() {
  local d
  while IFS= read -r d; do
    find "${d}" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    if [[ -d "${d}" ]]; then echo "still present (not empty): ${d}"; fi
  done < <(find /sys/fs/cgroup -mindepth 2 -maxdepth 2 -type d -name 'kubepods*' 2>/dev/null)
  return 0
}
step "cgroups: remove the kubelet's kubepods hierarchy" remove_cgroups || true

if ((PURGE)); then
  purge_state() { chmod -R u+w "${CLUSTER_DIR}" 2>/dev/null; rm -rf "${CLUSTER_DIR:?}"; }
  step "purge: remove .local/cluster (etcd data, certificates, demo tokens, images, volumes, logs)" purge_state \
    || die "could not remove ${CLUSTER_DIR}" "findmnt | grep ${CLUSTER_DIR}; then rm -rf ${CLUSTER_DIR}"
fi
log "cluster stopped in $(elapsed_total) (binaries kept in ${CLUSTER_CACHE})"
