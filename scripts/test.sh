#!/usr/bin/env bash
# `make test`: everything CI checks, in order, failing fast. Ends with the
# test runners' combined summary as one "N passed, N failed" line.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
bash "${REPO_ROOT}/scripts/bootstrap.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
ensure_node >/dev/null
cd "${REPO_ROOT}"

export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning"
RESULTS_DIR="${STATE_DIR}/test-results"
rm -rf "${RESULTS_DIR}" && mkdir -p "${RESULTS_DIR}"

bash scripts/codegen.sh --check
step "format check (prettier)" npx prettier --check . || die "files are not formatted" "run 'npm run format' and commit"
step "lint (eslint + module boundaries)" npx nx run-many -t lint --output-style=static \
  || die "lint failed" "run 'npx nx run-many -t lint' to see the errors"
step "typecheck (tsc strict, whole workspace)" npx tsc -p tsconfig.json || die "type errors" "run 'npx tsc -p tsconfig.json'"
# The k6 scripts against @types/k6 alone: a call k6 does not have fails here, not on a user's machine.
step "typecheck k6/ (tsc against @types/k6)" npx tsc -p k6/tsconfig.json || die "k6/ has type errors" "run 'npx tsc -p k6/tsconfig.json'"

run_jest() { # run_jest <label> <jest args...>
  local label="$1"; shift
  log "${label} ..."
  npx jest "$@" --json --outputFile="${RESULTS_DIR}/${label}.json" || {
    node scripts/lib/jest-summary.mjs "${RESULTS_DIR}"
    die "${label} tests failed" "see the failures above; rerun with: npx jest $*"
  }
}

bash scripts/deploy/validate.sh
# The SLO burn-rate alerts, unit-tested with promtool (fast burn pages, slow burn tickets,
# a budget-respecting error rate fires nothing), and a negative control.
bash scripts/load/promtool-test.sh
# A Docker engine (the images below, and the cluster's own images): the one running, or
# Docker from Debian's packages started here.
bash scripts/containers/engine.sh start
# Every overlay against a real API server (etcd + kube-apiserver of scripts/cluster, built
# once per machine) with the Istio and Flagger CRDs: stricter than the offline schemas.
trap 'bash scripts/cluster/stop.sh >/dev/null 2>&1 || true' EXIT
bash scripts/cluster/install.sh
bash scripts/cluster/start.sh --api-only
bash scripts/cluster/validate-server.sh
bash scripts/cluster/stop.sh
run_jest unit --ci

# Every image the system runs, built here as users build them (the apps from the
# Dockerfile; base and infrastructure images without a registry).
bash scripts/containers/build-images.sh
bash scripts/containers/infra-images.sh

bash scripts/infra/start.sh all
run_jest integration --ci -c jest.integration.config.js --runInBand

trap 'bash scripts/local/stop-apps.sh >/dev/null 2>&1 || true' EXIT
# The app images run as users run them: read-only root, uid 1000, missing variables named,
# migrations and readiness with the local infrastructure.
run_jest containers --ci -c apps/e2e/jest.containers.config.js --runInBand
# `make up` itself: all or nothing, and no outgoing connection takes a port it listens on.
run_jest startup --ci -c apps/e2e/jest.startup.config.js --runInBand

# e2e: the real system, started exactly as `make up` does, stopped afterwards. The storefront's
# browser test and the labs among them drive Debian's chromium and jq.
bash scripts/e2e/install-test-tools.sh
bash scripts/local/up.sh
run_jest e2e --ci -c apps/e2e/jest.config.js
step "load smoke (k6/smoke.ts through the runner, 10 s against the running system)" env SCENARIO=smoke LOAD_TOOL=runner bash scripts/load/run.sh \
  || die "the load smoke failed" "rerun: make load SCENARIO=smoke LOAD_TOOL=runner; see results/*-smoke/report.html"
# Fault drills: SIGKILL/SIGSTOP services, stop Kafka, slow the provider, re-deliver
# messages. They disturb the whole system, so they run alone, one at a time.
run_jest faults --ci -c apps/e2e/jest.faults.config.js --runInBand
# Every input gets a documented answer: Schemathesis from the gateway's own document, every
# check, coverage + fuzzing + stateful, as two customers and as the admin, fixed seed, 90 s
# per run (make fuzz: 120 s); then its negative control, a planted defect it must report.
FUZZ_MAX_TIME=90 bash scripts/fuzz/run.sh
bash scripts/fuzz/negative-control.sh

# Deployed for real: docker compose up --build with the images built here, the shop smoke
# through its gateway, down -v. It publishes 8080 and 8025, so local mode stops first.
bash scripts/local/stop-apps.sh
bash scripts/infra/stop.sh all
bash scripts/containers/compose-test.sh

# Deployed for real, on Kubernetes: a one-node cluster from upstream components, the kind
# overlay with only images swapped (deploy/k8s/overlays/local-cluster), every pod Ready and
# migration Job complete, the shop smoke through the in-cluster gateway, non-root and
# read-only roots as rendered; then every Deployment restarted under load: no request
# without an answer or with a 5xx, no order lost or doubled (P19); then the saga
# participants' pods deleted mid-saga: every saga terminal, the books agree; last, a live
# istiod (its webhook, its injector, istioctl analyze of the live cluster), uninstalled after.
# Alone: KEEP=1 bash scripts/cluster/deploy-test.sh, then any of rollout-test.sh,
# crash-test.sh, istio-test.sh (scripts/cluster/README.md)
trap 'bash scripts/cluster/stop.sh >/dev/null 2>&1 || true' EXIT
KEEP=1 bash scripts/cluster/deploy-test.sh
bash scripts/cluster/rollout-test.sh
bash scripts/cluster/crash-test.sh
bash scripts/cluster/istio-test.sh
bash scripts/cluster/stop.sh

log "all checks passed in $(elapsed_total)"
node scripts/lib/jest-summary.mjs "${RESULTS_DIR}"
