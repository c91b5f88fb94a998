#!/usr/bin/env bash
# A live istiod on the local cluster (issue 10, item 4): the Istio control plane as
# `make kind-up` installs it, minus the data plane, which cannot run here (Envoy, in the
# proxyv2 image, cannot be built on these machines: no sidecar, no ingress gateway, no CNI
# node agent; mTLS, AuthorizationPolicy enforcement, mesh fault injection and the Flagger
# canary stay offline-validated, docs/deploy.md).
#
#   1. pilot-discovery (istiod) built from the istio.io/istio module, with istioctl
#      (scripts/deploy/lib.sh), packaged as shop-local/pilot:<module version>
#      (deploy/images/istiod/Dockerfile) and loaded into the cluster's containerd
#   2. deploy/kind/istio-install.yaml, the users' install, rendered by istioctl with the image
#      swapped (hub/tag) and applied without the data plane (no ingress gateway, no CNI node
#      agent DaemonSet); istiod Ready
#   3. istiod's validating webhook is live: a VirtualService whose CRD schema holds but whose
#      regex does not compile is denied by it (the negative control), then every overlay
#      goes through `kubectl apply --dry-run=server` again (validate-server.sh), and istiod's
#      own counter shows how many Istio objects it validated
#   4. its sidecar injector is live: a Pod made from the gateway Deployment's template,
#      created with --dry-run=server in namespace shop, comes back with istio-proxy injected
#      as the kind overlay configures it, and Pod Security `restricted` admits it
#   5. `istioctl analyze` against the live cluster (the shop as deployed by deploy-test.sh,
#      with its Services, Pods and Namespaces, which the offline analyze cannot read)
#   6. istiod uninstalled again (its injector would put sidecars that cannot start into the
#      next shop pods); ISTIO_KEEP=1 leaves it running
#
#   KEEP=1 bash scripts/cluster/deploy-test.sh && bash scripts/cluster/istio-test.sh
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"
# shellcheck source=../deploy/lib.sh
source "${REPO_ROOT}/scripts/deploy/lib.sh"
# shellcheck source=../containers/lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"
# shellcheck source=../lib/node.sh
source "${REPO_ROOT}/scripts/lib/node.sh"
cd "${REPO_ROOT}"

ISTIOD_IMAGE="shop-local/pilot:${ISTIOCTL_MODULE_VERSION}"
CHECKS=scripts/cluster/deploy-checks.mjs

require_installed
require_docker
ensure_node >/dev/null
api_ready || die "the local cluster's API server does not answer on ${API_URL}" "bash scripts/cluster/start.sh"
kc get deployment -n shop gateway >/dev/null 2>&1 \
  || die "the shop is not deployed on the local cluster" "KEEP=1 bash scripts/cluster/deploy-test.sh first"
ensure_deploy_tools
istioctl_kc() { "${ISTIOCTL}" --kubeconfig "${KUBECONFIG_FILE}" "$@"; }
WORK="$(mktemp -d)"
cleanup() {
  [[ "${ISTIO_KEEP:-0}" == 1 || ! -f "${WORK}/istio.yaml" ]] || step "uninstall istiod (kubectl delete what was applied; ISTIO_KEEP=1 keeps it)" uninstall \
    || echo "uninstalling istiod failed: $(tail -n 5 "${WORK}/uninstall.log")" >&2
  rm -rf "${WORK}"
}
trap cleanup EXIT

# --- 1. the image -------------------------------------------------------------------------
# What the image is built from (its 130 MB binary included), hashed once: the label a rebuild compares.
RECIPE_HASH="$(cat deploy/images/istiod/Dockerfile "${PILOT_DISCOVERY}" | sha256sum | cut -c1-64)"
build_istiod_image() {
  local ctx="${WORK}/ctx"
  mkdir -p "${ctx}" && cp deploy/images/istiod/Dockerfile "${PILOT_DISCOVERY}" "${ctx}/" || return 1
  bash scripts/containers/base-images.sh >/dev/null || return 1
  "${DOCKER}" build --label "shop.recipe-hash=${RECIPE_HASH}" -t "${ISTIOD_IMAGE}" "${ctx}"
}
if [[ "$("${DOCKER}" image inspect --format '{{ index .Config.Labels "shop.recipe-hash" }}' "${ISTIOD_IMAGE}" 2>/dev/null)" == "${RECIPE_HASH}" ]]; then
  log "${ISTIOD_IMAGE}: up to date"
else
  step "${ISTIOD_IMAGE}: build (deploy/images/istiod: pilot-discovery ${ISTIOCTL_BUILD_LABEL} on Debian)" build_istiod_image \
    || die "building ${ISTIOD_IMAGE} failed" "see the output above"
fi
log "$("${DOCKER}" image inspect --format "${ISTIOD_IMAGE} {{.Size}}" "${ISTIOD_IMAGE}" | awk '{printf "%s: %.0f MB", $1, $2 / 1000000}')"
bash scripts/cluster/load-images.sh "${ISTIOD_IMAGE}" || die "loading ${ISTIOD_IMAGE} into the cluster failed" "see load-images.sh's message above"

# --- 2. install ---------------------------------------------------------------------------
# The users' IstioOperator rendered by istioctl (`manifest generate`, the same charts and values
# `istioctl install` applies) with the image built above, then applied without the two Envoy
# workloads: the ingress gateway (disabled) and the CNI node agent's DaemonSet (left out of the
# apply). The CNI component stays enabled in the values, so the injector injects as in kind:
# no privileged istio-init (CNI redirects the traffic), and Pod Security `restricted` holds.
# Then the default revision's validator, which `istioctl install` creates after the charts:
# istiod-default-validator from `istioctl tag generate default` (the charts' own webhook only
# validates objects labelled istio.io/rev; this one validates the rest, such as the shop's).
# Its MutatingWebhookConfiguration is left out: the charts' injector already serves the
# default revision (istioctl analyze, IST0139, reports the two as overlapping).
# `istioctl install` itself cannot be used: it would wait forever for the CNI DaemonSet's pods.
render_install() {
  istioctl_kc manifest generate -f deploy/kind/istio-install.yaml \
    --set hub=shop-local --set "tag=${ISTIOCTL_MODULE_VERSION}" \
    --set 'components.ingressGateways[name:istio-ingressgateway].enabled=false' >"${WORK}/istio-all.yaml" || return 1
  yaml_docs drop DaemonSet "${WORK}/istio-all.yaml" "${WORK}/istio.yaml" || return 1
  grep -q '^kind: DaemonSet$' "${WORK}/istio-all.yaml" && ! grep -q '^kind: DaemonSet$' "${WORK}/istio.yaml" || return 1
  # What the uninstall deletes: the CRDs stay (deploy-test.sh installed them; deleting them
  # would delete the shop's Istio objects).
  yaml_docs drop CustomResourceDefinition "${WORK}/istio.yaml" "${WORK}/istio-uninstall.yaml"
}
install() {
  kc apply --server-side --force-conflicts --field-manager shop-istio-test -f "${WORK}/istio.yaml" >/dev/null || return 1
  kc -n istio-system rollout status deployment/istiod --timeout=300s || return 1
  istioctl_kc tag generate default --revision default --overwrite >"${WORK}/istio-tag-all.yaml" || return 1
  yaml_docs drop MutatingWebhookConfiguration "${WORK}/istio-tag-all.yaml" "${WORK}/istio-tag.yaml" || return 1
  grep -q '^kind: ValidatingWebhookConfiguration$' "${WORK}/istio-tag.yaml" || return 1
  kc apply --server-side --force-conflicts --field-manager shop-istio-test -f "${WORK}/istio-tag.yaml" >/dev/null
}
# The validator first: left behind, it would refuse every Istio object (failurePolicy Fail, no istiod).
uninstall() {
  { kc delete --ignore-not-found validatingwebhookconfiguration istiod-default-validator \
    && kc delete --ignore-not-found --wait=true -f "${WORK}/istio-uninstall.yaml"; } >"${WORK}/uninstall.log" 2>&1
}
step "istioctl manifest generate -f deploy/kind/istio-install.yaml (hub shop-local, no ingress gateway), CNI DaemonSet left out" render_install \
  || die "istioctl could not render deploy/kind/istio-install.yaml" "run: ${ISTIOCTL} manifest generate -f deploy/kind/istio-install.yaml"
install_start_ms="$(_now_ms)"
step "kubectl apply --server-side of the $(grep -c '^kind: ' "${WORK}/istio.yaml") objects, wait until istiod is Ready, then istiod-default-validator" install \
  || die "installing istiod failed" "${KCMD} -n istio-system get pods; ${KCMD} -n istio-system logs deploy/istiod"
install_ms=$(( $(_now_ms) - install_start_ms ))
ISTIOD_POD="$(kc -n istio-system get pods -l app=istiod -o jsonpath='{.items[0].metadata.name}')"
ISTIOD_IP="$(kc -n istio-system get pod "${ISTIOD_POD}" -o jsonpath='{.status.podIP}')"
log "istiod ${ISTIOD_POD} Ready $((install_ms / 1000)) s after the install started (pod IP ${ISTIOD_IP})"

# --- 3. the validating webhook ------------------------------------------------------------
# istiod's own count of the objects its webhook accepted (pilot's monitoring port, 15014).
validated() { curl -fsS --max-time 5 "http://${ISTIOD_IP}:15014/metrics" | awk '/^galley_validation_passed/ { n += $NF } END { print n + 0 }'; }
webhook_denies_bad_regex() {
  local out rc=0
  out="$(kc apply --dry-run=server -f - 2>&1 <<'EOF'
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: broken-regex
  namespace: shop
spec:
  hosts: [gateway]
  http:
    - match:
        - uri:
            regex: "/v1/orders/(unclosed"
      route:
        - destination:
            host: gateway
EOF
)" || rc=$?
  if ((rc == 0)); then echo "NOT denied: a VirtualService with a regex that does not compile" >&2; return 1; fi
  grep -q 'admission webhook "validation.istio.io" denied' <<<"${out}" \
    || { echo "denied for another reason than istiod's webhook: ${out}" >&2; return 1; }
  echo "denied as expected: $(grep -o 'admission webhook.*' <<<"${out}" | head -n 1)"
}
# Until istiod serves its webhook (a few seconds after Ready) the API server cannot reach it:
# asked again until the denial comes from istiod itself, then shown.
step "negative control: a VirtualService with a regex that does not compile (valid for the CRD schema) is denied by istiod's webhook" \
  wait_for "istiod's denial" 120 webhook_denies_bad_regex \
  || { webhook_denies_bad_regex; die "istiod's webhook did not deny the broken VirtualService within 2 min" "see the message above"; }
webhook_denies_bad_regex | sed 's/^/  /'

before="$(validated)" || die "istiod's metrics do not answer on ${ISTIOD_IP}:15014" "${KCMD} -n istio-system logs ${ISTIOD_POD}"
bash scripts/cluster/validate-server.sh || die "an overlay was rejected with istiod's webhook live" "see validate-server.sh's messages above"
after="$(validated)" || die "istiod's metrics do not answer on ${ISTIOD_IP}:15014" "${KCMD} -n istio-system logs ${ISTIOD_POD}"
(( after > before )) || die "istiod validated no Istio object during the overlays' dry-runs" \
  "is the webhook configured? ${KCMD} get validatingwebhookconfigurations"
log "istiod's webhook validated and accepted $((after - before)) Istio objects of the overlays (galley_validation_passed ${before} -> ${after})"

# --- 4. the sidecar injector ---------------------------------------------------------------
inject_gateway_pod() {
  kc -n shop get deployment gateway -o json | node "${CHECKS}" pod-of-deployment >"${WORK}/pod.json" || return 1
  kc create --dry-run=server -o json -f "${WORK}/pod.json" >"${WORK}/injected.json" || return 1
  node "${CHECKS}" injected "${WORK}/injected.json" >"${WORK}/injected.txt" 2>&1 || { cat "${WORK}/injected.txt"; return 1; }
}
step "sidecar injection: the gateway's pod template created with --dry-run=server in namespace shop" inject_gateway_pod \
  || die "the injected pod is not what the kind overlay expects, or was refused" "see the message above"
cat "${WORK}/injected.txt"

# --- 5. istioctl analyze, live ------------------------------------------------------------
# Every finding fails, down to Info, except three that describe this machine, not the project:
# IST0103 (PodMissingProxy) on the shop's pods, which started before istiod and whose proxy
# could not start here anyway; IST0101 (referenced selector not found) on the shop's Gateway,
# whose ingress gateway is an Envoy and so not installed here; IST0102 (not enabled for
# injection) on the `default` namespace, which the project does not use.
analyze() {
  istioctl_kc analyze --all-namespaces --output-threshold Info --failure-threshold Info \
    --suppress 'IST0103=Pod shop/*' --suppress 'IST0101=Gateway shop/shop-gateway' \
    --suppress 'IST0102=Namespace default' >"${WORK}/analyze.txt" 2>&1
}
step "istioctl analyze against the live cluster (all namespaces, every level; 3 machine-specific findings suppressed)" analyze \
  || { cat "${WORK}/analyze.txt"; die "istioctl analyze reported problems in the live cluster" "see its findings above"; }
sed 's/^/  /' "${WORK}/analyze.txt"

log "live istiod: install $((install_ms / 1000)) s, webhook and injector checked, analyze clean ($(elapsed_total))"
