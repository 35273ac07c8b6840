// The bench's embedded page (served from the OTHER origin under /dashboard-l/embedded/*).
// It speaks protocol v1 like dittofeed-embed/child would, and exposes `__benchBlast` so the
// bench can fire a burst of resize messages from the real frame on command.
(() => {
  const g = globalThis;
  const { performance } = g;
  const post = (message) => g.parent.postMessage({ dittofeed: 1, ...message }, '*');

  g.__benchTokens = 0;
  g.addEventListener('message', (event) => {
    const d = event.data;
    if (event.source === g.parent && d && d.dittofeed === 1 && d.type === 'token') g.__benchTokens += 1;
  });

  const announce = () => {
    post({ type: 'ready', version: 1, capabilities: ['resize', 'token', 'navigate'] });
    post({ type: 'resize', height: 640 });
  };
  if (g.document.readyState === 'complete') announce();
  else g.addEventListener('load', announce, { once: true });

  // Sends `count` resize messages spread evenly over `windowMs`, heights base, base+1, ...
  // (every change is >= 1 px, so none may be dropped as too small, only coalesced per frame).
  g.__benchBlast = (count, windowMs, base) =>
    new Promise((resolve) => {
      const start = performance.now();
      let sent = 0;
      const tick = () => {
        const due = Math.min(count, Math.ceil(((performance.now() - start) / windowMs) * count) || 1);
        while (sent < due) {
          post({ type: 'resize', height: base + sent });
          sent += 1;
        }
        if (sent < count) g.setTimeout(tick, 0);
        else resolve({ sent, elapsedMs: performance.now() - start });
      };
      tick();
    });
})();
