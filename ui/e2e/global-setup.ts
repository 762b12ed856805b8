// Builds the fake backend (e2e/.build/fake-backend.js) that every test installs in its page.
import { build } from 'vite';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default async function globalSetup(): Promise<void> {
  const dist = fileURLToPath(new URL('../dist/index.html', import.meta.url));
  if (!existsSync(dist)) throw new Error('ui/dist is missing: run `npm run build` (or `npm run test:browser`, which builds first).');
  await build({ configFile: fileURLToPath(new URL('./fake/vite.config.ts', import.meta.url)) });
}
