// The demo's host app: a plain node:http "SaaS" backend on its own origin. It serves the demo page
// under a strict CSP, the CDN bundle of the element, a signed-cookie sign-in for two customers, and
// the session endpoint built with dittofeed-embed/server. The Dittofeed admin key stays in here.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createCookieSigner } from './cookie.mjs';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const MAX_BODY_BYTES = 16 * 1024;

/** The demo's static files: URL path → [file, content type]. Everything else is 404. */
const STATIC_FILES = {
  '/': [`${demoDir}index.html`, 'text/html; charset=utf-8'],
  '/app.js': [`${demoDir}app.js`, 'text/javascript; charset=utf-8'],
  '/app.css': [`${demoDir}app.css`, 'text/css; charset=utf-8'],
  '/favicon.svg': [`${demoDir}favicon.svg`, 'image/svg+xml'],
};

/** "CDN" files, served from dist/ the way a CDN would (cacheable, CORS-open). */
const CDN_FILES = {
  '/cdn/dittofeed-embed.min.js': [`${distDir}dittofeed-embed.min.js`, 'text/javascript; charset=utf-8'],
  '/cdn/dittofeed-embed.min.js.map': [`${distDir}dittofeed-embed.min.js.map`, 'application/json'],
};

/**
 * The strict policy the demo page runs under: it proves the element needs no inline script or
 * style, no eval, and works with Trusted Types enforced.
 */
export function contentSecurityPolicy(dittofeedOrigin) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${dittofeedOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

/**
 * @param {object} options
 * @param {Array<{ id: string, name: string, workspaceId: string }>} options.customers
 * @param {string} options.dittofeedBaseUrl the Dittofeed the browser frames (its origin goes in frame-src)
 * @param {(request: Request) => Promise<Response>} options.sessionHandler from createSessionHandler
 * @param {(workspaceId: string) => Promise<Record<string, string>>} [options.listResources]
 *   editor type → a resource id of that workspace, for the editor tabs
 * @param {ReturnType<typeof createCookieSigner>} [options.cookies]
 */
export function createHostServer({ customers, dittofeedBaseUrl, sessionHandler, listResources, cookies = createCookieSigner() }) {
  const dittofeedOrigin = new URL(dittofeedBaseUrl).origin;
  const csp = contentSecurityPolicy(dittofeedOrigin);
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  /** false, or how the session endpoint fails while the demo's "network" is broken. */
  let networkBroken = false;

  const signedInCustomer = (headers) => byId.get(cookies.read(headers.cookie)) ?? null;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      // Never echo internals (they could carry Dittofeed's answer); log the type only.
      console.error(`[demo] ${req.method} ${req.url?.split('?')[0]} failed: ${error?.name ?? 'Error'}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const route = `${req.method} ${url.pathname}`;
    setCommonHeaders(res);

    if (req.method === 'GET' || req.method === 'HEAD') {
      if (STATIC_FILES[url.pathname]) {
        const [file, type] = STATIC_FILES[url.pathname];
        const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
        if (url.pathname === '/') headers['Content-Security-Policy'] = csp;
        return sendFile(res, file, headers);
      }
      if (CDN_FILES[url.pathname]) {
        const [file, type] = CDN_FILES[url.pathname];
        return sendFile(res, file, {
          'Content-Type': type,
          'Cache-Control': 'public, max-age=300',
          'Access-Control-Allow-Origin': '*',
        });
      }
    }

    // State-changing requests from another site are refused (browsers send Origin on every
    // cross-origin POST; SameSite=Lax keeps the cookie off them too). Non-browser clients send none.
    if (req.method !== 'GET' && req.method !== 'HEAD' && crossSite(req)) {
      await drain(req);
      return sendJson(res, 403, { error: 'cross-origin request refused' });
    }

    switch (route) {
      case 'GET /api/me': {
        const customer = signedInCustomer(req.headers);
        return sendJson(res, 200, {
          customer,
          customers: customers.map(({ id, name }) => ({ id, name })),
          dittofeed: { baseUrl: dittofeedBaseUrl },
          network: { broken: Boolean(networkBroken) },
        });
      }
      case 'GET /api/demo/resources': {
        const customer = signedInCustomer(req.headers);
        if (!customer) return sendJson(res, 401, { error: 'sign in first' });
        const resources = listResources ? await listResources(customer.workspaceId).catch(() => ({})) : {};
        return sendJson(res, 200, { resources });
      }
      case 'POST /api/sign-in': {
        const form = await readForm(req);
        const customer = byId.get(form.customer);
        if (!customer) return sendJson(res, 400, { error: 'unknown customer' });
        res.setHeader('Set-Cookie', cookies.signIn(customer.id));
        return redirect(res, '/');
      }
      case 'POST /api/sign-out': {
        await drain(req);
        res.setHeader('Set-Cookie', cookies.signOut());
        return redirect(res, '/');
      }
      case 'POST /api/demo/network': {
        const body = await readForm(req);
        const broken = body.broken === true || body.broken === 'true';
        networkBroken = broken ? (body.mode === 'drop' ? 'drop' : 'status') : false;
        return sendJson(res, 200, { broken });
      }
      case 'POST /api/dittofeed/session': {
        if (networkBroken === 'drop') {
          req.socket.destroy();
          return;
        }
        if (networkBroken) {
          await drain(req);
          return sendJson(res, 503, { error: 'the demo network is switched off' });
        }
        return forwardToHandler(req, res, sessionHandler);
      }
      default:
        await drain(req);
        return sendJson(res, 404, { error: 'not found' });
    }
  }

  return {
    server,
    setNetworkBroken(broken, mode = 'status') {
      networkBroken = broken ? (mode === 'drop' ? 'drop' : 'status') : false;
    },
    get networkBroken() {
      return Boolean(networkBroken);
    },
  };
}

function setCommonHeaders(res) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The embedded page's child script trusts the origin of document.referrer by default, so a
  // cross-origin frame must still receive our origin as referrer (never the path).
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function crossSite(req) {
  const { origin, host } = req.headers;
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  return typeof origin === 'string' && origin !== `http://${host}`;
}

async function sendFile(res, file, headers) {
  let body;
  try {
    body = await readFile(file);
  } catch {
    return sendJson(res, 404, { error: 'not found (run `npm run build` for the CDN bundle)' });
  }
  res.writeHead(200, { ...headers, 'Content-Length': body.length });
  res.end(body);
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function redirect(res, location) {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0 });
  res.end();
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const drain = (req) => readBody(req).catch(() => undefined);

/** A urlencoded form or a JSON object, as a plain object (anything unreadable is {}). */
async function readForm(req) {
  const raw = (await readBody(req)).toString('utf8');
  if (String(req.headers['content-type']).startsWith('application/json')) {
    try {
      const value = JSON.parse(raw);
      return value && typeof value === 'object' ? value : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Node request → fetch Request → the handler → fetch Response → node response. */
async function forwardToHandler(req, res, handler) {
  const body = await readBody(req);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), {
    method: req.method,
    headers,
    body: body.length && req.method !== 'GET' && req.method !== 'HEAD' ? body : undefined,
  });
  const response = await handler(request);
  const payload = Buffer.from(await response.arrayBuffer());
  const outgoing = Object.fromEntries(response.headers);
  delete outgoing['content-length'];
  delete outgoing['content-encoding'];
  res.writeHead(response.status, { ...outgoing, 'Content-Length': payload.length });
  res.end(payload);
}
