// A tab in Firefox or WebKit, for the end-to-end cases run in every engine (test/e2e/engines.test.mjs)
// and the benchmark's per-engine counts (bench/scenarios/engines.mjs):
// Playwright drives only its own browser builds, so Debian's firefox-esr goes through
// puppeteer-core over WebDriver BiDi and WebKitGTK through plain WebDriver. A tab does the two
// things those cases need: open a URL, and run a function in the top page.
import puppeteer from 'puppeteer-core';
import { assertFirefox, firefoxPath } from './chromium.mjs';
import { miniBrowserCapabilities, startWebKitDriver } from './webkit-driver.mjs';

/**
 * @param {'firefox' | 'webkit'} engine
 * @returns {Promise<{ engine: string, version: string, goto(url: string): Promise<void>,
 *   evaluate<T>(fn: (...args: any[]) => T | Promise<T>, ...args: unknown[]): Promise<T>, close(): Promise<void> }>}
 */
export async function openTab(engine) {
  if (engine === 'firefox') return openFirefoxTab();
  if (engine === 'webkit') return openWebKitTab();
  throw new Error(`no such engine: ${engine}`);
}

async function openFirefoxTab() {
  assertFirefox();
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true, timeout: 60_000 });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    const version = await browser.version();
    return {
      engine: 'firefox',
      version,
      goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
      evaluate: (fn, ...args) => page.evaluate(fn, ...args),
      close: () => browser.close().catch(() => undefined),
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

async function openWebKitTab() {
  const driver = await startWebKitDriver();
  try {
    const { sessionId, capabilities } = await driver.request('POST', '/session', miniBrowserCapabilities());
    const session = `/session/${sessionId}`;
    return {
      engine: 'webkit',
      version: `WebKitGTK ${capabilities?.browserVersion ?? '?'}`,
      goto: async (url) => void (await driver.request('POST', `${session}/url`, { url })),
      // execute/async with the callback WebDriver passes last: `fn` may return a promise.
      evaluate: async (fn, ...args) => {
        const script = `const done = arguments[arguments.length - 1];
          const args = Array.prototype.slice.call(arguments, 0, -1);
          Promise.resolve().then(() => (${fn}).apply(null, args))
            .then((value) => done({ value }), (error) => done({ error: String((error && error.message) || error) }));`;
        const result = await driver.request('POST', `${session}/execute/async`, { script, args });
        if (result?.error) throw new Error(result.error);
        return result?.value;
      },
      close: async () => {
        await driver.request('DELETE', session).catch(() => undefined);
        driver.stop();
      },
    };
  } catch (error) {
    driver.stop();
    throw error;
  }
}
