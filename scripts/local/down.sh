#!/usr/bin/env bash
# `make down`: stops what `make up` started, apps first, by recorded PIDs.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bash "${REPO_ROOT}/scripts/local/stop-apps.sh"
bash "${REPO_ROOT}/scripts/fault/toxiproxy.sh" stop
bash "${REPO_ROOT}/scripts/infra/stop.sh" all
log "everything stopped in $(elapsed_total)"
