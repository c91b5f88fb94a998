# One image per app, all from this one pattern:
#
#   docker build --build-arg APP=gateway -t shop/gateway:0.1.0 .
#
# Behind a proxy that intercepts TLS (a corporate one, or this project's CI), npm
# inside the build must trust that proxy's CA. Pass it as a build secret: it is
# mounted only while `npm ci` runs and never lands in a layer or the image:
#
#   docker build --secret id=extra_ca,src=/path/to/proxy-ca.pem --build-arg APP=gateway ...
#
# No `# syntax=` line: everything used here (RUN --mount with cache and secret) is
# in the Dockerfile frontend built into BuildKit since Docker 20.10, so a build
# pulls no frontend image (air-gapped machines, CI without a registry).
#
# Stages: deps (all npm deps, for the build) -> build (SWC compiles every app and lib
# into dist/, exactly as `node tools/build/build.mjs` does locally) -> prod-deps
# (production dependencies only) -> runtime (slim Node, non-root, nothing but
# node_modules + dist). The runtime stage writes nothing to its filesystem, so it
# runs with a read-only root (Kubernetes readOnlyRootFilesystem, compose read_only)
# with /tmp as the only writable mount.
#
# The base image is pinned by tag to the Node of .nvmrc. In production pin it by
# digest as well (NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:<digest>, the digest
# from `docker buildx imagetools inspect node:24.21.0-bookworm-slim`) so a re-pushed
# tag cannot change what you ship; see docs/deploy.md.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency runs code at install time; nothing here needs it.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    --mount=type=secret,id=extra_ca \
    if [ -f /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund

# No APP here: this stage is identical for every app, so BuildKit builds it once and
# reuses it for all seven images.
FROM deps AS build
COPY tsconfig.base.json buf.yaml buf.gen.yaml ./
COPY tools/build ./tools/build
COPY libs ./libs
COPY apps ./apps
# The gRPC TypeScript is generated from the .proto files, never committed
# (scripts/codegen.sh): the image makes its own from the protos it builds with.
RUN rm -rf libs/contracts/src/generated && npx buf generate && node tools/build/build.mjs

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    --mount=type=secret,id=extra_ca \
    if [ -f /run/secrets/extra_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/extra_ca; fi; \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG APP
RUN test -n "${APP}" || { echo "build with --build-arg APP=<app> (gateway, user, order, ...)" >&2; exit 1; }
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="shop-${APP}" \
      org.opencontainers.image.description="shop reference system: the ${APP} app" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    SHOP_APP=${APP}
WORKDIR /app
# Files stay owned by root and are only readable by the app user: the process
# cannot modify its own code even if the root filesystem were writable.
COPY --from=prod-deps /src/package.json ./package.json
COPY --from=prod-deps /src/node_modules ./node_modules
COPY --from=build /src/dist/libs ./dist/libs
COPY --from=build /src/dist/apps/${APP} ./dist/apps/${APP}
# The `node` user of the official image, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
STOPSIGNAL SIGTERM
# compose and Kubernetes run the exact command in exec form (no shell):
#   node dist/apps/<app>/src/main.js      (the service)
#   node dist/apps/<app>/src/migrate.js   (the one-shot migration)
# This default, for a bare `docker run`, execs so node is PID 1 and gets SIGTERM itself.
CMD ["/bin/sh", "-c", "exec node \"dist/apps/${SHOP_APP}/src/main.js\""]
