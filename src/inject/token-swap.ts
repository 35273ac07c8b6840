/**
 * Token hand-over for a stock Dittofeed page, which read its token once from the URL and sends it
 * as `Authorization: Bearer` on every API call: from `use(token)` on, requests to the API origin
 * carrying a token this page held before carry the new one, and so do the page URL and the links
 * it follows. (URLs a single-page app pushes keep what it built them with: the requests made from
 * them are swapped all the same.) Nothing else is touched. `restore()` undoes every wrapper and
 * listener.
 */
import type { Cleanup } from '../child/connect.js';
import { replacementAuthorization, replacementUrl } from './bearer.js';

export interface TokenSwapOptions {
  /** The token the page read from its URL. */
  initialToken: string;
  /** Only requests to this origin are touched. */
  apiOrigin: string;
}

export interface TokenSwap {
  /** From now on every request, the page URL and its links carry `token`. */
  use(token: string): void;
  restore(): void;
}

type Fetch = typeof fetch;

/**
 * Replaces `owner[name]` with `make(original)`; returns the undo. Someone who wrapped it after us
 * keeps their wrapper (ours, inert once its owner disconnected, stays under theirs).
 */
function wrap<T extends object, K extends keyof T>(owner: T, name: K, make: (original: T[K]) => T[K]): Cleanup {
  const original = owner[name];
  const wrapper = make(original);
  owner[name] = wrapper;
  return () => {
    if (owner[name] === wrapper) owner[name] = original;
  };
}

/** Null when the page's `fetch` cannot be wrapped: the caller then leaves tokens to reloads. */
export function installTokenSwap({ initialToken, apiOrigin }: TokenSwapOptions): TokenSwap | null {
  const book: { inUse: string; held: Set<string> } = { inUse: initialToken, held: new Set([initialToken]) };
  const toApi = (url: string | URL): boolean => {
    try {
      return new URL(url, location.href).origin === apiOrigin;
    } catch {
      return false;
    }
  };
  /** Swaps a stale bearer in place; true when it did. */
  const swap = (headers: Headers): boolean => {
    const value = replacementAuthorization(headers.get('authorization'), book);
    if (value) headers.set('authorization', value);
    return !!value;
  };

  const originalFetch: Fetch = window.fetch;
  const swappedFetch: Fetch = function (input, init) {
    let request = input;
    let options = init;
    try {
      if (toApi(input instanceof Request ? input.url : input)) {
        if (init?.headers !== undefined) {
          const headers = new Headers(init.headers);
          if (swap(headers)) options = { ...init, headers };
        } else if (input instanceof Request) {
          const headers = new Headers(input.headers);
          if (swap(headers)) request = new Request(input, { headers });
        }
      }
    } catch {
      // Whatever went wrong, the request goes out exactly as the page made it.
    }
    return Reflect.apply(originalFetch, window, [request, options]) as ReturnType<Fetch>;
  };
  try {
    window.fetch = swappedFetch;
  } catch {
    return null;
  }
  if (window.fetch !== swappedFetch) return null;

  const cleanups: Cleanup[] = [
    () => {
      if (window.fetch === swappedFetch) window.fetch = originalFetch;
    },
  ];

  const xhrToApi = new WeakSet<XMLHttpRequest>();
  cleanups.push(
    wrap(
      XMLHttpRequest.prototype,
      'open',
      (open) =>
        function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['open']>) {
          if (toApi(args[1])) xhrToApi.add(this);
          else xhrToApi.delete(this);
          return (open as (...a: unknown[]) => void).apply(this, args);
        } as XMLHttpRequest['open'],
    ),
    wrap(XMLHttpRequest.prototype, 'setRequestHeader', (setRequestHeader) =>
      function (this: XMLHttpRequest, name: string, value: string) {
        const swapped = xhrToApi.has(this) && /^authorization$/i.test(name) && replacementAuthorization(value, book);
        setRequestHeader.call(this, name, swapped || value);
      },
    ),
  );

  /** A link followed now carries the current token, however long ago it was rendered. */
  const freshenLink = (event: Event): void => {
    const link = event.composedPath().find((target) => target instanceof HTMLAnchorElement);
    const href = link && replacementUrl(link.href, book);
    if (href) link.href = href;
  };
  addEventListener('click', freshenLink, true);
  cleanups.push(() => removeEventListener('click', freshenLink, true));

  return {
    use(token) {
      if (token == book.inUse) return;
      book.held.add(token);
      book.inUse = token;
      // Links are freshened when followed (any click, Enter included), not all at once here.
      const href = replacementUrl(location.href, book);
      if (href) history.replaceState(history.state, '', href);
    },
    restore() {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    },
  };
}
