#!/usr/bin/env bash
# Pinned versions of the images scripts/containers builds where no registry is
# reachable. The app images' Node comes from .nvmrc; the infrastructure versions
# follow what local mode runs (scripts/infra/lib.sh) and docker-compose.yml.

# Debian release of every base image (its packages: PostgreSQL 15, Redis 7.0, OpenJDK 17).
DEBIAN_SUITE=bookworm
# npm inside the Node image (the official image ships the npm its Node bundles).
IMAGE_NPM_VERSION=11.19.1
# Docker Compose (the `docker compose` CLI plugin), built from its Go module where no
# release binary can be downloaded: the newest the Go module proxy serves that builds
# with the machine's Go 1.26 (v5.7.x wants a newer Go).
COMPOSE_MODULE=github.com/docker/compose/v5
COMPOSE_VERSION=v5.6.0
# Docker Buildx: Compose builds with BuildKit (build secrets) only through it.
BUILDX_MODULE=github.com/docker/buildx
BUILDX_VERSION=v0.38.2
# Infrastructure images built here (scripts/containers/infra-images.sh), stand-ins for the
# official images docker-compose.yml and deploy/k8s/infra use. PostgreSQL and Redis: the
# versions Debian ${DEBIAN_SUITE} packages (compose/k8s name postgres 17.6 and redis 7.4.5,
# which bookworm does not have); Kafka and Mailpit: the versions local mode and compose run.
INFRA_POSTGRES_MAJOR=15
INFRA_REDIS_SERIES=7.0
INFRA_KAFKA_VERSION=4.3.1
INFRA_MAILPIT_VERSION=v1.33.1
