import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Unit tests read dates in the cabinet's time zone whatever the machine's.
process.env.TZ = 'Europe/Paris';

// The window's files: ui/dist, loaded by Tauri (frontendDist: ../ui/dist) under a strict CSP
// (no inline scripts, no external resources).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK (Linux), WebView2 (Windows) and WKWebView (macOS) all run ES2021.
    target: 'es2021',
    // No inlined assets: everything is a file the CSP's 'self' allows.
    assetsInlineLimit: 0,
  },
  server: { strictPort: true },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
