// Row 3: per element, (a) append (connectedCallback) -> token request start and (b) token
// response resolved -> iframe src set. 200 elements, each with its own token-url so every one
// makes its own request. They are mounted one after another (the next once the previous frame
// has loaded and shaken hands and the main thread is idle; at most two on the page), so each
// figure is the element's own path, not the queueing of 200 concurrent mounts or of a renderer
// process starting for the previous frame on a 2-core machine (row 5 covers many at once).
// Timestamps come from the page instrumentation: the fetch wrapper (request start, response
// resolved), the iframe src setter/setAttribute (src set) and a MutationObserver per shadow root
// (iframe inserted: reported apart, it is mostly Chromium creating the cross-origin frame).
import { openHost } from '../lib/browser.mjs';
import { percentile, median } from '../lib/stats.mjs';

export async function frameTiming(browser, server, { count, run }) {
  const host = await openHost(browser, server);
  try {
    const samples = await host.page.evaluate(
      async ({ count, prefix, baseUrl }) => {
        const bench = globalThis.__bench;
        const { document, performance } = globalThis;
        const mounted = [];
        for (let i = 0; i < count; i += 1) {
          const path = `${prefix}-${i}`;
          const el = bench.create({ type: 'journeys', 'token-url': path, 'base-url': baseUrl, 'workspace-id': 'ws-bench' });
          const appendAt = performance.now();
          document.body.append(el);
          mounted.push({ el, path, appendAt });
          await bench.whenSrcCount(i + 1, 10_000);
          // Keep the page light: the previous element goes once the next one is measured.
          if (i > 0) mounted[i - 1].el.remove();
          // Let Chromium finish this frame's load and handshake (a renderer process starting on
          // a 2-core machine) before the next mount is timed: that work is not the element's.
          await bench.whenReady(el, 2000);
          await bench.idle();
        }
        const byPath = new Map(bench.fetches.map((f) => [f.path, f]));
        return mounted.map(({ el, path, appendAt }) => {
          const f = byPath.get(path);
          const { srcAt, insertedAt } = bench.state(el);
          return {
            connectToRequest: f ? f.start - appendAt : null,
            responseToSrc: f && f.resolved !== null ? srcAt - f.resolved : null,
            srcToInserted: insertedAt - srcAt,
          };
        });
      },
      { count, prefix: `/token/ttf-${run}`, baseUrl: server.embedOrigin },
    );
    const connect = samples.map((s) => s.connectToRequest).filter((v) => v !== null);
    const frame = samples.map((s) => s.responseToSrc).filter((v) => v !== null);
    if (connect.length < count || frame.length < count) {
      throw new Error(`only ${connect.length}/${count} token requests and ${frame.length}/${count} responses were seen`);
    }
    return {
      connectMedian: median(connect),
      connectP95: percentile(connect, 95),
      frameMedian: median(frame),
      frameP95: percentile(frame, 95),
      insertMedian: median(samples.map((s) => s.srcToInserted)),
      insertP95: percentile(samples.map((s) => s.srcToInserted), 95),
      pageErrors: host.pageErrors,
    };
  } finally {
    await host.close();
  }
}
