// Row 8 (issue 14.3): three tabs of one origin (pages of one browser context) with the same
// token-url and DittofeedEmbed.shareAcrossTabs: one token request for the first session and one
// per refresh cycle, for all three. Tokens live 10 s with refresh-margin 4 (a cycle every ~6-8 s,
// real time: BroadcastChannel and the network are real).
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
    const pages = [];
    for (let i = 0; i < TAB_COUNT; i += 1) {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error?.message ?? error)));
      await page.goto(`${server.hostOrigin}/host.html`, { waitUntil: 'load' });
      await page.evaluate(
        async ({ tokenUrl, baseUrl }) => {
          await globalThis.customElements.whenDefined('dittofeed-embed');
          const Embed = globalThis.customElements.get('dittofeed-embed');
          Embed.shareAcrossTabs = true;
          const el = globalThis.document.createElement('dittofeed-embed');
          for (const [k, v] of Object.entries({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench', 'refresh-margin': '4' })) el.setAttribute(k, v);
          globalThis.__tabSessions = 0;
          el.addEventListener('dittofeed-session', () => (globalThis.__tabSessions += 1));
          globalThis.document.body.append(el);
        },
        { tokenUrl: `${path}?expiresIn=10`, baseUrl: server.embedOrigin },
      );
      pages.push(page);
    }
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
