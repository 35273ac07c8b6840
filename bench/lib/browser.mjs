// Debian Chromium through playwright-core, one fresh context per run (so no session cache,
// timer or heap state carries over between runs).
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath, chromiumArgs, assertChromium } from '../../scripts/chromium.mjs';

const INSTRUMENT = fileURLToPath(new URL('../page/instrument.js', import.meta.url));

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function launch() {
  assertChromium();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true, timeout: 60_000 });
}

// A host page with the instrumentation installed before the bundle and the element defined.
// `performance: false` leaves CDP's Performance domain off: its per-task probes slow the host's
// message handling, which the resize burst measures.
export async function openHost(browser, server, { clock = false, performance = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error?.message ?? error)));
  await page.addInitScript({ path: INSTRUMENT });
  if (clock) await page.clock.install();
  await page.goto(`${server.hostOrigin}/host.html`, { waitUntil: 'load' });
  await page.evaluate(() =>
    Promise.race([
      globalThis.customElements.whenDefined('dittofeed-embed'),
      new Promise((_, reject) => globalThis.setTimeout(() => reject(new Error('<dittofeed-embed> was never defined')), 10_000)),
    ]),
  );
  const cdp = await context.newCDPSession(page);
  // A second session reports the same durations as main-thread CPU time, which a loaded
  // machine inflates much less than wall time.
  const cpu = await context.newCDPSession(page);
  if (performance) {
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    await cpu.send('Performance.enable', { timeDomain: 'threadTicks' });
  }
  const read = async (session) => {
    const { metrics } = await session.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  return {
    page,
    cdp,
    pageErrors,
    async metrics() {
      const [wall, thread] = await Promise.all([read(cdp), read(cpu)]);
      return { ...wall, cpu: thread };
    },
    async gcHeap() {
      // Twice: the first pass can leave work for finalizers.
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    },
    close: () => context.close(),
  };
}

// Polls a page function from Node (so it works under page.clock, where page timers are fake).
export async function waitFor(page, fn, arg, { timeout = 20_000, interval = 25, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await page.evaluate(fn, arg);
    if (last && (typeof last !== 'object' || last.done)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last && typeof last === 'object' ? `: ${JSON.stringify(last)}` : ''}`);
    }
    await sleep(interval);
  }
}
