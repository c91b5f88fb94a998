#!/usr/bin/env bash
# The map of the running system in local mode: every app, the order they start
# in, and whether it owns a database (and so has migrations). Sourced by up/down.
# Mirrors docker-compose.yml and deploy/k8s.

# name:has-database (start order: providers of an API before their callers)
APPS=(
  payment-provider:no
  user:yes
  inventory:yes
  payment:yes
  order:yes
  notification:yes
  gateway:no
)

app_name() { echo "${1%%:*}"; }
app_has_db() { [[ "${1##*:}" == yes ]]; }

# app_env <name>: prints the environment of an app (shared + its own file).
app_env() {
  cat "${REPO_ROOT}/deploy/local/services.env" "${REPO_ROOT}/deploy/local/$1.env" | grep -Ev '^\s*(#|$)'
}

app_admin_port() { app_env "$1" | sed -n 's/^ADMIN_PORT=//p'; }

# export_app_env <name>: exports the app's environment into the current shell.
export_app_env() {
  set -a
  # shellcheck disable=SC1090
  source "${REPO_ROOT}/deploy/local/services.env"
  # shellcheck disable=SC1090
  source "${REPO_ROOT}/deploy/local/$1.env"
  set +a
}

# run_with_app_env <name> command...: runs a command with the app's environment.
run_with_app_env() {
  local name="$1"; shift
  ( export_app_env "${name}"; exec "$@" )
}
