// Row 7 (issue 12, layer 1): `idle-reload` on a stock page (no protocol, a text field). The user
// types in the frame across the moment the new token arrives (tokens live 60 s, refresh-margin 30:
// it comes 30 s in): no reload. Then they leave the frame (a click on the host page): one reload,
// `idle-after` (5 s) later, well before the first token expires. page.clock moves page time; the
// typing and the network are real.
import { openHost, waitFor } from '../lib/browser.mjs';
import { waitMounted } from './common.mjs';

export const IDLE_AFTER_S = 5;
const TYPING_S = 40;

export async function idleReload(browser, server, { run }) {
  const host = await openHost(browser, server, { clock: true, performance: false });
  const { page } = host;
  const path = `/token/idle-${run}`;
  try {
    await page.evaluate(
      ({ tokenUrl, baseUrl, idleAfter }) => {
        const bench = globalThis.__bench;
        const away = globalThis.document.createElement('button');
        away.id = 'away';
        away.textContent = 'host page';
        const el = bench.create({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench', 'refresh-margin': '30', 'idle-reload': '', 'idle-after': String(idleAfter) });
        el.params = { stock: '1' };
        const seen = (bench.idleSeen = { loads: 0, reasons: [], expiring: 0 });
        el.addEventListener('dittofeed-load', () => (seen.loads += 1));
        el.addEventListener('dittofeed-before-reload', (event) => seen.reasons.push(event.detail.reason));
        el.addEventListener('dittofeed-session-expiring', () => (seen.expiring += 1));
        globalThis.document.body.append(away, el);
      },
      { tokenUrl: `${path}?expiresIn=60`, baseUrl: server.embedOrigin, idleAfter: IDLE_AFTER_S },
    );
    await waitMounted(page, 1, { handshake: false });
    await waitFor(page, () => globalThis.__bench.idleSeen.loads >= 1, undefined, { what: 'the stock page loaded' });
    const seen = () => page.evaluate(() => ({ ...globalThis.__bench.idleSeen, reasons: [...globalThis.__bench.idleSeen.reasons] }));

    const draft = page.frameLocator('dittofeed-embed iframe').locator('#draft');
    await draft.click();
    let typed = 0;
    for (let second = 0; second < TYPING_S; second += 1) {
      await draft.press('a');
      typed += 1;
      await page.clock.runFor(1000);
    }
    const whileTyping = await seen();
    const textKept = (await draft.inputValue()).length === typed;
    const requestsWhileTyping = server.tokenCount(path);

    // The user leaves: focus and pointer go to the host page.
    await page.locator('#away').click();
    let afterMs = null;
    for (let ms = 0; ms <= 20_000; ms += 250) {
      if ((await seen()).reasons.includes('idle')) {
        afterMs = ms;
        break;
      }
      await page.clock.runFor(250);
    }
    await waitFor(page, (n) => globalThis.__bench.idleSeen.loads >= n, whileTyping.loads + 1, { timeout: 10_000, what: 'the reloaded page' }).catch(() => {});
    const end = await seen();
    return {
      reloadsWhileTyping: whileTyping.loads - 1,
      expiringWhileTyping: whileTyping.expiring,
      requestsWhileTyping,
      textKept,
      reloadAfterLeavingMs: afterMs,
      reloadsAfterLeaving: end.loads - whileTyping.loads,
      reasons: end.reasons,
      pageErrors: host.pageErrors,
    };
  } finally {
    await host.close();
  }
}
