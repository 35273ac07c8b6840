// Token lifecycle through the whole stack: short-lived tokens from the local Dittofeed, the host's
// session endpoint, and the element delivering new tokens by message (protocol on) or by reloading
// the frame (protocol off); the session endpoint failing and recovering.
/* global window -- inside page.evaluate callbacks, which run in the browser */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withDemo,
  signIn,
  waitForEmbeddedPage,
  logEntries,
  eventually,
  screenshot,
  countFrameLoads,
  countRefusedDataCalls,
  fetchCount,
} from './support.mjs';

// Long enough that a refresh (3 s before expiry, and never sooner than 5 s after the previous one)
// lands well before the token dies; short enough that several happen within the test.
const TOKEN_TTL_SECONDS = 8;
const REFRESH_MARGIN_SECONDS = '3';

/** Polls the embedded page's `#df-status` until stopped, collecting every value other than ok/loading. */
function watchEmbeddedStatus(page) {
  const bad = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const status = await page
        .frameLocator('dittofeed-embed iframe')
        .locator('#df-status')
        .textContent({ timeout: 2000 })
        .catch(() => null);
      if (status && status !== 'ok' && status !== 'loading') bad.push(status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    bad,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}


test('with the protocol, tokens are refreshed by message and the frame never reloads', { timeout: 90_000 }, async () => {
  await withDemo({ tokenTtlSeconds: TOKEN_TTL_SECONDS }, async ({ page, demo, problems }) => {
    await signIn(page, demo, 'acme', { type: 'journeys', 'refresh-margin': REFRESH_MARGIN_SECONDS });
    const loads = countFrameLoads(page);
    const refused = countRefusedDataCalls(page);
    const frame = await waitForEmbeddedPage(page, 'journeys');
    // A reload would wipe this; it must survive every refresh.
    await frame.evaluate(() => {
      window.e2eMarker = 'still the same document';
    });
    const loadsAtStart = loads.length;
    const status = watchEmbeddedStatus(page);
    try {
      const deliveries = await eventually(
        async () => {
          const byMessage = (await logEntries(page)).filter(
            (entry) => entry.event === 'dittofeed-session' && entry.delivery === 'message',
          );
          return byMessage.length >= 3 ? byMessage : null;
        },
        'three tokens delivered by message',
        { timeout: 45_000, interval: 250 },
      );
      assert.ok(deliveries.length >= 3);
      // The first token is long dead by now: the page only keeps working with the delivered ones.
      const fetchesBefore = await fetchCount(frame);
      await eventually(async () => (await fetchCount(frame)) > fetchesBefore, 'a successful data call with the new token', {
        timeout: 10_000,
      });
    } finally {
      await status.stop();
    }
    assert.deepEqual(status.bad, [], 'the embedded page never showed an expired session');
    assert.equal(refused.length, 0, 'no data call was refused: each token arrived before the last one expired');
    assert.equal(loads.length, loadsAtStart, 'zero reloads of the iframe');
    assert.equal(await frame.evaluate(() => window.e2eMarker), 'still the same document');
    assert.equal(await page.locator('#event-log li[data-delivery="reload"]').count(), 0);
    assert.equal(await page.locator('dittofeed-embed').getAttribute('state'), 'ready');
    const seconds = Number(await page.locator('#session-expiry').getAttribute('data-seconds'));
    assert.ok(seconds >= 0 && seconds <= TOKEN_TTL_SECONDS, `the countdown shows the short session (${seconds})`);
    const log = (await logEntries(page)).map((entry) => entry.text).join('\n');
    assert.ok(!/token=(?!\*\*\*)/.test(log), 'no token in the event log'); // a failure must not print it
    assert.deepEqual(problems, []);
  });
});

test('without the protocol, the element reloads the frame with a new token at expiry', { timeout: 90_000 }, async () => {
  await withDemo({ tokenTtlSeconds: TOKEN_TTL_SECONDS, protocol: false }, async ({ page, demo, problems }) => {
    await signIn(page, demo, 'acme', { type: 'segments', 'refresh-margin': REFRESH_MARGIN_SECONDS });
    const loads = countFrameLoads(page);
    await waitForEmbeddedPage(page, 'segments');
    const loadsAtStart = loads.length;
    await eventually(
      async () => (await logEntries(page)).some((entry) => entry.event === 'dittofeed-session' && entry.delivery === 'reload'),
      'a token delivered by reloading the frame',
      { timeout: 30_000, interval: 250 },
    );
    const reasons = await page.locator('#event-log li[data-event="dittofeed-before-reload"]').allTextContents();
    assert.ok(reasons.some((text) => text.includes('token-expired')), 'before-reload with reason token-expired');
    assert.equal(await page.locator('#event-log li[data-delivery="message"]').count(), 0, 'no message delivery');
    assert.ok(loads.length > loadsAtStart, 'the frame was reloaded');
    const reloaded = await waitForEmbeddedPage(page, 'segments');
    assert.equal(new URL(reloaded.url()).pathname, '/dashboard-l/embedded/segments');
    assert.deepEqual(problems, []);
  });
});

test('a failing session endpoint is reported and the element recovers once it is fixed', { timeout: 120_000 }, async () => {
  await withDemo({}, async ({ page, demo, problems }) => {
    await signIn(page, demo, 'acme', { type: 'broadcasts' });
    await waitForEmbeddedPage(page, 'broadcasts');

    // 1. Break it with the demo's toggle; a refresh fails but the held token is still good.
    await page.locator('label.toggle').click();
    await page.locator('body[data-network="broken"]').waitFor();
    await page.locator('#refresh-token').click();
    await eventually(
      async () =>
        (await logEntries(page)).some((entry) => entry.event === 'dittofeed-error' && entry.code === 'token-http-error'),
      'a token-http-error event',
    );
    assert.match(
      await page.locator('#event-log li[data-code="token-http-error"]').first().textContent(),
      /503/,
      'the error names the status',
    );
    assert.equal(await page.locator('dittofeed-embed').getAttribute('state'), 'ready', 'the page stays usable');
    await page.locator('label.toggle').click();
    await page.locator('body[data-network="ok"]').waitFor();

    // 2. A new page while the connection is dropped: no token at all → error state, then recovery.
    demo.setNetworkBroken(true, 'drop');
    await page.reload();
    await page.locator('body[data-ready="signed-in"]').waitFor();
    await eventually(
      async () =>
        (await logEntries(page)).some(
          (entry) => entry.event === 'dittofeed-error' && entry.code === 'token-request-failed',
        ),
      'a token-request-failed event',
    );
    await page.locator('dittofeed-embed[state="error"]').waitFor({ timeout: 20_000 });
    await screenshot(page, 'demo-session-endpoint-down');
    const retrying = await page.locator('#event-log li[data-code="token-request-failed"]').first().textContent();
    assert.match(retrying, /"retrying":true/, 'the element says it keeps retrying');

    demo.setNetworkBroken(false);
    // Backoff is capped and jittered: the next retry comes within a few seconds.
    await waitForEmbeddedPage(page, 'broadcasts', { timeout: 40_000 });
    assert.ok(
      (await logEntries(page)).some((entry) => entry.event === 'dittofeed-session'),
      'a session after recovery',
    );
    assert.deepEqual(problems, []);
  });
});

test("sessions are minted with the customer's write key: the demo works when Dittofeed refuses the admin key for them", { timeout: 60_000 }, async () => {
  await withDemo({ sessionsNeedWriteKey: true }, async ({ page, demo, problems }) => {
    const sessionAnswers = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/dittofeed/session') sessionAnswers.push(response.status());
    });
    await signIn(page, demo, 'globex', { type: 'journeys' });
    const frame = await waitForEmbeddedPage(page, 'journeys');
    const globex = demo.customers.find((customer) => customer.id === 'globex');
    assert.equal(await frame.locator('main[data-page]').getAttribute('data-workspace'), globex.workspaceId);
    assert.ok(sessionAnswers.length > 0 && sessionAnswers.every((status) => status === 200), String(sessionAnswers));
    assert.deepEqual(problems, []);
  });
});

test('idle-reload on stock pages: no reload while the user types in the frame, one soon after they leave it', { timeout: 120_000 }, async () => {
  const IDLE_AFTER_SECONDS = 2;
  // A new token 15 s in (30 s lifetime, at most half of it early); the user types across that
  // moment and leaves well before the first token expires at 30 s.
  await withDemo({ tokenTtlSeconds: 30, protocol: false }, async ({ page, demo, problems }) => {
    await signIn(page, demo, 'acme', { type: 'segments', 'refresh-margin': '15', 'idle-reload': '', 'idle-after': String(IDLE_AFTER_SECONDS) });
    const loads = countFrameLoads(page);
    const frame = await waitForEmbeddedPage(page, 'segments');
    const loadsAtStart = loads.length;
    const draft = frame.locator('#df-draft');
    await draft.click();
    let typed = '';
    const typingUntil = Date.now() + 22_000;
    while (Date.now() < typingUntil) {
      await draft.press('x');
      typed += 'x';
      await new Promise((resolve) => setTimeout(resolve, 250));
      if ((await logEntries(page)).some((entry) => entry.event === 'dittofeed-session-expiring') && Date.now() > typingUntil - 4_000) break;
    }
    const entries = await logEntries(page);
    assert.ok(entries.some((entry) => entry.event === 'dittofeed-session-expiring'), 'the host was told the user is in the frame');
    assert.equal(loads.length, loadsAtStart, 'no reload while the user types');
    assert.equal(await draft.inputValue(), typed, 'the unsaved text is still there');
    assert.ok(!entries.some((entry) => entry.event === 'dittofeed-before-reload'));

    // The user leaves the frame: a click on the host page, the pointer away from the frame.
    const left = Date.now();
    await page.locator('#page-title').click();
    await page.mouse.move(1, 1);
    await eventually(async () => (await logEntries(page)).some((entry) => entry.event === 'dittofeed-session' && entry.delivery === 'reload'), 'the idle reload', {
      timeout: (IDLE_AFTER_SECONDS + 5) * 1000,
      interval: 100,
    });
    const waited = Date.now() - left;
    const reasons = await page.locator('#event-log li[data-event="dittofeed-before-reload"]').allTextContents();
    assert.equal(reasons.length, 1);
    assert.ok(reasons[0].includes('idle'), `reason idle: ${reasons[0]}`);
    assert.equal(loads.length, loadsAtStart + 1, 'one reload');
    assert.ok(waited >= IDLE_AFTER_SECONDS * 1000, `not before the quiet period (${waited} ms)`);
    await waitForEmbeddedPage(page, 'segments');
    assert.deepEqual(problems, []);
  });
});
