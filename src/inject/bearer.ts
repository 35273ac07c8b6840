/**
 * Pure rules of the token hand-over for stock Dittofeed pages (src/inject/token-swap.ts): which
 * header and which URL carry a token this page used before, and what they become.
 */

/** The tokens of one page: the one in use and every one it used before. */
export interface TokenBook {
  readonly inUse: string;
  /** Every token this page has held, `inUse` included. */
  readonly held: ReadonlySet<string>;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The `Authorization` value to send instead of `value`, or null to leave it alone: only a
 * `Bearer` with a token this page held before is swapped, never anyone else's credentials.
 */
export function replacementAuthorization(value: string | null, book: TokenBook): string | null {
  const token = value == null ? null : BEARER.exec(value.trim())?.[1];
  return token && token !== book.inUse && book.held.has(token) ? `Bearer ${book.inUse}` : null;
}

/**
 * `href` (relative to `base`) with its `token` query parameter set to the current token, or null
 * to leave it alone: only URLs of `origin` whose `token` is one this page held before.
 */
export function replacementUrl(
  href: string,
  book: TokenBook,
  base: string = location.href,
  origin: string = location.origin,
): string | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  const token = url.searchParams.get('token');
  if (url.origin !== origin || !token || token === book.inUse || !book.held.has(token)) return null;
  url.searchParams.set('token', book.inUse);
  return url.href;
}
