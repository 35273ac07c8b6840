// Shared pieces of the end-to-end suite: the demo (local Dittofeed + host app) on free ports,
// Debian Chromium through playwright-core, and helpers that read the page like a user would.
/* global document -- inside page.evaluate callbacks, which run in the browser */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, assertChromium } from '../../scripts/chromium.mjs';
import { startDemo } from '../../demo/start.mjs';
import { operationFor, requestProblems, responseProblems } from '../node/openapi.mjs';

export const screenshotDir = fileURLToPath(new URL('../../screenshots/', import.meta.url));

/** Playwright's own waits: bounded, and short enough that a hang fails a test, not the suite. */
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Runs `fn` with a fresh demo and a fresh browser, and always closes both.
 * @param {Parameters<typeof startDemo>[0]} demoOptions
 * @param {(ctx: { demo: Awaited<ReturnType<typeof startDemo>>, browser: import('playwright-core').Browser,
 *   page: import('playwright-core').Page, adminKey: string, problems: string[] }) => Promise<void>} fn
 */
export async function withDemo(demoOptions, fn) {
  assertChromium();
  // The test chooses the admin key so it can prove the key never reaches the browser.
  const adminKey = `e2e-admin-${randomBytes(16).toString('hex')}`;
  let demo;
  let browser;
  try {
    demo = await startDemo({ hostPort: 0, dittofeedPort: 0, adminKey, ...demoOptions });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
      timeout: 30_000,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(DEFAULT_TIMEOUT_MS);
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await fn({ demo, browser, page, adminKey, problems });
  } finally {
    await browser?.close().catch(() => undefined);
    await demo?.close().catch(() => undefined);
  }
}

/**
 * Collects what must never happen on the host page: uncaught errors and CSP / Trusted Types
 * violations (the demo page runs under a strict policy, so the element must not need exceptions).
 */
function watchForProblems(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Trusted Type|TrustedHTML|TrustedScript/i.test(text)) {
      problems.push(`console ${message.type()}: ${text}`);
    }
  });
  return problems;
}

/** Signs in through the demo UI and opens the page with the given demo knobs. */
export async function signIn(page, demo, customerId, query = {}) {
  await page.goto(demo.url);
  await page.locator('body[data-ready]').waitFor();
  if ((await page.locator('body').getAttribute('data-ready')) === 'signed-in') {
    await page.locator('#sign-out').click();
    await page.locator('body[data-ready="signed-out"]').waitFor();
  }
  await page.locator(`#sign-in-options button[data-customer="${customerId}"]`).click();
  await page.locator(`body[data-ready="signed-in"][data-customer="${customerId}"]`).waitFor();
  if (Object.keys(query).length) {
    await page.goto(`${demo.url}/?${new URLSearchParams(query)}`);
    await page.locator(`body[data-ready="signed-in"][data-customer="${customerId}"]`).waitFor();
  }
}

/** The Playwright Frame of the element's iframe (pierces the open shadow root). */
export async function embedFrame(page) {
  const handle = await page.locator('dittofeed-embed iframe').elementHandle();
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the element has no iframe content yet');
  return frame;
}

/**
 * Waits until the embedded page shows `type` with its data loaded (`#df-status` = ok), and returns
 * the frame. The element must be `state="ready"` too.
 */
export async function waitForEmbeddedPage(page, type, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
  await page.locator(`dittofeed-embed[state="ready"][type="${type}"]`).waitFor({ timeout });
  const frameLocator = page.frameLocator('dittofeed-embed iframe');
  await frameLocator.locator(`main[data-page="${type}"]`).waitFor({ timeout });
  await frameLocator.locator('#df-status', { hasText: /^ok$/ }).waitFor({ timeout });
  return embedFrame(page);
}

/** The element's rendered iframe height in CSS px. */
export async function frameHeight(page) {
  const box = await page.locator('dittofeed-embed iframe').boundingBox();
  if (!box) throw new Error('the iframe is not rendered');
  return box.height;
}

/** Event log entries of the demo page, newest first, as `{ event, delivery, code, text }`. */
export async function logEntries(page) {
  return page.locator('#event-log li').evaluateAll((items) =>
    items.map((item) => ({
      event: item.dataset.event ?? null,
      delivery: item.dataset.delivery ?? null,
      code: item.dataset.code ?? null,
      text: item.textContent ?? '',
    })),
  );
}

/** Resolves once `predicate` holds, polling; rejects with `what` after `timeout`. */
export async function eventually(predicate, what, { timeout = DEFAULT_TIMEOUT_MS, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await predicate();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * A full-page screenshot into screenshots/<name>.png. The viewport is grown to the page first and
 * the frame given a moment to settle, so the picture shows the layout a tall screen would.
 */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  try {
    if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

export const TYPES = [
  'journeys',
  'journey',
  'broadcasts',
  'broadcast',
  'templates',
  'email-template',
  'sms-template',
  'segments',
  'segment',
  'deliveries',
  'analysis',
];

/** Counts real document loads of the embedded frame (same-document history changes excluded). */
export function countFrameLoads(page) {
  const loads = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document' && request.frame() !== page.mainFrame()) loads.push(request.url());
  });
  return loads;
}

/**
 * Counts answers of the local Dittofeed's data API that refused the page's token (401): with timely
 * refreshes there are none, because every token arrives before the previous one expires.
 */
export function countRefusedDataCalls(page) {
  const refused = [];
  page.on('response', (response) => {
    if (response.url().includes('/api-l/embedded/') && response.status() === 401) refused.push(response.url());
  });
  return refused;
}

/** How many data API answers the embedded page applied (its body[data-fetches]). */
export const fetchCount = (frame) => frame.evaluate(() => Number(document.body.dataset.fetches ?? 0));

/**
 * Records the embedded pages' calls to the data API and checks each against Dittofeed's API
 * description: what the pages send, and what the local Dittofeed answers.
 */
export function checkDataApiTraffic(page) {
  const problems = [];
  const routes = new Set();
  const pending = [];
  page.on('response', (response) => {
    const request = response.request();
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api-l/embedded/')) return;
    const method = request.method();
    const documented = operationFor(method, url.pathname);
    routes.add(`${method} ${documented ? documented.path : url.pathname + ' (ours)'}`);
    if (!documented) return;
    pending.push(
      response.text().then(
        (text) => {
          for (const issue of [...requestProblems(method, url, request.postData() ?? undefined), ...responseProblems(method, url, response.status(), text)]) {
            problems.push(`${method} ${url.pathname}: ${issue}`);
          }
        },
        () => {}, // a page that navigated away took the body with it
      ),
    );
  });
  return { problems, routes, settled: () => Promise.all(pending) };
}
