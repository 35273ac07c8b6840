// Injected (page.addInitScript) into the app's top-level page before any of its scripts: counts
// pending timers and the listeners on window and document, so a test can tell whether unmounting
// <dittofeed-embed> left any behind. Read it with `window.__dittofeedLeaks()`.
export function instrumentTimersAndListeners() {
  if (window.top !== window) return;
  const timers = new Map();
  const nativeSetTimeout = window.setTimeout;
  const nativeClearTimeout = window.clearTimeout;
  const nativeSetInterval = window.setInterval;
  const nativeClearInterval = window.clearInterval;

  window.setTimeout = function setTimeout(callback, delay, ...args) {
    let id;
    const run =
      typeof callback === 'function'
        ? function (...a) {
            timers.delete(id);
            return callback.apply(this, a);
          }
        : callback;
    id = nativeSetTimeout.call(window, run, delay, ...args);
    timers.set(id, { kind: 'timeout', delay: Number(delay) || 0 });
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    timers.delete(id);
    return nativeClearTimeout.call(window, id);
  };
  window.setInterval = function setInterval(callback, delay, ...args) {
    const id = nativeSetInterval.call(window, callback, delay, ...args);
    timers.set(id, { kind: 'interval', delay: Number(delay) || 0 });
    return id;
  };
  window.clearInterval = function clearInterval(id) {
    timers.delete(id);
    return nativeClearInterval.call(window, id);
  };

  // target → "type|capture" → Set of listeners
  const listeners = new Map([
    [window, new Map()],
    [document, new Map()],
  ]);
  const proto = EventTarget.prototype;
  const nativeAdd = proto.addEventListener;
  const nativeRemove = proto.removeEventListener;
  const captureOf = (options) => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  const forget = (target, type, listener, options) => {
    listeners.get(target)?.get(`${type}|${captureOf(options)}`)?.delete(listener);
  };

  const fromPlaywright = () => /InjectedScript|__playwright/.test(new Error().stack ?? '');

  proto.addEventListener = function addEventListener(type, listener, options) {
    const byType = listeners.get(this);
    // `once` listeners remove themselves; Playwright's own injected script is not the app's.
    if (byType && listener && !(typeof options === 'object' && options?.once) && !fromPlaywright()) {
      const key = `${type}|${captureOf(options)}`;
      if (!byType.has(key)) byType.set(key, new Set());
      byType.get(key).add(listener);
      const signal = typeof options === 'object' ? options?.signal : undefined;
      if (signal) nativeAdd.call(signal, 'abort', () => forget(this, type, listener, options), { once: true });
    }
    return nativeAdd.call(this, type, listener, options);
  };
  proto.removeEventListener = function removeEventListener(type, listener, options) {
    forget(this, type, listener, options);
    return nativeRemove.call(this, type, listener, options);
  };

  const snapshot = () => {
    const count = (target) => {
      const out = {};
      for (const [key, set] of listeners.get(target)) if (set.size) out[key] = set.size;
      return out;
    };
    return { timers: [...timers.values()], window: count(window), document: count(document) };
  };
  window.__dittofeedLeaks = snapshot;

  // The state of things just before <dittofeed-embed> is defined, i.e. before any instance exists.
  const nativeDefine = CustomElementRegistry.prototype.define;
  CustomElementRegistry.prototype.define = function define(name, ...rest) {
    if (name === 'dittofeed-embed') window.__dittofeedBeforeDefine = snapshot();
    return nativeDefine.call(this, name, ...rest);
  };
}
