#!/usr/bin/env bash
# The UI's checks from a fresh machine, for .ci/test: Debian's Chromium if missing, npm ci, the
# type-checked build, Vitest, then Playwright against the built window. Ends with one line
# "ui: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "ui: Node.js 20.19 or later is needed (found $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

npm ci --no-audit --no-fund
npm run build
mkdir -p .results
status=0
npx vitest run --reporter=default --reporter=json --outputFile=.results/vitest.json || status=1
PLAYWRIGHT_JSON_OUTPUT_NAME=.results/playwright.json npx playwright test --reporter=list,json || status=1
node -e '
  const fs = require("fs");
  const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
  const v = read(".results/vitest.json");
  const p = read(".results/playwright.json");
  let passed = 0, failed = 0;
  if (v) { passed += v.numPassedTests; failed += v.numFailedTests; } else failed += 1;
  if (p) { passed += p.stats.expected; failed += p.stats.unexpected + p.stats.flaky; } else failed += 1;
  console.log(`ui: ${passed} passed, ${failed} failed`);
'
exit $status
