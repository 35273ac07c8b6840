// npm test: every check CI runs, in order, stopping at the first failure.
// `npm test -- --browsers firefox` (or chromium, webkit, a comma list) runs the browser tests in
// those engines only; the default is all three, one after the other.
import { run } from './run.mjs';

const ENGINES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };
const flag = process.argv.indexOf('--browsers');
const chosen = flag === -1 ? Object.keys(ENGINES) : (process.argv[flag + 1] ?? '').split(',').filter(Boolean);
const unknown = chosen.filter((engine) => !ENGINES[engine]);
if (unknown.length || chosen.length === 0) {
  console.error(`--browsers takes a comma list of ${Object.keys(ENGINES).join(', ')}`);
  process.exit(2);
}

const steps = [
  ['lint', 'npm', ['run', 'lint']],
  ['typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.test.json']],
  ['build', 'npm', ['run', 'build']],
  ['size', 'npm', ['run', 'size']],
  ...chosen.map((engine) => [
    `browser tests (web-test-runner, ${ENGINES[engine]})`,
    'web-test-runner',
    [],
    // One retry of the whole engine run, as each test gets one (web-test-runner.config.mjs): a
    // browser that hangs on a loaded 2-core machine must not sink the build; a real failure fails twice.
    { env: { DITTOFEED_BROWSER: engine }, retries: 1 },
  ]),
  // Later suites register themselves as npm scripts; --if-present skips a missing one.
  ['node tests (server helper, local Dittofeed)', 'npm', ['run', '--if-present', 'test:node']],
  ['type tests (framework typings)', 'npm', ['run', '--if-present', 'test:types']],
  ['custom-elements.json drift', 'npm', ['run', '--if-present', 'cem:check']],
  ['end-to-end tests (Playwright, two origins)', 'npm', ['run', '--if-present', 'test:e2e']],
  ['framework apps (Vue, Angular, Svelte, React 19, React 18)', 'npm', ['run', '--if-present', 'test:frameworks']],
  ['package (publint, arethetypeswrong, packed and installed in a fresh app)', 'npm', ['run', '--if-present', 'test:package']],
];

for (const [name, command, args, { retries = 0, ...options } = {}] of steps) {
  console.log(`\n▶ ${name}`);
  for (let attempt = 0; ; attempt++) {
    try {
      await run(command, args, options);
      break;
    } catch (error) {
      if (attempt < retries) {
        console.error(`\n↻ ${name} failed (${error.message}); running it once more`);
        continue;
      }
      console.error(`\n✖ ${name} failed: ${error.message}`);
      process.exit(1);
    }
  }
}
console.log('\n✔ all checks passed');
