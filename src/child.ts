/**
 * `dittofeed-embed/child`: the embedded-page side of the postMessage protocol, version 1.
 *
 * Runs inside the Dittofeed page that `<dittofeed-embed>` shows in its iframe. It tells the host
 * element what it can do (`ready`), how tall its content is (`resize`), where it moved to
 * (`navigate`), and receives fresh session tokens (`token`) from the host. Standalone on purpose:
 * no Lit and no other imports, so that it stays tiny and can be dropped into any page.
 *
 * Importing this module has no side effects (safe in Node / SSR).
 */

import type { Capability, ChildToHostMessage, HostToChildMessage } from './protocol.js';

export type {
  AuthErrorMessage,
  ChildToHostMessage,
  HostToChildMessage,
  NavigateMessage,
  ReadyMessage,
  ResizeMessage,
  TokenMessage,
} from './protocol.js';

/** What the embedded page can do; announced in the `ready` handshake. */
export type ChildCapability = Capability;

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

function post(target: Window, message: ChildToHostMessage): void {
  try {
    // Nothing secret travels upwards, so any origin may read it.
    target.postMessage(message, '*');
  } catch {
    // A closed or detached host: nothing to tell.
  }
}

function originOf(url: string): string {
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

function fail(problem: string): never {
  throw new TypeError('[dittofeed-embed/child] ' + problem);
}

/** Origins as `event.origin` spells them; a TypeError for anything that is not one. */
function normalizeOrigins(origins: unknown): string[] {
  if (!Array.isArray(origins)) fail('allowedOrigins must be an array of origins');
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
  return url.pathname + url.search + url.hash;
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

type Cleanup = () => void;

/** Adds a window listener; returns its removal. */
function listen<K extends keyof WindowEventMap>(type: K, listener: (event: WindowEventMap[K]) => void): Cleanup {
  addEventListener(type, listener);
  return () => removeEventListener(type, listener);
}

/** Capability `resize`: reports the content's height whenever it changes by itself. */
function observeHeight(target: Window, content: Element): Cleanup {
  let sentHeight = -1;
  let seenHeight = -1;
  let seenViewport = innerHeight;
  const measure = (): void => {
    const viewport = innerHeight;
    const box = content.getBoundingClientRect();
    // The bottom of the content in document coordinates, including overflow and its margin,
    // within the protocol's range (the host ignores heights above 100000).
    const height = Math.min(
      1e5,
      Math.ceil(
        box.top +
          scrollY +
          Math.max(box.height, content.scrollHeight) +
          (parseFloat(getComputedStyle(content).marginBottom) || 0),
      ),
    );
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
      post(target, { dittofeed: 1, type: 'resize', height });
    }
  };
  const observer = new ResizeObserver(measure);
  observer.observe(content);
  // Viewport changes that leave the content alone must still move the baseline above.
  const stopListening = listen('resize', measure);
  return () => {
    observer.disconnect();
    stopListening();
  };
}

/** Capability `token`: hands each `token` message from the host, at an allowed origin, to `onToken`. */
function acceptTokens(target: Window, origins: string[], onToken: (token: string) => void): Cleanup {
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
      console.error('[dittofeed-embed/child] onToken threw:', error);
    }
  });
}

/** Capability `navigate`: reports every history change of this page, token removed. */
function reportNavigation(target: Window): Cleanup {
  let active = true;
  let sentPath = currentPath();
  const report = (): void => {
    const path = currentPath();
    if (active && path !== sentPath) {
      sentPath = path;
      post(target, { dittofeed: 1, type: 'navigate', path });
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

/**
 * Connects this embedded page to the `<dittofeed-embed>` element hosting it. Returns a function
 * that undoes everything (observer, listeners, history wrappers); calling it again is harmless.
 * Outside a frame (or in Node) it does nothing and returns a no-op.
 */
export function connectToHost(options?: ConnectToHostOptions | null): () => void {
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

  const cleanups: Cleanup[] = [];
  const capabilities: Capability[] = [];
  if (options?.resize !== false && typeof ResizeObserver == 'function') {
    capabilities.push('resize');
    // Before the body is parsed (a classic script in <head>) the root element stands in.
    cleanups.push(observeHeight(target, content ?? document.body ?? document.documentElement));
  }
  const origins = onToken ? (allowed ?? defaultAllowedOrigins()) : [];
  // Announcing `token` with nobody to accept it from would make the host stop reloading.
  if (onToken && origins.length) {
    capabilities.push('token');
    cleanups.push(acceptTokens(target, origins, onToken));
  }
  const navigate = options?.navigate !== false;
  if (navigate) {
    capabilities.push('navigate');
    cleanups.push(reportNavigation(target));
  }

  post(target, { dittofeed: 1, type: 'ready', capabilities });
  // A new document reached by navigating inside the frame: the host only knows the old path.
  if (navigate && originOf(document.referrer) === location.origin) {
    post(target, { dittofeed: 1, type: 'navigate', path: currentPath() });
  }

  let connected = true;
  return () => {
    if (!connected) return;
    connected = false;
    for (const cleanup of cleanups) cleanup();
  };
}
