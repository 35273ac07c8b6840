// Unit and component tests in real Chromium. Pages are served on localhost; embedded
// fixture pages are loaded from 127.0.0.1 on the same port, a different origin.
import { ChromeLauncher, chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import * as puppeteer from 'puppeteer-core';
import { chromiumPath, chromiumArgs, assertChromium, firefoxPath, assertFirefox } from './scripts/chromium.mjs';
import { webkitLauncher } from './scripts/webkit-launcher.mjs';
import { tokenEndpointMiddleware } from './test/support/token-endpoint.mjs';
import { embeddedFixtureMiddleware } from './test/support/embedded-fixture.mjs';

// One engine per run: DITTOFEED_BROWSER = chromium (default) | firefox | webkit. `npm test` runs
// all three in sequence (scripts/test.mjs; `npm test -- --browsers firefox` for one).
const engine = process.env.DITTOFEED_BROWSER ?? 'chromium';
const launchers = {
  chromium: () => {
    assertChromium();
    return chromeLauncher({ launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs } });
  },
  // Debian's firefox-esr over WebDriver BiDi, through puppeteer-core.
  firefox: () => {
    assertFirefox();
    return new ChromeLauncher(
      { browser: 'firefox', executablePath: firefoxPath, headless: true },
      ({ browser }) => browser.defaultBrowserContext(),
      ({ context }) => context.newPage(),
      puppeteer,
      1,
    );
  },
  // Debian's WebKitWebDriver + MiniBrowser (WebKitGTK), under xvfb-run.
  webkit: () => webkitLauncher(),
};
if (!launchers[engine]) throw new Error(`DITTOFEED_BROWSER must be one of ${Object.keys(launchers).join(', ')}`);

export default {
  files: ['test/**/*.test.ts', '!test/node/**', '!test/e2e/**', '!test/frameworks/**', '!test/types/**'],
  nodeResolve: true,
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 180_000,
  browserStartTimeout: 60_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [tokenEndpointMiddleware(), embeddedFixtureMiddleware()],
  browsers: [launchers[engine]()],
  // One retry: these tests cross two real origins and real timers on a 2-core machine; a test
  // that fails twice in a row still fails the run.
  testFramework: { config: { timeout: 10_000, retries: 1 } },
};
