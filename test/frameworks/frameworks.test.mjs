// The example apps in examples/ (Vue 3, React 19, React 18 with the wrapper component, Svelte 5,
// Angular 21), built against this package and driven in Chromium: the iframe URL, re-pointing on
// a state change without a new token, the framework's own event syntax receiving
// dittofeed-resize, a property reaching the element, and no timer or listener left behind after
// the component unmounts.
// FRAMEWORKS=vue,react limits the run; SKIP_EXAMPLE_BUILD=1 reuses examples/*/dist.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { assertChromium, chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { FRAMEWORKS, buildExamples, outputDir } from './build-examples.mjs';
import { instrumentTimersAndListeners } from './instrument.mjs';
import { EMBEDDED_HEIGHTS, WORKSPACE_ID, startServer } from './server.mjs';

const selected = process.env.FRAMEWORKS ? process.env.FRAMEWORKS.split(',') : FRAMEWORKS;
const WAIT = { timeout: 20_000 };
/** Timers at least this long belong to a session (refresh, frame load, handshake), not a framework. */
const LONG_TIMER_MS = 1000;

let server;
let browser;

before(
  async () => {
    assertChromium();
    if (!process.env.SKIP_EXAMPLE_BUILD) await buildExamples(selected);
    server = await startServer();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  },
  { timeout: 8 * 60_000 },
);

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The URL the embedded frame has loaded, once it is under `pathname`. */
async function frameUrl(page, pathname) {
  const handle = await page.waitForFunction(
    (expected) => {
      const frame = document.querySelector('dittofeed-embed')?.shadowRoot?.querySelector('iframe');
      const src = frame?.src;
      return src && new URL(src).pathname === expected ? src : null;
    },
    pathname,
    WAIT,
  );
  const src = new URL(await handle.jsonValue());
  // The frame really loaded it (from the other origin), not just got an attribute.
  await waitUntil(() => page.frames().some((f) => f.url() === src.href), `frame to load ${pathname}`);
  return src;
}

async function waitUntil(predicate, what, timeoutMs = WAIT.timeout) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Clicks a button with a DOM click event. (Playwright's click() installs capture listeners of its
 * own on window for its hit-target check, which the leak check would count.)
 */
const press = (page, name) => page.getByRole('button', { name }).dispatchEvent('click');

const heightText = (page) => page.getByTestId('height').textContent().then((t) => t?.trim());

/** Two animation frames and a macrotask: pending DOM work and framework flushes are done. */
const settle = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))),
      ),
  );

/** Kinds of window/document events a session or frame messenger might listen to. */
const SESSION_EVENT = /^(message|visibilitychange|online|offline|focus|blur|pageshow|pagehide|freeze|resume|storage|resize)\|/;

const longTimers = (snapshot) => snapshot.timers.filter((t) => t.delay >= LONG_TIMER_MS);

for (const name of selected) {
  describe(`${name} example`, () => {
    let context;
    let page;
    const pageErrors = [];

    before(async () => {
      server.reset();
      context = await browser.newContext();
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.addInitScript(instrumentTimersAndListeners);
      await page.goto(`${server.appOrigin}/${name}/`);
    });

    after(async () => {
      await context?.close();
    });

    test('renders the iframe with the right URL from the other origin', async () => {
      const url = await frameUrl(page, '/dashboard-l/embedded/journeys');
      assert.equal(url.origin, server.dittofeedOrigin);
      assert.equal(server.tokenRequests().length, 1);
      assert.equal(url.searchParams.get('token'), server.tokenRequests()[0].token);
      assert.equal(url.searchParams.get('workspaceId'), WORKSPACE_ID);
      assert.equal(url.searchParams.has('id'), false);
    });

    test('tokenRequestInit reaches the element as a property', async () => {
      const [request] = server.tokenRequests();
      assert.equal(request.method, 'POST');
      assert.equal(request.csrf, `csrf-${name}`);
      const element = await page.evaluate(() => {
        const el = document.querySelector('dittofeed-embed');
        return { init: el.tokenRequestInit, attributes: el.getAttributeNames() };
      });
      assert.deepEqual(element.init, { headers: { 'X-CSRF-Token': `csrf-${name}` } });
      assert.ok(!element.attributes.some((a) => /request/i.test(a)), `no attribute for it: ${element.attributes}`);
    });

    test('the framework handler receives dittofeed-resize with the content height', async () => {
      await waitUntil(
        async () => (await heightText(page)) === String(EMBEDDED_HEIGHTS['/dashboard-l/embedded/journeys']),
        'the resize handler to show 720',
      );
    });

    test('a state change re-points the frame with the same token', async () => {
      await press(page, 'Onboarding journey');
      const url = await frameUrl(page, '/dashboard-l/embedded/journeys/v2');
      assert.equal(url.searchParams.get('id'), 'onboarding');
      assert.equal(url.searchParams.get('token'), server.tokenRequests()[0].token);
      await waitUntil(
        async () => (await heightText(page)) === String(EMBEDDED_HEIGHTS['/dashboard-l/embedded/journeys/v2']),
        'the resize handler to show 960',
      );
      await press(page, 'All journeys');
      await frameUrl(page, '/dashboard-l/embedded/journeys');
      assert.equal(server.tokenRequests().length, 1, 'no new token request');
    });

    test('unmounting leaves no timer or listener behind', async () => {
      const beforeDefine = await page.evaluate(() => window.__dittofeedBeforeDefine);
      assert.ok(beforeDefine, 'the instrumentation saw the element being defined');

      const mountedFirst = await page.evaluate(() => window.__dittofeedLeaks());
      await press(page, 'Hide Dittofeed');
      await page.waitForFunction(() => !document.querySelector('dittofeed-embed'), null, WAIT);
      await settle(page);
      const unmountedFirst = await page.evaluate(() => window.__dittofeedLeaks());

      await press(page, 'Show Dittofeed');
      await page.waitForFunction(
        () => document.querySelector('dittofeed-embed')?.getAttribute('state') === 'ready',
        null,
        WAIT,
      );
      await settle(page);
      const mountedAgain = await page.evaluate(() => window.__dittofeedLeaks());
      await press(page, 'Hide Dittofeed');
      await page.waitForFunction(() => !document.querySelector('dittofeed-embed'), null, WAIT);
      await settle(page);
      const unmountedAgain = await page.evaluate(() => window.__dittofeedLeaks());

      // The instrumentation sees what a mounted element holds, so the checks below can fail.
      for (const mounted of [mountedFirst, mountedAgain]) {
        assert.ok(longTimers(mounted).length > 0, `a mounted element has its session timers: ${JSON.stringify(mounted.timers)}`);
        assert.ok((mounted.window['message|false'] ?? 0) > (beforeDefine.window['message|false'] ?? 0), 'a mounted element listens for messages');
      }
      for (const unmounted of [unmountedFirst, unmountedAgain]) {
        assert.deepEqual(longTimers(unmounted), [], 'no session timer after unmount');
        for (const target of ['window', 'document']) {
          // Listeners the element holds while mounted, or of the kinds a session uses, are back to
          // what window and document had before the element was defined. (Frameworks add
          // listeners of their own lazily, e.g. Svelte's delegated click on document.)
          const added = Object.entries(unmounted[target]).filter(
            ([key, n]) =>
              n > (beforeDefine[target][key] ?? 0) &&
              (SESSION_EVENT.test(key) || (mountedAgain[target][key] ?? 0) > n),
          );
          assert.deepEqual(added, [], `no ${target} listener left behind`);
        }
      }
      // And nothing grows from one mount/unmount cycle to the next.
      assert.deepEqual(unmountedAgain.window, unmountedFirst.window);
      assert.deepEqual(unmountedAgain.document, unmountedFirst.document);
    });

    if (name === 'react18') {
      test('bundles one React, the app\'s own 18 (the wrapper does not pull in the root\'s 19)', async () => {
        const dir = path.join(outputDir(name), 'assets');
        const code = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
        const versions = new Set([...code.matchAll(/version[=:]\s*[`"'](\d+)\.\d+\.\d+/g)].map((m) => m[1]));
        assert.deepEqual([...versions], ['18']);
      });
    }

    test('no uncaught error and no dittofeed-error shown', async () => {
      assert.deepEqual(pageErrors, []);
      assert.equal(await page.getByTestId('error').count(), 0);
    });
  });
}
