// Server-side rendering: importing the package's browser entry points in plain Node (as Next,
// Nuxt, SvelteKit and Angular SSR do) does not throw, and markup rendered on the server upgrades
// in the browser once the bundle loads.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { assertChromium, chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { WORKSPACE_ID, startServer } from './server.mjs';

describe('importing in Node (SSR)', () => {
  test('dittofeed-embed, /element and /child import without throwing', async () => {
    // Self-references through package.json "exports", as an app's server bundle would resolve them.
    const main = await import('dittofeed-embed');
    const element = await import('dittofeed-embed/element');
    const child = await import('dittofeed-embed/child');
    assert.equal(typeof main.DittofeedEmbed, 'function');
    assert.equal(element.DittofeedEmbed, main.DittofeedEmbed);
    assert.equal(typeof element.DittofeedEmbed.define, 'function');
    assert.equal(typeof child.connectToHost, 'function');
  });

  test('the typing entry points import as empty modules; /react holds only the wrapper component', async () => {
    for (const name of ['vue', 'svelte']) {
      assert.deepEqual(Object.keys(await import(`dittofeed-embed/${name}`)), []);
    }
    const react = await import('dittofeed-embed/react');
    assert.deepEqual(Object.keys(react), ['DittofeedEmbed']);
    assert.equal(react.DittofeedEmbed.displayName, 'DittofeedEmbed');
  });
});

describe('server-rendered markup upgrades in the browser', () => {
  let server;
  let browser;

  before(async () => {
    assertChromium();
    server = await startServer();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function renderWithReact(baseUrl) {
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    await import('dittofeed-embed'); // as the app's module graph would on the server
    return renderToString(
      createElement('dittofeed-embed', {
        type: 'journeys',
        'base-url': baseUrl,
        'token-url': '/api/dittofeed/session',
        'ondittofeed-resize': () => {},
      }),
    );
  }

  async function renderWithVue(baseUrl) {
    const { createSSRApp, h } = await import('vue');
    const { renderToString } = await import('vue/server-renderer');
    await import('dittofeed-embed');
    const app = createSSRApp({
      render: () =>
        h('dittofeed-embed', { type: 'journeys', 'base-url': baseUrl, 'token-url': '/api/dittofeed/session' }),
    });
    return renderToString(app);
  }

  for (const [name, render] of [
    ['React (renderToString)', renderWithReact],
    ['Vue (vue/server-renderer)', renderWithVue],
  ]) {
    test(name, async () => {
      server.reset();
      const markup = await render(server.dittofeedOrigin);
      assert.match(markup, /<dittofeed-embed[^>]*type="journeys"/);
      const path = `/ssr/${name.split(' ')[0].toLowerCase()}`;
      server.setPage(path, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSR</title></head><body><main id="app">${markup}</main></body></html>`);

      const page = await browser.newPage();
      try {
        await page.goto(`${server.appOrigin}${path}`);
        const before = await page.evaluate(() => ({
          defined: Boolean(customElements.get('dittofeed-embed')),
          shadow: Boolean(document.querySelector('dittofeed-embed')?.shadowRoot),
        }));
        assert.deepEqual(before, { defined: false, shadow: false }, 'plain markup until the bundle loads');
        assert.equal(server.tokenRequests().length, 0);

        // The bundle arrives after the markup, as after hydration: the existing element upgrades.
        await page.addScriptTag({ type: 'module', url: '/dist/dittofeed-embed.min.js' });
        const src = await page.waitForFunction(
          () => document.querySelector('dittofeed-embed')?.shadowRoot?.querySelector('iframe')?.src || null,
          null,
          { timeout: 20_000 },
        );
        const url = new URL(await src.jsonValue());
        assert.equal(url.origin, server.dittofeedOrigin);
        assert.equal(url.pathname, '/dashboard-l/embedded/journeys');
        assert.equal(url.searchParams.get('workspaceId'), WORKSPACE_ID);
        assert.equal(server.tokenRequests().length, 1);
        assert.equal(url.searchParams.get('token'), server.tokenRequests()[0].token);
      } finally {
        await page.close();
      }
    });
  }
});
