#!/usr/bin/env bash
# What `make fuzz` (run.sh) and its negative control (negative-control.sh) share: the pinned
# Schemathesis, the identities it logs in as, and one run with its log and reports.
# Source after common.sh.

FUZZ_SEED="${FUZZ_SEED:-20261206}"
FUZZ_ADMIN_EMAIL="${FUZZ_ADMIN_EMAIL:-admin@shop.local}"        # LOCAL DEMO DEFAULTS (make up seeds them)
FUZZ_ADMIN_PASSWORD="${FUZZ_ADMIN_PASSWORD:-admin-password-1}"
FUZZ_REQUIREMENTS=tools/schemathesis/requirements.txt
FUZZ_CONFIG=tools/schemathesis/schemathesis.toml
FUZZ_VENV="${SHOP_TOOLS_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/shop-reference}/schemathesis/$(sha256sum "${REPO_ROOT}/${FUZZ_REQUIREMENTS}" | cut -c1-12)"

# Exactly the pinned packages (--no-deps: nothing is resolved at install time). A venv names its
# interpreter by absolute path, so it is built in place and marked complete only once it works.
_install_schemathesis() {
  rm -rf "${FUZZ_VENV}" && python3 -m venv "${FUZZ_VENV}" || return 1
  "${FUZZ_VENV}/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "${FUZZ_REQUIREMENTS}" || return 1
  "${FUZZ_VENV}/bin/pip" check && "${FUZZ_VENV}/bin/st" --version && touch "${FUZZ_VENV}/.complete"
}
ensure_schemathesis() {
  if [[ -f "${FUZZ_VENV}/.complete" ]]; then
    log "schemathesis $("${FUZZ_VENV}/bin/st" --version | awk '{print $NF}') cached (${FUZZ_VENV})"
    return
  fi
  command -v python3 >/dev/null || die "python3 is missing" "apt-get install -y python3 python3-venv"
  step "install schemathesis (pinned: ${FUZZ_REQUIREMENTS}) into ${FUZZ_VENV}" _install_schemathesis \
    || die "installing schemathesis failed" "see the pip output above; python3 -m venv needs the python3-venv package"
}

# wait_for_gateway <url>: the gateway serves its document.
wait_for_gateway() {
  step "gateway $1 serves /openapi.json" wait_for "gateway" 60 curl -fsS -m 5 -o /dev/null "$1/openapi.json" \
    || die "the gateway does not answer at $1" "start the system first: make up"
}

# _register <gateway> <email> <password> <name>: a new customer, through the API like any client.
_register() {
  local status
  status="$(curl -sS -o /dev/null -w '%{http_code}' -m 10 "$1/v1/users" -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\",\"name\":\"$4\"}")"
  [[ "${status}" == 201 ]] || { echo "POST /v1/users answered ${status}" >&2; return 1; }
}

# _login_entry <name> <email> <password>: one identity of a Web Fuzzing Commons auth file;
# Schemathesis logs it in itself (POST /v1/auth/login) and sends its token.
_login_entry() {
  cat <<JSON
    { "name": "$1",
      "loginEndpointAuth": {
        "endpoint": "/v1/auth/login", "verb": "POST", "contentType": "application/json",
        "payloadUserPwd": { "username": "$2", "usernameField": "email", "password": "$3", "passwordField": "password" },
        "token": { "extractFrom": "body", "extractSelector": "/accessToken", "sendIn": "header",
                   "sendName": "Authorization", "sendTemplate": "Bearer {token}" } } }
JSON
}

# write_identities <gateway> <file>: two new customers (customer-a, customer-b: throw-away, new
# every run) and the demo admin, as the auth file schemathesis.toml reads (FUZZ_AUTH_FILE).
write_identities() {
  local gateway="$1" file="$2" run_id password who
  run_id="$(date +%s)-$$"
  password="fuzz-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  for who in a b; do
    step "register customer-${who} (fuzz-${who}-${run_id}@example.com)" \
      _register "${gateway}" "fuzz-${who}-${run_id}@example.com" "${password}" "Fuzz ${who}" \
      || die "registering a customer for the run failed" "check the gateway log: .local/logs/gateway.log"
  done
  {
    echo '{ "schemaVersion": "0.1.0", "auth": ['
    _login_entry customer-a "fuzz-a-${run_id}@example.com" "${password}"; echo ','
    _login_entry customer-b "fuzz-b-${run_id}@example.com" "${password}"; echo ','
    _login_entry admin "${FUZZ_ADMIN_EMAIL}" "${FUZZ_ADMIN_PASSWORD}"
    echo '] }'
  } >"${file}"
}

# schemathesis_run <gateway> <log file> <st run options...>: one run against that gateway, its
# output in the log; returns Schemathesis' exit code. The hooks ask the same gateway (GATEWAY_URL).
schemathesis_run() {
  local gateway="$1" log_file="$2" rc=0; shift 2
  GATEWAY_URL="${gateway}" "${FUZZ_VENV}/bin/st" --config-file "${FUZZ_CONFIG}" run "${gateway}/openapi.json" \
    --url "${gateway}" --seed "${FUZZ_SEED}" --no-color "$@" >"${log_file}" 2>&1 || rc=$?
  return "${rc}"
}
