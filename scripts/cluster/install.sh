#!/usr/bin/env bash
# Builds (once per machine) everything the local one-node Kubernetes needs, and
# packages the images it runs without a registry:
#
#   1. Debian packages: etcd-server, containerd, runc, containernetworking-plugins, ...
#   2. kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy and
#      kubectl from the k8s.io/kubernetes Go module (staging replaces rewritten to the
#      published k8s.io/* modules), built under `nice -n 19` in a throw-away module and
#      build cache that is deleted afterwards; only the binaries are kept
#   3. the pause binary (gcc -static of the module's build/pause/linux/pause.c), CoreDNS
#      and crictl from their Go modules, and a tiny probe program for start.sh's checks
#   4. images, under local tags, in the Docker engine: the pause image under the name the
#      node's containerd uses as sandbox image, CoreDNS, the probe
#
# Idempotent: what is cached is kept (binaries in ~/.cache/shop-reference/cluster/<version>/,
# images in Docker). An interrupted build resumes from its build tree.
#
#   bash scripts/cluster/install.sh
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"
# shellcheck source=../containers/lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"

[[ "$(id -u)" -eq 0 ]] || die "install.sh needs root (apt-get)" "run it as root"
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:${PATH}"; fi
command -v go >/dev/null 2>&1 || die "go not found (builds Kubernetes, CoreDNS and crictl from the Go module proxy)" \
  "install Go >= 1.26 (https://go.dev/dl) and put it on PATH"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOWORK=off

# --- 1. Debian packages -----------------------------------------------------------
# Debian starts packaged services through systemd only (none here); this cluster runs
# its own etcd and containerd on their own ports and sockets.
apt_install "${CLUSTER_APT_PACKAGES[@]}"

# --- 2. Kubernetes from the k8s.io/kubernetes module ------------------------------
BUILD="${CLUSTER_CACHE}/${K8S_VERSION}/build.tmp"   # throw-away: module cache, build cache, source copy
SRC="${BUILD}/src"
build_env() { env GOMODCACHE="${BUILD}/mod" GOCACHE="${BUILD}/cache" GOFLAGS="-mod=mod -modcacherw" "$@"; }

# The module as published still points its k8s.io/* dependencies at ./staging (absent from
# the module zip): a copy of it, without vendor/ and go.work, uses the published ones.
prepare_kubernetes_source() {
  local dir
  dir="$(build_env go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -d "${dir}" ]] || { echo "go mod download k8s.io/kubernetes@${K8S_VERSION} gave no directory" >&2; return 1; }
  rm -rf "${SRC}" && cp -R "${dir}" "${SRC}" && chmod -R u+w "${SRC}" || return 1
  rm -rf "${SRC}/vendor" "${SRC}"/go.work* || return 1
  sed -i -E "s#(k8s\.io/[a-z-]+) => \./staging/src/k8s\.io/[a-z-]+#\1 => \1 ${K8S_STAGING_VERSION}#" "${SRC}/go.mod" || return 1
  ! grep -q '=> ./staging' "${SRC}/go.mod" || { echo "go.mod still has staging replaces" >&2; return 1; }
  touch "${SRC}/.prepared"
}

# Downloads exactly the modules the six commands import (and records them in go.sum).
resolve_kubernetes_deps() {
  local b pkgs=()
  for b in "${K8S_BINARIES[@]}"; do pkgs+=("./cmd/${b}"); done
  (cd "${SRC}" && build_env nice -n 19 go list -deps "${pkgs[@]}" >/dev/null) || return 1
  touch "${SRC}/.resolved"
}

k8s_ldflags() {
  local v pkg flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    v="${K8S_VERSION#v}"
    flags+=" -X ${pkg}.gitVersion=${K8S_VERSION} -X ${pkg}.gitMajor=${v%%.*}"
    v="${v#*.}"
    flags+=" -X ${pkg}.gitMinor=${v%%.*} -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  echo "${flags}"
}

build_kubernetes_binary() { # <name>
  mkdir -p "${BUILD}/out" "${K8S_BIN_DIR}" || return 1
  (cd "${SRC}" && build_env nice -n 19 go build -trimpath -ldflags "$(k8s_ldflags)" -o "${BUILD}/out/$1" "./cmd/$1") || return 1
  if [[ "$1" == kubectl ]]; then "${BUILD}/out/$1" version --client || return 1; else "${BUILD}/out/$1" --version || return 1; fi
  mv "${BUILD}/out/$1" "${K8S_BIN_DIR}/$1"
}

build_pause() {
  mkdir -p "${BUILD}/out" "${K8S_BIN_DIR}" || return 1
  nice -n 19 gcc -Os -Wall -Werror -static -DVERSION="v${PAUSE_VERSION}-shop-local" \
    -o "${BUILD}/out/pause" "${SRC}/build/pause/linux/pause.c" || return 1
  strip "${BUILD}/out/pause" && "${BUILD}/out/pause" -v || return 1
  mv "${BUILD}/out/pause" "${PAUSE_BIN}"
}

remove_tree() { # <dir>: module caches are read-only
  [[ -e "$1" ]] || return 0
  chmod -R u+w "$1" && rm -rf "$1"
}

kubernetes_missing=()
for b in "${K8S_BINARIES[@]}" pause; do [[ -x "${K8S_BIN_DIR}/${b}" ]] || kubernetes_missing+=("${b}"); done
if ((${#kubernetes_missing[@]} == 0)); then
  log "kubernetes ${K8S_VERSION} (${K8S_BINARIES[*]} pause) cached in ${K8S_BIN_DIR} ... ok"
else
  if [[ -f "${SRC}/.prepared" ]]; then
    log "kubernetes ${K8S_VERSION} source: resuming the build tree ${BUILD}"
  else
    step "download k8s.io/kubernetes@${K8S_VERSION}, rewrite its staging replaces to ${K8S_STAGING_VERSION} (first time: ~10 s)" \
      prepare_kubernetes_source || die "could not prepare the k8s.io/kubernetes@${K8S_VERSION} source" \
        "check the Go module proxy (go env GOPROXY): go mod download -json k8s.io/kubernetes@${K8S_VERSION}"
  fi
  if [[ ! -f "${SRC}/.resolved" ]]; then
    step "download the dependencies of the six commands (first time: ~20 s)" resolve_kubernetes_deps \
      || die "resolving the Kubernetes dependencies failed" \
        "check the Go module proxy; in ${SRC}: GOFLAGS=-mod=mod go list -deps ./cmd/kube-apiserver"
  fi
  # Measured on 2 cores while another test suite ran: the first build compiles the shared packages.
  declare -A first_time=([kube-apiserver]="~9 min" [kube-controller-manager]="~2 min" [kube-scheduler]="~15 s"
    [kubelet]="~40 s" [kube-proxy]="~20 s" [kubectl]="~25 s")
  for b in "${K8S_BINARIES[@]}"; do
    [[ -x "${K8S_BIN_DIR}/${b}" ]] && continue
    step "build ${b} ${K8S_VERSION} (nice 19; first time: ${first_time[${b}]} on 2 cores)" build_kubernetes_binary "${b}" \
      || die "building ${b} failed" "in ${SRC}: GOFLAGS=-mod=mod go build ./cmd/${b}"
  done
  if [[ ! -x "${PAUSE_BIN}" ]]; then
    step "build pause ${PAUSE_VERSION} (gcc -static build/pause/linux/pause.c)" build_pause \
      || die "building pause failed" "needs gcc and libc6-dev (static libc): apt-get install gcc libc6-dev"
  fi
  step "remove the Kubernetes build tree (module + build cache, source copy)" remove_tree "${BUILD}" \
    || die "could not remove ${BUILD}" "rm -rf ${BUILD} (after chmod -R u+w)"
fi

# --- 3. CoreDNS, crictl, probe ----------------------------------------------------
# build_module_command <module@version> <package> <output>: builds one command of a Go module
# from a copy of its source (vendor/ dropped), in a throw-away module and build cache.
build_module_command() {
  local mod="$1" pkg="$2" outbin="$3" work dir
  work="${outbin%/*}.build.tmp"
  remove_tree "${work}" && mkdir -p "${work}" || return 1
  dir="$(GOMODCACHE="${work}/mod" GOFLAGS=-modcacherw go mod download -json "${mod}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -d "${dir}" ]] || { echo "go mod download ${mod} gave no directory" >&2; return 1; }
  cp -R "${dir}" "${work}/src" && chmod -R u+w "${work}/src" && rm -rf "${work}/src/vendor" || return 1
  (cd "${work}/src" && GOMODCACHE="${work}/mod" GOCACHE="${work}/cache" GOFLAGS="-mod=mod -modcacherw" \
    nice -n 19 go build -trimpath -ldflags "-s -w ${4:-}" -o "${work}/out" "${pkg}") || return 1
  mkdir -p "${outbin%/*}" && mv "${work}/out" "${outbin}" || return 1
  remove_tree "${work}"
}

if [[ -x "${COREDNS_BIN}" ]]; then
  log "coredns ${COREDNS_VERSION} cached ... ok"
else
  step "build coredns ${COREDNS_VERSION} from github.com/coredns/coredns (nice 19; first time: ~4 min)" \
    build_module_command "github.com/coredns/coredns@${COREDNS_VERSION}" . "${COREDNS_BIN}" \
    "-X github.com/coredns/coredns/coremain.GitCommit=${COREDNS_VERSION}" \
    || die "building coredns failed" "check: go mod download -json github.com/coredns/coredns@${COREDNS_VERSION}"
fi
if [[ -x "${CRICTL_BIN}" ]]; then
  log "crictl ${CRICTL_VERSION} cached ... ok"
else
  step "build crictl ${CRICTL_VERSION} from sigs.k8s.io/cri-tools (nice 19; first time: ~1 min)" \
    build_module_command "sigs.k8s.io/cri-tools@${CRICTL_VERSION}" ./cmd/crictl "${CRICTL_BIN}" \
    "-X sigs.k8s.io/cri-tools/pkg/version.Version=${CRICTL_VERSION}" \
    || die "building crictl failed" "check: go mod download -json sigs.k8s.io/cri-tools@${CRICTL_VERSION}"
fi

# The probe: `probe serve <port>` answers HTTP with its hostname; `probe resolve <name>...`
# resolves names with Go's resolver (reads the pod's /etc/resolv.conf: search domains, ndots).
PROBE_SOURCE='package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: probe serve <port> | probe resolve <name>...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		host, _ := os.Hostname()
		http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "probe %s\n", host) })
		fmt.Println("listening on :" + os.Args[2])
		if err := http.ListenAndServe(":"+os.Args[2], nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case "resolve":
		failed := false
		for _, name := range os.Args[2:] {
			addrs, err := net.LookupHost(name)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
				failed = true
				continue
			}
			fmt.Printf("%s %v\n", name, addrs)
		}
		if failed {
			os.Exit(1)
		}
	default:
		os.Exit(2)
	}
}
'

# import_image <tag> <entrypoint JSON> <file>...: a scratch image of static binaries in /.
import_image() {
  local tag="$1" entrypoint="$2" tmp f; shift 2
  tmp="$(mktemp -d)" || return 1
  for f in "$@"; do cp "${f}" "${tmp}/" || return 1; done
  tar -C "${tmp}" --owner=0 --group=0 -cf - . \
    | "${DOCKER}" import -c "ENTRYPOINT ${entrypoint}" -m "local build (scripts/cluster/install.sh)" - "${tag}" || { rm -rf "${tmp}"; return 1; }
  rm -rf "${tmp}"
}

build_probe_image() {
  local tmp rc=0
  tmp="$(mktemp -d)" || return 1
  printf '%s' "${PROBE_SOURCE}" >"${tmp}/main.go" && printf 'module probe\n\ngo 1.26\n' >"${tmp}/go.mod" \
    && (cd "${tmp}" && GOCACHE="${tmp}/cache" nice -n 19 go build -trimpath -ldflags "-s -w" -o "${tmp}/probe" .) \
    && import_image "${PROBE_IMAGE}" '["/probe"]' "${tmp}/probe" || rc=1
  chmod -R u+w "${tmp}" 2>/dev/null; rm -rf "${tmp}"
  return "${rc}"
}

# --- 4. images -------------------------------------------------------------------------
require_docker
image_present() { "${DOCKER}" image inspect "$1" >/dev/null 2>&1; }
if image_present "${PAUSE_IMAGE}"; then log "image ${PAUSE_IMAGE} ... present"; else
  step "image ${PAUSE_IMAGE} (the static pause binary, from scratch)" import_image "${PAUSE_IMAGE}" '["/pause"]' "${PAUSE_BIN}" \
    || die "importing ${PAUSE_IMAGE} into Docker failed" "check: ${DOCKER} info"
fi
if image_present "${COREDNS_IMAGE}"; then log "image ${COREDNS_IMAGE} ... present"; else
  step "image ${COREDNS_IMAGE} (coredns, from scratch)" import_image "${COREDNS_IMAGE}" '["/coredns"]' "${COREDNS_BIN}" \
    || die "importing ${COREDNS_IMAGE} into Docker failed" "check: ${DOCKER} info"
fi
if image_present "${PROBE_IMAGE}"; then log "image ${PROBE_IMAGE} ... present"; else
  step "image ${PROBE_IMAGE} (static Go probe: serve HTTP, resolve names)" build_probe_image \
    || die "building ${PROBE_IMAGE} failed" "the Go source is PROBE_SOURCE in scripts/cluster/install.sh"
fi

log "cluster binaries in ${K8S_BIN_DIR}, $(dirname "${COREDNS_BIN}"), $(dirname "${CRICTL_BIN}"); images ${PAUSE_IMAGE} ${COREDNS_IMAGE} ${PROBE_IMAGE}"
log "install done in $(elapsed_total); next: bash scripts/cluster/start.sh"
