// npm run test:e2e: the end-to-end suite against the built package (dist/), one file at a time
// (two cores: parallel browsers would make token-timing tests flaky, not faster).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { missingBuild } from '../../demo/start.mjs';
import { assertChromium } from '../../scripts/chromium.mjs';
import { run } from '../../scripts/run.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const problem = missingBuild();
if (problem) {
  console.error(`test:e2e: ${problem} (npm test builds before running this suite).`);
  process.exit(1);
}
assertChromium();

const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.test.mjs'))
  .filter((name) => only.length === 0 || only.some((pattern) => name.includes(pattern)))
  .sort()
  .map((name) => path.join(here, name));

try {
  // Hard stop for the whole suite; each test also has its own timeout.
  await run(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=180000', ...files], {
    env: { FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    timeout: 360_000,
    killSignal: 'SIGKILL',
  });
} catch (error) {
  console.error(`test:e2e: ${error.message}`);
  process.exit(1);
}
