#!/usr/bin/env bash
# proto -> TypeScript with buf + ts-proto (config: buf.gen.yaml).
#   scripts/codegen.sh          regenerate libs/contracts/src/generated
#   scripts/codegen.sh --check  fail if the committed generated code is stale
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${REPO_ROOT}"
GENERATED=libs/contracts/src/generated

step "buf lint (proto style rules)" npx buf lint || die "proto lint failed" "run 'npx buf lint' and fix the .proto files"
if [[ "${1:-}" == "--check" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "${tmp}"' EXIT
  step "generate into a scratch dir" npx buf generate --output "${tmp}" || die "buf generate failed" "run 'npx buf generate' to see why"
  # buf writes relative to --output, so the scratch copy is at ${tmp}/${GENERATED}
  if ! diff -r "${tmp}/${GENERATED}" "${GENERATED}" >/dev/null; then
    diff -r "${tmp}/${GENERATED}" "${GENERATED}" | head -20 >&2 || true
    die "generated code in ${GENERATED} is stale or hand-edited" "run 'make codegen' and commit the result"
  fi
  log "generated code is fresh"
  # P15: no breaking change against the published protos (npm run contracts:publish).
  baseline=libs/contracts/baseline/proto.json
  if [[ -f "${baseline}" ]]; then
    step "buf breaking against ${baseline} (WIRE_JSON)" npx buf breaking --against "${baseline}" \
      || die "a .proto change breaks published clients" "add a new field/RPC/version instead; see 'npx buf breaking --against ${baseline}'"
  fi
else
  rm -rf "${GENERATED}"
  step "buf generate (ts-proto)" npx buf generate || die "buf generate failed" "run 'npx buf generate' to see why"
fi
