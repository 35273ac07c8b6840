// The cases that matter most, in Firefox and WebKit too (Chromium runs the whole suite): the
// demo (host on localhost, the local Dittofeed on 127.0.0.1: two origins) signs in, embeds,
// follows the page's height, gets short-lived tokens by message without a reload, ignores a
// forged message from another window, survives quick remounts, and never shows the admin key.
/* global document, window -- inside tab.evaluate callbacks, which run in the browser */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startDemo } from '../../demo/start.mjs';
import { openTab } from '../../scripts/engine-tab.mjs';
import { eventually } from './support.mjs';

const TOKEN_TTL_SECONDS = 8;

/** The demo's event log, oldest first: `{ event, delivery }`. */
const eventLog = (tab) =>
  tab.evaluate(() =>
    [...document.querySelectorAll('#event-log li')].reverse().map((item) => ({ event: item.dataset.event ?? null, delivery: item.dataset.delivery ?? null })),
  );

const frameBox = (tab) =>
  tab.evaluate(() => {
    const frame = document.querySelector('dittofeed-embed')?.shadowRoot?.querySelector('iframe');
    return frame ? { height: Math.round(frame.getBoundingClientRect().height), origin: new URL(frame.src).origin } : null;
  });

for (const engine of ['firefox', 'webkit']) {
  test(`${engine}: embeds across origins, resizes, refreshes by message without a reload, ignores forged messages`, { timeout: 150_000 }, async () => {
    const adminKey = `e2e-admin-${randomBytes(16).toString('hex')}`;
    const demo = await startDemo({ hostPort: 0, dittofeedPort: 0, adminKey, tokenTtlSeconds: TOKEN_TTL_SECONDS });
    let tab;
    try {
      tab = await openTab(engine);
      await tab.goto(demo.url);
      await eventually(() => tab.evaluate(() => document.body.dataset.ready === 'signed-out'), 'the signed-out demo', { timeout: 30_000, interval: 200 });
      await tab.evaluate(() => document.querySelector('#sign-in-options button[data-customer="acme"]').click());
      await eventually(() => tab.evaluate(() => document.body.dataset.ready === 'signed-in'), 'signed in', { timeout: 30_000, interval: 200 });
      await tab.goto(`${demo.url}/?type=journeys&refresh-margin=3`);
      await eventually(
        () => tab.evaluate(() => document.querySelector('dittofeed-embed[type="journeys"]')?.getAttribute('state') === 'ready'),
        'state="ready"',
        { timeout: 30_000, interval: 200 },
      );

      // The frame is on the other origin and takes its content's height.
      const resized = await eventually(async () => (await eventLog(tab)).some((e) => e.event === 'dittofeed-resize'), 'a resize', { timeout: 20_000, interval: 200 });
      assert.ok(resized);
      const box = await frameBox(tab);
      assert.equal(box.origin, new URL(demo.dittofeedBaseUrl).origin);
      assert.notEqual(new URL(demo.url).origin, box.origin, 'two origins');
      // The page reports again once its data has arrived, so the frame's height and the last
      // reported one are read together and compared once they have settled.
      const reportedHeight = () => tab.evaluate(() => Number.parseInt(document.getElementById('frame-height').textContent, 10));
      const settledHeight = await eventually(
        async () => {
          const [height, reported] = [(await frameBox(tab)).height, await reportedHeight()];
          return height === reported && height === (await frameBox(tab)).height ? height : null;
        },
        'the frame to have the height the page reported',
        { timeout: 10_000, interval: 200 },
      );
      assert.notEqual(settledHeight, 600, "the content's height, not the element's 600 px default");

      // Three token lifetimes: each new token arrives by message, and the document is never reloaded.
      const log = await eventually(
        async () => {
          const entries = await eventLog(tab);
          return entries.filter((e) => e.event === 'dittofeed-session' && e.delivery === 'message').length >= 3 ? entries : null;
        },
        'three tokens delivered by message',
        { timeout: 60_000, interval: 500 },
      );
      assert.equal(log.filter((e) => e.event === 'dittofeed-load').length, 1, 'one frame load only');
      assert.deepEqual(log.filter((e) => e.event === 'dittofeed-before-reload'), []);
      assert.deepEqual(log.filter((e) => e.event === 'dittofeed-error'), []);
      assert.equal(await tab.evaluate(() => document.querySelector('dittofeed-embed').getAttribute('state')), 'ready');

      // A resize message from a window other than the frame (the host page itself) is ignored.
      const before = (await frameBox(tab)).height;
      const forged = before === 123 ? 124 : 123;
      await tab.evaluate((height) => window.postMessage({ dittofeed: 1, type: 'resize', height }, '*'), forged);
      await new Promise((resolve) => setTimeout(resolve, 800));
      assert.equal((await frameBox(tab)).height, before, 'a forged resize changed nothing');

      // Route changes remove frames at any moment, also while the page inside is still loading
      // (README, "Browser support", for the WebKitGTK bug this can meet). Ten quick remounts: the
      // host page keeps running and the element gets ready again.
      await tab.evaluate(async () => {
        const embed = document.querySelector('dittofeed-embed');
        const parent = embed.parentElement;
        for (let i = 0; i < 10; i += 1) {
          embed.remove();
          parent.append(embed);
          await new Promise((resolve) => setTimeout(resolve, 20 + i * 7));
        }
      });
      await eventually(() => tab.evaluate(() => document.querySelector('dittofeed-embed').getAttribute('state') === 'ready'), 'ready after the remounts', {
        timeout: 20_000,
        interval: 200,
      });

      // The admin key lives in the host's backend only.
      const exposed = await tab.evaluate((key) => document.documentElement.outerHTML.includes(key) || document.cookie.includes(key), adminKey);
      assert.equal(exposed, false);
    } finally {
      await tab?.close();
      await demo.close();
    }
  });
}
