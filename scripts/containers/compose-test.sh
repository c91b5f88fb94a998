#!/usr/bin/env bash
# docker compose, up for real: what a user gets from `docker compose up --build`,
# proven on this machine (no registry: deploy/compose/local-images.yml swaps in the
# images built here). Steps: the engine, the compose plugin, base and infrastructure
# images; `up --build --wait` of every app (their dependencies and migrations come
# with them); the demo catalog; the shop smoke test through the published gateway
# (127.0.0.1:8080) and Mailpit (127.0.0.1:8025); `down -v`, and nothing left behind.
#
#   scripts/containers/compose-test.sh           (make test runs it after the local system stopped)
#   KEEP=1 scripts/containers/compose-test.sh    leave it running to look around
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=lib.sh
source "${REPO_ROOT}/scripts/containers/lib.sh"
source "${REPO_ROOT}/scripts/local/apps.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
cd "${REPO_ROOT}"
ensure_node >/dev/null

# A project of its own: a user's `shop` project and its volumes are never touched.
export COMPOSE_PROJECT_NAME=shop-test
COMPOSE=("${DOCKER}" compose -f docker-compose.yml -f deploy/compose/local-images.yml)

for port in 8080 8025; do
  if port_open "${port}"; then
    die "127.0.0.1:${port} is taken: compose publishes the gateway on 8080 and Mailpit on 8025" \
      "stop what holds it first (make down stops the local system)"
  fi
done

bash scripts/containers/engine.sh start
bash scripts/containers/cli-plugins.sh
bash scripts/containers/infra-images.sh
export NODE_IMAGE="${NODE_IMAGE:-$(local_node_image)}"
# The CA secret file inside the project: Compose builds through buildx bake, which reads
# no file outside the working directory unless told to (--allow=fs.read).
if [[ -z "${EXTRA_CA_CERTS:-}" ]]; then
  EXTRA_CA_CERTS="${STATE_DIR}/extra-ca.pem"
  cat /usr/local/share/ca-certificates/*.crt >"${EXTRA_CA_CERTS}" 2>/dev/null || : >"${EXTRA_CA_CERTS}"
fi
export EXTRA_CA_CERTS

apps=()
for app in "${APPS[@]}"; do apps+=("$(app_name "${app}")"); done

down() { "${COMPOSE[@]}" down -v --remove-orphans --timeout 30; }
cleanup() {
  local rc=$?
  if [[ -n "${KEEP:-}" ]]; then log "KEEP=1: left running; stop with: COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME} ${COMPOSE[*]} down -v"; return; fi
  if (( rc != 0 )); then
    log "compose test failed: the last lines of each app's log"
    for app in "${apps[@]}"; do "${COMPOSE[@]}" logs --no-color --tail 15 "${app}" 2>&1 | sed "s/^/  /" || true; done
    "${COMPOSE[@]}" ps -a 2>&1 | sed 's/^/  /' || true
  fi
  step "docker compose down -v (containers, network, volumes)" down || true
}
trap cleanup EXIT

step "docker compose up --build --wait ${apps[*]} (+ postgres, redis, kafka, mailpit, migrations)" \
  "${COMPOSE[@]}" up --build --wait --wait-timeout 300 "${apps[@]}" \
  || die "docker compose up did not bring every app to healthy" "the app logs are below; rerun with KEEP=1 to look around"
"${COMPOSE[@]}" ps --format '{{.Service}}: {{.Status}}' | sort | sed 's/^/  /'

step "seed: demo catalog (docker compose exec inventory ... seed-catalog.js)" \
  "${COMPOSE[@]}" exec -T inventory node dist/apps/inventory/src/seed-catalog.js \
  || die "seeding the catalog failed" "see its output above"

step "smoke: an order CONFIRMED with one email, a declined card CANCELLED (apps/e2e/src/smoke, via 127.0.0.1:8080)" \
  env GATEWAY_URL=http://127.0.0.1:8080 MAILPIT_URL=http://127.0.0.1:8025 \
  npx jest --ci -c apps/e2e/jest.smoke.config.js \
  || die "the shop smoke failed against docker compose" "rerun with KEEP=1 and: GATEWAY_URL=http://127.0.0.1:8080 npx jest -c apps/e2e/jest.smoke.config.js"

trap - EXIT
if [[ -n "${KEEP:-}" ]]; then cleanup; exit 0; fi
step "docker compose down -v (containers, network, volumes)" down || die "docker compose down failed" "see above"
left="$("${DOCKER}" ps -aq --filter "label=com.docker.compose.project=${COMPOSE_PROJECT_NAME}"; "${DOCKER}" volume ls -q --filter "label=com.docker.compose.project=${COMPOSE_PROJECT_NAME}")"
[[ -z "${left}" ]] || die "down -v left containers or volumes behind: ${left//$'\n'/ }" "docker rm -f / docker volume rm them"
log "compose: up, healthy, smoke passed, down -v clean in $(elapsed_total)"
