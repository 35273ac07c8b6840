// Injected with page.addInitScript into the HOST page before the bundle loads.
// Records what the benchmarks measure, with as little work per call as possible:
//   - fetch: request start and response resolution per token request
//   - timers (setTimeout/setInterval/requestAnimationFrame) and window/document listeners
//     still pending, attributed to the bundle by the stack at registration time
//   - per <dittofeed-embed>: when its iframe first got a src, its style writes, its events
// Browser globals are read from globalThis so the file lints the same in any eslint env.
(() => {
  const g = globalThis;
  if (g.top !== g) return; // embedded frames are measured from the host side only
  const { performance, document, Element, EventTarget, MutationObserver, URL, Map, WeakMap, Error } = g;
  const BUNDLE = 'dittofeed-embed.min.js';
  const now = () => performance.now();

  const bench = {
    fetches: [],
    recordFetches: true, // the churn scenario turns it off so its heap reading is the element's
    hosts: new WeakMap(),
    srcCount: 0,
    onSrc: null,
    seq: 0,
    timers: new Map(), // key -> { kind, delay, seq, origin: Error at registration }
    listeners: new Map(), // record -> true (window/document listeners)
    recording: null, // set by the resize scenario: { messages: [], applied: [], frames: [] }
  };
  g.__bench = bench;

  // The stack is captured at registration (cheap: V8 formats it only when read) and read only
  // for what is still pending when a scenario asks, to attribute it to the bundle.
  const describe = (origin) => {
    const stack = origin.stack || '';
    const line = stack.split('\n').find((l) => l.includes(BUNDLE));
    if (!line) return { fromBundle: false, where: '' };
    return { fromBundle: true, where: line.trim().replace(/^at /, '').replace(/\(?https?:\/\/[^/]+\//, '(').slice(0, 120) };
  };

  // --- fetch -------------------------------------------------------------------------------
  const realFetch = g.fetch;
  g.fetch = function benchFetch(input, init) {
    const start = now();
    const raw = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    const url = new URL(raw, g.location.href);
    const promise = realFetch.call(this, input, init);
    if (bench.recordFetches && url.pathname.startsWith('/token/')) {
      const rec = { path: url.pathname, start, resolved: null, failed: null };
      bench.fetches.push(rec);
      // Registered before the caller's own handlers, so this runs first when it resolves.
      promise.then(
        () => (rec.resolved = now()),
        () => (rec.failed = now()),
      );
    }
    return promise;
  };

  // --- timers --------------------------------------------------------------------------------
  const track = (key, kind, delay) => {
    bench.seq += 1;
    bench.timers.set(key, { kind, delay, seq: bench.seq, origin: new Error() });
  };
  const realSetTimeout = g.setTimeout;
  const realClearTimeout = g.clearTimeout;
  const realSetInterval = g.setInterval;
  const realClearInterval = g.clearInterval;
  const realRaf = g.requestAnimationFrame;
  const realCancelRaf = g.cancelAnimationFrame;

  g.setTimeout = function benchSetTimeout(handler, delay, ...args) {
    if (typeof handler !== 'function') return realSetTimeout.call(g, handler, delay, ...args);
    let key;
    const id = realSetTimeout.call(
      g,
      function benchTimeoutFired(...a) {
        bench.timers.delete(key);
        return handler.apply(this, a);
      },
      delay,
      ...args,
    );
    key = `t${id}`;
    track(key, 'timeout', Number(delay) || 0);
    return id;
  };
  g.setInterval = function benchSetInterval(handler, delay, ...args) {
    const id = realSetInterval.call(g, handler, delay, ...args);
    track(`t${id}`, 'interval', Number(delay) || 0);
    return id;
  };
  // Timeouts and intervals share one id list (HTML spec), so either clear works on both.
  g.clearTimeout = function benchClearTimeout(id) {
    bench.timers.delete(`t${id}`);
    return realClearTimeout.call(g, id);
  };
  g.clearInterval = function benchClearInterval(id) {
    bench.timers.delete(`t${id}`);
    return realClearInterval.call(g, id);
  };
  g.requestAnimationFrame = function benchRaf(callback) {
    let key;
    const id = realRaf.call(g, function benchRafFired(t) {
      bench.timers.delete(key);
      return callback.call(this, t);
    });
    key = `r${id}`;
    track(key, 'raf', 0);
    return id;
  };
  g.cancelAnimationFrame = function benchCancelRaf(id) {
    bench.timers.delete(`r${id}`);
    return realCancelRaf.call(g, id);
  };

  // --- window/document listeners ---------------------------------------------------------------
  const proto = EventTarget.prototype;
  const realAdd = proto.addEventListener;
  const realRemove = proto.removeEventListener;
  const isWatched = (target) => target === g || target === document;
  const captureOf = (options) => (typeof options === 'boolean' ? options : Boolean(options && options.capture));
  const findListener = (target, type, listener, capture) => {
    for (const rec of bench.listeners.keys()) {
      if (rec.target === target && rec.type === type && rec.listener === listener && rec.capture === capture) return rec;
    }
    return null;
  };
  proto.addEventListener = function benchAdd(type, listener, options) {
    realAdd.call(this, type, listener, options);
    if (!listener || !isWatched(this)) return;
    const capture = captureOf(options);
    if (findListener(this, type, listener, capture)) return; // a duplicate add is a no-op in the DOM too
    bench.seq += 1;
    const rec = { target: this, type, listener, capture, seq: bench.seq, origin: new Error() };
    bench.listeners.set(rec, true);
    const drop = () => bench.listeners.delete(rec);
    const signal = options && typeof options === 'object' ? options.signal : undefined;
    if (signal) {
      if (signal.aborted) drop();
      else realAdd.call(signal, 'abort', drop, { once: true });
    }
    if (options && typeof options === 'object' && options.once) realAdd.call(this, type, drop, { once: true, capture });
  };
  proto.removeEventListener = function benchRemove(type, listener, options) {
    realRemove.call(this, type, listener, options);
    if (!listener || !isWatched(this)) return;
    const rec = findListener(this, type, listener, captureOf(options));
    if (rec) bench.listeners.delete(rec);
  };

  // --- per element: iframe src, style writes, events ---------------------------------------------
  const hostState = (host) => {
    let s = bench.hosts.get(host);
    if (!s) {
      s = { srcAt: null, insertedAt: null, styleWrites: 0, sessions: 0, ready: 0, resizes: 0, errors: 0, lastError: null };
      bench.hosts.set(host, s);
    }
    return s;
  };
  bench.state = hostState;

  const styleWrite = (target, oldValue) => {
    const value = target.getAttribute('style');
    if (value === oldValue) return null;
    return value;
  };

  // When an iframe's src is assigned (often before the iframe is inserted, which starts the
  // navigation and can cost milliseconds of frame creation on its own): both are recorded.
  const srcSetAt = new WeakMap();
  const realSetAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function benchSetAttribute(name, value) {
    if (this.localName === 'iframe' && String(name).toLowerCase() === 'src' && !srcSetAt.has(this)) srcSetAt.set(this, now());
    return realSetAttribute.call(this, name, value);
  };
  const srcProp = Object.getOwnPropertyDescriptor(g.HTMLIFrameElement.prototype, 'src');
  Object.defineProperty(g.HTMLIFrameElement.prototype, 'src', {
    ...srcProp,
    set(value) {
      if (!srcSetAt.has(this)) srcSetAt.set(this, now());
      srcProp.set.call(this, value);
    },
  });

  const observe = (host, root) => {
    const s = hostState(host);
    const onMutations = (records) => {
      const t = now();
      for (const r of records) {
        if (r.type === 'attributes' && r.attributeName === 'style') {
          if (styleWrite(r.target, r.oldValue) === null) continue;
          s.styleWrites += 1;
          if (bench.recording) {
            const h = Number.parseFloat(r.target.style.height);
            bench.recording.applied.push({ t, h: Number.isFinite(h) ? h : null, via: 'style' });
          }
        }
      }
      if (s.srcAt === null) {
        const frame = root.querySelector('iframe');
        const src = frame && frame.getAttribute('src');
        if (src && src !== 'about:blank') {
          s.insertedAt = t;
          s.srcAt = srcSetAt.get(frame) ?? t;
          bench.srcCount += 1;
          if (bench.onSrc) bench.onSrc(bench.srcCount);
        }
      }
    };
    new MutationObserver(onMutations).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['src', 'style'],
      attributeOldValue: true,
    });
    // The height may also be written to the host itself.
    new MutationObserver(onMutations).observe(host, {
      attributes: true,
      attributeFilter: ['style'],
      attributeOldValue: true,
    });
  };
  const realAttachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function benchAttachShadow(init) {
    const root = realAttachShadow.call(this, init);
    if (this.localName === 'dittofeed-embed') observe(this, root);
    return root;
  };

  const onEvent = (field) => (event) => {
    const s = hostState(event.target);
    s[field] += 1;
    if (field === 'errors') s.lastError = event.detail && event.detail.code;
    if (field === 'resizes' && bench.recording) {
      bench.recording.events.push({ t: now(), h: event.detail && event.detail.height });
    }
  };
  realAdd.call(document, 'dittofeed-session', onEvent('sessions'), true);
  realAdd.call(document, 'dittofeed-ready', onEvent('ready'), true);
  realAdd.call(document, 'dittofeed-resize', onEvent('resizes'), true);
  realAdd.call(document, 'dittofeed-error', onEvent('errors'), true);
  // Message arrival in the host (before the element's own listener, registered later).
  realAdd.call(g, 'message', (event) => {
    const d = event.data;
    if (bench.recording && d && d.dittofeed === 1 && d.type === 'resize') {
      bench.recording.messages.push({ t: now(), h: d.height });
    }
  });

  // --- helpers the scenarios call ---------------------------------------------------------------
  const macrotask = () =>
    new Promise((resolve) => {
      const channel = new g.MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(0);
    });
  bench.macrotask = macrotask;
  // Resolves when `el` has had a dittofeed-ready (or after timeoutMs).
  bench.whenReady = (el, timeoutMs) =>
    new Promise((resolve) => {
      if (hostState(el).ready > 0) return resolve();
      const done = () => {
        realClearTimeout.call(g, timer);
        el.removeEventListener('dittofeed-ready', done);
        resolve();
      };
      const timer = realSetTimeout.call(g, done, timeoutMs);
      el.addEventListener('dittofeed-ready', done);
    });
  // Resolves when the main thread next has idle time (or after 200 ms).
  bench.idle = () => new Promise((resolve) => g.requestIdleCallback(() => resolve(), { timeout: 200 }));

  bench.create = (attrs) => {
    const el = document.createElement('dittofeed-embed');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  };

  // Resolves when `count` elements have had their iframe src set (or rejects after timeoutMs).
  bench.whenSrcCount = (count, timeoutMs) =>
    new Promise((resolve, reject) => {
      if (bench.srcCount >= count) return resolve(bench.srcCount);
      const timer = realSetTimeout.call(g, () => {
        bench.onSrc = null;
        reject(new Error(`only ${bench.srcCount} of ${count} iframes got a src within ${timeoutMs} ms`));
      }, timeoutMs);
      bench.onSrc = (n) => {
        if (n < count) return;
        bench.onSrc = null;
        realClearTimeout.call(g, timer);
        resolve(n);
      };
    });

  // Animation frames seen by the host while the resize scenario records: the frame's timestamp
  // and when its callbacks actually ran (later than the timestamp when the main thread is busy).
  bench.startFrames = () => {
    const rec = bench.recording;
    rec.frameRuns = [];
    const loop = (t) => {
      if (bench.recording !== rec) return;
      rec.frames.push(t);
      rec.frameRuns.push(now());
      realRaf.call(g, loop);
    };
    realRaf.call(g, loop);
  };

  // How many mounted elements have a src / a session / a handshake, and error codes seen.
  bench.status = () => {
    const els = [...document.querySelectorAll('dittofeed-embed')];
    const out = { total: els.length, src: 0, sessions: 0, minSessions: Infinity, ready: 0, errors: [], states: {} };
    for (const el of els) {
      const s = hostState(el);
      if (s.srcAt !== null) out.src += 1;
      if (s.sessions > 0) out.sessions += 1;
      out.minSessions = Math.min(out.minSessions, s.sessions);
      if (s.ready > 0) out.ready += 1;
      if (s.lastError && !out.errors.includes(s.lastError)) out.errors.push(s.lastError);
      const state = el.getAttribute('state') ?? 'none';
      out.states[state] = (out.states[state] ?? 0) + 1;
    }
    return out;
  };

  bench.pending = (sinceSeq) => {
    const timers = [];
    for (const t of bench.timers.values()) {
      if (t.seq <= sinceSeq) continue;
      const { fromBundle, where } = describe(t.origin);
      if (fromBundle) timers.push({ kind: t.kind, delay: t.delay, where });
    }
    const listeners = [];
    for (const l of bench.listeners.keys()) {
      if (l.seq <= sinceSeq) continue;
      const { fromBundle, where } = describe(l.origin);
      if (fromBundle) listeners.push({ type: l.type, on: l.target === g ? 'window' : 'document', where });
    }
    return { timers, listeners };
  };
})();
