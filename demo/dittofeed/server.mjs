// The local Dittofeed (demo/README.md): a small node:http server that behaves like Dittofeed for
// what dittofeed-embed needs, so the demo and the end-to-end tests run with nothing from outside.
//
//   node demo/dittofeed/server.mjs --port 3001 --token-ttl 60 [--host 127.0.0.1] [--no-protocol] [--sessions-need-write-key]
//
// The admin key comes from DITTOFEED_ADMIN_KEY (one is generated when absent; it is never printed).
// Session tokens are HS256 JWTs signed with a key generated at start-up and kept in memory only.
//
// Routes
//   Admin API (Authorization: Bearer <admin key>), Dittofeed's real paths
//     POST   /api-l/sessions/                 { workspaceId, memberId?, occupantId? } → { token }
//            also with the workspace's write key, as Dittofeed's guide mints sessions:
//            `Bearer <write key>` (the key as issued, `Basic …`) or the write key itself as the
//            header; --sessions-need-write-key refuses the admin key here
//     PUT    /api-l/admin/workspaces/child    { name, workspaceId: parent, externalId, domain? } → workspace
//     GET    /api-l/admin/workspaces/child?workspaceId=<parent>[&limit&offset] → { workspaces }
//     GET    /api-l/admin/workspaces/?workspaceId=<parent>&externalId=…  → workspace | null
//     DELETE /api-l/admin/workspaces/?workspaceId=<parent>&externalId=…  → 201 "" (tombstone)
//     PUT    /api/admin/component-configurations/  { workspaceId, name, definition, id? } → configuration
//     GET    /api/admin/component-configurations/?workspaceId=…      → { componentConfigurations }
//     DELETE /api/admin/component-configurations/?workspaceId=…&id=… → 204
//            (the deliveries page applies DeliveriesTable: columnAllowList and the *UriTemplate links)
//   Events (Authorization: the workspace's write key, `Basic …`, or `Bearer Basic …`)
//     POST   /api/public/apps/identify | track | batch                       → 204
//   The integration guide's compatibility routes (not Dittofeed's):
//     POST /api/workspaces                   { name, externalId, parentWorkspaceId } → 201 workspace
//     POST /api/embedded/session             { workspaceId, expiresIn } + X-Workspace-Id /
//                                            X-Workspace-External-Id headers → { token, expiresAt }
//   Embedded pages   GET /dashboard-l/embedded/<route>?token=…&workspaceId=…[&id=…]
//   Data API (Authorization: Bearer <session token>), Dittofeed's routes and shapes
//     GET    /api-l/embedded/journeys/?workspaceId=…               → { journeys }
//     PUT    /api-l/embedded/journeys/  { workspaceId, id?, name, definition? } → journey
//     GET    /api-l/embedded/broadcasts/?workspaceId=…[&ids=…]     → [broadcast]
//     GET    /api-l/embedded/segments/?workspaceId=…[&ids=…]       → { segments }
//     GET    /api-l/embedded/content/templates?workspaceId=…[&ids=…] → { templates }
//     PUT    /api-l/embedded/content/templates  { workspaceId, id?, name, definition? } → template
//     GET    /api-l/embedded/deliveries/?workspaceId=…[&limit&cursor&journeyId&broadcastId&userId&templateIds]
//                                                                  → { workspaceId, items, cursor? }
//     GET    /api-l/embedded/resources/?workspaceId=…&segments=true&messageTemplates=true… → { segments, … }
//   and two of ours (not Dittofeed's; see dataApi):
//     GET    /api-l/embedded/workspace?workspaceId=…  → { id, name, componentConfigurations }
//     GET    /api-l/embedded/analysis?workspaceId=…   → { days, byChannel }
//   Assets           /_df/page-protocol.js | page-plain.js (entries of page.js), /_df/style.css, /_embed/<file>.js (the repo's dist/, e.g. child.js)
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes, randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { WorkspaceStore, describeWorkspace } from './store.mjs';
import { UUID, creationProblem, journeyDefinitionProblem, nameProblem, readRoute, templateProblem } from './embedded-api.mjs';

const PUBLIC_DIR = new URL('./public/', import.meta.url);
const DIST_DIR = new URL('../../dist/', import.meta.url);
const MAX_BODY_BYTES = 64 * 1024;
const MAX_GUIDE_EXPIRES_IN = 24 * 3600;
const ISSUER = 'local-dittofeed';

/** Embedded routes (docs/protocol.md, "Pages"): path under /dashboard-l/embedded → page type and title. */
export const EMBEDDED_PAGES = {
  '/journeys': { type: 'journeys', title: 'Journeys' },
  '/journeys/v2': { type: 'journey', title: 'Journey editor' },
  '/broadcasts': { type: 'broadcasts', title: 'Broadcasts' },
  '/broadcasts/v2': { type: 'broadcast', title: 'Broadcast editor' },
  '/templates': { type: 'templates', title: 'Message templates' },
  '/templates/email': { type: 'email-template', title: 'Email template' },
  '/templates/sms': { type: 'sms-template', title: 'SMS template' },
  '/segments': { type: 'segments', title: 'Segments' },
  '/segments/v1': { type: 'segment', title: 'Segment editor' },
  '/deliveries/v2': { type: 'deliveries', title: 'Deliveries' },
  '/analysis-chart': { type: 'analysis', title: 'Analysis' },
};

// Any loopback origin may frame the pages: the demo host and the tests run on loopback ports.
const FRAME_ANCESTORS = "frame-ancestors 'self' http://localhost:* http://127.0.0.1:*";
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  FRAME_ANCESTORS,
].join('; ');

const STATIC_TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

class HttpError extends Error {
  constructor(status, body) {
    super(body.message ?? body.type ?? String(status));
    this.status = status;
    this.body = body;
  }
}

const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const sendJson = (res, status, value, headers = {}) =>
  send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', ...headers });

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { message: 'Request body too large' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, { message: 'Body is not valid JSON' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, { message: 'body must be object' });
  }
  return value;
}

const sha256 = (text) => createHash('sha256').update(text).digest();

function optionalString(body, field, max = 256) {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw new HttpError(400, { message: `body/${field} must be string` });
  return value;
}

function requiredString(body, field, max = 256) {
  const value = optionalString(body, field, max);
  if (value === undefined || value.trim() === '') {
    throw new HttpError(400, { message: `body must have required property '${field}'` });
  }
  return value;
}

function checkUuid(workspaceId) {
  if (!UUID.test(workspaceId)) throw new HttpError(400, { message: 'Invalid workspaceId, not a valid UUID.' });
  return workspaceId;
}

/** Dittofeed reads the workspace from body, query and its df-workspace-id header; they must agree. */
function workspaceIdentifier(values) {
  const distinct = new Set(values.filter((v) => typeof v === 'string' && v !== ''));
  if (distinct.size > 1) throw new HttpError(400, { message: 'Mismatched workspaceIds in request.' });
  const [workspaceId] = distinct;
  return workspaceId;
}

/**
 * Starts the local Dittofeed.
 *
 * @param {object} [options]
 * @param {number} [options.port=0] 0 picks a free port
 * @param {string} [options.host='127.0.0.1']
 * @param {string} [options.adminKey] defaults to DITTOFEED_ADMIN_KEY, else a generated key
 * @param {number} [options.tokenTtlSeconds=3600] lifetime of session tokens
 * @param {boolean} [options.protocol=true] whether pages load dittofeed-embed/child and speak protocol v1
 * @param {boolean} [options.sessionsNeedWriteKey=false] refuse the admin key on POST /api-l/sessions/
 */
export async function startLocalDittofeed({
  port = 0,
  host = '127.0.0.1',
  adminKey,
  tokenTtlSeconds = 3600,
  protocol = true,
  sessionsNeedWriteKey = false,
} = {}) {
  const key = adminKey ?? process.env.DITTOFEED_ADMIN_KEY ?? randomBytes(32).toString('base64url');
  if (typeof key !== 'string' || key === '' || /\s/.test(key)) throw new TypeError('adminKey must be a non-empty string without spaces');
  const adminKeyDigest = sha256(key);
  const signingKey = new Uint8Array(randomBytes(32));
  const store = new WorkspaceStore();
  const parent = store.parent;
  let ttl = validTtl(tokenTtlSeconds);
  let protocolOn = Boolean(protocol);

  function validTtl(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
      throw new TypeError('token TTL must be a positive number of seconds');
    }
    return seconds;
  }

  async function mintToken({ workspaceId, occupantId, expiresInSeconds = ttl }) {
    const now = Math.floor(Date.now() / 1000);
    const claims = { workspaceId };
    if (occupantId !== undefined) claims.occupantId = occupantId;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(occupantId ?? workspaceId)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + Math.round(expiresInSeconds))
      .sign(signingKey);
  }

  /** 401 unless the request carries the admin key (Dittofeed's messages). */
  function requireAdmin(req) {
    const header = req.headers.authorization;
    if (!header) throw new HttpError(401, { message: 'No authorization header' });
    const parts = header.trim().split(' ');
    if (parts.length !== 2 || parts[0] !== 'Bearer') throw new HttpError(401, { message: 'Invalid authorization header' });
    if (!parts[1]) throw new HttpError(401, { message: 'API key missing for request' });
    if (!timingSafeEqual(sha256(parts[1]), adminKeyDigest)) throw new HttpError(401, { message: 'API key not valid' });
  }

  /**
   * Who may mint a session: the workspace whose write key the request carries (as the guide's
   * `Bearer <write key>`, or the write key `Basic …` as the whole header), or the admin key
   * (null) unless sessions need a write key.
   */
  function sessionCaller(req) {
    const header = (req.headers.authorization ?? '').trim();
    const writeKey = header.startsWith('Bearer Basic ') ? header.slice('Bearer '.length) : header.startsWith('Basic ') ? header : null;
    if (writeKey !== null) {
      const workspace = store.byWriteKey(writeKey);
      if (!workspace || workspace.status !== 'Active') throw new HttpError(401, { message: 'API key not valid' });
      return workspace;
    }
    if (sessionsNeedWriteKey) throw new HttpError(401, { message: 'Sessions are created with the workspace write key' });
    requireAdmin(req);
    return null;
  }

  /** Dittofeed answers "API key not valid" for a workspace the key does not manage (unknown ones too). */
  function requireManaged(workspaceId) {
    if (!store.isManagedBy(workspaceId, parent.id)) throw new HttpError(401, { message: 'API key not valid' });
    return store.get(workspaceId);
  }

  // -- admin API: real paths ------------------------------------------------------------------

  async function createSession(req, res) {
    const caller = sessionCaller(req);
    const body = await readJson(req);
    const workspaceId = workspaceIdentifier([optionalString(body, 'workspaceId'), req.headers['df-workspace-id']]);
    if (!workspaceId) throw new HttpError(400, { message: "body must have required property 'workspaceId'" });
    checkUuid(workspaceId);
    // A write key is good for its own workspace only.
    if (caller && caller.id !== workspaceId) throw new HttpError(401, { message: 'API key not valid' });
    const workspace = caller ?? requireManaged(workspaceId);
    const occupantId = optionalString(body, 'occupantId') ?? optionalString(body, 'memberId');
    sendJson(res, 200, { token: await mintToken({ workspaceId: workspace.id, occupantId }) });
  }

  function createChild({ name, externalId, parentWorkspaceId, domain }) {
    if (name.length > 100) throw new HttpError(400, { type: 'WorkspaceNameViolation', message: 'Workspace name is too long' });
    if (domain !== undefined && !/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(domain)) {
      throw new HttpError(400, { type: 'InvalidDomain' });
    }
    const owner = requireManaged(checkUuid(parentWorkspaceId));
    if (owner.id !== parent.id) throw new HttpError(400, { message: 'Only a parent workspace can have child workspaces.' });
    const result = store.createChild({ name, externalId, parentWorkspaceId: owner.id, domain });
    if (result.error) throw new HttpError(400, result.error);
    return result.workspace;
  }

  async function putChildWorkspace(req, res) {
    requireAdmin(req);
    const body = await readJson(req);
    const workspace = createChild({
      name: requiredString(body, 'name'),
      parentWorkspaceId: requiredString(body, 'workspaceId'),
      // Required by Dittofeed's API description, as here.
      externalId: requiredString(body, 'externalId'),
      domain: optionalString(body, 'domain'),
    });
    sendJson(res, 200, describeWorkspace(workspace));
  }

  /** A non-negative integer query parameter, or `fallback` when absent. */
  function countParameter(url, name, fallback) {
    const text = url.searchParams.get(name);
    if (text === null || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new HttpError(400, { message: `querystring/${name} must be number` });
    return value;
  }

  function listChildWorkspaces(req, res, url) {
    requireAdmin(req);
    const workspaceId =
      workspaceIdentifier([url.searchParams.get('workspaceId'), req.headers['df-workspace-id']]) ?? parent.id;
    const owner = requireManaged(checkUuid(workspaceId));
    const offset = countParameter(url, 'offset', 0);
    const limit = countParameter(url, 'limit', Infinity);
    const page = store.children(owner.id).slice(offset, offset + limit);
    sendJson(res, 200, { workspaces: page.map(describeWorkspace) });
  }

  /** The parent named by `workspaceId` and the active child with `externalId` (or undefined). */
  function childByExternalId(req, url) {
    requireAdmin(req);
    const parentId = workspaceIdentifier([url.searchParams.get('workspaceId'), req.headers['df-workspace-id']]);
    const externalId = url.searchParams.get('externalId');
    if (!parentId) throw new HttpError(400, { message: "querystring must have required property 'workspaceId'" });
    if (!externalId) throw new HttpError(400, { message: "querystring must have required property 'externalId'" });
    const owner = requireManaged(checkUuid(parentId));
    return store.byExternalId(externalId, owner.id);
  }

  function getWorkspace(req, res, url) {
    const workspace = childByExternalId(req, url);
    sendJson(res, 200, workspace ? describeWorkspace(workspace) : null);
  }

  function deleteWorkspace(req, res, url) {
    const workspace = childByExternalId(req, url);
    if (!workspace) throw new HttpError(404, { message: 'Workspace not found' });
    store.tombstone(workspace);
    sendJson(res, 201, '');
  }

  // -- component configurations ----------------------------------------------------------------

  const COMPONENT_TYPES = ['Broadcast', 'MessageTemplate', 'DeliveriesTable', 'AnalysisChart'];
  const describeConfiguration = ({ id, workspaceId, definition }) => ({ id, workspaceId, definition });

  async function putComponentConfiguration(req, res) {
    requireAdmin(req);
    const body = await readJson(req);
    const workspace = requireManaged(checkUuid(requiredString(body, 'workspaceId')));
    const name = requiredString(body, 'name');
    const definition = body.definition;
    if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
      throw new HttpError(400, { message: "body must have required property 'definition'" });
    }
    if (!COMPONENT_TYPES.includes(definition.type)) {
      throw new HttpError(400, { message: 'body/definition/type must be equal to one of the allowed values' });
    }
    // Dittofeed's guide: the name is the component type; one configuration per type and workspace.
    if (name !== definition.type) throw new HttpError(400, { message: 'name must match definition.type' });
    const existing = workspace.componentConfigurations.get(name);
    const configuration = { id: existing?.id ?? optionalString(body, 'id') ?? randomUUID(), workspaceId: workspace.id, name, definition };
    workspace.componentConfigurations.set(name, configuration);
    sendJson(res, 200, describeConfiguration(configuration));
  }

  function getComponentConfigurations(req, res, url) {
    requireAdmin(req);
    const workspaceId = url.searchParams.get('workspaceId');
    if (!workspaceId) throw new HttpError(400, { message: "querystring must have required property 'workspaceId'" });
    const workspace = requireManaged(checkUuid(workspaceId));
    sendJson(res, 200, { componentConfigurations: [...workspace.componentConfigurations.values()].map(describeConfiguration) });
  }

  function deleteComponentConfiguration(req, res, url) {
    requireAdmin(req);
    const workspaceId = url.searchParams.get('workspaceId');
    const id = url.searchParams.get('id');
    if (!workspaceId || !id) throw new HttpError(400, { message: "querystring must have required properties 'workspaceId' and 'id'" });
    const workspace = requireManaged(checkUuid(workspaceId));
    const found = [...workspace.componentConfigurations.values()].find((configuration) => configuration.id === id);
    if (!found) throw new HttpError(404, { message: 'Component configuration not found' });
    workspace.componentConfigurations.delete(found.name);
    send(res, 204, '');
  }

  // -- events: the public apps API -------------------------------------------------------------

  /** The workspace whose write key authorises an events request. */
  function eventsWorkspace(req) {
    const header = (req.headers.authorization ?? '').trim();
    if (!header) throw new HttpError(401, { message: 'No authorization header' });
    const writeKey = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
    const workspace = store.byWriteKey(writeKey);
    if (!workspace || workspace.status !== 'Active') throw new HttpError(401, { message: 'API key not valid' });
    return workspace;
  }

  /** One event as Dittofeed's schema has it; a 400 with its message otherwise. */
  function checkedEvent(event, type, at) {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new HttpError(400, { message: `${at} must be object` });
    if (typeof event.messageId !== 'string' || event.messageId === '') throw new HttpError(400, { message: `${at} must have required property 'messageId'` });
    const hasUser = typeof event.userId === 'string' && event.userId !== '';
    const hasAnonymous = typeof event.anonymousId === 'string' && event.anonymousId !== '';
    if (!hasUser && !hasAnonymous) throw new HttpError(400, { message: `${at} must have required property 'userId'` });
    if (type === 'track' && (typeof event.event !== 'string' || event.event === '')) {
      throw new HttpError(400, { message: `${at} must have required property 'event'` });
    }
    return { ...event, type };
  }

  async function publicEvents(req, res, kind) {
    const workspace = eventsWorkspace(req);
    const body = await readJson(req);
    let events;
    if (kind === 'batch') {
      if (!Array.isArray(body.batch)) throw new HttpError(400, { message: "body must have required property 'batch'" });
      events = body.batch.map((event, index) => {
        if (event?.type !== 'identify' && event?.type !== 'track') {
          throw new HttpError(400, { message: `body/batch/${index}/type must be equal to one of the allowed values` });
        }
        return checkedEvent(event, event.type, `body/batch/${index}`);
      });
    } else {
      events = [checkedEvent(body, kind, 'body')];
    }
    // Idempotent by messageId, as Dittofeed documents.
    const seen = new Set(workspace.events.map((event) => event.messageId));
    for (const event of events) if (!seen.has(event.messageId)) workspace.events.push({ ...event, receivedAt: new Date().toISOString() });
    send(res, 204, '');
  }

  // -- admin API: the integration guide's paths -----------------------------------------------

  async function guideCreateWorkspace(req, res) {
    requireAdmin(req);
    const body = await readJson(req);
    const parentWorkspaceId =
      workspaceIdentifier([optionalString(body, 'parentWorkspaceId'), req.headers['x-workspace-id']]) ?? parent.id;
    try {
      const workspace = createChild({
        name: requiredString(body, 'name'),
        externalId: requiredString(body, 'externalId'),
        parentWorkspaceId,
        domain: optionalString(body, 'domain'),
      });
      sendJson(res, 201, describeWorkspace(workspace));
    } catch (error) {
      if (error instanceof HttpError && error.body.type === 'WorkspaceAlreadyExists') {
        throw new HttpError(400, { type: 'WorkspaceAlreadyExists', message: 'A workspace with this name or externalId already exists.' });
      }
      throw error;
    }
  }

  async function guideCreateSession(req, res) {
    requireAdmin(req);
    const body = await readJson(req);
    const externalId = req.headers['x-workspace-external-id'];
    const byExternalId = typeof externalId === 'string' && externalId !== '' ? store.byExternalId(externalId) : undefined;
    if (externalId && !byExternalId) throw new HttpError(404, { message: 'Workspace not found' });
    const workspaceId = workspaceIdentifier([optionalString(body, 'workspaceId'), req.headers['x-workspace-id'], byExternalId?.id]);
    if (!workspaceId) throw new HttpError(400, { message: 'workspaceId (or an X-Workspace-Id / X-Workspace-External-Id header) is required' });
    const workspace = requireManaged(checkUuid(workspaceId));
    let expiresIn = ttl;
    if (body.expiresIn !== undefined) {
      if (typeof body.expiresIn !== 'number' || !Number.isFinite(body.expiresIn) || body.expiresIn <= 0 || body.expiresIn > MAX_GUIDE_EXPIRES_IN) {
        throw new HttpError(400, { message: `expiresIn must be a number of seconds between 1 and ${MAX_GUIDE_EXPIRES_IN}` });
      }
      expiresIn = body.expiresIn;
    }
    const token = await mintToken({ workspaceId: workspace.id, occupantId: optionalString(body, 'occupantId'), expiresInSeconds: expiresIn });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    sendJson(res, 200, { token, expiresAt: new Date(exp * 1000).toISOString() });
  }

  // -- data API for the embedded pages --------------------------------------------------------

  async function authenticateSession(req, url) {
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.trim().split(' ');
    if (scheme !== 'Bearer' || !token) throw new HttpError(401, { message: 'No session token' });
    let payload;
    try {
      ({ payload } = await jwtVerify(token, signingKey, { algorithms: ['HS256'], issuer: ISSUER }));
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired;
      throw new HttpError(401, { message: expired ? 'Session token expired' : 'Invalid session token', type: expired ? 'TokenExpired' : 'InvalidToken' });
    }
    const workspace = store.get(payload.workspaceId);
    if (!workspace) throw new HttpError(401, { message: 'Invalid session token', type: 'InvalidToken' });
    const requested = url.searchParams.get('workspaceId');
    if (requested && requested !== workspace.id) {
      throw new HttpError(403, { message: 'This session is not valid for the requested workspace', type: 'WorkspaceForbidden' });
    }
    return workspace;
  }

  /** The session's workspace for a write: the body's workspaceId counts like the query's. */
  async function authenticateWrite(req, url) {
    const body = await readJson(req);
    const workspaceId = optionalString(body, 'workspaceId');
    if (!workspaceId) throw new HttpError(400, { message: "body must have required property 'workspaceId'" });
    url.searchParams.set('workspaceId', workspaceId);
    return { body, workspace: await authenticateSession(req, url) };
  }

  // Dittofeed's routes for its embedded pages, in its shapes (embedded-api.mjs), plus two of ours,
  // labelled: `workspace` (the name and component configurations, which Dittofeed's pages get from
  // its server with the page) and `analysis` (the subset of Dittofeed's API we carry has no
  // analysis routes).
  async function dataApi(req, res, url) {
    const route = url.pathname.slice('/api-l/embedded/'.length).replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (method === 'PUT' && route === 'journeys') return putJourney(req, res, url);
    if (method === 'PUT' && route === 'content/templates') return putTemplate(req, res, url);
    if (method !== 'GET') throw new HttpError(405, { message: 'Method not allowed' });
    const workspace = await authenticateSession(req, url);
    if (!url.searchParams.get('workspaceId')) throw new HttpError(400, { message: "querystring must have required property 'workspaceId'" });
    if (route === 'workspace') {
      const componentConfigurations = Object.fromEntries([...workspace.componentConfigurations].map(([name, configuration]) => [name, configuration.definition]));
      return sendJson(res, 200, { id: workspace.id, name: workspace.name, componentConfigurations });
    }
    if (route === 'analysis') return sendJson(res, 200, workspace.content.analysis);
    const answer = readRoute(route, workspace.content, url.searchParams);
    if (answer === undefined) throw new HttpError(404, { message: 'Not found' });
    return sendJson(res, 200, answer);
  }

  async function putJourney(req, res, url) {
    const { body, workspace } = await authenticateWrite(req, url);
    const journeys = workspace.content.journeys;
    const existing = typeof body.id === 'string' ? journeys.find((journey) => journey.id === body.id) : undefined;
    const creation = existing ? '' : creationProblem(journeys, body.id, 'journeys');
    if (creation) throw new HttpError(400, { type: 'IdError', message: creation });
    const problem = nameProblem(body.name) || (body.definition === undefined ? '' : journeyDefinitionProblem(body.definition));
    // Dittofeed's documented 400 for a journey it cannot take, with the reason also as `message`.
    if (problem) throw new HttpError(400, { type: 'ConstraintViolation', violations: [{ type: 'CantStart', message: problem }], message: problem });
    const now = Date.now();
    const journey = existing ?? { id: body.id ?? randomUUID(), workspaceId: workspace.id, status: 'NotStarted', canRunMultiple: false, createdAt: now };
    Object.assign(journey, { name: body.name, updatedAt: now });
    if (body.definition !== undefined) journey.definition = body.definition;
    if (!existing) journeys.push(journey);
    sendJson(res, 200, journey);
  }

  // Dittofeed's pages create a template the first time its editor opens with a new id.
  async function putTemplate(req, res, url) {
    const { body, workspace } = await authenticateWrite(req, url);
    // Dittofeed documents two 400 types here; a template it cannot take is an IdError with the reason.
    const refuse = (message) => new HttpError(400, { type: 'IdError', message });
    const problem = templateProblem(body);
    if (problem) throw refuse(problem);
    const templates = workspace.content.templates;
    let template = templates.find((candidate) => candidate.id === body.id);
    if (!template) {
      const creation = creationProblem(templates, body.id, 'templates') || (body.definition ? '' : 'a new template needs a definition');
      if (creation) throw refuse(creation);
      template = { workspaceId: workspace.id, id: body.id ?? randomUUID(), type: body.definition.type };
      templates.push(template);
    } else if (body.definition && body.definition.type !== template.type) {
      throw refuse(`template ${template.id} is ${template.type}`);
    }
    Object.assign(template, { name: body.name, updatedAt: Date.now() }, body.definition ? { definition: body.definition } : {});
    sendJson(res, 200, template);
  }

  // -- pages and assets -----------------------------------------------------------------------

  function page(res, url, route) {
    const workspaceId = url.searchParams.get('workspaceId') ?? '';
    const childScript = protocolOn ? '\n    <script type="module" src="/_embed/child.min.js"></script>' : '';
    const html = `<!doctype html>
<html lang="en" data-protocol="${protocolOn ? 'on' : 'off'}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(route.title)} · Dittofeed (local)</title>
    <link rel="stylesheet" href="/_df/style.css" />${childScript}
    <script type="module" src="/_df/${protocolOn ? 'page-protocol' : 'page-plain'}.js"></script>
  </head>
  <body data-fetches="0">
    <main data-page="${route.type}" data-workspace="${escapeHtml(workspaceId)}">
      <header class="df-header">
        <div class="df-brand"><span class="df-logo" aria-hidden="true"></span>Dittofeed <span class="df-badge">local</span></div>
        <div class="df-workspace">
          <span class="df-workspace-label">Workspace</span>
          <strong id="df-workspace-name">…</strong>
        </div>
        <div class="df-toolbar">
          <input id="df-draft" class="df-draft" type="text" placeholder="Unsaved note" aria-label="Unsaved note" autocomplete="off" />
          <span id="df-status" class="df-status" data-state="loading" role="status">loading</span>
          <button id="df-reload-data" type="button" class="df-button">Reload data</button>
        </div>
      </header>
      <h1 class="df-title" id="df-title">${escapeHtml(route.title)}</h1>
      <div id="df-notice" class="df-notice" hidden></div>
      <section id="df-content" class="df-content" aria-labelledby="df-title"></section>
    </main>
  </body>
</html>
`;
    send(res, 200, html, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP });
  }

  async function asset(res, directory, name) {
    const extension = name.slice(name.lastIndexOf('.'));
    const type = name.endsWith('.js.map') ? STATIC_TYPES['.map'] : STATIC_TYPES[extension];
    if (!type || !/^[\w-]+(\.min)?\.(js|css|js\.map)$/.test(name)) throw new HttpError(404, { message: 'Not found' });
    let content;
    try {
      content = await readFile(new URL(name, directory));
    } catch {
      throw new HttpError(404, { message: `${name} not found${directory === DIST_DIR ? ' (run npm run build)' : ''}` });
    }
    send(res, 200, content, { 'Content-Type': type, 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'cross-origin' });
  }

  async function route(req, res) {
    const url = new URL(req.url ?? '/', 'http://local-dittofeed');
    const { pathname } = url;
    const method = req.method ?? 'GET';

    if (pathname.startsWith('/dashboard-l/embedded/')) {
      const pageRoute = EMBEDDED_PAGES[pathname.slice('/dashboard-l/embedded'.length).replace(/(.)\/+$/, '$1')];
      if (!pageRoute) return send(res, 404, 'Not found', { 'Content-Type': 'text/plain; charset=utf-8' });
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, { message: 'Method not allowed' });
      return page(res, url, pageRoute);
    }
    if (pathname.startsWith('/api-l/embedded/')) return dataApi(req, res, url);
    if (pathname === '/api-l/sessions' || pathname === '/api-l/sessions/') {
      if (method !== 'POST') throw new HttpError(405, { message: 'Method not allowed' });
      return createSession(req, res);
    }
    if (pathname === '/api-l/admin/workspaces/child') {
      if (method === 'PUT') return putChildWorkspace(req, res);
      if (method === 'GET') return listChildWorkspaces(req, res, url);
      throw new HttpError(405, { message: 'Method not allowed' });
    }
    if (pathname === '/api-l/admin/workspaces' || pathname === '/api-l/admin/workspaces/') {
      if (method === 'GET') return getWorkspace(req, res, url);
      if (method === 'DELETE') return deleteWorkspace(req, res, url);
      throw new HttpError(405, { message: 'Method not allowed' });
    }
    if (pathname === '/api/admin/component-configurations' || pathname === '/api/admin/component-configurations/') {
      if (method === 'PUT') return putComponentConfiguration(req, res);
      if (method === 'GET') return getComponentConfigurations(req, res, url);
      if (method === 'DELETE') return deleteComponentConfiguration(req, res, url);
      throw new HttpError(405, { message: 'Method not allowed' });
    }
    const eventKind = /^\/api\/public\/apps\/(identify|track|batch)$/.exec(pathname)?.[1];
    if (eventKind) {
      if (method !== 'POST') throw new HttpError(405, { message: 'Method not allowed' });
      return publicEvents(req, res, eventKind);
    }
    if (pathname === '/api/workspaces' && method === 'POST') return guideCreateWorkspace(req, res);
    if (pathname === '/api/embedded/session' && method === 'POST') return guideCreateSession(req, res);
    if (pathname.startsWith('/_df/')) return asset(res, PUBLIC_DIR, pathname.slice('/_df/'.length));
    if (pathname.startsWith('/_embed/')) return asset(res, DIST_DIR, pathname.slice('/_embed/'.length));
    if (pathname === '/healthz') return sendJson(res, 200, { ok: true });
    if (pathname === '/') {
      return send(res, 200, 'Local Dittofeed: embedded pages live under /dashboard-l/embedded/.\n', { 'Content-Type': 'text/plain; charset=utf-8' });
    }
    throw new HttpError(404, { message: 'Not found' });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) {
        const headers = error.status === 405 ? { Allow: 'GET, POST, PUT, DELETE' } : {};
        return sendJson(res, error.status, error.body, headers);
      }
      console.error('[local-dittofeed] internal error:', error instanceof Error ? error.message : error);
      sendJson(res, 500, { message: 'Internal server error' });
    });
  });
  server.keepAliveTimeout = 2_000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    baseUrl: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    parentWorkspaceId: parent.id,
    /** Stops the server and drops open connections. */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
    /** Lifetime of tokens minted from now on, in seconds. */
    setTokenTtl(seconds) {
      ttl = validTtl(seconds);
    },
    /** Whether pages served from now on load dittofeed-embed/child (protocol v1). */
    setProtocol(enabled) {
      protocolOn = Boolean(enabled);
    },
    /** Test helper: the events a workspace received (identify and track), oldest first. */
    eventsOf(workspaceId) {
      return [...(store.get(workspaceId)?.events ?? [])];
    },
    /**
     * Test helper: a session token signed like the real ones, e.g. an already expired one
     * (`expiresInSeconds: -10`) or one for an unknown workspace.
     */
    mintToken,
  };
}

// -- CLI ----------------------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { port: 3001, host: '127.0.0.1', tokenTtlSeconds: 3600, protocol: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--port') options.port = Number(value());
    else if (arg === '--host') options.host = value();
    else if (arg === '--token-ttl') options.tokenTtlSeconds = Number(value());
    else if (arg === '--no-protocol') options.protocol = false;
    else if (arg === '--sessions-need-write-key') options.sessionsNeedWriteKey = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be a port number');
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`local-dittofeed: ${error.message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log('usage: node demo/dittofeed/server.mjs [--port 3001] [--host 127.0.0.1] [--token-ttl 3600] [--no-protocol] [--sessions-need-write-key]');
    process.exit(0);
  }
  const generated = !process.env.DITTOFEED_ADMIN_KEY;
  const dittofeed = await startLocalDittofeed(options);
  console.log(`Local Dittofeed on ${dittofeed.baseUrl}`);
  console.log(`  parent workspace: ${dittofeed.parentWorkspaceId}`);
  console.log(`  token lifetime:   ${options.tokenTtlSeconds} s; protocol v1 ${options.protocol ? 'on' : 'off'}`);
  console.log(
    generated
      ? '  admin key:        generated for this run (not shown; set DITTOFEED_ADMIN_KEY to choose one)'
      : '  admin key:        from DITTOFEED_ADMIN_KEY',
  );
  const stop = () => dittofeed.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
