// Row 9: the size-independent counts in Firefox and WebKit too (issue 13), through the same tabs
// as the e2e engine cases (scripts/engine-tab.mjs): 20 elements on one token-url make 1 token
// request for the first session and 1 per refresh cycle; 300 connect/disconnect cycles leave no
// timer and no listener behind. Neither engine has a fake clock here, so tokens live 20 s with
// refresh-margin 12: a refresh every 8 s of real time, long enough for a busy machine to mount the
// 20 elements before the first one (the first session's count would take it in otherwise).
import { openTab } from '../../scripts/engine-tab.mjs';
import { sleep } from '../lib/browser.mjs';
import { waitForCount } from './common.mjs';

export const ENGINE_CYCLES = 2;
export const ENGINE_ELEMENTS = 20;
export const ENGINE_CHURN = 300;
const LIFETIME_S = 20;
const MARGIN_S = 12;

/** Mounts `count` elements and resolves once every one has had dittofeed-ready. */
function mount(tab, { count, tokenUrl, baseUrl }) {
  return tab.evaluate(
    async (count, tokenUrl, baseUrl, margin) => {
      await globalThis.customElements.whenDefined('dittofeed-embed');
      const bench = globalThis.__bench;
      const elements = Array.from({ length: count }, () =>
        bench.create({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench', 'refresh-margin': String(margin) }),
      );
      globalThis.document.body.append(...elements);
      await Promise.all(elements.map((el) => bench.whenReady(el, 10_000)));
      return bench.status();
    },
    count,
    tokenUrl,
    baseUrl,
    MARGIN_S,
  );
}

export async function engineCounts(engine, server, { run }) {
  const tab = await openTab(engine);
  try {
    await tab.goto(`${server.hostOrigin}/host.html?instrument=1`);
    // Token requests: the first session, then each refresh cycle.
    const path = `/token/engine-${engine}-${run}`;
    const status = await mount(tab, { count: ENGINE_ELEMENTS, tokenUrl: `${path}?expiresIn=${LIFETIME_S}`, baseUrl: server.embedOrigin });
    await sleep(300);
    const first = server.tokenCount(path);
    const cycles = [];
    for (let c = 0; c < ENGINE_CYCLES; c += 1) {
      const before = server.tokenCount(path);
      // A refresh that never comes is counted as 0 and fails the row.
      await waitForCount(server, path, before, (LIFETIME_S - MARGIN_S + 5) * 1000);
      await sleep(1000); // a duplicate request would come within this second
      cycles.push(server.tokenCount(path) - before);
    }
    // Churn: one element, disconnected and reconnected; then nothing of it may be left.
    const churnPath = `/token/engine-churn-${engine}-${run}`;
    const left = await tab.evaluate(
      async (tokenUrl, baseUrl, cycles) => {
        const bench = globalThis.__bench;
        for (const el of globalThis.document.querySelectorAll('dittofeed-embed')) el.remove();
        const seq = bench.seq;
        const el = bench.create({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench' });
        globalThis.document.body.append(el);
        await bench.whenReady(el, 10_000);
        // The instrumentation must see the element's listeners while it is connected, or a 0 below means nothing.
        const seenWhileMounted = bench.pending(seq).listeners.length;
        for (let i = 0; i < cycles; i += 1) {
          globalThis.document.body.append(el);
          if (i % 3 === 1) await Promise.resolve();
          else if (i % 3 === 2) await bench.macrotask();
          el.remove();
          if (i % 3 !== 0) await bench.macrotask();
        }
        await new Promise((resolve) => globalThis.setTimeout(resolve, 300));
        const pending = bench.pending(seq);
        return { seenWhileMounted, timers: pending.timers.length, listeners: pending.listeners.length, leftovers: [...pending.timers, ...pending.listeners].slice(0, 5) };
      },
      churnPath,
      server.embedOrigin,
      ENGINE_CHURN,
    );
    return { engine, version: tab.version, ready: status.ready, first, cycles, ...left, churnRequests: server.tokenCount(churnPath) };
  } finally {
    await tab.close();
  }
}
