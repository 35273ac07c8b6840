// The demo host app itself: strict CSP, a signed HttpOnly cookie, the CDN bundle, navigation inside
// the frame, and full-page screenshots (into screenshots/, git-ignored) to look at.
/* global document -- inside page.evaluate callbacks, which run in the browser */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, signIn, waitForEmbeddedPage, screenshot, eventually, checkDataApiTraffic } from './support.mjs';

test('the host page runs the element under a strict CSP with a signed HttpOnly session cookie', { timeout: 60_000 }, async () => {
  await withDemo({}, async ({ page, demo, problems }) => {
    const response = await page.goto(demo.url);
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /require-trusted-types-for 'script'/);
    assert.match(csp, new RegExp(`frame-src ${demo.dittofeedBaseUrl}(;|$)`));
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

    const cdn = await page.request.get(`${demo.url}/cdn/dittofeed-embed.min.js`);
    assert.equal(cdn.status(), 200);
    assert.match(cdn.headers()['content-type'], /javascript/);
    assert.equal(cdn.headers()['access-control-allow-origin'], '*');

    // Signed out, the session endpoint refuses; a forged cookie is no better.
    const anonymous = await page.request.post(`${demo.url}/api/dittofeed/session`, {
      data: {},
      headers: { Origin: demo.url },
    });
    assert.equal(anonymous.status(), 401);

    await page.locator('body[data-ready="signed-out"]').waitFor();
    await screenshot(page, 'demo-signed-out');

    await signIn(page, demo, 'acme', { type: 'journeys' });
    const [cookie] = await page.context().cookies(demo.url);
    assert.equal(cookie.name, 'demo_session');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the session cookie');

    await page.context().addCookies([{ ...cookie, value: cookie.value.replace(/^acme\./, 'globex.') }]);
    const forged = await page.request.post(`${demo.url}/api/dittofeed/session`, { data: {}, headers: { Origin: demo.url } });
    assert.equal(forged.status(), 401, 'a tampered cookie signs nobody in');
    await page.context().addCookies([cookie]);

    // Cross-site requests with the cookie are refused.
    const crossSite = await page.request.post(`${demo.url}/api/dittofeed/session`, {
      data: {},
      headers: { Origin: 'http://evil.example' },
    });
    assert.equal(crossSite.status(), 403);
    assert.deepEqual(problems, []);
  });
});

test('navigating inside the frame is reported, and screenshots of the demo', { timeout: 60_000 }, async () => {
  await withDemo({}, async ({ page, demo, problems }) => {
    const traffic = checkDataApiTraffic(page);
    await signIn(page, demo, 'acme', { type: 'journeys' });
    const frame = await waitForEmbeddedPage(page, 'journeys');
    await eventually(async () => (await page.locator('#event-log li[data-event="dittofeed-resize"]').count()) > 0, 'a resize');
    await screenshot(page, 'demo-journeys');

    // Open a journey from the list: the page moves inside the frame and says so.
    await frame.locator('a[data-open]').first().click();
    await page.frameLocator('dittofeed-embed iframe').locator('main[data-page="journey"]').waitFor();
    const navigate = page.locator('#event-log li[data-event="dittofeed-navigate"]').first();
    await navigate.waitFor();
    assert.match(await navigate.textContent(), /\/dashboard-l\/embedded\/journeys\/v2/);
    // assert.ok, not doesNotMatch: a failure must not print the token it found.
    assert.ok(!/token=(?!\*\*\*)/.test(await navigate.textContent()), 'no token in the navigate event');
    // The host follows: its title and tabs show where the frame is now.
    await page.locator('#page-title', { hasText: 'Journey editor' }).waitFor();
    assert.equal(await page.locator('#tab-journey').getAttribute('aria-selected'), 'true');
    const steps = page.frameLocator('dittofeed-embed iframe').locator('.df-flow > li');
    const stepsBefore = await steps.count();
    await page.frameLocator('dittofeed-embed iframe').locator('#df-add-node').click();
    await eventually(async () => (await steps.count()) === stepsBefore + 1, 'the new journey step');
    // The step was saved as Dittofeed's editor saves it: the whole journey, PUT in its shape.
    await traffic.settled();
    assert.ok(traffic.routes.has('PUT /api-l/embedded/journeys/'), [...traffic.routes].join(', '));
    assert.deepEqual(traffic.problems, []);
    await screenshot(page, 'demo-journey-editor');

    // Back to the list from the host's own tab, although the element's type never changed.
    await page.locator('#tabs [role="tab"][data-type="journeys"]').click();
    await waitForEmbeddedPage(page, 'journeys');
    assert.equal(await page.locator('#tab-journeys').getAttribute('aria-selected'), 'true');

    await signIn(page, demo, 'globex', { type: 'analysis' });
    await waitForEmbeddedPage(page, 'analysis');
    await screenshot(page, 'demo-globex-analysis');
    assert.deepEqual(problems, []);
  });
});
