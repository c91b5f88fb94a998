#!/usr/bin/env bash
# Renders every kustomization under deploy/ (bases, the infra and observability
# stacks, every overlay; components through the overlays that use them) into
# <out>/<path>.yaml, plus <out>/index.txt listing "<dir> <file name>".
# <out> is .local/deploy/rendered, or the first argument (the consistency tests in
# tools/deploy render into their own temporary directory, so parallel runs never
# share one). Used by validate.sh and tools/deploy.
# deploy/kind/flagger is rendered by render_flagger_install (lib.sh): its upstream half comes
# from the github.com/fluxcd/flagger Go module, not from this repository.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "${REPO_ROOT}/scripts/deploy/lib.sh"
ensure_deploy_tools --no-istioctl >/dev/null
cd "${REPO_ROOT}"

OUT="${1:-${RENDER_DIR}}"
rm -rf "${OUT}" && mkdir -p "${OUT}"
count=0
while IFS= read -r file; do
  dir="$(dirname "${file}")"
  # Components are rendered through the overlays that include them.
  if grep -q '^kind: Component' "${file}"; then continue; fi
  if [[ "${dir}" == deploy/kind/flagger ]]; then continue; fi
  name="$(echo "${dir}" | tr '/' '_').yaml"
  out="${OUT}/${name}"
  "${KUSTOMIZE}" build "${dir}" >"${out}" 2>"${out}.err" \
    || { cat "${out}.err" >&2; die "kustomize build ${dir} failed" "run: ${KUSTOMIZE} build ${dir}"; }
  rm -f "${out}.err"
  echo "${dir} ${name}" >>"${OUT}/index.txt"
  count=$((count + 1))
done < <(find deploy -name kustomization.yaml -not -path 'deploy/local/*' | sort)
render_flagger_install "${OUT}/deploy_kind_flagger.yaml" 2>"${OUT}/flagger.err" \
  || { cat "${OUT}/flagger.err" >&2; die "rendering the Flagger install (deploy/kind/flagger + upstream ${FLAGGER_VERSION}) failed" \
    "check: go mod download -json github.com/fluxcd/flagger@${FLAGGER_VERSION}"; }
rm -f "${OUT}/flagger.err"
echo "deploy/kind/flagger deploy_kind_flagger.yaml" >>"${OUT}/index.txt"
count=$((count + 1))
log "rendered ${count} kustomizations into ${OUT#"${REPO_ROOT}/"} in $(elapsed_total)"
