// npm test: every check CI runs, in order, stopping at the first failure.
import { run } from './run.mjs';

const steps = [
  ['lint', 'npm', ['run', 'lint']],
  ['typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.test.json']],
  ['build', 'npm', ['run', 'build']],
  ['size', 'npm', ['run', 'size']],
  ['browser tests (web-test-runner, Chromium)', 'web-test-runner', []],
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
