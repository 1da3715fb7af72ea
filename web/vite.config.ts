import { defineConfig } from 'vitest/config';

// The server serves index.html at every page's path (/login, /, /b/<boardId>, its /settings,
// /invite/<token>, /s/<token>) and every other file by its path, so assets are referenced
// from the root.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: { '/ws': { target: 'ws://127.0.0.1:8080', ws: true }, '/api': 'http://127.0.0.1:8080' },
  },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
