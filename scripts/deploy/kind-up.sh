#!/usr/bin/env bash
# `make kind-up [KIND_OVERLAY=kind-progressive]`: the whole shop on a local kind cluster with Istio.
#   1. create the kind cluster "shop" (deploy/kind/cluster.yaml) unless it exists
#   2. install Istio ${ISTIO_VERSION} with istioctl (deploy/kind/istio-install.yaml), then
#      Flagger ${FLAGGER_VERSION} (deploy/kind/flagger: progressive delivery, P28)
#   3. build one image per app (Dockerfile) and load it into the cluster
#   4. apply deploy/k8s/overlays/${KIND_OVERLAY:-kind}, rendered by the same pinned kustomize
#      CI validates (kind-progressive: the gateway released by Flagger, docs/deploy.md#progressive-delivery)
#   5. wait for the infrastructure, every migration Job, every rollout and every Canary
#   6. smoke check through the ingress: http://127.0.0.1:8088
# Re-runnable: an existing cluster, Istio and Flagger are reused (applied again, unchanged),
# images rebuilt and reloaded, migration Jobs re-run. Each step is printed with its elapsed time.
# Needs: docker (with a running engine), kind, kubectl, istioctl ${ISTIO_VERSION}, go (kustomize).
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/deploy/lib.sh"
cd "${REPO_ROOT}"

CLUSTER=shop
CONTEXT="kind-${CLUSTER}"
OVERLAY="deploy/k8s/overlays/${KIND_OVERLAY:-kind}"
INGRESS_URL=http://127.0.0.1:8088

need() { # need <tool> <how to install>
  command -v "$1" >/dev/null 2>&1 || die "$1 not found (needed by make kind-up)" "$2"
}
need docker "install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/"
need kind "go install sigs.k8s.io/kind@${KIND_VERSION} (or https://kind.sigs.k8s.io/docs/user/quick-start/#installation)"
need kubectl "https://kubernetes.io/docs/tasks/tools/ (any version within one minor of ${K8S_SCHEMA_VERSION})"
need curl "apt-get install -y curl (or your package manager)"
need istioctl "curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${ISTIO_VERSION} sh - && export PATH=\$PWD/istio-${ISTIO_VERSION}/bin:\$PATH"
docker info >/dev/null 2>&1 || die "docker is installed but no engine answers" "start Docker (Docker Desktop, or: sudo systemctl start docker)"
istioctl_version="$(istioctl version --remote=false --short 2>/dev/null || true)"
[[ "${istioctl_version}" == "${ISTIO_VERSION}" ]] || die "istioctl is ${istioctl_version:-unknown}, this repository pins Istio ${ISTIO_VERSION}" \
  "curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${ISTIO_VERSION} sh - and put istio-${ISTIO_VERSION}/bin first on PATH"
[[ -f "${OVERLAY}/kustomization.yaml" ]] || die "no overlay ${OVERLAY}" "KIND_OVERLAY is one of: $(cd deploy/k8s/overlays && echo *)"
ensure_deploy_tools --no-istioctl
kc() { kubectl --context "${CONTEXT}" "$@"; }

# Every app with a main.ts is deployed (apps/e2e is the test suite, not an app).
APPS=()
for main in apps/*/src/main.ts; do
  app="$(basename "$(dirname "$(dirname "${main}")")")"
  [[ "${app}" == e2e ]] || APPS+=("${app}")
done

# --- 1. cluster -------------------------------------------------------------------
if kind get clusters 2>/dev/null | grep -qx "${CLUSTER}"; then
  log "kind cluster ${CLUSTER} exists ... reused"
else
  step "kind create cluster ${CLUSTER} (${KIND_NODE_IMAGE%@*})" \
    kind create cluster --name "${CLUSTER}" --config deploy/kind/cluster.yaml --wait 120s \
    || die "kind could not create the cluster" "see the output above; 'kind delete cluster --name ${CLUSTER}' and retry"
fi

# --- 2. Istio ---------------------------------------------------------------------
step "istioctl install Istio ${ISTIO_VERSION} (deploy/kind/istio-install.yaml)" \
  istioctl install --context "${CONTEXT}" -y -f deploy/kind/istio-install.yaml \
  || die "Istio installation failed" "istioctl verify-install --context ${CONTEXT}; kubectl --context ${CONTEXT} -n istio-system get pods"

# P28: Flagger, for the overlays that release an app progressively (kind-progressive). It acts
# on Canary objects only, so it idles under the other overlays. Server-side apply: re-runnable.
flagger_manifest="${DEPLOY_STATE_DIR}/flagger-install.yaml"
mkdir -p "${DEPLOY_STATE_DIR}"
step "render Flagger ${FLAGGER_VERSION} (upstream kustomize/istio + deploy/kind/flagger)" \
  render_flagger_install "${flagger_manifest}" \
  || die "rendering the Flagger install failed" "check: go mod download -json github.com/fluxcd/flagger@${FLAGGER_VERSION}"
step "kubectl apply Flagger ${FLAGGER_VERSION}: CRDs, RBAC, controller in istio-system" \
  kc apply --server-side --field-manager=kind-up -f "${flagger_manifest}" \
  || die "applying Flagger failed" "kubectl --context ${CONTEXT} apply --server-side -f ${flagger_manifest}"
step "Flagger ${FLAGGER_VERSION} rolled out" kc -n istio-system rollout status deployment/flagger --timeout=300s \
  || die "Flagger did not become ready" "kubectl --context ${CONTEXT} -n istio-system logs deploy/flagger"

# --- 3. images --------------------------------------------------------------------
for app in "${APPS[@]}"; do
  step "docker build shop/${app}:${SHOP_IMAGE_TAG}" \
    docker build --build-arg "APP=${app}" --build-arg "VERSION=${SHOP_IMAGE_TAG}" \
      --build-arg "REVISION=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
      --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      -t "shop/${app}:${SHOP_IMAGE_TAG}" . \
    || die "building the ${app} image failed" "run: docker build --build-arg APP=${app} -t shop/${app}:${SHOP_IMAGE_TAG} ."
  step "kind load docker-image shop/${app}:${SHOP_IMAGE_TAG}" \
    kind load docker-image --name "${CLUSTER}" "shop/${app}:${SHOP_IMAGE_TAG}" \
    || die "loading the ${app} image into kind failed" "kind load docker-image --name ${CLUSTER} shop/${app}:${SHOP_IMAGE_TAG}"
done

# --- 4. apply ---------------------------------------------------------------------
manifest="${DEPLOY_STATE_DIR}/kind-applied.yaml"
mkdir -p "${DEPLOY_STATE_DIR}"
step "render ${OVERLAY} (kustomize, pinned)" sh -c "\"${KUSTOMIZE}\" build ${OVERLAY} >\"${manifest}\"" \
  || die "rendering ${OVERLAY} failed" "run: bash scripts/deploy/validate.sh"
# A Job's pod template is immutable: the previous run's migration Jobs go first.
step "delete finished migration Jobs" \
  kc -n shop delete job -l app.kubernetes.io/component=migration --ignore-not-found --wait=true
step "kubectl apply ${OVERLAY}" kc apply --server-side --field-manager=kind-up -f "${manifest}" \
  || die "kubectl apply failed" "kubectl --context ${CONTEXT} apply --server-side -f ${manifest}"
# Flagger generates the DestinationRules of a Canary's target (<app>-primary, <app>-canary): the
# static one a previous overlay applied would linger as dead configuration.
canaries="$(kc -n shop get canaries.flagger.app -o jsonpath='{range .items[*]}{.spec.targetRef.name}{" "}{end}')"
for target in ${canaries}; do
  step "shop: static DestinationRule ${target} removed (Flagger routes ${target})" \
    kc -n shop delete destinationrules.networking.istio.io "${target}" --ignore-not-found
done

# --- 5. wait ----------------------------------------------------------------------
wait_rollout() { kc -n "$1" rollout status "$2" --timeout=300s; }
for sts in postgres redis kafka; do
  step "shop-infra: ${sts} ready" wait_rollout shop-infra "statefulset/${sts}" \
    || die "${sts} did not become ready" "kubectl --context ${CONTEXT} -n shop-infra describe pod ${sts}-0"
done
step "shop-infra: mailpit ready" wait_rollout shop-infra deployment/mailpit || die "mailpit did not become ready" "kubectl -n shop-infra logs deploy/mailpit"
step "shop: every migration Job complete" \
  kc -n shop wait --for=condition=complete job -l app.kubernetes.io/component=migration --timeout=300s \
  || die "a migration Job did not complete" "kubectl --context ${CONTEXT} -n shop logs job/<app>-migrate"
for app in "${APPS[@]}"; do
  step "shop: ${app} rolled out" wait_rollout shop "deployment/${app}" \
    || die "${app} did not become ready" "kubectl --context ${CONTEXT} -n shop describe pod -l app=${app}; kubectl -n shop logs deploy/${app} -c ${app}"
done
# Flagger initializes each Canary: <app>-primary rolled out and serving, the canary scaled to zero.
canary_ready() {
  local phase
  phase="$(kc -n shop get canary "$1" -o jsonpath='{.status.phase}')"
  [[ "${phase}" == Initialized || "${phase}" == Succeeded ]]
}
for target in ${canaries}; do
  step "shop: Canary ${target} initialized (${target}-primary serving)" wait_for "canary ${target}" 300 canary_ready "${target}" \
    || die "Flagger did not initialize the Canary ${target}" \
      "kubectl --context ${CONTEXT} -n shop describe canary ${target}; kubectl -n istio-system logs deploy/flagger"
done
for deployment in otel-collector jaeger prometheus grafana; do
  step "observability: ${deployment} rolled out" wait_rollout observability "deployment/${deployment}" \
    || die "${deployment} did not become ready" "kubectl --context ${CONTEXT} -n observability describe pod -l app=${deployment}"
done

# --- 6. smoke check -----------------------------------------------------------------
# An unknown user id: 404 problem+json from the user service proves the whole path
# (ingress -> mTLS -> gateway -> gRPC -> user -> Postgres), with the mesh policies on.
smoke() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' "${INGRESS_URL}/v1/users/00000000-0000-4000-8000-000000000000")"
  [[ "${code}" == 404 ]] || { echo "GET ${INGRESS_URL}/v1/users/<unknown id> answered ${code}, want 404" >&2; return 1; }
}
step "smoke: GET ${INGRESS_URL}/v1/users/<unknown id> -> 404 through the ingress" wait_for "smoke" 60 smoke \
  || die "the smoke check through the ingress failed" \
    "curl -v ${INGRESS_URL}/v1/users/00000000-0000-4000-8000-000000000000; kubectl --context ${CONTEXT} -n istio-system logs deploy/istio-ingressgateway"

log "kind cluster ${CLUSTER} is up in $(elapsed_total)"
log "shop:      ${INGRESS_URL}  (e.g. curl ${INGRESS_URL}/v1/users/<id>)"
log "grafana:   kubectl --context ${CONTEXT} -n observability port-forward svc/grafana 3000  -> http://127.0.0.1:3000"
log "jaeger:    kubectl --context ${CONTEXT} -n observability port-forward svc/jaeger 16686 -> http://127.0.0.1:16686"
log "mailpit:   kubectl --context ${CONTEXT} -n shop-infra port-forward svc/mailpit 8025   -> http://127.0.0.1:8025"
log "stop:      make kind-down"
