// Row 4: the real embedded frame (other origin) posts 1000 resize messages within 100 ms.
// Counted in the host: height writes (style attribute changes on the shadow iframe or the host,
// falling back to dittofeed-resize events if the element writes no style attribute), animation
// frames elapsed, and the latency from a message's arrival in the host to the first write that
// covers its height (heights only grow in the burst, so a later write covers earlier messages).
// The burst floods the host's main thread, so Chromium runs its frames late; the "floor" is when
// the host's next animation frame callbacks actually ran after each message, the earliest any
// writer bound to "at most once per animation frame" can act, and "beyond the floor" is what
// the element adds to it.
import { openHost, sleep } from '../lib/browser.mjs';
import { percentile, median } from '../lib/stats.mjs';
import { waitMounted } from './common.mjs';

export const BURST = { count: 1000, windowMs: 100, base: 700 };

export async function resizeBurst(browser, server) {
  const host = await openHost(browser, server, { performance: false });
  const { page } = host;
  try {
    await page.evaluate(
      ({ baseUrl }) => {
        const el = globalThis.__bench.create({ type: 'journeys', 'token-url': '/token/resize', 'base-url': baseUrl, 'workspace-id': 'ws-bench' });
        globalThis.document.body.append(el);
      },
      { baseUrl: server.embedOrigin },
    );
    const handshake = await waitMounted(page, 1);
    await sleep(300); // let the frame's initial resize settle
    const frame = page.frames().find((f) => f.url().startsWith(`${server.embedOrigin}/dashboard-l/embedded/`));
    if (!frame) throw new Error('the embedded frame was not found');
    await page.evaluate(() => {
      const bench = globalThis.__bench;
      bench.recording = { messages: [], applied: [], events: [], frames: [] };
      bench.startFrames();
    });
    const blast = await frame.evaluate((b) => globalThis.__benchBlast(b.count, b.windowMs, b.base), BURST);
    await sleep(300);
    const rec = await page.evaluate(() => {
      const r = globalThis.__bench.recording;
      globalThis.__bench.recording = null;
      return r;
    });

    const styleHeights = rec.applied.filter((a) => a.h !== null);
    const writes = rec.applied.length > 0 ? rec.applied : rec.events;
    const series = styleHeights.length > 0 ? styleHeights : rec.events.filter((e) => Number.isFinite(e.h));
    const firstMessage = rec.messages[0]?.t ?? Number.NaN;
    const lastWrite = writes.length ? writes[writes.length - 1].t : Number.NaN;
    // Frames from the one in progress when the first message arrived to the one of the last write.
    const frameStart = rec.frames.filter((t) => t <= firstMessage).pop() ?? firstMessage;
    const frames = rec.frames.filter((t) => t >= frameStart && t <= lastWrite).length;
    const latencies = rec.messages.map((m) => {
      const hit = series.find((a) => a.t >= m.t && a.h >= m.h);
      return hit ? hit.t - m.t : Number.POSITIVE_INFINITY;
    });
    // The floor for any writer that waits for animation frames: from a message's arrival to the
    // next frame callbacks the host actually ran.
    const floors = rec.messages.map((m) => {
      const next = rec.frameRuns.find((t) => t >= m.t);
      return next === undefined ? Number.POSITIVE_INFINITY : next - m.t;
    });
    const beyondFloor = latencies.map((l, i) => Math.max(0, l - floors[i]));
    const unapplied = latencies.filter((l) => !Number.isFinite(l)).length;
    return {
      handshake,
      sent: blast.sent,
      sendWindowMs: blast.elapsedMs,
      received: rec.messages.length,
      writes: writes.length,
      writeSource: rec.applied.length > 0 ? 'style attribute' : 'dittofeed-resize events',
      resizeEvents: rec.events.length,
      frames,
      windowMs: lastWrite - frameStart,
      finalHeight: series.length ? series[series.length - 1].h : null,
      expectedFinalHeight: BURST.base + BURST.count - 1,
      unapplied,
      latencyMedian: median(latencies),
      latencyP95: unapplied > latencies.length * 0.05 ? Number.POSITIVE_INFINITY : percentile(latencies, 95),
      floorMedian: median(floors),
      floorP95: percentile(floors, 95),
      beyondFloorP95: unapplied > latencies.length * 0.05 ? Number.POSITIVE_INFINITY : percentile(beyondFloor, 95),
      beyondFloorMax: Math.max(...beyondFloor),
      pageErrors: host.pageErrors,
      ...(process.env.BENCH_TIMELINE ? { timeline: rec } : {}),
    };
  } finally {
    await host.close();
  }
}
