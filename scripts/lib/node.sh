#!/usr/bin/env bash
# Ensures the pinned Node (from .nvmrc) is used. When the system Node is older
# it is installed from the npm registry (package `node@<version>`, which ships
# the real binary) into .tools/node/<version>, and put first on PATH.
# Source after common.sh:  source "${REPO_ROOT}/scripts/lib/node.sh"

NODE_VERSION="$(tr -d 'v \n' < "${REPO_ROOT}/.nvmrc")"
NODE_HOME="${TOOLS_DIR}/node/${NODE_VERSION}"

_install_pinned_node() {
  rm -rf "${NODE_HOME}.tmp"
  mkdir -p "${NODE_HOME}.tmp"
  # Its own package.json: without one npm would install into the nearest parent
  # project (this repository) instead of this folder.
  echo '{ "private": true }' > "${NODE_HOME}.tmp/package.json"
  (cd "${NODE_HOME}.tmp" && npm install --no-package-lock --loglevel=error "node@${NODE_VERSION}")
  [[ -x "${NODE_HOME}.tmp/node_modules/node/bin/node" ]] || return 1
  rm -rf "${NODE_HOME}"
  mv "${NODE_HOME}.tmp" "${NODE_HOME}"
}

ensure_node() {
  if command -v node >/dev/null 2>&1 && [[ "$(node --version)" == "v${NODE_VERSION}" ]]; then
    log "node v${NODE_VERSION} (system) ... ok"
  else
    if [[ ! -x "${NODE_HOME}/node_modules/node/bin/node" ]]; then
      command -v npm >/dev/null 2>&1 || die "npm not found; it is needed once to fetch node@${NODE_VERSION}" \
        "install any Node.js with npm (apt-get install -y nodejs npm), then re-run"
      step "install node v${NODE_VERSION} into .tools/node (system has $(node --version 2>/dev/null || echo none))" _install_pinned_node \
        || die "could not install node@${NODE_VERSION} from the npm registry" "check 'npm view node@${NODE_VERSION}' works, then re-run"
    fi
    export PATH="${NODE_HOME}/node_modules/node/bin:${PATH}"
    [[ "$(node --version)" == "v${NODE_VERSION}" ]] || die "node on PATH is $(node --version), expected v${NODE_VERSION}" \
      "remove .tools/node and re-run to reinstall node@${NODE_VERSION}"
    log "node $(node --version) from .tools/node ... ok"
  fi
  # Project binaries (nx, jest, tsc...) run on the node found first on PATH: the pinned one.
  export PATH="${REPO_ROOT}/node_modules/.bin:${PATH}"
}
