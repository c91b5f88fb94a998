#!/usr/bin/env bash
# `make validate-deploy`: every deployment artifact checked offline, with pinned
# tools (scripts/deploy/versions.sh, installed once into ~/.cache/shop-reference/deploy):
#
#   1. render every kustomization (bases, infra, observability, overlays, and the
#      Istio components through the overlays that use them), and the Flagger install
#   2. kubeconform: every rendered object against strict Kubernetes OpenAPI, Istio CRD,
#      Flagger CRD and k6-operator TestRun CRD schemas (unknown fields rejected)
#   3. istioctl validate (Istio's own semantic validation: retry conditions, URIs,
#      regexes...) and istioctl analyze --use-kube=false -A (cross-resource: subsets
#      that exist, conflicting VirtualServices...) on each mesh overlay
#   4. the Istio install config (istioctl manifest generate) and the kind cluster
#      config (strict decode into kind's own types)
#   5. docker-compose.yml against the Compose Specification schema + a full load,
#      and the Dockerfile with hadolint
#   6. negative controls: deliberately broken copies must be rejected by each of the
#      checks above, so a check that silently stopped checking fails the run
#
# The consistency of all of it with the code (env vars, ports, call graph...) is
# tested by Jest: tools/deploy/*.spec.ts, in the unit run.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/deploy/lib.sh"
cd "${REPO_ROOT}"

ensure_deploy_tools
WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
# Rendered into this run's own directory: parallel runs never mix their output.
RENDER_DIR="${WORK}/rendered"
bash scripts/deploy/render.sh "${RENDER_DIR}"

SCHEMA_LOCATION="${SCHEMA_DIR}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
MESH_OVERLAYS=(kind kind-fault-injection kind-canary kind-progressive)

rendered_files() { awk -v dir="${RENDER_DIR}/" '{print dir $2}' "${RENDER_DIR}/index.txt"; }
overlay_file() { echo "${RENDER_DIR}/deploy_k8s_overlays_$1.yaml"; }

kubeconform_check() { # kubeconform_check <files...>
  "${KUBECONFORM}" -strict -summary -output text -schema-location "${SCHEMA_LOCATION}" "$@"
}

istio_analyze() { # istio_analyze <file>: errors AND warnings fail
  "${ISTIOCTL}" analyze --use-kube=false --all-namespaces --failure-threshold Warning --output-threshold Info \
    --meshConfigFile "${WORK}/mesh.yaml" "$@"
}

istio_validate() { # istio_validate <file>: the validation istiod's webhook runs, offline
  "${ISTIOCTL}" validate -f "$@"
}

# The meshConfig of deploy/kind/istio-install.yaml, for analyze (e.g. the "otel" provider).
extract_mesh_config() {
  "${ISTIOCTL}" manifest generate -f deploy/kind/istio-install.yaml >"${WORK}/install.yaml" || return 1
  awk '/^  mesh: \|-$/{grab=1; next} grab && /^    /{sub(/^    /, ""); print; next} grab{exit}' \
    "${WORK}/install.yaml" >"${WORK}/mesh.yaml" || return 1
  grep -q '^extensionProviders:' "${WORK}/mesh.yaml"
}

# --- 2. schemas ---------------------------------------------------------------
# shellcheck disable=SC2046
step "kubeconform: $(wc -l <"${RENDER_DIR}/index.txt") rendered kustomizations vs Kubernetes ${K8S_SCHEMA_VERSION} + Istio ${ISTIO_API_VERSION} + Flagger ${FLAGGER_VERSION} (strict)" \
  kubeconform_check $(rendered_files) \
  || die "an object does not match its schema" "the line above names the object and the field"

# --- 4. install configs (before 3: analyze reads the mesh config) -------------
step "istioctl manifest generate -f deploy/kind/istio-install.yaml (IstioOperator valid)" extract_mesh_config \
  || die "deploy/kind/istio-install.yaml is not a valid IstioOperator" "run: ${ISTIOCTL} manifest generate -f deploy/kind/istio-install.yaml"
step "kind config: deploy/kind/cluster.yaml strictly decoded by kind ${KIND_VERSION} types" \
  "${KIND_CONFIG_CHECK}" deploy/kind/cluster.yaml || die "deploy/kind/cluster.yaml is invalid" "see the message above"

# --- 3. istioctl validate + analyze ---------------------------------------------
# In file mode analyze reads no Service, Pod, Namespace or Secret (upstream treats them
# as runtime objects), so the analyzers needing them are skipped; tools/deploy covers
# ports, hosts and labels instead.
for overlay in "${MESH_OVERLAYS[@]}"; do
  step "istioctl validate: overlays/${overlay}" istio_validate "$(overlay_file "${overlay}")" \
    || die "istioctl validate rejected overlays/${overlay}" "run: ${ISTIOCTL} validate -f $(overlay_file "${overlay}")"
  step "istioctl analyze --use-kube=false -A: overlays/${overlay}" istio_analyze "$(overlay_file "${overlay}")" \
    || die "istioctl analyze reported problems in overlays/${overlay}" \
      "run: ${ISTIOCTL} analyze --use-kube=false $(overlay_file "${overlay}")"
done

# --- 5. compose -------------------------------------------------------------------
step "docker-compose.yml: Compose Specification schema + load (compose-go $(sed -n 's/.*compose-go\/v2 \(v[^ ]*\).*/\1/p' scripts/deploy/tools/go.mod))" \
  "${COMPOSE_CHECK}" docker-compose.yml || die "docker-compose.yml is invalid" "see the message above"

step "Dockerfile: hadolint ${HADOLINT_VERSION}" "${HADOLINT}" Dockerfile || die "hadolint found problems in the Dockerfile" "run: ${HADOLINT} Dockerfile"

# --- 6. negative controls -------------------------------------------------------
# expect_rejected "what" "<substring the rejection must contain>" file command...
expect_rejected() {
  local what="$1" expected="$2" file="$3"; shift 3
  local out rc
  out="$("$@" 2>&1)" && rc=0 || rc=$?
  if [[ ${rc} -eq 0 ]]; then
    echo "NOT rejected: ${what} (${file}); the check passed a broken input" >&2
    return 1
  fi
  if ! grep -qF -- "${expected}" <<<"${out}"; then
    printf 'rejected for another reason than expected (%s, wanted "%s"):\n%s\n' "${what}" "${expected}" "${out}" | head -20 >&2
    return 1
  fi
}

# mutate <src> <dst> <sed expression>: applies one edit and insists it changed something.
mutate() {
  sed -e "$3" "$1" >"$2"
  ! cmp -s "$1" "$2" || { echo "mutation '$3' changed nothing in $1" >&2; return 1; }
}

# control "what" "<expected substring>" <src> <sed expression> check...: one negative
# control. Breaks a copy of <src> with the edit, runs the check with the copy's path
# as its last argument, and insists the check rejects it for the expected reason.
CONTROLS=0
control() {
  local what="$1" expected="$2" src="$3" edit="$4" broken
  shift 4
  broken="${WORK}/control-$((++CONTROLS))-$(basename "${src}")"
  mutate "${src}" "${broken}" "${edit}" && expect_rejected "${what}" "${expected}" "${broken}" "$@" "${broken}"
}

negative_controls() {
  # Each control is independent: all run, and any failure fails the step.
  local failed=0 kind_file progressive_file compose=("${COMPOSE_CHECK}" -project-dir .)
  kind_file="$(overlay_file kind)"
  progressive_file="$(overlay_file kind-progressive)"
  # Kubernetes field misspelled (case matters); Istio field misspelled; Istio value of the wrong type.
  control "Deployment with readOnlyRootFileSystem" "additional properties 'readOnlyRootFileSystem' not allowed" \
    "${kind_file}" '0,/readOnlyRootFilesystem:/s//readOnlyRootFileSystem:/' kubeconform_check || failed=1
  control "VirtualService with retryOnn" "additional properties 'retryOnn' not allowed" \
    "${kind_file}" '0,/retryOn:/s//retryOnn:/' kubeconform_check || failed=1
  control "DestinationRule with maxEjectionPercent: half" "maxEjectionPercent" \
    "${kind_file}" '0,/maxEjectionPercent: 50/s//maxEjectionPercent: half/' kubeconform_check || failed=1
  # An invalid retry condition (istioctl validate: the webhook's own checks).
  control "VirtualService with retryOn 50x" '"50x" is not a valid retryOn policy' \
    "${kind_file}" '0,/retryOn: connect-failure,refused-stream,reset,503/s//retryOn: connect-failure,refused-stream,reset,50x/' istio_validate || failed=1
  # A route to a subset no DestinationRule defines (istioctl analyze IST0101).
  control "VirtualService routing to a missing subset" "IST0101" \
    "$(overlay_file kind-canary)" '0,/subset: v2$/s//subset: v3/' istio_analyze || failed=1
  # Two VirtualServices for one host (istioctl analyze IST0109).
  { cat "${kind_file}"; echo '---'; awk '/^---$/{if (doc ~ /kind: VirtualService\n/ && doc ~ /\n  name: user\n/) print doc; doc=""; next} {doc = doc $0 "\n"}' "${kind_file}" \
      | sed 's/^  name: user$/  name: user-duplicate/'; } >"${WORK}/istio-conflict.yaml" || failed=1
  expect_rejected "two VirtualServices for user" "IST0109" "${WORK}/istio-conflict.yaml" istio_analyze "${WORK}/istio-conflict.yaml" || failed=1
  # Compose key misspelled, and a dependency on a service that does not exist.
  control "compose service with helthcheck" "helthcheck" \
    docker-compose.yml '0,/    healthcheck:/s//    helthcheck:/' "${compose[@]}" || failed=1
  control "compose depends_on an unknown service" "usr-migrate" \
    docker-compose.yml 's/^      user-migrate:$/      usr-migrate:/' "${compose[@]}" || failed=1
  # kind config field misspelled.
  control "kind config with extraPortMapping" "extraPortMapping" \
    deploy/kind/cluster.yaml 's/extraPortMappings:/extraPortMapping:/' "${KIND_CONFIG_CHECK}" || failed=1
  # Flagger: a Canary field misspelled, and a MetricTemplate with a provider Flagger does not have.
  control "Canary with stepWeigth" "additional properties 'stepWeigth' not allowed" \
    "${progressive_file}" '0,/stepWeight: 10/s//stepWeigth: 10/' kubeconform_check || failed=1
  control "MetricTemplate with provider promethues" "/spec/provider/type': value must be one of" \
    "${progressive_file}" '/^kind: MetricTemplate$/,/type: prometheus$/s/type: prometheus$/type: promethues/' kubeconform_check || failed=1
  # A route of gateway-ingress that delegates to Flagger's VirtualService and still routes itself.
  control "a delegating route with its own destination" "root HTTP route reads must not specify route" \
    "${progressive_file}" '0,/^  - delegate:$/s//  - route:\n    - destination:\n        host: gateway.shop.svc.cluster.local\n    delegate:/' istio_validate || failed=1
  # The k6-operator's TestRun with a field misspelled, and the compose k6 service aimed at a service that does not exist.
  control "TestRun with paralelism" "additional properties 'paralelism' not allowed" \
    "${RENDER_DIR}/deploy_kind_k6.yaml" '0,/  parallelism: 1/s//  paralelism: 1/' kubeconform_check || failed=1
  control "compose k6 depends_on an unknown service" "gatway" \
    docker-compose.yml '/^  k6:$/,/^volumes:$/s/^      gateway:$/      gatway:/' "${compose[@]}" || failed=1
  # A Dockerfile that ends running as root (hadolint DL3002).
  { cat Dockerfile; echo 'USER root'; } >"${WORK}/Dockerfile" || failed=1
  expect_rejected "Dockerfile ending with USER root" "DL3002" "${WORK}/Dockerfile" "${HADOLINT}" "${WORK}/Dockerfile" || failed=1
  return "${failed}"
}
step "negative controls: 15 deliberately broken copies are each rejected by the right check" negative_controls \
  || die "a negative control failed: a check accepted a broken input, or rejected it for another reason" "see which one above"

log "deployment validation passed in $(elapsed_total)"
