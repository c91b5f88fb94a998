#!/usr/bin/env bash
# The shop deployed for real on the local one-node Kubernetes (issue 10, item 3): the kind
# overlay as users apply it, through the TEST ONLY overlay deploy/k8s/overlays/local-cluster
# (images built here instead of pulled, the observability workloads left out; checked below
# to change nothing else), then proven in the cluster:
#
#   1. the cluster started (start.sh, idempotent); what a previous run left removed
#   2. both overlays rendered by the project's pinned kustomize; local-cluster must equal kind
#      apart from the image swaps and the left-out observability Deployments
#   3. every image the overlay names loaded into the cluster's containerd (load-images.sh:
#      only what is missing or was rebuilt)
#   4. the Istio + Flagger CRDs installed as validate-server.sh installs them (lib.sh), the
#      namespaces the overlay uses outside its own (istio-system) created
#   5. `kubectl apply --server-side` of the rendered overlay, then wait until every migration
#      Job is Complete and every Deployment/StatefulSet has all its pods Ready (the time is
#      printed; on failure each unready pod's events and last log lines)
#   6. the demo catalog seeded (kubectl exec into the inventory pod)
#   7. the e2e shop smoke (apps/e2e/src/smoke: register, order -> CONFIRMED with one email,
#      declined card -> CANCELLED) against the gateway's and Mailpit's ClusterIPs, which the
#      host reaches through kube-proxy
#   8. as rendered and as running: no container may run as root (runAsNonRoot, runAsUser,
#      and `id -u` in every running container), the app pods' read-only root holds
#      (`touch /app/...` fails), each pod's time to Ready
#   9. everything the overlay created deleted (its namespaces with their volumes' claims),
#      so the next run starts clean; KEEP=1 leaves it running. After a failure it is left
#      for inspection (the next run removes it first).
#
#   bash scripts/cluster/deploy-test.sh            # KEEP=1 to leave the shop running
#
# Needs: root, the cluster's binaries (install.sh), a Docker engine holding the images
# (scripts/containers/build-images.sh and infra-images.sh), go (kustomize), node_modules.
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

OVERLAY=deploy/k8s/overlays/local-cluster
BASE_OVERLAY=deploy/k8s/overlays/kind
FIELD_MANAGER=shop-deploy-test
KEEP="${KEEP:-0}"
READY_TIMEOUT="${DEPLOY_TEST_READY_TIMEOUT:-600}"   # seconds, apply -> every Job Complete and pod Ready
SMOKE_CONFIG=apps/e2e/jest.smoke.config.js
CHECKS=scripts/cluster/deploy-checks.mjs

require_installed
require_docker
WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT

# --- 1. cluster -------------------------------------------------------------------------------
bash scripts/cluster/start.sh || die "the local cluster did not start" "see start.sh's message above; bash scripts/cluster/status.sh"
ensure_node
ensure_deploy_tools --no-istioctl

# --- 2. render and check the test overlay --------------------------------------------------------
render() {
  "${KUSTOMIZE}" build "${BASE_OVERLAY}" >"${WORK}/kind.yaml" || return 1
  "${KUSTOMIZE}" build "${OVERLAY}" >"${WORK}/local-cluster.yaml"
}
step "render ${BASE_OVERLAY} and ${OVERLAY} (kustomize, pinned: scripts/deploy/lib.sh)" render \
  || die "kustomize could not render the overlays" "run: ${KUSTOMIZE} build ${OVERLAY}"
only_swaps() { node "${CHECKS}" overlay-diff "${WORK}/kind.yaml" "${WORK}/local-cluster.yaml" | tee "${WORK}/overlay-diff.txt"; }
step "${OVERLAY} = ${BASE_OVERLAY} apart from image swaps and the observability Deployments" only_swaps \
  || die "the test overlay changes more than images and the observability workloads" \
    "a fix belongs in the base (deploy/k8s), not in ${OVERLAY}: see the NOT ONLY A SWAP lines above"
sed 's/^/    /' "${WORK}/overlay-diff.txt"
mapfile -t NAMESPACES < <(namespaces_used "${WORK}/local-cluster.yaml")
mapfile -t OWN_NAMESPACES < <(awk '/^kind: Namespace$/ { ns = 1 } ns && /^  name: / { print $2; ns = 0 } /^---$/ { ns = 0 }' "${WORK}/local-cluster.yaml")
WORKLOAD_NAMESPACES=(shop shop-infra)

# --- 1b. a clean start ----------------------------------------------------------------------------
leftovers() { local ns; for ns in "${OWN_NAMESPACES[@]}"; do kc get namespace "${ns}" >/dev/null 2>&1 && echo "${ns}"; done; return 0; }
remove_applied() { kc delete --ignore-not-found --wait=true --timeout=300s -f "${WORK}/local-cluster.yaml"; }
mapfile -t LEFT < <(leftovers)
if ((${#LEFT[@]} > 0)); then
  step "remove what a previous run left: namespaces ${LEFT[*]} (KEEP=1 or a failed run)" remove_applied \
    || die "the previous deployment could not be removed" "${KCMD} get all -A; ${KCMD} delete namespace ${OWN_NAMESPACES[*]}"
fi

# --- 3. images ---------------------------------------------------------------------------------------
mapfile -t IMAGES < <(node "${CHECKS}" images "${WORK}/local-cluster.yaml")
((${#IMAGES[@]} > 0)) || die "no container image in the rendered ${OVERLAY}" "${KUSTOMIZE} build ${OVERLAY} | grep image:"
missing=()
for image in "${IMAGES[@]}"; do "${DOCKER}" image inspect "${image}" >/dev/null 2>&1 || missing+=("${image}"); done
((${#missing[@]} == 0)) || die "not in the Docker engine: ${missing[*]}" \
  "build them: bash scripts/containers/build-images.sh (shop/*) and bash scripts/containers/infra-images.sh (shop-local/*)"
load_start="$(_now_ms)"
bash scripts/cluster/load-images.sh "${IMAGES[@]}" || die "loading the images into the cluster failed" "see load-images.sh's message above"
load_ms=$(( $(_now_ms) - load_start ))
LOAD_TIME="$((load_ms / 1000)).$(printf '%03d' $((load_ms % 1000)))s"

# --- 4. CRDs and namespaces ------------------------------------------------------------------------
step "obtain the Istio ${ISTIO_API_VERSION} and Flagger ${FLAGGER_VERSION} CRDs (as validate-server.sh)" obtain_crds "${WORK}" \
  || die "could not obtain the CRDs" "check: go mod download -json istio.io/api@${ISTIO_API_VERSION} github.com/fluxcd/flagger@${FLAGGER_VERSION}"
step "install the CRDs: $(crd_count "${WORK}/istio-crds.yaml") Istio + $(crd_count "${WORK}/flagger-crds.yaml") Flagger, wait until Established" \
  install_crds "${WORK}" "${FIELD_MANAGER}" || die "the API server rejected a CRD" "see the server's message above"
foreign=()
for ns in "${NAMESPACES[@]}"; do [[ " ${OWN_NAMESPACES[*]} " == *" ${ns} "* ]] || foreign+=("${ns}"); done
if ((${#foreign[@]} > 0)); then
  step "create the namespaces the overlay uses but does not create: ${foreign[*]}" create_namespaces "${foreign[@]}" \
    || die "creating the namespaces ${foreign[*]} failed" "see the server's message above"
fi

# --- 5. apply and wait --------------------------------------------------------------------------------
apply() {
  kc apply --server-side --force-conflicts --field-manager "${FIELD_MANAGER}" -f "${WORK}/local-cluster.yaml" >"${WORK}/apply.out" 2>&1 \
    || { cat "${WORK}/apply.out"; return 1; }
  echo "$(grep -c ' serverside-applied$' "${WORK}/apply.out") objects applied"
  ! grep '^Warning:' "${WORK}/apply.out" | sort -u | grep .
}
APPLIED_MS="$(_now_ms)"
step "kubectl apply --server-side ${OVERLAY} ($(grep -c '^kind:' "${WORK}/local-cluster.yaml") objects, no warning allowed)" apply \
  || die "the API server rejected the overlay, or warned" "${KCMD} apply --server-side -f <(${KUSTOMIZE} build ${OVERLAY})"

# Progress of the migration Jobs: prints "<complete> <failed> <total>".
jobs_state() {
  kc get jobs -A -l app.kubernetes.io/component=migration \
    -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions[?(@.status=="True")].type}{"\n"}{end}' \
    | awk '{ n++ } /Complete/ { c++ } /=.*Failed/ { f++; print "failed: " $0 > "/dev/stderr" } END { print c + 0, f + 0, n + 0 }'
}
# Workloads not yet Ready: "<ns>/<kind>/<name> ready/wanted", one per line.
workloads_not_ready() {
  local ns
  for ns in "${WORKLOAD_NAMESPACES[@]}"; do
    kc -n "${ns}" get deployments,statefulsets \
      -o jsonpath='{range .items[*]}{.kind}/{.metadata.name}|{.spec.replicas}|{.status.readyReplicas}|{.status.updatedReplicas}|{.status.replicas}{"\n"}{end}' \
      | awk -F'|' -v ns="${ns}" '{ want = $2; ready = $3 + 0; upd = $4 + 0; cur = $5 + 0
          if (ready < want || upd < want || cur > want) print ns "/" $1, ready "/" want }' || return 1
  done
}
WORKLOADS="$(for ns in "${WORKLOAD_NAMESPACES[@]}"; do kc -n "${ns}" get deployments,statefulsets -o name; done | wc -l)"
wait_ready() {
  local deadline=$(( $(date +%s) + READY_TIMEOUT )) state pending
  while :; do
    state="$(jobs_state)" || return 1
    read -r complete failed total <<<"${state}"
    pending="$(workloads_not_ready)" || return 1
    if ((failed > 0)); then echo "a migration Job failed (backoffLimit reached)"; return 1; fi
    if ((total > 0 && complete == total)) && [[ -z "${pending}" ]]; then
      echo "${total} migration Jobs Complete, ${WORKLOADS} Deployments/StatefulSets with every pod Ready"
      return 0
    fi
    if (( $(date +%s) >= deadline )); then
      echo "after ${READY_TIMEOUT}s: ${complete}/${total} migration Jobs Complete; not Ready: ${pending//$'\n'/, }"
      return 1
    fi
    sleep 2
  done
}
# diagnose: every pod that is not Ready (or a failed Job's pod): state, events, last log lines.
diagnose() {
  local ns pod
  for ns in "${WORKLOAD_NAMESPACES[@]}"; do
    kc -n "${ns}" get pods -o wide >&2 || true
    for pod in $(kc -n "${ns}" get pods -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' \
      | awk '$2 != "Succeeded" && $3 != "True" { print $1 }'); do
      echo "===== ${ns}/${pod}: events =====" >&2
      kc -n "${ns}" get events --field-selector "involvedObject.name=${pod}" --sort-by=.lastTimestamp \
        -o custom-columns=AGE:.lastTimestamp,TYPE:.type,REASON:.reason,MESSAGE:.message >&2 || true
      echo "===== ${ns}/${pod}: last 30 log lines (and of the previous container, if it restarted) =====" >&2
      kc -n "${ns}" logs "${pod}" --all-containers --tail=30 2>&1 | grep . >&2 || echo "(no log line yet)" >&2
      kc -n "${ns}" logs "${pod}" --all-containers --previous --tail=30 >&2 2>/dev/null || true
    done
  done
}
if ! step "wait: every migration Job Complete, every Deployment/StatefulSet pod Ready (timeout ${READY_TIMEOUT}s)" wait_ready; then
  diagnose
  die "the shop did not come up in the cluster (the pods' events and logs are above; the deployment is left for inspection)" \
    "${KCMD} -n shop get pods; ${KCMD} -n shop describe pod <pod>; ${KCMD} -n shop logs <pod> --previous; a fix belongs in deploy/k8s (the base), not in ${OVERLAY}"
fi
ready_ms=$(( $(_now_ms) - APPLIED_MS ))
READY_TIME="$((ready_ms / 1000)).$(printf '%03d' $((ready_ms % 1000)))s"
log "apply -> all pods Ready and every migration Job Complete: ${READY_TIME}"
# For the record (nothing fails on it): what the kubelet and controllers warned about on the way.
warning_reasons() {
  local ns
  for ns in "${WORKLOAD_NAMESPACES[@]}"; do
    kc -n "${ns}" get events --field-selector type=Warning -o jsonpath='{range .items[*]}{.reason}{" "}{.involvedObject.kind}{" "}{.count}{"\n"}{end}'
  done | awk '{ n[$1 " (" $2 ")"] += ($3 ? $3 : 1) } END { for (r in n) printf "%s x%d\n", r, n[r] }' | sort | paste -sd ',' - | sed 's/,/, /g'
}
log "warning events on the way up: $(warning_reasons || echo 'could not be read')"

# --- 6. seed --------------------------------------------------------------------------------------------
step "seed the demo catalog: kubectl exec deploy/inventory -- node dist/apps/inventory/src/seed-catalog.js" \
  kc -n shop exec deploy/inventory -c inventory -- node dist/apps/inventory/src/seed-catalog.js \
  || die "seeding the catalog failed" "${KCMD} -n shop exec deploy/inventory -c inventory -- node dist/apps/inventory/src/seed-catalog.js"

# --- 7. smoke ---------------------------------------------------------------------------------------------
GATEWAY_URL="$(service_url shop gateway http-api)" || die "no ClusterIP/port http-api on Service shop/gateway" "${KCMD} -n shop get service gateway -o yaml"
MAILPIT_URL="$(service_url shop-infra mailpit http-ui)" || die "no ClusterIP/port http-ui on Service shop-infra/mailpit" "${KCMD} -n shop-infra get service mailpit -o yaml"
reachable() { curl -fsS --max-time 2 -o /dev/null "${MAILPIT_URL}/readyz" && curl -sS --max-time 2 -o /dev/null "${GATEWAY_URL}/"; }
step "the gateway (${GATEWAY_URL}) and Mailpit (${MAILPIT_URL}) answer from the host (kube-proxy)" wait_for "services" 30 reachable \
  || die "the ClusterIPs do not answer from the host" "curl -v ${GATEWAY_URL}/; kube-proxy log: .local/cluster/logs/kube-proxy.log"
smoke() { GATEWAY_URL="${GATEWAY_URL}" MAILPIT_URL="${MAILPIT_URL}" npx jest --ci -c "${SMOKE_CONFIG}" >"${WORK}/smoke.log" 2>&1; }
if step "e2e smoke (${SMOKE_CONFIG}) through the in-cluster gateway: order CONFIRMED with one email, declined card CANCELLED" smoke; then
  SMOKE="passed ($(grep -Eo 'Tests: .*' "${WORK}/smoke.log" | head -n1))"
  grep -E '^\s+(✓|✕|○)' "${WORK}/smoke.log" | sed 's/^\s*/    /'
else
  cat "${WORK}/smoke.log" >&2
  diagnose
  die "the e2e smoke failed against the cluster (output above; the deployment is left for inspection)" \
    "GATEWAY_URL=${GATEWAY_URL} MAILPIT_URL=${MAILPIT_URL} npx jest -c ${SMOKE_CONFIG}; ${KCMD} -n shop logs deploy/<app>"
fi

# --- 8. security context and readiness, as rendered and as running ------------------------------------------
# Each check writes its table to ${WORK}/<name>.txt (printed after its step line).
pods_json() {
  local ns
  for ns in "${WORKLOAD_NAMESPACES[@]}"; do kc -n "${ns}" get pods -o json >"${WORK}/pods-${ns}.json" || return 1; done
  node -e 'const fs = require("fs");
    const items = process.argv.slice(1).flatMap((p) => JSON.parse(fs.readFileSync(p, "utf8")).items);
    console.log(JSON.stringify({ items }));' "${WORK}"/pods-*.json >"${WORK}/pods.json"
}
step "read every pod of ${WORKLOAD_NAMESPACES[*]}" pods_json || die "kubectl get pods failed" "${KCMD} get pods -A"
as_rendered() { node "${CHECKS}" security "${WORK}/pods.json" >"${WORK}/security.txt" 2>&1 || { cat "${WORK}/security.txt"; return 1; }; }
step "as rendered: every container of every pod (the Jobs' included) has runAsNonRoot true and a non-zero runAsUser" as_rendered \
  || die "a container may run as root" "set runAsNonRoot: true and runAsUser in its base manifest (deploy/k8s)"
sed 's/^/  /' "${WORK}/security.txt"

running_containers() { # "<ns> <pod> <container> <component label>" of every running container
  local ns pod component containers c
  for ns in "${WORKLOAD_NAMESPACES[@]}"; do
    kc -n "${ns}" get pods --field-selector=status.phase=Running \
      -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.labels.app\.kubernetes\.io/component}{" "}{range .spec.containers[*]}{.name}{","}{end}{"\n"}{end}' \
      >"${WORK}/running-${ns}.txt" || return 1
    while read -r pod component containers; do
      [[ -n "${containers}" ]] || { containers="${component}"; component=-; }
      for c in ${containers//,/ }; do echo "${ns} ${pod} ${c} ${component}"; done
    done <"${WORK}/running-${ns}.txt"
  done
}
uids_not_root() {
  local ns pod c component uid failed=0
  : >"${WORK}/uids.txt"
  while read -r ns pod c component; do
    uid="$(kc -n "${ns}" exec "${pod}" -c "${c}" -- id -u 2>&1 </dev/null)" || { echo "${ns}/${pod}/${c}: id -u failed: ${uid}"; failed=1; continue; }
    printf '  %-48s %-16s uid %s\n' "${ns}/${pod}" "${c}" "${uid}" >>"${WORK}/uids.txt"
    [[ "${uid}" != 0 ]] || { echo "${ns}/${pod}/${c} RUNS AS ROOT"; failed=1; }
  done < <(running_containers)
  [[ -s "${WORK}/uids.txt" ]] || { echo "no running container found"; return 1; }
  return "${failed}"
}
step "as running: id -u is not 0 in any running container" uids_not_root \
  || die "a container runs as root, or kubectl exec failed" "see above; ${KCMD} -n <ns> exec <pod> -c <container> -- id"
cat "${WORK}/uids.txt"

read_only_root() {
  local ns pod c component out failed=0
  : >"${WORK}/read-only.txt"
  while read -r ns pod c component; do
    [[ "${ns}" == shop ]] || continue   # every pod in shop is an app (shop/<app> image, WORKDIR /app)
    if out="$(kc -n "${ns}" exec "${pod}" -c "${c}" -- touch /app/.read-only-root-check 2>&1 </dev/null)"; then
      echo "${ns}/${pod}/${c}: touch /app/.read-only-root-check SUCCEEDED: the root filesystem is writable"; failed=1
    elif grep -q 'Read-only file system' <<<"${out}"; then
      printf '  %-48s %-16s %s\n' "${ns}/${pod}" "${c}" "$(grep -m1 'Read-only file system' <<<"${out}")" >>"${WORK}/read-only.txt"
    else
      echo "${ns}/${pod}/${c}: touch failed for another reason than a read-only root: ${out}"; failed=1
    fi
  done < <(running_containers)
  [[ -s "${WORK}/read-only.txt" ]] || { echo "no running app pod found in namespace shop"; return 1; }
  return "${failed}"
}
step "the app pods' read-only root holds: kubectl exec touch /app/... fails with 'Read-only file system'" read_only_root \
  || die "an app pod's root filesystem is writable, or the check could not run" "readOnlyRootFilesystem: true in deploy/k8s/apps/<app>/deployment.yaml"
cat "${WORK}/read-only.txt"

ready_times() { node "${CHECKS}" ready-times "${WORK}/pods.json" "${APPLIED_MS}" >"${WORK}/ready.txt" 2>&1 || { cat "${WORK}/ready.txt"; return 1; }; }
step "pods Ready time (creation -> Ready; apply -> Ready)" ready_times || die "a pod is not Ready any more" "${KCMD} get pods -A"
sed 's/^/  /' "${WORK}/ready.txt"

# --- 9. clean up -------------------------------------------------------------------------------------------------
if [[ "${KEEP}" == 1 ]]; then
  log "KEEP=1: the shop stays deployed (gateway ${GATEWAY_URL}, Mailpit ${MAILPIT_URL}); the next run removes it first"
else
  step "delete what the overlay created (namespaces ${OWN_NAMESPACES[*]}, volume claims with them; the next start.sh recycles the volumes)" remove_applied \
    || die "deleting the deployment failed" "${KCMD} delete namespace ${OWN_NAMESPACES[*]}"
  prune_untagged_images
fi

echo
printf '  %-34s %s\n' "images loaded" "${#IMAGES[@]} in ${LOAD_TIME}" \
  "apply -> all pods Ready, Jobs done" "${READY_TIME}" \
  "e2e smoke (in-cluster gateway)" "${SMOKE}" \
  "no container runs as root" "ok" \
  "app pods' read-only root" "ok"
echo
log "the shop ran on Kubernetes ${K8S_VERSION} from ${OVERLAY} in $(elapsed_total)"
