#!/usr/bin/env bash
# The SLO burn-rate alerts, unit-tested by Prometheus' own tool (part of `make test`):
#   1. the rules and their tests are fresh (generated from load/slo.yaml: scripts/load/slo.sh)
#   2. promtool check rules  deploy/k8s/observability/prometheus/slo-rules.yml
#   3. promtool test rules   deploy/k8s/observability/prometheus/slo-rules.test.yml: per
#      objective, a fast burn pages, a slow burn opens a ticket and does not page, and a burn
#      within budget fires nothing
#   4. negative control: the same tests against copies of the rules with one threshold mutated
#      must FAIL, on the scenario that mutation breaks (tests that cannot fail prove nothing)
#
#   bash scripts/load/promtool-test.sh
#
# promtool is built with Prometheus by scripts/infra/install.sh (cached in .tools/bin).
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
cd "${REPO_ROOT}"

bash scripts/load/slo.sh --check
bash scripts/infra/install.sh prometheus
# shellcheck source=../infra/lib.sh
source scripts/infra/lib.sh

RULES_DIR="deploy/k8s/observability/prometheus"
RULES="${RULES_DIR}/slo-rules.yml"
TESTS="${RULES_DIR}/slo-rules.test.yml"

step "promtool check rules ${RULES}" "${PROMTOOL_BIN}" check rules "${RULES}" \
  || die "${RULES} is not a valid Prometheus rule file" "regenerate it with 'bash scripts/load/slo.sh'; never edit it by hand"
step "promtool test rules ${TESTS} ($(grep -c '^  - name:' "${TESTS}") scenarios)" "${PROMTOOL_BIN}" test rules "${TESTS}" \
  || die "the SLO alerts do not fire as their tests expect (promtool's diff above)" \
    "rerun: ${PROMTOOL_BIN#"${REPO_ROOT}/"} test rules ${TESTS}; the rules come from load/src/slo/generate-prometheus-rules.ts"

# mutant_must_fail "what is mutated" sed-expression "scenario": runs the tests of that scenario
# (promtool --run: a regex on the test names, every objective) on a mutated copy of the rules, and
# passes only when promtool fails them.
mutant_must_fail() {
  local what="$1" edit="$2" scenario="$3" dir out
  dir="$(mktemp -d)"
  cp "${TESTS}" "${dir}/"
  sed -E "${edit}" "${RULES}" >"${dir}/slo-rules.yml"
  if cmp -s "${RULES}" "${dir}/slo-rules.yml"; then
    rm -rf "${dir}"
    echo "the mutation '${edit}' changed nothing in ${RULES}: update it to the rules' current text"
    return 1
  fi
  out="$("${PROMTOOL_BIN}" test rules --run "${scenario}" "${dir}/slo-rules.test.yml" 2>&1)" && {
    rm -rf "${dir}"
    echo "promtool test rules PASSED with ${what}: the tests cannot tell that mutation from the real rules"
    return 1
  }
  rm -rf "${dir}"
  grep -q -- "${scenario}" <<<"${out}" || {
    printf '%s\n' "${out}" | tail -n 20
    echo "promtool failed, but not on a '${scenario}' scenario"
    return 1
  }
}

step "negative control: page tiers raised to 20x -> the 16x burns no longer page" \
  mutant_must_fail "the page tiers raised" 's/> \((14\.4|6) \* /> (20 * /g' "x burn pages" \
  || die "the fast-burn tests would not notice a page threshold set too high" "see the line above"
step "negative control: page tier 6x lowered to 3x -> the 4x burns page" \
  mutant_must_fail "the 6x page tier lowered" 's/> \(6 \* /> (3 * /g' "does not page" \
  || die "the slow-burn tests would not notice a page threshold set too low" "see the line above"
step "negative control: ticket tier 1x lowered to 0.4x -> the 0.5x burns open tickets" \
  mutant_must_fail "the 1x ticket tier lowered" 's/> \(1 \* /> (0.4 * /g' "fires nothing" \
  || die "the within-budget tests would not notice a ticket threshold set too low" "see the line above"

log "SLO alert tests passed in $(elapsed_total)"
