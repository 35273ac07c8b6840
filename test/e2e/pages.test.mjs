// Every embed type renders its embedded page through the demo, under the host's strict CSP; the
// iframe follows its content's height up and down.
/* global document -- inside page.evaluate callbacks, which run in the browser */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, signIn, waitForEmbeddedPage, frameHeight, eventually, checkDataApiTraffic, TYPES } from './support.mjs';

test('each of the eleven types renders its page in the customer workspace', { timeout: 90_000 }, async () => {
  await withDemo({}, async ({ demo, page, problems }) => {
    const acme = demo.customers.find((customer) => customer.id === 'acme');
    const traffic = checkDataApiTraffic(page);
    const sessionRequests = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/dittofeed/session') sessionRequests.push(request.method());
    });

    await signIn(page, demo, 'acme');
    await waitForEmbeddedPage(page, 'journeys');
    const requestsAfterFirstPage = sessionRequests.length;
    assert.equal(requestsAfterFirstPage, 1, 'one token request for the first page');

    for (const type of TYPES) {
      await page.locator(`#tabs [role="tab"][data-type="${type}"]`).click();
      const frame = await waitForEmbeddedPage(page, type);
      const main = frame.locator('main[data-page]');
      assert.equal(await main.getAttribute('data-page'), type, `${type}: the embedded page type`);
      assert.equal(await main.getAttribute('data-workspace'), acme.workspaceId, `${type}: the workspace`);
      const url = new URL(frame.url());
      assert.equal(url.origin, demo.dittofeedBaseUrl, `${type}: served by Dittofeed's origin`);
      assert.equal(url.searchParams.get('workspaceId'), acme.workspaceId);
      if (['journey', 'broadcast', 'email-template', 'sms-template', 'segment'].includes(type)) {
        assert.ok(url.searchParams.get('id'), `${type}: an editor gets a resource id`);
      }
      assert.match(await page.locator('dittofeed-embed iframe').getAttribute('title'), /^Dittofeed /);
    }
    // Changing type re-points the frame with the token already held (docs/architecture.md, "Data flow").
    assert.equal(sessionRequests.length, requestsAfterFirstPage, 'switching types costs no token request');
    assert.deepEqual(problems, [], 'no CSP / Trusted Types violation and no page error');
    await traffic.settled();
    assert.deepEqual(traffic.problems, [], "the pages' data API traffic is as Dittofeed documents it");
    for (const route of ['GET /api-l/embedded/journeys/', 'GET /api-l/embedded/broadcasts/', 'GET /api-l/embedded/segments/', 'GET /api-l/embedded/content/templates', 'GET /api-l/embedded/deliveries/', 'GET /api-l/embedded/resources/']) {
      assert.ok(traffic.routes.has(route), `${route} used (${[...traffic.routes].join(', ')})`);
    }
  });
});

test("the deliveries page applies the workspace's DeliveriesTable component configuration", { timeout: 60_000 }, async () => {
  await withDemo({}, async ({ page, demo, problems }) => {
    await signIn(page, demo, 'acme', { type: 'deliveries' });
    const frame = await waitForEmbeddedPage(page, 'deliveries');
    const headers = await eventually(async () => {
      const texts = await frame.locator('table.df-table thead th[scope="col"]').allTextContents();
      return texts.length > 1 ? texts : null;
    }, 'the deliveries table');
    // The demo configures to, channel, status, template, sentAt (demo/start.mjs); the last column holds the actions.
    assert.deepEqual(headers.slice(0, -1), ['To', 'Channel', 'Status', 'Template', 'Sent']);
    assert.deepEqual(problems, []);
  });
});

test('the iframe height follows the embedded content as it grows and shrinks', { timeout: 60_000 }, async () => {
  await withDemo({}, async ({ page, demo, problems }) => {
    await signIn(page, demo, 'acme', { type: 'journeys' });
    const frame = await waitForEmbeddedPage(page, 'journeys');
    const contentHeight = () => frame.evaluate(() => document.documentElement.scrollHeight);

    // After the first resize message the iframe is as tall as its content (within a pixel or two).
    const initial = await eventually(async () => {
      const [outer, inner] = [await frameHeight(page), await contentHeight()];
      return Math.abs(outer - inner) <= 2 ? outer : null;
    }, 'the iframe to match its content height');

    const expander = frame.locator('[data-expand]').first();
    await expander.click();
    const grown = await eventually(async () => {
      const height = await frameHeight(page);
      return height > initial + 20 ? height : null;
    }, 'the iframe to grow with its content');
    assert.ok(Math.abs(grown - (await contentHeight())) <= 2, 'grown frame fits its content');

    await expander.click();
    const shrunk = await eventually(async () => {
      const height = await frameHeight(page);
      return height < grown - 20 ? height : null;
    }, 'the iframe to shrink with its content');
    assert.ok(Math.abs(shrunk - initial) <= 2, 'back to the first height');

    // The demo's log shows the resize events the element emitted.
    const resizes = await page.locator('#event-log li[data-event="dittofeed-resize"]').count();
    assert.ok(resizes >= 2, `resize events in the log (${resizes})`);
    assert.deepEqual(problems, []);
  });
});

test('a template editor opened with a new id creates the template, as Dittofeed\'s does; a non-UUID id is not found', { timeout: 60_000 }, async () => {
  await withDemo({}, async ({ page, demo, problems }) => {
    const traffic = checkDataApiTraffic(page);
    await signIn(page, demo, 'acme', { type: 'sms-template' });
    await waitForEmbeddedPage(page, 'sms-template');
    const frame = page.frameLocator('dittofeed-embed iframe');
    const reopen = (id) => page.locator('dittofeed-embed').evaluate((embed, value) => embed.setAttribute('resource-id', value), id);
    const id = 'a6e0f1c2-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
    await reopen(id);
    await frame.locator('.df-card-title', { hasText: 'Untitled SMS' }).waitFor();
    assert.equal(new URL(await page.locator('dittofeed-embed iframe').getAttribute('src')).searchParams.get('id'), id);
    await traffic.settled();
    assert.ok(traffic.routes.has('PUT /api-l/embedded/content/templates'), [...traffic.routes].join(', '));
    assert.deepEqual(traffic.problems, []);

    await reopen('not-a-uuid');
    await frame.locator('#df-notice:not([hidden])', { hasText: 'Not found in this workspace.' }).waitFor();
    assert.equal(await frame.locator('#df-content').innerText(), '');
    assert.deepEqual(problems, []);
  });
});
