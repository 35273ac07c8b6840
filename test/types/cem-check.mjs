// npm run cem:check: regenerates custom-elements.json into a temporary directory and fails when it
// differs from the checked-in file. Under CI (where `npm run build` has just regenerated the file
// in place) it also compares with the committed version, so a forgotten `npm run cem` fails CI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../scripts/run.mjs';

const MANIFEST = 'custom-elements.json';
const dir = mkdtempSync(path.join(tmpdir(), 'cem-check-'));

function committedManifest() {
  try {
    return execFileSync('git', ['show', `HEAD:${MANIFEST}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // not a git checkout, or the file is not committed yet
  }
}

/** The first line where two texts differ, for a readable failure. */
function firstDifference(a, b) {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `line ${at + 1}:\n  expected: ${(right[at] ?? '<end of file>').trim()}\n  generated: ${(left[at] ?? '<end of file>').trim()}`;
}

let failed = false;
try {
  // The analyzer joins --outdir to the working directory, so pass it relative.
  await run('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', path.relative(process.cwd(), dir)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const fresh = readFileSync(path.join(dir, MANIFEST), 'utf8');
  const checks = [['the checked-in file', readFileSync(MANIFEST, 'utf8')]];
  if (process.env.CI) {
    const committed = committedManifest();
    if (committed !== null) checks.push(['the committed file (HEAD)', committed]);
  }
  for (const [what, text] of checks) {
    if (text !== fresh) {
      failed = true;
      console.error(`custom-elements.json differs from ${what} at ${firstDifference(fresh, text)}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  console.error('Run `npm run cem` and commit custom-elements.json.');
  process.exit(1);
}
console.log('custom-elements.json is up to date');
