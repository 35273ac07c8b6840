// npm run test:types: the framework typings, type-checked as each framework's own tool does.
// Fixtures hold lines that must compile and lines that must not (`@ts-expect-error`,
// `@vue-expect-error`, and for Svelte markup, which has neither, an `expect-error` comment whose
// next line svelte-check must report). The example apps are type-checked too. Run after
// `npm run build`: the fixtures import the package through its "exports", i.e. from dist/.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkLocalPackage } from '../frameworks/build-examples.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function exec(command, args, cwd = root) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(command), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Runs svelte-check over a folder; fails unless exactly the `expect-error`-marked lines are reported. */
async function svelteCheck(dir) {
  const { output } = await exec('svelte-check', ['--workspace', dir, '--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings']);
  const reported = new Set();
  const problems = [];
  for (const line of output.split('\n')) {
    const match = /^\d+ (ERROR|WARNING) "([^"]+)" (\d+):\d+ (.*)$/.exec(line);
    if (match) {
      reported.add(`${match[2]}:${match[3]}`);
      problems.push(`${match[2]}:${match[3]} ${match[4]}`);
    } else if (/FAILURE/.test(line)) problems.push(line);
  }
  if (!/COMPLETED/.test(output)) throw new Error(`svelte-check did not complete:\n${output}`);
  const expected = new Set();
  for (const file of ['Rejected.svelte']) {
    let text;
    try {
      text = readFileSync(path.join(root, dir, file), 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((content, i) => {
      if (/<!-- expect-error/.test(content)) expected.add(`${file}:${i + 2}`);
    });
  }
  const missing = [...expected].filter((at) => !reported.has(at));
  const unexpected = problems.filter((p) => !expected.has(p.split(' ')[0]));
  if (missing.length || unexpected.length) {
    throw new Error(
      [
        ...missing.map((at) => `${dir}/${at}: expected an error, svelte-check reported none`),
        ...unexpected.map((p) => `${dir}/${p}`),
      ].join('\n'),
    );
  }
  return `${expected.size} expected errors, nothing else`;
}

/** ngc with strict templates: errors exactly on the `(dittofeed-…)` lines of rejected.ts. */
async function angularCheck(dir) {
  // ngc always prints the "pretty" format: `file.ts:line:col - error TS…: message`, in colour.
  const { output: raw } = await exec('ngc', ['-p', `${dir}/tsconfig.json`]);
  // eslint-disable-next-line no-control-regex
  const output = raw.replace(/\x1b\[[0-9;]*m/g, '');
  const reported = new Set();
  const problems = [];
  for (const line of output.split('\n')) {
    const match = /^(?:.*\/)?([\w.-]+\.ts):(\d+):\d+ - error (.*)$/.exec(line);
    if (match) {
      reported.add(`${match[1]}:${match[2]}`);
      problems.push(`${match[1]}:${match[2]} ${match[3]}`);
    }
  }
  const expected = new Set();
  readFileSync(path.join(root, dir, 'rejected.ts'), 'utf8')
    .split('\n')
    .forEach((content, i) => {
      if (/^\s+\(dittofeed-/.test(content)) expected.add(`rejected.ts:${i + 1}`);
    });
  if (!expected.size) throw new Error('no expectations found in rejected.ts');
  const missing = [...expected].filter((at) => !reported.has(at));
  const unexpected = problems.filter((p) => !expected.has(p.split(' ')[0]));
  if (missing.length || unexpected.length || (!problems.length && output.trim())) {
    throw new Error(
      [...missing.map((at) => `${dir}/${at}: expected an error, ngc reported none`), ...unexpected.map((p) => `${dir}/${p}`)].join('\n') ||
        output,
    );
  }
  return `${expected.size} expected errors, nothing else`;
}

/** Every `<!-- file: path -->` code block in examples/README.md is that file, verbatim. */
function readmeSnippets() {
  const readme = readFileSync(path.join(root, 'examples/README.md'), 'utf8');
  const blocks = [...readme.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)];
  if (blocks.length < 4) throw new Error(`expected a snippet per framework, found ${blocks.length}`);
  const stale = blocks.filter(([, file, code]) => readFileSync(path.join(root, file), 'utf8').trimEnd() !== code);
  if (stale.length) throw new Error(stale.map(([, file]) => `examples/README.md: the snippet of ${file} differs from the file`).join('\n'));
  return `${blocks.length} snippets`;
}

async function check(command, args) {
  const { code, output } = await exec(command, args);
  if (code !== 0) throw new Error(output.trim() || `${command} exited with ${code}`);
  return 'ok';
}

linkLocalPackage(); // the examples resolve `dittofeed-embed` like an installed package

const steps = [
  ['examples/README.md snippets are the apps\' code', readmeSnippets],
  ['core, React 19 and svelte/elements fixtures (tsc)', () => check('tsc', ['-p', 'test/types/tsconfig.json'])],
  ['Vue template fixtures (vue-tsc)', () => check('vue-tsc', ['-p', 'test/types/vue/tsconfig.json'])],
  ['Svelte markup fixtures (svelte-check)', () => svelteCheck('test/types/svelte')],
  ['Angular strict-template fixtures (ngc)', () => angularCheck('test/types/angular')],
  ['examples/react (tsc)', () => check('tsc', ['-p', 'examples/react/tsconfig.json'])],
  ['examples/react18 (tsc)', () => check('tsc', ['-p', 'examples/react18/tsconfig.json'])],
  ['examples/vue (vue-tsc)', () => check('vue-tsc', ['-p', 'examples/vue/tsconfig.json'])],
  ['examples/svelte (svelte-check)', () => svelteCheck('examples/svelte')],
  // examples/angular is type-checked (strict templates) by `ng build` in npm run test:frameworks.
];

let passed = 0;
let failed = 0;
for (const [name, step] of steps) {
  try {
    const note = await step();
    passed += 1;
    console.log(`✔ ${name}${note && note !== 'ok' ? ` (${note})` : ''}`);
  } catch (error) {
    failed += 1;
    console.log(`✖ ${name}\n${String(error.message).replace(/^/gm, '    ')}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
