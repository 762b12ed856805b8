// Bundles the fake backend as one classic script for page.addInitScript (browser tests only;
// never part of ui/dist).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../.build', import.meta.url)),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: fileURLToPath(new URL('./backend.ts', import.meta.url)),
      formats: ['iife'],
      name: 'VigieFake',
      fileName: () => 'fake-backend.js',
    },
  },
});
