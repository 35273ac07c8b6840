import { DittofeedEmbedError } from './errors.js';
import type { Session, SessionInit } from './types.js';

/** A typed error for a token response that cannot be used. */
export const invalidResponse = (message: string) => new DittofeedEmbedError('token-invalid-response', message);
/** Present in a response: neither undefined nor null. */
export const given = (value: unknown): boolean => value !== undefined && value !== null;

/** Server clock minus local clock, from a `Date` header; 0 when absent or unparseable. */
export function clockSkew(dateHeader: string | null | undefined, receivedAt: number): number {
  const serverNow = Date.parse(dateHeader ?? '');
  return Number.isFinite(serverNow) ? serverNow - receivedAt : 0;
}

/** The `exp` claim of a JWT in epoch ms, or undefined for anything that is not a readable JWT. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    // atob's forgiving decode accepts base64 without its '=' padding, as JWTs carry it.
    const json = atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && exp > 0 && exp < 1e14 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export interface ExpiryOptions {
  /** The response's `Date` header, when the page may read it. */
  dateHeader?: string | null | undefined;
  /** Seconds assumed when nothing says when the token expires. */
  lifetime: number;
}

/**
 * When the token of `init` (received at local time `receivedAt`) expires, in the local clock. Precedence: expiresIn → expiresAt (skew-corrected) →
 * JWT exp (skew-corrected) → the fallback lifetime. Throws a typed error for a malformed or past expiry.
 */
export function computeExpiry(init: SessionInit, receivedAt: number, { dateHeader, lifetime }: ExpiryOptions): number {
  const skew = clockSkew(dateHeader, receivedAt);
  const { expiresIn, expiresAt } = init as { expiresIn?: unknown; expiresAt?: unknown };
  let expiry: number;
  if (given(expiresIn)) {
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) throw invalidResponse('expiresIn is not a number');
    expiry = receivedAt + expiresIn * 1000;
  } else if (given(expiresAt)) {
    const at = typeof expiresAt === 'number' ? expiresAt : typeof expiresAt === 'string' ? Date.parse(expiresAt) : NaN;
    if (!Number.isFinite(at)) throw invalidResponse('expiresAt is not a date');
    expiry = at - skew;
  } else {
    const exp = jwtExpiry(init.token);
    expiry = exp === undefined ? receivedAt + lifetime * 1000 : exp - skew;
  }
  if (expiry <= receivedAt) throw new DittofeedEmbedError('token-expired', 'session already expired');
  return expiry;
}


/** The earliest a refresh may start after a token arrives. */
export const MIN_REFRESH_DELAY_MS = 5000;

/**
 * When to fetch the next token: `marginSeconds` before expiry, but at most half the lifetime early
 * and never sooner than 5 s after the last one.
 */
export function refreshTime({ expiresAt, receivedAt }: Pick<Session, 'expiresAt' | 'receivedAt'>, marginSeconds: number): number {
  const early = Math.min(marginSeconds * 1000, (expiresAt - receivedAt) / 2);
  return Math.max(receivedAt + MIN_REFRESH_DELAY_MS, expiresAt - early);
}
