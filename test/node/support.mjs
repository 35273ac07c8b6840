// Shared set-up for the node tests: a local Dittofeed on a loopback port with a random admin key
// (never printed), and small helpers to call it. Tests talk to it over real HTTP: no mocked fetch.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startLocalDittofeed } from '../../demo/dittofeed/server.mjs';

export { startLocalDittofeed };

const serverEntry = new URL('../../dist/server/index.js', import.meta.url);

/**
 * The server helper is tested as shipped: the compiled `dist/server/index.js`.
 * `npm test` builds before it runs `test:node`; alone, run `npm run build` first.
 */
export async function loadServerHelper() {
  if (!existsSync(serverEntry)) {
    throw new Error(`${fileURLToPath(serverEntry)} is missing: run \`npm run build\` before \`npm run test:node\``);
  }
  return import(serverEntry.href);
}

/** A fresh admin key that looks like a real one, so a leak would be recognisable. */
export const makeAdminKey = () => `dfk_${randomBytes(24).toString('hex')}`;

/** Starts a local Dittofeed with a new key; `dittofeed.adminKey` is that key (tests only). */
export async function startDittofeed(options = {}) {
  const adminKey = makeAdminKey();
  const dittofeed = await startLocalDittofeed({ adminKey, ...options });
  return { ...dittofeed, adminKey };
}

export function adminHeaders(adminKey, extra = {}) {
  return { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json', ...extra };
}

/** Creates a child workspace through the real admin path. */
export async function createChild(dittofeed, name, externalId = name.toLowerCase()) {
  const response = await fetch(`${dittofeed.baseUrl}/api-l/admin/workspaces/child`, {
    method: 'PUT',
    headers: adminHeaders(dittofeed.adminKey),
    body: JSON.stringify({ name, workspaceId: dittofeed.parentWorkspaceId, externalId }),
  });
  if (response.status !== 200) throw new Error(`creating ${name} answered ${response.status}`);
  return response.json();
}

/** A session token through the real session path. */
export async function sessionToken(dittofeed, workspaceId, occupantId) {
  const response = await fetch(`${dittofeed.baseUrl}/api-l/sessions/`, {
    method: 'POST',
    headers: adminHeaders(dittofeed.adminKey),
    body: JSON.stringify(occupantId ? { workspaceId, occupantId } : { workspaceId }),
  });
  if (response.status !== 200) throw new Error(`session answered ${response.status}`);
  return (await response.json()).token;
}

/** The payload of a JWT, without verifying it (the tests check what the server put in). */
export function jwtPayload(token) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

export function jwtHeader(token) {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}

/** Every string form of an error a host might log or send. */
export function errorTexts(error) {
  const texts = [String(error), error?.message ?? '', error?.stack ?? '', JSON.stringify(error)];
  let cause = error?.cause;
  for (let depth = 0; cause && depth < 5; depth += 1) {
    texts.push(String(cause), cause.message ?? '', cause.stack ?? '', JSON.stringify(cause));
    cause = cause.cause;
  }
  return texts.join('\n');
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
