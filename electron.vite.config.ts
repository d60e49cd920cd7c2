import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const alias = { '@shared': resolve(__dirname, 'src/shared'), '@renderer': resolve(__dirname, 'src/renderer') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      // bundled, not loaded from node_modules: each read worker would otherwise load its own copy of
      // them module by module (an export's peak RSS 211 MB with them apart, 179–188 MB bundled)
      externalizeDeps: { exclude: ['drizzle-orm', 'zod', 'd3-dsv'] },
      rollupOptions: {
        // the read worker (reports, exports) is its own entry: main starts it as out/main/readWorker.js
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          readWorker: resolve(__dirname, 'electron/core/worker/readWorker.ts'),
          // the sync worker (push and pull off the till's thread): out/main/syncWorker.js
          syncWorker: resolve(__dirname, 'electron/core/sync/worker/syncWorker.ts'),
        },
        // the native addon is loaded at run time (nativeBinding in dev, rebuilt copy when packaged)
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // a sandboxed preload cannot require() our modules: bundle everything into one CommonJS file
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
