// Debian's WebKitWebDriver (webkit2gtk-driver) driving MiniBrowser (WebKitGTK), under xvfb-run when
// there is no display, spoken to in plain W3C WebDriver over HTTP (nothing to download). Used by
// the web-test-runner launcher (scripts/webkit-launcher.mjs) and the end-to-end tests.
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

/** The capabilities of a new MiniBrowser session. */
export const miniBrowserCapabilities = (extra = {}) => ({
  capabilities: {
    alwaysMatch: {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
      ...extra,
    },
  },
});

/**
 * Starts WebKitWebDriver on a free port; `request(method, path, body)` returns the answer's
 * `value` (every call bounded, so a stuck browser fails a call instead of hanging), `stop()`
 * ends the driver with its process group.
 */
export async function startWebKitDriver() {
  if (!webkitAvailable()) throw new Error("WebKit not found: install Debian's webkit2gtk-driver (and xvfb)");
  const port = await freePort();
  const args = [`--port=${port}`];
  const [command, commandArgs] = process.env.DISPLAY ? [webkitDriverPath, args] : ['xvfb-run', ['-a', webkitDriverPath, ...args]];
  const driver = spawn(command, commandArgs, { detached: true, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;

  async function request(method, path, body, timeoutMs = 30_000) {
    const response = await fetch(endpoint + path, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${response.status} ${json?.value?.message ?? ''}`);
    return json.value;
  }

  function stop() {
    if (!driver.pid) return;
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // already stopped
    }
  }

  for (let attempt = 0; ; attempt++) {
    try {
      if ((await request('GET', '/status', undefined, 2000))?.ready) break;
    } catch {
      // not listening yet
    }
    if (attempt > 100) {
      stop();
      throw new Error('WebKitWebDriver did not start');
    }
    await sleep(100);
  }
  return { request, stop };
}
