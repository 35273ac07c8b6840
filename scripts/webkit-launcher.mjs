// A web-test-runner launcher for WebKit: Debian's WebKitWebDriver driving MiniBrowser (WebKitGTK),
// under xvfb-run when there is no display. It speaks plain W3C WebDriver over HTTP (nothing to
// download), runs one test file at a time, each in a MiniBrowser of its own, and stops the driver
// with its process group.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const webkitDriverPath = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const miniBrowserPath =
  process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export const webkitAvailable = () => existsSync(webkitDriverPath) && existsSync(miniBrowserPath);

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function webkitLauncher() {
  let driver = null;
  let endpoint = '';
  let sessionId = '';
  const urls = new Map();
  let active = null;

  /** A new MiniBrowser for each test file: no state, and no stuck process, outlives a file. */
  async function openBrowser() {
    const session = await webdriver('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          // Navigation returns at once: a test page whose frames never load must not block the next one.
          pageLoadStrategy: 'none',
          'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
        },
      },
    });
    sessionId = session.sessionId;
  }

  async function closeBrowser() {
    const id = sessionId;
    sessionId = '';
    if (id) await webdriver('DELETE', `/session/${id}`).catch(() => undefined);
  }

  async function webdriver(method, path, body) {
    const response = await fetch(endpoint + path, {
      method,
      // A stuck browser must not stall the run: web-test-runner reports the file instead.
      signal: AbortSignal.timeout(30_000),
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${response.status} ${json?.value?.message ?? ''}`);
    return json.value;
  }

  return {
    name: 'WebKit',
    type: 'webkit-webdriver',
    concurrency: 1,
    async initialize() {
      if (!webkitAvailable()) throw new Error('WebKit not found: install Debian\'s webkit2gtk-driver (and xvfb)');
      const port = await freePort();
      const args = [`--port=${port}`];
      const [command, commandArgs] = process.env.DISPLAY ? [webkitDriverPath, args] : ['xvfb-run', ['-a', webkitDriverPath, ...args]];
      driver = spawn(command, commandArgs, { detached: true, stdio: 'ignore' });
      endpoint = `http://127.0.0.1:${port}`;
      for (let attempt = 0; ; attempt++) {
        try {
          if ((await webdriver('GET', '/status'))?.ready) break;
        } catch {
          // not listening yet
        }
        if (attempt > 100) throw new Error('WebKitWebDriver did not start');
        await sleep(100);
      }
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
      if (driver?.pid) {
        try {
          process.kill(-driver.pid, 'SIGTERM');
        } catch {
          // already stopped
        }
      }
    },
  };
}
