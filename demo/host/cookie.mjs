// A tiny signed cookie for the demo sign-in: "<customerId>.<issuedAtMs>.<hmac>", HMAC-SHA256 with a
// per-process random secret (a restart signs everyone out, which is fine for a demo).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const COOKIE_NAME = 'demo_session';
const MAX_AGE_SECONDS = 8 * 60 * 60;

export function createCookieSigner(secret = randomBytes(32)) {
  const mac = (payload) => createHmac('sha256', secret).update(payload).digest('base64url');

  return {
    /** The Set-Cookie header value that signs `customerId` in. */
    signIn(customerId, now = Date.now()) {
      const payload = `${customerId}.${now}`;
      const value = `${payload}.${mac(payload)}`;
      return `${COOKIE_NAME}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}`;
    },
    /** The Set-Cookie header value that signs out. */
    signOut() {
      return `${COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    },
    /** The signed-in customer id from a Cookie header, or null (missing, tampered, expired). */
    read(cookieHeader, now = Date.now()) {
      const value = parseCookies(cookieHeader ?? '')[COOKIE_NAME];
      if (!value) return null;
      const match = /^([a-z0-9-]{1,40})\.(\d{1,16})\.([\w-]{43})$/.exec(value);
      if (!match) return null;
      const [, customerId, issuedAt, signature] = match;
      const expected = Buffer.from(mac(`${customerId}.${issuedAt}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      if (now - Number(issuedAt) > MAX_AGE_SECONDS * 1000) return null;
      return customerId;
    },
  };
}

function parseCookies(header) {
  const cookies = {};
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return cookies;
}
