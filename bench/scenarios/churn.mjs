// Row 6: one element with a live session is disconnected and reconnected 2000 times; then,
// disconnected, nothing it started may remain: no pending timer (setTimeout/setInterval/
// requestAnimationFrame not fired and not cleared) and no window/document listener registered
// from the bundle after the page loaded. Cycles alternate between removing the element in the
// same task, after a microtask and after a macrotask (so Lit renders and the iframe starts
// loading), to hit the in-between states too. Heap growth is measured after forced GC, in
// the same (disconnected) state before and after the cycles.
import { openHost, sleep } from '../lib/browser.mjs';
import { waitMounted } from './common.mjs';

// With `keepSessions`, DittofeedEmbed.keepSessions is on: the session outlives each disconnect
// (idle, no timer or listener), so the cycles should make no token request at all.
export async function churn(browser, server, { cycles, run, keepSessions = false }) {
  const host = await openHost(browser, server);
  const { page } = host;
  const path = `/token/churn-${keepSessions ? 'kept-' : ''}${run}`;
  try {
    const baselineSeq = await page.evaluate(
      ({ tokenUrl, baseUrl, keep }) => {
        const bench = globalThis.__bench;
        globalThis.customElements.get('dittofeed-embed').keepSessions = keep;
        const seq = bench.seq; // anything registered after this counts as the element's
        bench.churnElement = bench.create({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench' });
        globalThis.document.body.append(bench.churnElement);
        return seq;
      },
      { tokenUrl: path, baseUrl: server.embedOrigin, keep: keepSessions },
    );
    const handshake = await waitMounted(page, 1);
    await sleep(200);
    const settle = () =>
      page.evaluate(async () => {
        await new Promise((resolve) => globalThis.setTimeout(resolve, 300));
        await new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve)));
      });
    // One warm-up cycle, so both heap readings are taken disconnected with Lit's templates built.
    await page.evaluate(() => {
      globalThis.__bench.recordFetches = false;
      globalThis.__bench.fetches.length = 0;
      globalThis.__bench.churnElement.remove();
    });
    await settle();
    const heapBefore = await host.gcHeap();
    const requestsBefore = server.tokenCount(path);
    const started = Date.now();
    await page.evaluate(async (n) => {
      const bench = globalThis.__bench;
      const el = bench.churnElement;
      const body = globalThis.document.body;
      for (let i = 0; i < n; i += 1) {
        body.append(el);
        if (i % 3 === 1) await Promise.resolve();
        else if (i % 3 === 2) await bench.macrotask();
        el.remove();
        if (i % 3 !== 0) await bench.macrotask();
      }
    }, cycles);
    const churnMs = Date.now() - started;
    await settle();
    const left = await page.evaluate((seq) => globalThis.__bench.pending(seq), baselineSeq);
    const heapAfter = await host.gcHeap();
    const timers = left.timers.map((t) => ({ kind: t.kind, delay: t.delay, where: t.where }));
    return {
      handshake,
      cycles,
      churnMs,
      timersLeft: timers.length,
      messageListenersLeft: left.listeners.filter((l) => l.type === 'message').length,
      listenersLeft: left.listeners.length,
      leftovers: { timers: timers.slice(0, 10), listeners: left.listeners.slice(0, 10) },
      heapGrowthBytes: heapAfter - heapBefore,
      tokenRequestsDuringChurn: server.tokenCount(path) - requestsBefore,
      pageErrors: host.pageErrors,
    };
  } finally {
    await host.close();
  }
}
