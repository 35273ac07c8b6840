// Unit and component tests in real Chromium. Pages are served on localhost; embedded
// fixture pages are loaded from 127.0.0.1 on the same port, a different origin.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromiumPath, chromiumArgs, assertChromium } from './scripts/chromium.mjs';
import { tokenEndpointMiddleware } from './test/support/token-endpoint.mjs';
import { embeddedFixtureMiddleware } from './test/support/embedded-fixture.mjs';

assertChromium();

export default {
  files: ['test/**/*.test.ts', '!test/node/**', '!test/e2e/**', '!test/frameworks/**', '!test/types/**'],
  nodeResolve: true,
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 180_000,
  browserStartTimeout: 60_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [tokenEndpointMiddleware(), embeddedFixtureMiddleware()],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs },
    }),
  ],
  // One retry: these tests cross two real origins and real timers on a 2-core machine; a test
  // that fails twice in a row still fails the run.
  testFramework: { config: { timeout: 10_000, retries: 1 } },
};
