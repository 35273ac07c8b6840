// A web-test-runner launcher for WebKit: Debian's WebKitWebDriver driving MiniBrowser (WebKitGTK)
// (scripts/webkit-driver.mjs). It runs one test file at a time, each in a MiniBrowser of its own.
import { miniBrowserCapabilities, startWebKitDriver } from './webkit-driver.mjs';

export function webkitLauncher() {
  let driver = null;
  let sessionId = '';
  const urls = new Map();
  let active = null;

  /** A new MiniBrowser for each test file: no state, and no stuck process, outlives a file. */
  async function openBrowser() {
    // Navigation returns at once: a test page whose frames never load must not block the next one.
    const session = await webdriver('POST', '/session', miniBrowserCapabilities({ pageLoadStrategy: 'none' }));
    sessionId = session.sessionId;
  }

  async function closeBrowser() {
    const id = sessionId;
    sessionId = '';
    if (id) await webdriver('DELETE', `/session/${id}`).catch(() => undefined);
  }

  // A stuck browser must not stall the run: web-test-runner reports the file instead.
  const webdriver = (method, path, body) => driver.request(method, path, body);

  return {
    name: 'WebKit',
    type: 'webkit-webdriver',
    concurrency: 1,
    async initialize() {
      driver = await startWebKitDriver();
    },
    async startSession(id, url) {
      active = id;
      urls.set(id, url);
      await closeBrowser();
      await openBrowser();
      await webdriver('POST', `/session/${sessionId}/url`, { url });
    },
    isActive(id) {
      return active === id;
    },
    getBrowserUrl(id) {
      return urls.get(id);
    },
    async stopSession(id) {
      if (active === id) active = null;
      urls.delete(id);
      // The next file gets a browser of its own (WebKitGTK 2.50 sometimes hung for good on a later
      // file when one window ran them all).
      await closeBrowser();
      return {};
    },
    async startDebugSession() {
      throw new Error('no debug sessions in WebKit here');
    },
    async stop() {
      await closeBrowser(); // the driver may be gone already: closeBrowser ignores that
      driver?.stop();
    },
  };
}
