# The command map. Every target is a thin wrapper over a script in scripts/,
# so what CI runs is exactly what you run.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help bootstrap test codegen up down fault validate-deploy kind-up kind-down kind-load load slo bench fuzz fuzz-control

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

bootstrap: ## install the pinned Node and npm dependencies, generate the gRPC TypeScript from the .proto files
	@bash scripts/bootstrap.sh

test: ## everything CI checks: lint, typecheck, unit, integration, e2e (installs what is missing)
	@bash scripts/test.sh

codegen: ## regenerate TypeScript from the .proto files into libs/contracts/src/generated (git-ignored; bootstrap does it)
	@bash scripts/codegen.sh

up: ## the whole system locally without Docker: infra, build, migrate, start, seed, wait ready
	@bash scripts/local/up.sh

down: ## stop what `make up` started (by recorded PIDs)
	@bash scripts/local/down.sh

fault: ## the fault knobs of the running system: ARGS="list | set <knob> <value> | clear <knob>|all | help" (docs/faults.md)
	@bash scripts/fault/fault.sh $(ARGS)

fuzz: ## Schemathesis against the running system (make up): every check, coverage + fuzzing + stateful, as customers and admin (FUZZ_SEED, FUZZ_MAX_TIME) -> results/
	@bash scripts/fuzz/run.sh

fuzz-control: ## the negative control of make fuzz: a planted defect in a throw-away copy, which Schemathesis must report
	@bash scripts/fuzz/negative-control.sh

validate-deploy: ## offline checks of every deployment artifact: render, strict schemas, istioctl, compose, Dockerfile
	@bash scripts/deploy/validate.sh

kind-up: ## the whole system on a local kind cluster with Istio (needs docker, kind, kubectl, istioctl; KIND_OVERLAY=kind-progressive: Flagger)
	@bash scripts/deploy/kind-up.sh

kind-down: ## delete the kind cluster created by kind-up
	@bash scripts/deploy/kind-down.sh

kind-load: ## a k6 script run in the kind cluster by the k6-operator (SCENARIO=load|smoke|stress|spike|soak)
	@bash scripts/deploy/kind-load.sh

load: ## a k6 script of k6/ against the running system, with k6 or the runner (SCENARIO=load|smoke|stress|spike|soak, LOAD_TOOL=k6|runner) -> results/
	@bash scripts/load/run.sh

bench: ## benchmarks against the running system: gateway vs baseline, microservices vs monolith, hop costs -> results/, docs/performance/bench.svg
	@bash scripts/load/bench.sh

slo: ## regenerate the k6 thresholds, Prometheus SLO rules and Grafana SLO panels from load/slo.yaml
	@bash scripts/load/slo.sh
