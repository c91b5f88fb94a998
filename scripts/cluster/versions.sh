#!/usr/bin/env bash
# shellcheck disable=SC2034  # variables are read by the scripts that source this file
# Pinned versions of the local one-node Kubernetes (scripts/cluster/*). Sourced by lib.sh.
#
# The control plane, kubelet, kube-proxy and kubectl are built from the k8s.io/kubernetes
# Go module (the module proxy is reachable here, the release download site is not); the
# node's runtime comes from Debian bookworm; CoreDNS from its Go module. Bumping one of
# these rebuilds exactly that piece: the cache directories are keyed by version.

# Kubernetes: k8s.io/kubernetes@${K8S_VERSION}, its staging modules (k8s.io/api,
# k8s.io/client-go, ...) at ${K8S_STAGING_VERSION}. Same minor as the kind node image
# (scripts/deploy/versions.sh KIND_NODE_IMAGE) and the kubeconform schemas (K8S_SCHEMA_VERSION).
K8S_VERSION=v1.37.2
K8S_STAGING_VERSION=v0.37.2

# The pod sandbox ("pause") image: built from the module's build/pause/linux/pause.c and
# tagged with the name the node's containerd is configured with (sandbox_image).
PAUSE_VERSION=3.10
PAUSE_IMAGE="registry.k8s.io/pause:${PAUSE_VERSION}"

# Cluster DNS: github.com/coredns/coredns@${COREDNS_VERSION} (newest release the Go
# module proxy serves), packaged as a local image.
COREDNS_VERSION=v1.15.0
COREDNS_IMAGE="shop-local/coredns:${COREDNS_VERSION}"

# The node's runtime and etcd from Debian bookworm (apt-get; versions are Debian's:
# etcd 3.4.23, containerd 1.6.20, runc 1.1.5, CNI plugins 1.1.1 when this was written).
CLUSTER_APT_PACKAGES=(etcd-server containerd runc containernetworking-plugins iptables conntrack gcc libc6-dev openssl)

# crictl (the CRI's client: stop.sh tears pod sandboxes down through it, so the CNI plugins
# remove what they set up): sigs.k8s.io/cri-tools, same minor as Kubernetes.
CRICTL_VERSION=v1.37.0

# A tiny static Go program packaged as an image, for start.sh's checks (serve HTTP, resolve
# a name from inside a pod). Bump when its source in install.sh changes.
PROBE_IMAGE=shop-local/cluster-probe:1
