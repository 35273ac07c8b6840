// Builds the example apps in examples/ against this repository's package, the way an app that
// installed `dittofeed-embed` from npm would resolve it: examples/node_modules/dittofeed-embed is a
// link to the repository root, so imports go through package.json "exports" (and "types") and
// end in dist/. Run `npm run build` first. Usable as a script: node test/frameworks/build-examples.mjs [vue react react18 svelte angular]
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../scripts/run.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const examplesDir = path.join(root, 'examples');
export const FRAMEWORKS = ['vue', 'react', 'react18', 'svelte', 'angular'];

/**
 * Examples whose framework differs from the root's copy (React 18 beside the root's 19) get their
 * own, installed in the example on first use at the version its package.json pins. No lockfile:
 * through its file:../.. dependency it would copy this repository's whole manifest. Each such
 * example's vite.config.ts dedupes the framework for the linked package.
 */
const OWN_DEPENDENCIES = { react18: ['react', 'react-dom'] };

function installOwnDependencies(name) {
  const dir = path.join(examplesDir, name);
  const packages = OWN_DEPENDENCIES[name] ?? [];
  if (packages.every((pkg) => existsSync(path.join(dir, 'node_modules', pkg)))) return Promise.resolve();
  const { dependencies } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const pinned = packages.map((pkg) => `${pkg}@${dependencies[pkg]}`);
  const flags = ['--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  return run('npm', ['install', ...flags, ...pinned], { cwd: dir, timeout: 5 * 60_000 });
}

/** Where each example's built index.html ends up. */
export const outputDir = (name) =>
  name === 'angular' ? path.join(examplesDir, name, 'dist', 'browser') : path.join(examplesDir, name, 'dist');

/** examples/node_modules/dittofeed-embed → the repository root (git-ignored, made on demand). */
export function linkLocalPackage() {
  const dir = path.join(examplesDir, 'node_modules');
  const link = path.join(dir, 'dittofeed-embed');
  try {
    if (lstatSync(link).isSymbolicLink()) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // absent
  }
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.relative(dir, root), link, 'dir');
}

/** One Vite build, in-process, served later under /<name>/. */
async function viteBuild(name) {
  const { build } = await import('vite');
  await build({
    root: path.join(examplesDir, name),
    base: `/${name}/`,
    logLevel: 'warn',
    build: { emptyOutDir: true, reportCompressedSize: false },
  });
}

/** `ng build` (the Angular CLI's application builder), served later under /angular/. */
function angularBuild() {
  return run('ng', ['build', '--base-href', '/angular/', '--progress=false'], {
    cwd: path.join(examplesDir, 'angular'),
    env: { NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
    // After a failed build the CLI can keep its workers alive; don't wait for that forever.
    timeout: 5 * 60_000,
  });
}

/** Builds the given examples: Angular in a child process while the Vite builds run here. */
export async function buildExamples(names = FRAMEWORKS) {
  linkLocalPackage();
  const angular = names.includes('angular') ? angularBuild() : Promise.resolve();
  try {
    for (const name of names.filter((n) => n !== 'angular')) {
      await installOwnDependencies(name);
      await viteBuild(name);
    }
  } finally {
    await angular;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  await buildExamples(names.length ? names : FRAMEWORKS);
}
