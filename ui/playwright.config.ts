// Browser tests: the built window (ui/dist) served by `vite preview` on loopback, driven in
// Debian's Chromium, with the shell replaced by the fake backend of e2e/fake (mocked IPC).
import { defineConfig } from '@playwright/test';
import { createServer } from 'node:net';

/** A free loopback port, chosen once: workers inherit it through the environment. */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

if (!process.env.VIGIE_UI_PORT) process.env.VIGIE_UI_PORT = String(await freePort());
const port = Number(process.env.VIGIE_UI_PORT);
const baseURL = `http://127.0.0.1:${port}`;

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--lang=fr-FR',
  ],
};

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 800 },
    launchOptions: chromium,
    trace: 'off',
  },
  projects: [
    { name: 'ui', testIgnore: /scroll\.spec\.ts/ },
    // Frame times are measured alone, once everything else has finished.
    { name: 'scroll', testMatch: /scroll\.spec\.ts/, dependencies: ['ui'], fullyParallel: false },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: 60_000,
  },
});
