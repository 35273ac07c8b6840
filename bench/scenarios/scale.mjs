// Row 5: 100 elements (one shared token-url) appended at once. Main-thread scripting time of
// the host renderer until every iframe has its src (CDP Performance.getMetrics ScriptDuration
// delta, as thread CPU time and as wall time; embedded frames run in their own process and are
// not counted), and the JS heap delta per element after the frames settled (forced GC before
// both heap readings).
import { openHost, sleep } from '../lib/browser.mjs';
import { waitMounted } from './common.mjs';

export async function scale(browser, server, { count, run }) {
  const host = await openHost(browser, server);
  const { page } = host;
  try {
    const heapBefore = await host.gcHeap();
    const before = await host.metrics();
    await page.evaluate(
      async ({ count, tokenUrl, baseUrl }) => {
        const bench = globalThis.__bench;
        const fragment = globalThis.document.createDocumentFragment();
        for (let i = 0; i < count; i += 1) {
          fragment.append(bench.create({ type: 'journeys', 'token-url': tokenUrl, 'base-url': baseUrl, 'workspace-id': 'ws-bench' }));
        }
        globalThis.document.body.append(fragment);
        await bench.whenSrcCount(count, 30_000);
      },
      // The embedded pages are held back until the metrics are read, so no frame's load or
      // messages land in the window: it holds the elements' work and the frames' creation only.
      { count, tokenUrl: `/token/scale-${run}?holdEmbed=1`, baseUrl: server.embedOrigin },
    );
    const after = await host.metrics();
    server.releaseEmbeds();
    const handshake = await waitMounted(page, count);
    const settled = await host.metrics();
    await sleep(500);
    const heapAfter = await host.gcHeap();
    return {
      scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
      scriptCpuMs: (after.cpu.ScriptDuration - before.cpu.ScriptDuration) * 1000,
      taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
      // From every src set until every frame completed the handshake (ready + first resize).
      handshakeScriptCpuMs: (settled.cpu.ScriptDuration - after.cpu.ScriptDuration) * 1000,
      layoutMs: (after.LayoutDuration - before.LayoutDuration) * 1000,
      heapPerElementKB: (heapAfter - heapBefore) / count / 1024,
      tokenRequests: server.tokenCount(`/token/scale-${run}`),
      handshake,
      pageErrors: host.pageErrors,
    };
  } finally {
    server.releaseEmbeds();
    await host.close();
  }
}
