#!/usr/bin/env bash
# `make bench`: the benchmarks of issue #5 against the running system (start it with `make up`):
# read path vs a plain node:http + Redis baseline, order path vs a monolith baseline, hop costs
# (gRPC round trip, outbox relay lag, saga steps), with CPU per process, event-loop delay and a
# CPU profile of the hottest service as evidence. Prints figures; it is not a pass/fail test.
# It drives load with the runner of load/ and seeds and places orders with k6/lib, as the
# scenarios do.
#   BENCH_PARTS=read,orders,hops,profile,monolith  BENCH_POINT_SECONDS=15  (load/bench/bench.ts)
# Output: results/<UTC timestamp>-bench/{bench.json,bench.md,<app>.cpuprofile} (gitignored) and
# the chart docs/performance/bench.svg. About 6-8 minutes on the 2-core development machine.
# Needs: the local PostgreSQL superuser (BENCH_PG_URL, default postgres/postgres on 127.0.0.1)
# and pg_dump/psql for the monolith's schema copy; ports 22850-22851 for the baselines.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
bash "${REPO_ROOT}/scripts/bootstrap.sh"
source "${REPO_ROOT}/scripts/lib/node.sh"
source "${REPO_ROOT}/scripts/load/lib.sh"
ensure_node >/dev/null
cd "${REPO_ROOT}"

require_target
command -v pg_dump >/dev/null && command -v psql >/dev/null \
  || die "pg_dump and psql are needed for the monolith baseline" "install the PostgreSQL client, or BENCH_PARTS=read,orders,hops,profile"

OUT_DIR="${OUT_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)-bench}"
log "benchmarks -> ${OUT_DIR}"
node --import ./load/src/k6-modules/register.ts load/bench/bench.ts --out "${OUT_DIR}" || die "the bench failed" "see the error above; partial results are in ${OUT_DIR}"
log "done in $(elapsed_total): ${OUT_DIR}/bench.md, docs/performance/bench.svg"
