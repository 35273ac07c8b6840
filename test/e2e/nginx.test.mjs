// The recipe of examples/nginx/ for real: Debian's nginx in front of the local Dittofeed in
// --no-protocol mode (its pages behave as Dittofeed's own: token read once from the URL, Bearer on
// every API call, links carrying the token, no postMessage at all). nginx injects the built
// dittofeed-embed-child.min.js, and the stock pages get auto height, token refreshes without a
// reload (an input keeps its text) and navigation events.
/* global window, document -- inside page.evaluate callbacks, which run in the browser */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, signIn, waitForEmbeddedPage, logEntries, eventually, frameHeight, countFrameLoads, countRefusedDataCalls, fetchCount, screenshot } from './support.mjs';
import { freePort, startNginx } from './nginx.mjs';

// Short tokens, so that several refreshes happen within the test: each must arrive by message.
const TOKEN_TTL_SECONDS = 8;
const REFRESH_MARGIN_SECONDS = '3';

test('stock pages behind the nginx recipe: auto height, tokens by message with no reload, navigation', { timeout: 120_000 }, async () => {
  const proxyPort = await freePort();
  const proxyUrl = `http://127.0.0.1:${proxyPort}`;
  await withDemo({ tokenTtlSeconds: TOKEN_TTL_SECONDS, protocol: false, embedBaseUrl: proxyUrl }, async ({ page, demo, problems }) => {
    const proxy = await startNginx({ port: proxyPort, upstream: demo.dittofeedBaseUrl, allowedOrigin: new URL(demo.url).origin });
    try {
      // Without the proxy the page speaks no protocol (the local Dittofeed in --no-protocol mode).
      const direct = await (await fetch(`${demo.dittofeedBaseUrl}/dashboard-l/embedded/journeys`)).text();
      assert.ok(!direct.includes('dittofeed-embed/child') && !direct.includes('/_dittofeed-embed/'), 'the upstream page is stock');
      const proxied = await (await fetch(`${proxyUrl}/dashboard-l/embedded/journeys`)).text();
      assert.match(proxied, /<head><script src="\/_dittofeed-embed\/child\.js" data-allowed-origins="http:\/\/localhost:\d+"><\/script>/);

      await signIn(page, demo, 'acme', { type: 'journeys', 'refresh-margin': REFRESH_MARGIN_SECONDS });
      const loads = countFrameLoads(page);
      const refused = countRefusedDataCalls(page);
      const frame = await waitForEmbeddedPage(page, 'journeys');
      assert.ok(frame.url().startsWith(`${proxyUrl}/dashboard-l/embedded/journeys?`), 'the frame goes through nginx');

      // Auto height: the element follows the page's content instead of its 600 px default.
      const ready = await eventually(
        async () => (await logEntries(page)).find((entry) => entry.event === 'dittofeed-ready'),
        'dittofeed-ready from the stock page',
      );
      assert.match(ready.text, /token/, `capabilities announced: ${ready.text}`);
      // The content grows once the page's data arrives, so its height is read again on each try.
      const contentHeight = () => frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      await eventually(async () => Math.abs((await frameHeight(page)) - (await contentHeight())) <= 2, 'the frame at the content height');
      assert.notEqual(Math.round(await frameHeight(page)), 600);

      // Unsaved input, then several token refreshes: each by message, none by reload.
      const draft = page.frameLocator('dittofeed-embed iframe').locator('#df-draft');
      await draft.fill('an unsaved note');
      await frame.evaluate(() => {
        window.e2eMarker = 'still the same document';
      });
      const loadsAtStart = loads.length;
      await eventually(
        async () =>
          (await logEntries(page)).filter((entry) => entry.event === 'dittofeed-session' && entry.delivery === 'message').length >= 3,
        'three tokens delivered by message',
        { timeout: 45_000, interval: 250 },
      );
      // The first token is long expired: the page keeps loading data only with the swapped ones.
      const fetchesBefore = await fetchCount(frame);
      await eventually(async () => (await fetchCount(frame)) > fetchesBefore, 'a data call with a delivered token', { timeout: 10_000 });
      assert.equal(loads.length, loadsAtStart, 'zero reloads of the iframe');
      assert.equal(refused.length, 0, 'no data call was refused');
      assert.equal(await frame.evaluate(() => window.e2eMarker), 'still the same document');
      assert.equal(await draft.inputValue(), 'an unsaved note');
      assert.equal(await page.locator('#event-log li[data-delivery="reload"]').count(), 0);
      const frameToken = new URL(frame.url()).searchParams.get('token');
      assert.ok(frameToken, 'the page URL carries a token');

      // Navigation: a link rendered with the first token opens the editor with the current one.
      await page.frameLocator('dittofeed-embed iframe').locator('a[data-open]').first().click();
      const navigated = await eventually(
        async () => (await logEntries(page)).find((entry) => entry.event === 'dittofeed-navigate' && entry.text.includes('/journeys/v2')),
        'dittofeed-navigate to the journey editor',
      );
      assert.ok(!/token=(?!\*\*\*)/.test(navigated.text), 'no token in the navigate event');
      const editor = page.frameLocator('dittofeed-embed iframe');
      await editor.locator('main[data-page="journey"]').waitFor();
      await editor.locator('#df-status', { hasText: /^ok$/ }).waitFor();
      assert.equal(await page.locator('dittofeed-embed').getAttribute('state'), 'ready');
      await screenshot(page, 'nginx-stock-page');
      assert.deepEqual(problems, []);
    } finally {
      await proxy.stop();
    }
  });
});
