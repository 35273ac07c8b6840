// The Dittofeed admin API client: one `call` with timeout, redirect refusal and typed errors, and
// the methods an embedding host needs.
import { DittofeedApiError, DittofeedInputError, redact, safeCause } from './errors.js';
import { isRecord, normalizeBaseUrl, optionalString, requireParams, requireString } from './validate.js';

export const SESSIONS_PATH = '/api-l/sessions/';
const CHILD_WORKSPACES_PATH = '/api-l/admin/workspaces/child';
const DEFAULT_TIMEOUT_MS = 15_000;

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
