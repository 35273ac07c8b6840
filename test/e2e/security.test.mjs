// What must hold between customers and between the backend and the browser: customer A never sees
// customer B's data, the browser never picks its workspace, and the admin API key never leaves the
// host's backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, signIn, waitForEmbeddedPage, embedFrame, eventually } from './support.mjs';

const LIST_TYPES = ['journeys', 'broadcasts', 'templates', 'segments', 'deliveries'];

/** The visible text of the embedded page for each list type, for the signed-in customer. */
async function listTexts(page) {
  const texts = {};
  for (const type of LIST_TYPES) {
    await page.locator(`#tabs [role="tab"][data-type="${type}"]`).click();
    const frame = await waitForEmbeddedPage(page, type);
    texts[type] = await frame.locator('main').innerText();
  }
  return texts;
}

/** Resource ids the host lists for the signed-in customer (the demo's editor tabs use them). */
const resourcesOf = (page) =>
  page.evaluate(async () => (await (await fetch('/api/demo/resources')).json()).resources);

test("customer A's page never shows customer B's data", { timeout: 120_000 }, async () => {
  await withDemo({}, async ({ page, demo, problems }) => {
    const [acme, globex] = ['acme', 'globex'].map((id) => demo.customers.find((customer) => customer.id === id));
    assert.notEqual(acme.workspaceId, globex.workspaceId);

    await signIn(page, demo, 'globex', { type: 'journeys' });
    await waitForEmbeddedPage(page, 'journeys');
    const globexTexts = await listTexts(page);
    const globexResources = await resourcesOf(page);
    assert.ok(globexResources.journey, 'Globex has a journey');

    await signIn(page, demo, 'acme', { type: 'journeys' });
    const acmeFrame = await waitForEmbeddedPage(page, 'journeys');
    assert.equal(await acmeFrame.locator('main').getAttribute('data-workspace'), acme.workspaceId);
    const acmeTexts = await listTexts(page);
    for (const type of LIST_TYPES) {
      assert.match(acmeTexts[type], /Acme/, `${type}: Acme's data`);
      assert.doesNotMatch(acmeTexts[type], /Globex/, `${type}: none of Globex's data`);
      assert.match(globexTexts[type], /Globex/, `${type}: Globex's own page had its data`);
      assert.doesNotMatch(globexTexts[type], /Acme/, `${type}: Globex's page had none of Acme's data`);
    }

    // The browser cannot pick a workspace: asking the session endpoint for Globex's is refused.
    const asked = await page.evaluate(async (workspaceId) => {
      const response = await fetch('/api/dittofeed/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ workspaceId }),
      });
      const body = await response.json();
      return { status: response.status, hasToken: typeof body.token === 'string' };
    }, globex.workspaceId);
    assert.deepEqual(asked, { status: 403, hasToken: false });

    // Acme's element pointed at Globex's journey: Acme's token cannot read it.
    await page.locator('#tabs [role="tab"][data-type="journey"]').click();
    await waitForEmbeddedPage(page, 'journey');
    await page.locator('dittofeed-embed').evaluate((element, id) => element.setAttribute('resource-id', id), globexResources.journey);
    const frame = await eventually(async () => {
      const current = await embedFrame(page);
      return new URL(current.url()).searchParams.get('id') === globexResources.journey ? current : null;
    }, 'the frame to open the foreign id');
    // Acme's workspace has no such journey: the page says so and shows nothing of Globex's.
    await frame.locator('#df-notice:not([hidden])').waitFor();
    const text = await frame.locator('body').innerText();
    assert.doesNotMatch(text, /Globex/, "no Globex data through Acme's token");
    assert.equal(await frame.locator('#df-content').innerText(), '', 'no journey rendered');

    // And a token of Acme's with Globex's workspace id in the URL is refused by Dittofeed itself.
    const acmeToken = await page.evaluate(async () => {
      const response = await fetch('/api/dittofeed/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return (await response.json()).token;
    });
    const probe = await page.context().newPage();
    try {
      const url = new URL(`${demo.dittofeedBaseUrl}/dashboard-l/embedded/journeys`);
      url.searchParams.set('token', acmeToken);
      url.searchParams.set('workspaceId', globex.workspaceId);
      // Errors would quote the URL: keep the token out of the test output.
      const response = await probe.goto(url.href).catch((error) => {
        throw new Error(`opening Dittofeed with a foreign workspace id failed: ${error.message.split(acmeToken).join('***')}`);
      });
      const body = await probe.locator('body').innerText();
      assert.doesNotMatch(body, /Globex/, 'a foreign workspace shows none of its data');
      const status = await probe.locator('#df-status').textContent({ timeout: 5000 }).catch(() => null);
      assert.ok(response.status() === 403 || status === 'forbidden', `refused (HTTP ${response.status()}, status ${status})`);
    } finally {
      await probe.close();
    }
    assert.deepEqual(problems, []);
  });
});

test('the Dittofeed API key never reaches the browser', { timeout: 120_000 }, async () => {
  await withDemo({ tokenTtlSeconds: 8 }, async ({ page, demo, adminKey, problems }) => {
    const leaks = [];
    const seen = { responses: 0, bodies: 0 };
    const pending = [];
    const check = (where, text) => {
      // `where` names the URL; session tokens in it are not for the test output.
      if (text && text.includes(adminKey)) leaks.push(where.replace(/([?&]token=)[^&#\s]*/g, '$1***'));
    };
    page.context().on('request', (request) => {
      check(`request ${request.url()}`, request.url());
      check(`request headers ${request.url()}`, JSON.stringify(request.headers()));
      check(`request body ${request.url()}`, request.postData() ?? '');
    });
    page.context().on('response', (response) => {
      seen.responses += 1;
      pending.push(
        (async () => {
          check(`response headers ${response.url()}`, JSON.stringify(await response.allHeaders()));
          if (response.status() >= 300 && response.status() < 400) return;
          const body = await response.body().catch(() => null);
          if (body) {
            seen.bodies += 1;
            check(`response body ${response.url()}`, body.toString('latin1'));
          }
        })(),
      );
    });
    page.on('console', (message) => check('console', message.text()));

    // A tour: sign in, every list page, an editor, token refreshes, the other customer, sign out.
    await signIn(page, demo, 'acme', { type: 'journeys', 'refresh-margin': '3' });
    await waitForEmbeddedPage(page, 'journeys');
    for (const type of ['templates', 'email-template', 'analysis', 'deliveries']) {
      await page.locator(`#tabs [role="tab"][data-type="${type}"]`).click();
      await waitForEmbeddedPage(page, type);
    }
    await eventually(
      async () => (await page.locator('#event-log li[data-event="dittofeed-session"]').count()) >= 2,
      'a refreshed token',
      { timeout: 20_000 },
    );
    await signIn(page, demo, 'globex', { type: 'segment' });
    await waitForEmbeddedPage(page, 'segment');
    await page.locator('#sign-out').click();
    await page.locator('body[data-ready="signed-out"]').waitFor();
    await Promise.all(pending);

    assert.ok(seen.responses > 20 && seen.bodies > 10, `the scan saw the traffic (${JSON.stringify(seen)})`);
    const cookies = JSON.stringify(await page.context().cookies());
    check('cookies', cookies);
    check('host page DOM', await page.content());
    assert.deepEqual(leaks, [], 'the admin key appears nowhere the browser can see');
    assert.deepEqual(problems, []);
  });
});
