#!/usr/bin/env bash
# proto -> TypeScript with buf + ts-proto (config: buf.gen.yaml).
#   scripts/codegen.sh          lint the .proto files and generate libs/contracts/src/generated
#   scripts/codegen.sh --check  lint, and fail on a change that breaks the published protos
# The generated TypeScript is built, not committed (it is git-ignored), the way eShop's
# services generate their gRPC code at build time: bootstrap.sh runs this after npm ci,
# and the image build (Dockerfile) runs buf generate itself. The .proto files are the
# contract a reader opens; nobody edits, reviews or merges generated code.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${REPO_ROOT}"
GENERATED=libs/contracts/src/generated

step "buf lint (proto style rules)" npx buf lint || die "proto lint failed" "run 'npx buf lint' and fix the .proto files"
if [[ "${1:-}" == "--check" ]]; then
  # P15: no breaking change against the published protos (npm run contracts:publish).
  baseline=libs/contracts/baseline/proto.json
  step "buf breaking against ${baseline} (WIRE_JSON)" npx buf breaking --against "${baseline}" \
    || die "a .proto change breaks published clients" "add a new field/RPC/version instead; see 'npx buf breaking --against ${baseline}'"
else
  rm -rf "${GENERATED}"
  step "buf generate (ts-proto) into ${GENERATED}" npx buf generate || die "buf generate failed" "run 'npx buf generate' to see why"
fi
