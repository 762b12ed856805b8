import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

/** The window's CSP, as src-tauri/tauri.conf.json gives it to Tauri (the preview serves it too,
    so that the browser tests run under it). */
function tauriCsp(): string | undefined {
  try {
    const conf = JSON.parse(readFileSync(new URL('../src-tauri/tauri.conf.json', import.meta.url), 'utf8'));
    return conf?.app?.security?.csp;
  } catch {
    return undefined;
  }
}
const csp = tauriCsp();

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
  preview: { headers: csp ? { 'Content-Security-Policy': csp } : {} },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
