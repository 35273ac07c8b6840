// Waiting on the elements a scenario mounted (state is read from the page's instrumentation).
import { sleep, waitFor } from '../lib/browser.mjs';

export const statusOf = (page) => page.evaluate(() => globalThis.__bench.status());

// Waits until `count` elements show their iframe; then (best effort) until their frames
// completed the protocol handshake, so that refreshed tokens go by message. Returns whether
// every handshake completed.
export async function waitMounted(page, count, { handshake = true, timeout = 30_000 } = {}) {
  await waitFor(
    page,
    (n) => {
      const s = globalThis.__bench.status();
      return { ...s, done: s.src >= n };
    },
    count,
    { timeout, what: `${count} iframes with a src` },
  );
  if (!handshake) return true;
  try {
    await waitFor(
      page,
      (n) => {
        const s = globalThis.__bench.status();
        return { ...s, done: s.ready >= n };
      },
      count,
      { timeout: 10_000, what: `${count} dittofeed-ready handshakes` },
    );
    return true;
  } catch {
    return false;
  }
}

/** Waits (up to timeoutMs) until the server has counted more than `above` token requests on `path`. */
export async function waitForCount(server, path, above, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (server.tokenCount(path) <= above && Date.now() < deadline) await sleep(20);
}
