// Row 2: N elements sharing one token-url cost one request for the first session and one per
// refresh cycle. Tokens live 60 s with refresh-margin 10, so a refresh is due ~50 s after each
// response; page.clock (Playwright's fake clock) jumps over those 50 s, the network stays real.
import { openHost, sleep, waitFor } from '../lib/browser.mjs';
import { waitMounted, statusOf, waitForCount } from './common.mjs';

export const REFRESH_CYCLES = 2;
const LIFETIME_S = 60;
const MARGIN_S = 10;

export async function tokenRequests(browser, server, { count, run }) {
  const host = await openHost(browser, server, { clock: true });
  const { page } = host;
  const path = `/token/requests-${count}-${run}`;
  try {
    await page.evaluate(
      ({ count, tokenUrl, baseUrl, margin }) => {
        const bench = globalThis.__bench;
        const fragment = globalThis.document.createDocumentFragment();
        for (let i = 0; i < count; i += 1) {
          fragment.append(
            bench.create({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench', 'refresh-margin': String(margin) }),
          );
        }
        globalThis.document.body.append(fragment);
      },
      { count, tokenUrl: `${path}?expiresIn=${LIFETIME_S}`, baseUrl: server.embedOrigin, margin: MARGIN_S },
    );
    const handshake = await waitMounted(page, count);
    await sleep(300); // any stray duplicate request would show up here
    const first = server.tokenCount(path);
    const cycles = [];
    for (let c = 0; c < REFRESH_CYCLES; c += 1) {
      const before = server.tokenCount(path);
      // Past the refresh point (lifetime - margin) of the token received last cycle.
      await page.clock.runFor((LIFETIME_S - MARGIN_S + 2) * 1000);
      await waitForCount(server, path, before, 10_000);
      // Every element got the new token (by message after the handshake), so the next refresh is
      // armed from this response before the clock jumps again.
      await waitFor(page, (n) => globalThis.__bench.status().minSessions >= n, c + 2, { timeout: 5_000 }).catch(() => {});
      await sleep(300);
      cycles.push(server.tokenCount(path) - before);
    }
    const status = await statusOf(page);
    return { first, cycles, handshake, status, pageErrors: host.pageErrors };
  } finally {
    await host.close();
  }
}
