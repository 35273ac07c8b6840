// Row 8 (issue 14.3): three tabs of one origin (pages of one browser context) with the same
// token-url and DittofeedEmbed.shareAcrossTabs, connecting at once: one token request for the
// first session and one per refresh cycle, for all three. Tokens live 10 s with refresh-margin 4
// (a cycle every ~6-8 s, real time: BroadcastChannel and the network are real).
import { sleep } from '../lib/browser.mjs';

export const TAB_COUNT = 3;
export const TAB_CYCLES = 2;

async function sessionsOf(page) {
  return page.evaluate(() => globalThis.__tabSessions ?? 0);
}

export async function sharedTabs(browser, server, { run }) {
  const context = await browser.newContext();
  const path = `/token/tabs-${run}`;
  const pageErrors = [];
  try {
    // Loading a page takes longer than a token's first refresh on a busy machine, so the pages
    // load first and the elements then connect in all three at once: the first session is the
    // tabs asking together (the tie-break), not later tabs finding a token.
    const pages = [];
    for (let i = 0; i < TAB_COUNT; i += 1) {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error?.message ?? error)));
      await page.goto(`${server.hostOrigin}/host.html`, { waitUntil: 'load' });
      await page.evaluate(() => globalThis.customElements.whenDefined('dittofeed-embed'));
      pages.push(page);
    }
    const mount = ({ tokenUrl, baseUrl }) => {
      const Embed = globalThis.customElements.get('dittofeed-embed');
      Embed.shareAcrossTabs = true;
      const el = globalThis.document.createElement('dittofeed-embed');
      for (const [k, v] of Object.entries({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench', 'refresh-margin': '4' })) el.setAttribute(k, v);
      globalThis.__tabSessions = 0;
      el.addEventListener('dittofeed-session', () => (globalThis.__tabSessions += 1));
      globalThis.document.body.append(el);
    };
    await Promise.all(pages.map((page) => page.evaluate(mount, { tokenUrl: `${path}?expiresIn=10`, baseUrl: server.embedOrigin })));
    const waitSessions = async (n, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = await Promise.all(pages.map(sessionsOf));
        if (counts.every((c) => c >= n) || Date.now() > deadline) return counts;
        await sleep(100);
      }
    };
    await waitSessions(1, 15_000);
    const first = server.tokenCount(path);
    const cycles = [];
    let sessions = [];
    for (let c = 0; c < TAB_CYCLES; c += 1) {
      const before = server.tokenCount(path);
      sessions = await waitSessions(c + 2, 15_000);
      await sleep(300); // a late duplicate request would show here
      cycles.push(server.tokenCount(path) - before);
    }
    return { first, cycles, sessions, pageErrors };
  } finally {
    await context.close();
  }
}
