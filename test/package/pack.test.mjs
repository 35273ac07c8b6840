// The package as users get it: `npm pack`, installed into a fresh app outside this repository,
// every export imported at run time (ESM, in Node; `/cdn` resolves to the ES modules there, the
// browser bundle having no DOM to run on) and type-checked from TypeScript, and the CDN file
// present. Needs the build (npm test builds first).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the packed package, installed in a fresh app', () => {
  let app;
  let tarball;

  before(() => {
    app = mkdtempSync(path.join(tmpdir(), 'dittofeed-embed-app-'));
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', app], root));
    tarball = path.join(app, packed.filename);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }));
    // Its dependencies come from the registry, or npm's cache when it has them.
    npm(['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], app);
    // dittofeed-embed/react's component needs React (an optional peer dependency: an app that
    // imports it has React). Lend the app this repository's copy.
    symlinkSync(path.join(root, 'node_modules', 'react'), path.join(app, 'node_modules', 'react'), 'dir');
  });
  after(() => rmSync(app, { recursive: true, force: true }));

  test('ships the built files, the manifest and the docs, and nothing of the sources or tests', () => {
    const installed = path.join(app, 'node_modules', 'dittofeed-embed');
    for (const file of ['dist/index.js', 'dist/dittofeed-embed.min.js', 'dist/child.js', 'dist/dittofeed-embed-child.min.js', 'dist/server/index.js', 'custom-elements.json', 'README.md', 'docs/protocol.md']) {
      assert.ok(existsSync(path.join(installed, file)), file);
    }
    for (const absent of ['src', 'test', 'demo', 'bench']) assert.ok(!existsSync(path.join(installed, absent)), absent);
  });

  test('every export imports in Node, with what it promises', () => {
    const exportsToCheck = Object.keys(manifest.exports).filter((key) => key !== './package.json');
    const script = `
      const results = {};
      for (const entry of ${JSON.stringify(exportsToCheck)}) {
        const specifier = entry === '.' ? 'dittofeed-embed' : 'dittofeed-embed/' + entry.slice(2);
        results[entry] = Object.keys(await import(specifier)).sort();
      }
      const pkg = await import('dittofeed-embed/package.json', { with: { type: 'json' } });
      results['./package.json'] = pkg.default.name;
      console.log(JSON.stringify(results));
    `;
    const results = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' }));
    assert.deepEqual(results['./package.json'], 'dittofeed-embed');
    assert.ok(results['.'].includes('DittofeedEmbed') && results['.'].includes('DittofeedEmbedError'), String(results['.']));
    assert.ok(results['./element'].includes('DittofeedEmbed'));
    assert.ok(results['./child'].includes('connectToHost') && results['./child'].includes('reportAuthError'));
    assert.ok(results['./cdn'].includes('DittofeedEmbed'));
    for (const name of ['createDittofeedAdmin', 'createSessionHandler', 'createDittofeedEvents', 'DittofeedApiError', 'DittofeedInputError']) {
      assert.ok(results['./server'].includes(name), name);
    }
    for (const typing of ['./vue', './svelte']) assert.deepEqual(results[typing], [], `${typing} is types only`);
    // The React entry: JSX types for React 19, and the wrapper component for React 18 (and 19).
    assert.deepEqual(results['./react'], ['DittofeedEmbed']);
    // The injected script is a classic script for browsers: in Node it does nothing and exports nothing.
    assert.deepEqual(results['./child-script'], []);
  });

  test('every export type-checks from TypeScript (moduleResolution node16 and bundler)', () => {
    const source = `
      import { DittofeedEmbed, type DittofeedEmbedEventMap, type SessionInfo } from 'dittofeed-embed';
      import { DittofeedEmbed as Element } from 'dittofeed-embed/element';
      import { connectToHost } from 'dittofeed-embed/child';
      import { DittofeedEmbed as DittofeedEmbedComponent } from 'dittofeed-embed/react';
      import type {} from 'dittofeed-embed/vue';
      import type {} from 'dittofeed-embed/svelte';
      import { createDittofeedAdmin, createSessionHandler, createDittofeedEvents, type DeliveriesTableConfiguration } from 'dittofeed-embed/server';

      const element: DittofeedEmbed = new Element();
      const info: SessionInfo | null = element.session;
      const listener = (event: DittofeedEmbedEventMap['dittofeed-session']) => event.detail.expiresAt;
      const disconnect: () => void = connectToHost({ onToken: (token: string) => void token });
      const admin = createDittofeedAdmin({ apiKey: 'key', parentWorkspaceId: 'parent' });
      const handler = createSessionHandler({ admin, authorize: () => null });
      const events = createDittofeedEvents({ writeKey: 'Basic a' });
      const definition: DeliveriesTableConfiguration = { type: 'DeliveriesTable', columnAllowList: ['to'] };
      const component: string | undefined = DittofeedEmbedComponent.displayName;
      export { info, listener, disconnect, handler, events, definition, component };
    `;
    writeFileSync(path.join(app, 'check.ts'), source);
    // The typing entries type their framework's JSX: an app that imports one has that framework
    // (optional peer dependencies). Lend the app this repository's copies.
    mkdirSync(path.join(app, 'node_modules', '@types'), { recursive: true });
    for (const name of ['vue', 'svelte', '@vue', '@types/react']) {
      const target = path.join(app, 'node_modules', name);
      if (!existsSync(target)) symlinkSync(path.join(root, 'node_modules', name), target, 'dir');
    }
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const [module, resolution] of [['node16', 'node16'], ['esnext', 'bundler']]) {
      const args = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--module', module, '--moduleResolution', resolution, '--lib', 'es2022,dom', '--types', 'node', '--typeRoots', path.join(root, 'node_modules', '@types'), 'check.ts'];
      try {
        execFileSync(process.execPath, [tsc, ...args], { cwd: app, encoding: 'utf8' });
      } catch (error) {
        assert.fail(`tsc (${resolution}) failed:\n${error.stdout}${error.stderr}`);
      }
    }
  });
});
