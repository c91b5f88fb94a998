import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The gateway serves this build at `/` (STOREFRONT_DIR): same origin as /v1, so no CORS.
// It lands in the gateway's dist folder, so the gateway image carries it with no extra step.
// `vite` (dev server) proxies /v1 to a running gateway for hot reload.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // The one library the storefront may import (lint: type:web -> type:protocol), as tsconfig maps it.
  resolve: {
    alias: {
      '@shop/server-sent-events': fileURLToPath(
        new URL('../../libs/shared/server-sent-events/src/index.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: process.env['STOREFRONT_OUT_DIR'] ?? '../../dist/apps/gateway/storefront',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/v1': process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:8080' },
  },
});
