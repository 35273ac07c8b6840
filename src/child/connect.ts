/**
 * The embedded-page side of the postMessage protocol, version 1: what `dittofeed-embed/child`
 * (src/child.ts) exports, plus the seams the injected script (src/child-script.ts) needs: where
 * messages may go and how the content's height is measured.
 *
 * Importing this module has no side effects (safe in Node / SSR).
 */

import type { Capability, ChildToHostMessage, HostToChildMessage } from '../protocol.js';

export interface ConnectToHostOptions {
  /**
   * Origins whose `token` messages are accepted. Default: the origin of `document.referrer`, or,
   * when that is empty or the page's own origin (the frame navigated within Dittofeed), the
   * embedding origin from `location.ancestorOrigins` where the browser has it.
   */
  allowedOrigins?: string[];
  /** Receives each new token from the host. Giving it announces capability `token`. */
  onToken?: (token: string) => void;
  /** Report content height changes (capability `resize`). Default `true`. */
  resize?: boolean;
  /** Report history changes (capability `navigate`). Default `true`. */
  navigate?: boolean;
  /** The element whose height is reported. Default `document.body`. */
  content?: Element;
  /** The host window. Default `window.parent`. */
  target?: Window;
}

/** The Navigation API, where the browser has it (not yet in TypeScript's DOM lib). */
interface NavigationLike {
  addEventListener(type: 'currententrychange', listener: () => void): void;
  removeEventListener(type: 'currententrychange', listener: () => void): void;
}

type HistoryMethod = 'pushState' | 'replaceState';

const noop = (): void => {};

export type Cleanup = () => void;

/** Where messages to the host may go: `['*']` (nothing secret travels upwards) or exact origins. */
export type PostOrigins = readonly string[];

type Send = (message: ChildToHostMessage) => void;

/** Posts once per origin: a host page at any other origin receives nothing. */
function post(target: Window, message: ChildToHostMessage, origins: PostOrigins = ['*']): void {
  for (const origin of origins) {
    try {
      target.postMessage(message, origin);
    } catch {
      // A closed or detached host: nothing to tell.
    }
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

function defaultAllowedOrigins(): string[] {
  const referrerOrigin = originOf(document.referrer);
  if (referrerOrigin && referrerOrigin !== location.origin) return [referrerOrigin];
  // After a navigation inside the frame the referrer is the previous Dittofeed page. Without
  // ancestorOrigins (Firefox) the host is unknown: no origin, so no `token` capability either.
  const ancestor = location.ancestorOrigins?.[0];
  // An opaque ('null') origin cannot be told apart from any other sandboxed page.
  return ancestor && ancestor !== 'null' ? [ancestor] : [];
}

export function fail(problem: string): never {
  throw new TypeError('[dittofeed-embed/child] ' + problem);
}

/** Origins as `event.origin` spells them; a TypeError for anything that is not one. */
export function normalizeOrigins(origins: unknown): string[] {
  if (!Array.isArray(origins)) fail('allowedOrigins must be an array');
  return origins.map((value: unknown) => {
    const origin = typeof value == 'string' ? originOf(value) : '';
    // '*', 'null' and file: or data: URLs would let any page hand us a token.
    if (!/^https?:\/\//.test(origin)) fail(`allowedOrigins: ${String(value)} is not an http(s) origin`);
    return origin;
  });
}

/** The current location as the host may see it: the `token` query parameter removed. */
function currentPath(): string {
  const url = new URL(location.href);
  url.searchParams.delete('token');
  return url.href.slice(url.origin.length); // pathname + search + hash
}

/**
 * Tells the host page that this (embedded) page lost its session: the host element fetches a new
 * token and delivers it. A no-op outside a frame.
 */
export function reportAuthError(target?: Window): void {
  if (typeof window == 'undefined') return;
  const host = target ?? window.parent;
  if (host && host !== window) post(host, { dittofeed: 1, type: 'auth-error' });
}

/** Adds a window listener; returns its removal. */
function listen<K extends keyof WindowEventMap>(type: K, listener: (event: WindowEventMap[K]) => void): Cleanup {
  addEventListener(type, listener);
  return () => removeEventListener(type, listener);
}

/** How tall the page's content is, and when that may have changed. */
export interface HeightSource {
  /** The content's height in CSS px. */
  measure(): number;
  /** Calls `changed` whenever the height may have changed; returns the cleanup. */
  watch(changed: () => void): Cleanup;
}

/** The bottom of `content` in document coordinates, including overflow and its margin. */
export function contentBottom(content: Element): number {
  const box = content.getBoundingClientRect();
  return (
    box.top +
    scrollY +
    Math.max(box.height, content.scrollHeight) +
    (parseFloat(getComputedStyle(content).marginBottom) || 0)
  );
}

/** The default: one element's box, watched with a ResizeObserver. */
export const elementHeight = (content: Element): HeightSource => ({
  measure: () => contentBottom(content),
  watch(changed) {
    const observer = new ResizeObserver(changed);
    observer.observe(content);
    return () => observer.disconnect();
  },
});

/** Capability `resize`: reports the content's height whenever it changes by itself. */
function observeHeight(send: Send, source: HeightSource): Cleanup {
  let sentHeight = -1;
  let seenHeight = -1;
  let seenViewport = innerHeight;
  const measure = (): void => {
    const viewport = innerHeight;
    // Within the protocol's range: the host ignores heights above 100000.
    const height = Math.min(1e5, Math.ceil(source.measure()));
    const contentChange = height - seenHeight;
    const viewportChange = viewport - seenViewport;
    seenHeight = height;
    seenViewport = viewport;
    // A change that follows a change of our own viewport in the same direction and by no more
    // is the layout tracking the viewport (100vh, min-height: 100vh, height: 100% + margins):
    // the host applying our height caused it, and reporting it would feed back without end.
    // It is not reported now nor later; only a change of the content itself is.
    const tracksViewport =
      sentHeight >= 0 &&
      contentChange * viewportChange > 0 &&
      Math.abs(contentChange) <= Math.abs(viewportChange) + 1;
    if (contentChange && !tracksViewport && height !== sentHeight) {
      sentHeight = height;
      send({ dittofeed: 1, type: 'resize', height });
    }
  };
  const stopWatching = source.watch(measure);
  // Viewport changes that leave the content alone must still move the baseline above.
  const stopListening = listen('resize', measure);
  return () => {
    stopWatching();
    stopListening();
  };
}

/** Capability `token`: hands each `token` message from the host, at an allowed origin, to `onToken`. */
function acceptTokens(target: Window, origins: readonly string[], onToken: (token: string) => void): Cleanup {
  return listen('message', (event) => {
    const data: unknown = event.data;
    if (event.source !== target || !origins.includes(event.origin) || typeof data != 'object' || !data) return;
    const message = data as Partial<HostToChildMessage>;
    if (message.dittofeed !== 1 || message.type !== 'token' || typeof message.token != 'string' || !message.token) {
      return;
    }
    try {
      onToken(message.token);
    } catch (error) {
      console.error('[dittofeed-embed/child] onToken threw', error);
    }
  });
}

/** Capability `navigate`: reports every history change of this page, token removed. */
function reportNavigation(send: Send): Cleanup {
  let active = true;
  let sentPath = currentPath();
  const report = (): void => {
    const path = currentPath();
    if (active && path !== sentPath) {
      sentPath = path;
      send({ dittofeed: 1, type: 'navigate', path });
    }
  };
  const cleanups: Cleanup[] = [() => (active = false)];
  const navigation = (window as Window & { navigation?: NavigationLike }).navigation;
  if (navigation) {
    navigation.addEventListener('currententrychange', report);
    cleanups.push(() => navigation.removeEventListener('currententrychange', report));
  } else {
    for (const method of ['pushState', 'replaceState'] as HistoryMethod[]) {
      const original = history[method];
      const wrapper = function (this: History, ...args: Parameters<History[HistoryMethod]>) {
        original.apply(this, args);
        report();
      };
      history[method] = wrapper;
      // Someone who wrapped after us keeps their wrapper; ours is inert once disconnected.
      cleanups.push(() => {
        if (history[method] === wrapper) history[method] = original;
      });
    }
    cleanups.push(listen('popstate', report), listen('hashchange', report));
  }
  return () => cleanups.forEach((cleanup) => cleanup());
}

/** One connection, options already checked: what `connectTo` needs. */
export interface Connection {
  /** Measures the content; none: no `resize` capability. */
  heightSource?: HeightSource;
  /** Receives tokens from `tokenOrigins`; none (or no origin): no `token` capability. */
  onToken?: (token: string) => void;
  tokenOrigins: readonly string[];
  navigate: boolean;
  /** Where messages go. Default `['*']`. */
  postOrigins?: PostOrigins;
}

/** Connects to `target` (the host window); returns the disconnect function. */
export function connectTo(target: Window, { heightSource, onToken, tokenOrigins, navigate, postOrigins }: Connection): Cleanup {
  const send: Send = (message) => post(target, message, postOrigins);
  const cleanups: Cleanup[] = [];
  const capabilities: Capability[] = [];
  if (heightSource) {
    capabilities.push('resize');
    cleanups.push(observeHeight(send, heightSource));
  }
  // Announcing `token` with nobody to accept it from would make the host stop reloading.
  if (onToken && tokenOrigins.length) {
    capabilities.push('token');
    cleanups.push(acceptTokens(target, tokenOrigins, onToken));
  }
  if (navigate) {
    capabilities.push('navigate');
    cleanups.push(reportNavigation(send));
  }

  send({ dittofeed: 1, type: 'ready', capabilities });
  // A new document reached by navigating inside the frame: the host only knows the old path.
  if (navigate && originOf(document.referrer) === location.origin) {
    send({ dittofeed: 1, type: 'navigate', path: currentPath() });
  }

  // splice: a second call finds nothing left to undo.
  return () => cleanups.splice(0).forEach((cleanup) => cleanup());
}

/**
 * Connects this embedded page to the `<dittofeed-embed>` element hosting it. Returns a function
 * that undoes everything (observer, listeners, history wrappers); calling it again is harmless.
 * Outside a frame (or in Node) it does nothing and returns a no-op.
 */
export function connectToHost(options?: ConnectToHostOptions | null): Cleanup {
  if (options != null && typeof options != 'object') fail('options must be an object');
  const { allowedOrigins, onToken, content, target: givenTarget } = options ?? {};
  // Checked before the frame test below so that mistakes show when the page is opened on its own.
  if (onToken != null && typeof onToken != 'function') fail('onToken must be a function');
  if (content != null && typeof content.getBoundingClientRect != 'function') fail('content must be an Element');
  if (givenTarget != null && typeof givenTarget.postMessage != 'function') fail('target must be a Window');
  const allowed = allowedOrigins == null ? null : normalizeOrigins(allowedOrigins);

  if (typeof window == 'undefined') return noop;
  const target = givenTarget ?? window.parent;
  if (!target || target === window) return noop;
  return connectTo(target, {
    // Before the body is parsed (a classic script in <head>) the root element stands in.
    // ResizeObserver is in every supported browser (README, "Browser support").
    heightSource:
      options?.resize !== false
        ? elementHeight(content ?? document.body ?? document.documentElement)
        : undefined,
    onToken,
    tokenOrigins: onToken ? (allowed ?? defaultAllowedOrigins()) : [],
    navigate: options?.navigate !== false,
  });
}
