#!/usr/bin/env bash
# Generates everything derived from load/slo.yaml: the load driver's thresholds, the Prometheus
# recording and burn-rate alert rules, the Grafana SLO dashboard, and Flagger's canary analysis
# (deploy/istio/progressive-delivery/slo-*.yaml).
#   scripts/load/slo.sh          regenerate (then commit the result)
#   scripts/load/slo.sh --check  fail if a generated file is stale or hand-edited
# The unit tests check the same (load/src/slo/slo-drift.spec.ts).
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
ensure_node >/dev/null
cd "${REPO_ROOT}"
if [[ "${1:-}" == "--check" ]]; then
  step "SLO artifacts match load/slo.yaml" node load/src/slo/generate.ts --check \
    || die "files generated from load/slo.yaml are stale or hand-edited" "run 'make slo' and commit the result"
else
  node load/src/slo/generate.ts
fi
