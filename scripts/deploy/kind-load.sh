#!/usr/bin/env bash
# `make kind-load SCENARIO=load`: a k6 script of k6/ run inside the kind cluster of `make kind-up`
# by the k6-operator, against the shop through its Istio ingress.
#   1. install the k6-operator ${K6_OPERATOR_VERSION} from its release bundle (CRDs, RBAC, controller)
#   2. apply deploy/kind/k6 (namespace k6, the scripts as ConfigMaps, the TestRun) with
#      k6/${SCENARIO}.ts as the TestRun's script, replacing the previous run
#   3. wait for the run to end and print the runner's log: the SLO table of handleSummary
# Needs: kubectl, and the cluster of `make kind-up`. Scenario knobs: edit the TestRun's env.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/deploy/lib.sh"
source "${REPO_ROOT}/scripts/load/lib.sh"
cd "${REPO_ROOT}"

CONTEXT=kind-shop
require_scenario
BUNDLE="https://raw.githubusercontent.com/grafana/k6-operator/${K6_OPERATOR_VERSION}/bundle.yaml"
command -v kubectl >/dev/null 2>&1 || die "kubectl not found (needed by make kind-load)" "https://kubernetes.io/docs/tasks/tools/"
kc() { kubectl --context "${CONTEXT}" "$@"; }
kc get namespace shop >/dev/null 2>&1 || die "no shop in the kind cluster ${CONTEXT}" "start it first: make kind-up"
ensure_deploy_tools --no-istioctl

step "k6-operator ${K6_OPERATOR_VERSION} (${BUNDLE})" kc apply --server-side -f "${BUNDLE}" \
  || die "installing the k6-operator failed" "kubectl --context ${CONTEXT} apply --server-side -f ${BUNDLE}"
step "k6-operator ready" kc -n k6-operator-system rollout status deploy/k6-operator-controller-manager --timeout=180s \
  || die "the k6-operator did not become ready" "kubectl --context ${CONTEXT} -n k6-operator-system logs deploy/k6-operator-controller-manager"

kc -n k6 delete testrun shop-load --ignore-not-found --wait >/dev/null 2>&1 || true
apply_testrun() {
  "${KUSTOMIZE}" build deploy/kind/k6 | sed "s#localFile: /k6/load.ts#localFile: /k6/${SCENARIO}.ts#" | kc apply -f -
}
step "TestRun shop-load: k6/${SCENARIO}.ts" apply_testrun || die "applying deploy/kind/k6 failed" "${KUSTOMIZE} build deploy/kind/k6"

stage() { kc -n k6 get testrun shop-load -o jsonpath='{.status.stage}' 2>/dev/null; }
ended() { [[ "$(stage)" =~ ^(finished|error|stopped)$ ]] || { sleep 3; return 1; }; } # a look every few seconds
# The scenario's own length (load: 2 minutes) plus setup and start-up; soak takes 30 minutes.
step "TestRun shop-load ends" wait_for "the TestRun" 3600 ended \
  || die "the TestRun did not end (stage: $(stage))" "kubectl --context ${CONTEXT} -n k6 describe testrun shop-load"
kc -n k6 logs -l k6_cr=shop-load,runner=true --tail=-1
[[ "$(stage)" == finished ]] || die "the TestRun ended in stage $(stage)" "kubectl --context ${CONTEXT} -n k6 describe testrun shop-load"
log "k6/${SCENARIO}.ts ran in the cluster in $(elapsed_total)"
