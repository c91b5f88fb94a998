#!/usr/bin/env bash
# Makes a fresh clone ready to build: the pinned Node, the npm dependencies and the
# TypeScript generated from the .proto files. Re-runnable: Node and npm are skipped
# when in place; the generated code is rebuilt every time (under a second).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"

ensure_node
cd "${REPO_ROOT}"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.shop-lock-hash"
if [[ -f "${stamp}" && "$(cat "${stamp}")" == "${lock_hash}" ]]; then
  log "npm dependencies match package-lock.json ... ok"
elif [[ -L node_modules ]]; then
  # npm ci empties node_modules first: through a link, that is another checkout's.
  die "node_modules is a link ($(readlink node_modules)) and does not match this package-lock.json" \
    "run 'npm ci' in the checkout it points to, or replace the link with a folder of its own"
else
  step "npm ci (dependencies from package-lock.json)" npm ci --no-audit --no-fund --loglevel=error \
    || die "npm ci failed" "check the npm registry is reachable (npm ping); if the lock is out of date run 'npm install' and commit package-lock.json"
  echo "${lock_hash}" > "${stamp}"
fi
bash "${REPO_ROOT}/scripts/codegen.sh"
