// npm test: every check CI runs, in order, stopping at the first failure.
import { run } from './run.mjs';

const steps = [
  ['lint', 'npm', ['run', 'lint']],
  ['typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.test.json']],
  ['build', 'npm', ['run', 'build']],
  ['size', 'npm', ['run', 'size']],
  ['browser tests (web-test-runner, Chromium)', 'web-test-runner', []],
  // Later suites register themselves as npm scripts; --if-present skips a missing one.
  ['node tests (server helper, local Dittofeed)', 'npm', ['run', '--if-present', 'test:node']],
  ['type tests (framework typings)', 'npm', ['run', '--if-present', 'test:types']],
  ['custom-elements.json drift', 'npm', ['run', '--if-present', 'cem:check']],
  ['end-to-end tests (Playwright, two origins)', 'npm', ['run', '--if-present', 'test:e2e']],
  ['framework apps (Vue, Angular, Svelte, React)', 'npm', ['run', '--if-present', 'test:frameworks']],
];

for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`);
  try {
    await run(command, args);
  } catch (error) {
    console.error(`\n✖ ${name} failed: ${error.message}`);
    process.exit(1);
  }
}
console.log('\n✔ all checks passed');
