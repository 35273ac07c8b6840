/**
 * `dittofeed-embed/server`: helpers for the host application's backend (contract section 5).
 *
 * Runs on Node 18+ (or any runtime with the fetch API: Deno, Bun, edge workers) and speaks
 * `Request` → `Response`, so it fits Express (via an adapter), Fastify, Next route handlers and Hono.
 * Never import this module from browser code: it handles the Dittofeed admin API key.
 *
 * @packageDocumentation
 */

/** The Dittofeed origin used when `baseUrl` is not given. */
export const DEFAULT_DITTOFEED_BASE_URL = 'https://app.dittofeed.com';

const SESSIONS_PATH = '/api-l/sessions/';
const CHILD_WORKSPACES_PATH = '/api-l/admin/workspaces/child';
const DEFAULT_TIMEOUT_MS = 15_000;
/** A session request body is a tiny JSON object; anything larger is refused before parsing. */
const MAX_SESSION_BODY_BYTES = 16 * 1024;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Why a call to the Dittofeed admin API failed. */
export type DittofeedApiErrorCode =
  /** Dittofeed answered with a non-2xx status (`status` is set). */
  | 'http-error'
  /** The request never got an answer: DNS, connection refused, reset, TLS. */
  | 'network-error'
  /** No answer within `timeoutMs`. */
  | 'timeout'
  /** A 2xx answer that is not the JSON the API documents. */
  | 'invalid-response';

/**
 * A failed call to the Dittofeed admin API.
 *
 * Carries the HTTP `status` (0 when there was no HTTP answer) and, when Dittofeed sent them, its
 * `message` (as {@link DittofeedApiError.dittofeedMessage}) and error `type` (e.g.
 * `WorkspaceAlreadyExists`). The API key never appears in the message, the stack, the cause or
 * `JSON.stringify(error)`.
 */
export class DittofeedApiError extends Error {
  override readonly name = 'DittofeedApiError';
  /** HTTP status of Dittofeed's answer; `0` for network errors and timeouts. */
  readonly status: number;
  readonly code: DittofeedApiErrorCode;
  /** Dittofeed's error `type` from the body, e.g. `WorkspaceAlreadyExists`. */
  readonly type: string | undefined;
  /** Dittofeed's `message` from the body, if any. */
  readonly dittofeedMessage: string | undefined;
  /** `METHOD /path` of the failed call (no query, no host). */
  readonly endpoint: string;

  constructor(init: {
    code: DittofeedApiErrorCode;
    status: number;
    endpoint: string;
    message: string;
    type?: string | undefined;
    dittofeedMessage?: string | undefined;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.endpoint = init.endpoint;
    this.type = init.type;
    this.dittofeedMessage = init.dittofeedMessage;
  }

  /** Safe to log or send to a monitoring service. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      endpoint: this.endpoint,
      type: this.type,
      message: this.message,
    };
  }
}

/** Bad input to one of these helpers (a missing API key, a non-string workspace id, …). No request was sent. */
export class DittofeedInputError extends TypeError {
  override readonly name = 'DittofeedInputError';
  /** The option or argument that was wrong, e.g. `apiKey` or `workspaceId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

// ---------------------------------------------------------------------------------------------
// Admin client
// ---------------------------------------------------------------------------------------------

/** Options of {@link createDittofeedAdmin}. */
export interface DittofeedAdminOptions {
  /** A Dittofeed admin API key of the parent workspace. Keep it on the server. */
  apiKey: string;
  /** Dittofeed's origin (and optional path prefix). Default `https://app.dittofeed.com`. */
  baseUrl?: string | undefined;
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Milliseconds before a request is abandoned with a `timeout` error. Default 15000. */
  timeoutMs?: number | undefined;
}

/** Arguments of {@link DittofeedAdmin.createSession}. */
export interface CreateSessionParams {
  /** The (child) workspace the session token is scoped to. */
  workspaceId: string;
  /** Identifies the person using the embedded pages, for Dittofeed's audit trail. */
  occupantId?: string | undefined;
}

/** Dittofeed's answer to `POST /api-l/sessions/`. It has no expiry field: tokens last one hour. */
export interface DittofeedSession {
  token: string;
}

/** Arguments of {@link DittofeedAdmin.createChildWorkspace}. */
export interface CreateChildWorkspaceParams {
  /** Display name, e.g. the customer's company name. */
  name: string;
  /** The parent workspace that owns the admin API key. */
  parentWorkspaceId: string;
  /** Your own id for the customer; lets you find the workspace again. */
  externalId: string;
  /** Optional email domain of the workspace. */
  domain?: string | undefined;
}

/** Arguments of {@link DittofeedAdmin.listChildWorkspaces}. */
export interface ListChildWorkspacesParams {
  parentWorkspaceId: string;
}

/** A workspace as Dittofeed describes it. Unknown extra fields are kept. */
export interface DittofeedWorkspace {
  id: string;
  name: string;
  externalId?: string;
  /** `Child` for workspaces created here. */
  type?: string;
  status?: string;
  domain?: string;
  /** The key for submitting events to this workspace. */
  writeKey?: string;
  [field: string]: unknown;
}

/** A client for the parts of the Dittofeed admin API an embedding host needs. */
export interface DittofeedAdmin {
  /** `POST /api-l/sessions/`: a session token for the embedded pages of one workspace. */
  createSession(params: CreateSessionParams): Promise<DittofeedSession>;
  /**
   * `PUT /api-l/admin/workspaces/child`: a new child workspace. Rejects with a
   * {@link DittofeedApiError} whose `type` is `WorkspaceAlreadyExists` when the name or external id is taken.
   */
  createChildWorkspace(params: CreateChildWorkspaceParams): Promise<DittofeedWorkspace>;
  /** `GET /api-l/admin/workspaces/child`: the parent's child workspaces, for idempotent provisioning. */
  listChildWorkspaces(params: ListChildWorkspacesParams): Promise<DittofeedWorkspace[]>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function requireString(value: unknown, field: string, maxLength = 512): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DittofeedInputError(field, `${field} must be a non-empty string`);
  }
  if (value.length > maxLength) {
    throw new DittofeedInputError(field, `${field} must be at most ${maxLength} characters`);
  }
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field);
}

function requireParams(value: unknown, method: string): Record<string, unknown> {
  if (!isRecord(value)) throw new DittofeedInputError('params', `${method} expects an object argument`);
  return value;
}

function normalizeBaseUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_DITTOFEED_BASE_URL;
  if (typeof value !== 'string') throw new DittofeedInputError('baseUrl', 'baseUrl must be a string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DittofeedInputError('baseUrl', 'baseUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DittofeedInputError('baseUrl', 'baseUrl must be an absolute http(s) URL');
  }
  if (url.username || url.password) {
    throw new DittofeedInputError('baseUrl', 'baseUrl must not contain credentials');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Replaces every occurrence of the secret in text that came from elsewhere (upstream bodies, causes). */
function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

/** A cause without the original object's stack or properties, which could hold request details. */
function safeCause(error: unknown, secret: string): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const cause = new Error(redact(message, secret));
  cause.name = name;
  cause.stack = `${name}: ${cause.message}`;
  return cause;
}

/**
 * Creates a client for the Dittofeed admin API.
 *
 * ```ts
 * const admin = createDittofeedAdmin({ apiKey: process.env.DITTOFEED_ADMIN_KEY!, baseUrl: 'https://app.dittofeed.com' });
 * const { token } = await admin.createSession({ workspaceId });
 * ```
 *
 * @throws {DittofeedInputError} synchronously when the options are invalid.
 */
export function createDittofeedAdmin(options: DittofeedAdminOptions): DittofeedAdmin {
  if (!isRecord(options)) throw new DittofeedInputError('options', 'createDittofeedAdmin expects an options object');
  const apiKey = requireString(options.apiKey, 'apiKey', 4096);
  if (/\s/.test(apiKey)) throw new DittofeedInputError('apiKey', 'apiKey must not contain whitespace');
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new DittofeedInputError('fetch', 'fetch must be a function (no global fetch: use Node 18+ or pass one)');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new DittofeedInputError('timeoutMs', 'timeoutMs must be a positive number of milliseconds');
  }

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, query?: Record<string, string>): Promise<unknown> {
    const endpoint = `${method} ${path}`;
    const url = new URL(baseUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${apiKey}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url.href, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: controller.signal,
        redirect: 'error', // never replay the Authorization header to another place
      });
      text = await response.text();
    } catch (error) {
      throw new DittofeedApiError({
        code: timedOut ? 'timeout' : 'network-error',
        status: 0,
        endpoint,
        message: timedOut
          ? `Dittofeed ${endpoint} timed out after ${timeoutMs} ms`
          : `Dittofeed ${endpoint} failed: ${redact(error instanceof Error ? error.message : String(error), apiKey)}`,
        cause: safeCause(error, apiKey),
      });
    } finally {
      clearTimeout(timer);
    }

    let json: unknown;
    let parsed = false;
    try {
      json = text ? JSON.parse(text) : undefined;
      parsed = true;
    } catch {
      // handled below: an error status keeps its status, a 2xx becomes invalid-response
    }
    if (!response.ok) {
      const type = isRecord(json) && typeof json.type === 'string' ? redact(json.type, apiKey).slice(0, 200) : undefined;
      const upstreamMessage =
        isRecord(json) && typeof json.message === 'string' ? redact(json.message, apiKey).slice(0, 500) : undefined;
      const detail = upstreamMessage ?? type ?? (response.statusText || 'no details');
      throw new DittofeedApiError({
        code: 'http-error',
        status: response.status,
        endpoint,
        type,
        dittofeedMessage: upstreamMessage,
        message: `Dittofeed ${endpoint} answered ${response.status}: ${detail}`,
      });
    }
    if (!parsed) {
      throw new DittofeedApiError({
        code: 'invalid-response',
        status: response.status,
        endpoint,
        message: `Dittofeed ${endpoint} answered ${response.status} with a body that is not JSON`,
      });
    }
    return json;
  }

  const invalidResponse = (endpoint: string, what: string): DittofeedApiError =>
    new DittofeedApiError({ code: 'invalid-response', status: 200, endpoint, message: `Dittofeed ${endpoint} answered without ${what}` });

  function toWorkspace(value: unknown): DittofeedWorkspace | null {
    if (!isRecord(value) || typeof value.id !== 'string' || typeof value.name !== 'string') return null;
    return value as DittofeedWorkspace;
  }

  return {
    async createSession(params) {
      const input = requireParams(params, 'createSession');
      const workspaceId = requireString(input.workspaceId, 'workspaceId');
      const occupantId = optionalString(input.occupantId, 'occupantId');
      const json = await call('POST', SESSIONS_PATH, occupantId === undefined ? { workspaceId } : { workspaceId, occupantId });
      if (!isRecord(json) || typeof json.token !== 'string' || json.token === '') {
        throw invalidResponse(`POST ${SESSIONS_PATH}`, 'a token');
      }
      return { token: json.token };
    },

    async createChildWorkspace(params) {
      const input = requireParams(params, 'createChildWorkspace');
      const name = requireString(input.name, 'name');
      const parentWorkspaceId = requireString(input.parentWorkspaceId, 'parentWorkspaceId');
      const externalId = requireString(input.externalId, 'externalId');
      const domain = optionalString(input.domain, 'domain');
      const body: Record<string, string> = { name, workspaceId: parentWorkspaceId, externalId };
      if (domain !== undefined) body.domain = domain;
      const workspace = toWorkspace(await call('PUT', CHILD_WORKSPACES_PATH, body));
      if (!workspace) throw invalidResponse(`PUT ${CHILD_WORKSPACES_PATH}`, 'a workspace');
      return workspace;
    },

    async listChildWorkspaces(params) {
      const input = requireParams(params, 'listChildWorkspaces');
      const parentWorkspaceId = requireString(input.parentWorkspaceId, 'parentWorkspaceId');
      const json = await call('GET', CHILD_WORKSPACES_PATH, undefined, { workspaceId: parentWorkspaceId });
      // Accept both a bare array and the `{ workspaces: [...] }` envelope.
      const list: unknown = Array.isArray(json) ? json : isRecord(json) ? json.workspaces : undefined;
      if (!Array.isArray(list)) throw invalidResponse(`GET ${CHILD_WORKSPACES_PATH}`, 'a list of workspaces');
      const workspaces = list.map(toWorkspace);
      if (workspaces.some((w) => w === null)) throw invalidResponse(`GET ${CHILD_WORKSPACES_PATH}`, 'well-formed workspaces');
      return workspaces as DittofeedWorkspace[];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Session handler
// ---------------------------------------------------------------------------------------------

/** Who the signed-in customer is, as decided by the host application. */
export interface AuthorizedSession {
  /** The customer's Dittofeed workspace. The browser never chooses it. */
  workspaceId: string;
  /** Passed to Dittofeed as the session's occupant (e.g. your user id). */
  occupantId?: string | undefined;
}

/** Options of {@link createSessionHandler}. */
export interface SessionHandlerOptions {
  /** The admin client, or anything with the same `createSession`. */
  admin: Pick<DittofeedAdmin, 'createSession'>;
  /**
   * Decides, from the incoming request (cookies, headers), which workspace the caller may embed.
   * Return `null` for a caller that is not signed in (→ 401). It may be async. The request body is
   * left unread for it.
   */
  authorize: (request: Request) => AuthorizedSession | null | undefined | Promise<AuthorizedSession | null | undefined>;
  /** The token lifetime reported to the browser as `expiresIn`. Dittofeed's tokens last one hour. Default 3600. */
  lifetimeSeconds?: number | undefined;
  /** Called with every unexpected failure (authorize threw, Dittofeed failed), e.g. to log it. Errors it throws are ignored. */
  onError?: ((error: unknown) => void) | undefined;
}

/** The body the session handler answers with on success: a `SessionInit` for `<dittofeed-embed>`. */
export interface SessionHandlerResponseBody {
  token: string;
  workspaceId: string;
  expiresIn: number;
}

/** A fetch-API request handler: `(request) => Promise<Response>`. */
export type SessionHandler = (request: Request) => Promise<Response>;

function json(status: number, body: unknown, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extraHeaders,
    },
  });
}

class BadRequest extends Error {}

/** The workspace the browser asked for (body or query), `undefined` when it did not say. */
async function requestedWorkspace(request: Request, method: string): Promise<string | undefined> {
  if (method === 'GET') {
    const value = new URL(request.url).searchParams.get('workspaceId');
    return value === null || value === '' ? undefined : value;
  }
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_SESSION_BODY_BYTES) throw new BadRequest('request body too large');
  const text = await request.text();
  if (text.length > MAX_SESSION_BODY_BYTES) throw new BadRequest('request body too large');
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
  if (!isRecord(body)) throw new BadRequest('request body must be a JSON object');
  const value = body.workspaceId;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequest('workspaceId must be a string');
  return value;
}

/**
 * Creates the token endpoint that `<dittofeed-embed token-url="…">` calls.
 *
 * - `POST` with an optional JSON body `{ "workspaceId": "…" }`, or `GET` with an optional
 *   `?workspaceId=`; other methods get 405.
 * - `authorize(request)` names the caller's workspace; `null` → 401. A requested `workspaceId` that
 *   differs from it → 403: the browser never chooses its workspace.
 * - Success: 200 `{ token, workspaceId, expiresIn }`. Every answer is JSON with `Cache-Control: no-store`;
 *   errors are `{ error }` and never contain the API key or Dittofeed's response body
 *   (400 bad body, 500 authorize failed, 502 Dittofeed failed).
 *
 * ```ts
 * // Next.js app router: app/api/dittofeed/session/route.ts
 * const handler = createSessionHandler({ admin, authorize: async (req) => lookUpCustomer(req) });
 * export { handler as GET, handler as POST };
 * ```
 *
 * The returned handler never rejects.
 *
 * @throws {DittofeedInputError} synchronously when the options are invalid.
 */
export function createSessionHandler(options: SessionHandlerOptions): SessionHandler {
  if (!isRecord(options)) throw new DittofeedInputError('options', 'createSessionHandler expects an options object');
  const { admin, authorize, onError } = options;
  if (!isRecord(admin) || typeof admin.createSession !== 'function') {
    throw new DittofeedInputError('admin', 'admin must have a createSession method (use createDittofeedAdmin)');
  }
  if (typeof authorize !== 'function') throw new DittofeedInputError('authorize', 'authorize must be a function');
  if (onError !== undefined && typeof onError !== 'function') {
    throw new DittofeedInputError('onError', 'onError must be a function');
  }
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  if (typeof lifetimeSeconds !== 'number' || !Number.isFinite(lifetimeSeconds) || lifetimeSeconds <= 0) {
    throw new DittofeedInputError('lifetimeSeconds', 'lifetimeSeconds must be a positive number of seconds');
  }

  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {
      // a failing logger must not turn a handled error into an unhandled one
    }
  };

  return async function dittofeedSessionHandler(request: Request): Promise<Response> {
    try {
      const method = request.method.toUpperCase();
      if (method !== 'POST' && method !== 'GET') {
        return json(405, { error: 'Method not allowed' }, { Allow: 'GET, POST' });
      }

      // authorize gets the untouched request; the body is read from a copy.
      const bodySource = method === 'POST' ? request.clone() : request;
      let authorized: AuthorizedSession | null | undefined;
      try {
        authorized = await authorize(request);
      } catch (error) {
        report(error);
        return json(500, { error: 'Could not check who is signed in' });
      }
      if (authorized === null || authorized === undefined) return json(401, { error: 'Not signed in' });
      if (
        !isRecord(authorized) ||
        typeof authorized.workspaceId !== 'string' ||
        authorized.workspaceId === '' ||
        (authorized.occupantId !== undefined && typeof authorized.occupantId !== 'string')
      ) {
        report(new DittofeedInputError('authorize', 'authorize must return { workspaceId: string, occupantId?: string } or null'));
        return json(500, { error: 'Could not check who is signed in' });
      }

      let requested: string | undefined;
      try {
        requested = await requestedWorkspace(bodySource, method);
      } catch (error) {
        if (error instanceof BadRequest) return json(400, { error: error.message });
        throw error;
      }
      if (requested !== undefined && requested !== authorized.workspaceId) {
        return json(403, { error: 'This workspace is not yours' });
      }

      let token: string;
      try {
        const session = await admin.createSession(
          authorized.occupantId === undefined
            ? { workspaceId: authorized.workspaceId }
            : { workspaceId: authorized.workspaceId, occupantId: authorized.occupantId },
        );
        if (!isRecord(session) || typeof session.token !== 'string' || session.token === '') {
          throw new DittofeedApiError({ code: 'invalid-response', status: 200, endpoint: `POST ${SESSIONS_PATH}`, message: 'createSession returned no token' });
        }
        token = session.token;
      } catch (error) {
        report(error);
        return json(502, { error: 'Could not create a Dittofeed session' });
      }
      const body: SessionHandlerResponseBody = { token, workspaceId: authorized.workspaceId, expiresIn: lifetimeSeconds };
      return json(200, body);
    } catch (error) {
      report(error);
      return json(500, { error: 'Internal error' });
    }
  };
}
