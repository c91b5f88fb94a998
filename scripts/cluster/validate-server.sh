#!/usr/bin/env bash
# Server-side validation of every deployment overlay against the real Kubernetes API
# server of the local cluster (scripts/cluster/start.sh; etcd + kube-apiserver suffice):
#
#   1. the Istio CRDs and the Flagger CRDs, obtained exactly as scripts/deploy/validate.sh
#      does (scripts/deploy/lib.sh: istio.io/api@ISTIO_API_VERSION's
#      kubernetes/customresourcedefinitions.gen.yaml, and the Flagger install rendered by
#      render_flagger_install), applied for real
#   2. every overlay rendered by scripts/deploy/render.sh (the pinned kustomize)
#   3. the namespaces they use created for real (a dry-run creates nothing, so objects in a
#      namespace the same apply creates would be rejected)
#   4. `kubectl apply --dry-run=server --server-side` of each overlay (and of the Flagger
#      install): defaulting, OpenAPI/CRD structural schemas with unknown fields rejected,
#      CEL rules, admission; nothing is persisted
#
# Prints ok/FAIL per overlay with the server's message; exit 1 when one is rejected.
#
#   bash scripts/cluster/validate-server.sh
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/cluster/lib.sh"
# shellcheck source=../deploy/lib.sh
source "${REPO_ROOT}/scripts/deploy/lib.sh"
cd "${REPO_ROOT}"

OVERLAYS=(kind kind-canary kind-fault-injection kind-progressive)
FIELD_MANAGER=shop-validate-server

[[ -x "${KUBECTL_BIN}" ]] || die "kubectl ${K8S_VERSION} is not built (${KUBECTL_BIN})" "bash scripts/cluster/install.sh"
api_ready || die "the local cluster's API server does not answer on ${API_URL}" \
  "start it: bash scripts/cluster/start.sh (etcd + kube-apiserver are enough); log: .local/cluster/logs/kube-apiserver.log"
log "API server ${API_URL}: Kubernetes $(kc version -o json 2>/dev/null | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -n1)"

ensure_deploy_tools --no-istioctl
WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT

# --- 1. CRDs ------------------------------------------------------------------------------
step "obtain the Istio ${ISTIO_API_VERSION} CRDs (istio.io/api module) and the Flagger ${FLAGGER_VERSION} CRDs (its install as rendered for kind)" \
  obtain_crds "${WORK}" || die "could not obtain the CRDs" \
    "check: go mod download -json istio.io/api@${ISTIO_API_VERSION} github.com/fluxcd/flagger@${FLAGGER_VERSION}"

step "install the CRDs: $(crd_count "${WORK}/istio-crds.yaml") Istio + $(crd_count "${WORK}/flagger-crds.yaml") Flagger, wait until Established" \
  install_crds "${WORK}" "${FIELD_MANAGER}" || die "the API server rejected a CRD" "see the server's message above"

# --- 2. render ----------------------------------------------------------------------------
RENDERED="${WORK}/rendered"
bash scripts/deploy/render.sh "${RENDERED}"
overlay_file() { echo "${RENDERED}/deploy_k8s_overlays_$1.yaml"; }
for overlay in "${OVERLAYS[@]}"; do
  [[ -s "$(overlay_file "${overlay}")" ]] || die "render.sh produced no $(overlay_file "${overlay}")" "bash scripts/deploy/render.sh"
done

# --- 3. namespaces ---------------------------------------------------------------------------
overlay_files=()
for overlay in "${OVERLAYS[@]}"; do overlay_files+=("$(overlay_file "${overlay}")"); done
mapfile -t NAMESPACES < <(namespaces_used "${overlay_files[@]}" "${RENDERED}/deploy_kind_flagger.yaml")
step "create the namespaces the overlays use: ${NAMESPACES[*]}" create_namespaces "${NAMESPACES[@]}" \
  || die "creating the namespaces failed" "see the server's message above"

# --- 4. server-side dry-run --------------------------------------------------------------
declare -A RESULT MESSAGE
dry_run() { # <name> <file>
  local out rc=0
  out="$(kc apply --dry-run=server --server-side --force-conflicts --field-manager "${FIELD_MANAGER}" -f "$2" 2>&1)" || rc=$?
  if ((rc == 0)); then
    RESULT[$1]=ok
    MESSAGE[$1]="$(grep -c ' serverside-applied (server dry run)$' <<<"${out}") objects accepted"
    if grep -q '^Warning:' <<<"${out}"; then
      MESSAGE[$1]+=", with warnings: $(grep '^Warning:' <<<"${out}" | sort -u | paste -sd ';' -)"
    fi
  else
    RESULT[$1]=FAIL
    MESSAGE[$1]="$(grep -v ' serverside-applied (server dry run)$' <<<"${out}")"
  fi
  printf '%s\n' "${out}" >"${WORK}/$1.out"
}
targets=("${OVERLAYS[@]}" flagger-install)
for t in "${targets[@]}"; do
  if [[ "${t}" == flagger-install ]]; then file="${RENDERED}/deploy_kind_flagger.yaml"; label="deploy/kind/flagger (Flagger install)"
  else file="$(overlay_file "${t}")"; label="deploy/k8s/overlays/${t}"; fi
  start_ms="$(_now_ms)"
  dry_run "${t}" "${file}"
  elapsed=$(( $(_now_ms) - start_ms ))
  printf '[%s] kubectl apply --dry-run=server --server-side %s ... %s (%d.%03ds): %s\n' "$(basename "$0")" "${label}" \
    "${RESULT[${t}]}" $((elapsed / 1000)) $((elapsed % 1000)) "$(head -n1 <<<"${MESSAGE[${t}]}")"
  if [[ "${RESULT[${t}]}" != ok ]]; then
    echo "----- the API server's message for ${label} -----" >&2
    printf '%s\n' "${MESSAGE[${t}]}" >&2
    echo "--------------------------------------------------" >&2
  fi
done

# --- 5. negative controls: the server must reject broken copies -------------------------------
# A dry-run that silently stopped checking (a kubectl that no longer asks for strict field
# validation, CRDs without schemas) would pass everything: each broken copy must be rejected
# with the expected message.
expect_rejected() { # <what> <expected substring> <file> <sed expression on the source>
  local what="$1" expected="$2" src="$3" out rc=0
  sed -e "$4" "${src}" >"${WORK}/broken.yaml"
  ! cmp -s "${src}" "${WORK}/broken.yaml" || { echo "the mutation '$4' changed nothing in ${src}" >&2; return 1; }
  out="$(kc apply --dry-run=server --server-side --force-conflicts --field-manager "${FIELD_MANAGER}" -f "${WORK}/broken.yaml" 2>&1)" || rc=$?
  if ((rc == 0)); then echo "NOT rejected: ${what}" >&2; return 1; fi
  grep -qF -- "${expected}" <<<"${out}" || { printf 'rejected for another reason than expected (%s, wanted "%s"):\n%s\n' "${what}" "${expected}" \
    "$(grep -v ' serverside-applied (server dry run)$' <<<"${out}" | head -n 5)" >&2; return 1; }
  echo "rejected as expected: ${what}: $(grep -F -- "${expected}" <<<"${out}" | head -n 1)"
}
negative_controls() {
  local failed=0
  expect_rejected "Deployment with readOnlyRootFileSystem (Kubernetes schema)" "readOnlyRootFileSystem: field not declared in schema" \
    "$(overlay_file kind)" '0,/readOnlyRootFilesystem:/s//readOnlyRootFileSystem:/' || failed=1
  expect_rejected "Canary with stepWeigth (Flagger CRD schema)" "stepWeigth: field not declared in schema" \
    "$(overlay_file kind-progressive)" '0,/stepWeight: 10/s//stepWeigth: 10/' || failed=1
  expect_rejected "DestinationRule with maxEjectionPercent: half (Istio CRD schema, type)" "maxEjectionPercent" \
    "$(overlay_file kind)" '0,/maxEjectionPercent: 50/s//maxEjectionPercent: half/' || failed=1
  return "${failed}"
}
step "negative controls: 3 deliberately broken copies are rejected by the API server" negative_controls \
  || die "a negative control failed: the server accepted a broken overlay, or rejected it for another reason" "see the output above"

failed=()
for t in "${targets[@]}"; do [[ "${RESULT[${t}]}" == ok ]] || failed+=("${t}"); done
echo
printf '  %-24s %s\n' "overlay" "server-side dry-run (Kubernetes ${K8S_VERSION}, Istio CRDs ${ISTIO_API_VERSION}, Flagger CRDs ${FLAGGER_VERSION})"
for t in "${targets[@]}"; do printf '  %-24s %s\n' "${t}" "${RESULT[${t}]}"; done
echo
((${#failed[@]} == 0)) || die "the API server rejected: ${failed[*]}" \
  "the messages above name the object and field; reproduce: bash scripts/deploy/render.sh && ${KCMD} apply --dry-run=server --server-side -f .local/deploy/rendered/deploy_k8s_overlays_<name>.yaml"
log "every overlay accepted by the API server in $(elapsed_total)"
