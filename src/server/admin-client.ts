// The Dittofeed admin API client (requests go through http.ts: timeout, no redirects, typed errors),
// and the methods an embedding host needs.
import { DittofeedApiError, DittofeedInputError } from './errors.js';
import {
  COMPONENT_TYPES,
  type ComponentConfiguration,
  type PutComponentConfigurationParams,
} from './component-configurations.js';
import { callDittofeed, connectionFrom, type HttpMethod } from './http.js';
import { isRecord, optionalString, requireParams, requireString } from './validate.js';

export const SESSIONS_PATH = '/api-l/sessions/';
const CHILD_WORKSPACES_PATH = '/api-l/admin/workspaces/child';
const WORKSPACES_PATH = '/api-l/admin/workspaces/';
const COMPONENT_CONFIGURATIONS_PATH = '/api/admin/component-configurations/';
/** Workspaces asked for per page when listing children. */
const PAGE_SIZE = 100;

/**
 * How `createSession` authenticates to `POST /api-l/sessions/`.
 * - `auto` (default): with the workspace's write key when this client knows it (passed in, or
 *   seen when it created, fetched or listed the workspace, or found among `parentWorkspaceId`'s
 *   children), else with the admin key.
 * - `write-key`: Dittofeed's guide: always the workspace's write key; a typed error when none is found.
 * - `admin-key`: always the parent's admin key.
 */
export type SessionAuth = 'auto' | 'write-key' | 'admin-key';

/**
 * How a write key goes into the `Authorization` header. Dittofeed's guide shows
 * `Authorization: Bearer <write-key>` while the write key it issues already reads `Basic …`, so
 * the literal reading is `Bearer Basic …` (`bearer`, the default); `raw` sends the write key as
 * the whole header value (`Basic …`), as Dittofeed's public event API takes it.
 */
export type WriteKeyScheme = 'bearer' | 'raw';

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
  /** How sessions are minted: see {@link SessionAuth}. Default `auto`. */
  sessionAuth?: SessionAuth | undefined;
  /** How a write key is sent: see {@link WriteKeyScheme}. Default `bearer`. */
  writeKeyScheme?: WriteKeyScheme | undefined;
  /** The parent workspace (owner of the admin key): the default for provisioning calls, and where a child's write key is looked up. */
  parentWorkspaceId?: string | undefined;
}

/** Arguments of {@link DittofeedAdmin.createSession}. */
export interface CreateSessionParams {
  /** The (child) workspace the session token is scoped to. */
  workspaceId: string;
  /** Identifies the person using the embedded pages, for Dittofeed's audit trail. */
  occupantId?: string | undefined;
  /** The member id of Dittofeed's API description (older name of the occupant). */
  memberId?: string | undefined;
  /** The workspace's write key (`Basic …`), if you stored it; otherwise the client finds it (see {@link SessionAuth}). */
  writeKey?: string | undefined;
}

/** Dittofeed's answer to `POST /api-l/sessions/`. It has no expiry field: tokens last one hour. */
export interface DittofeedSession {
  token: string;
}

/** Arguments of {@link DittofeedAdmin.createChildWorkspace}. */
export interface CreateChildWorkspaceParams {
  /** Display name, e.g. the customer's company name. */
  name: string;
  /** The parent workspace that owns the admin API key. Default: the client's `parentWorkspaceId`. */
  parentWorkspaceId?: string | undefined;
  /** Your own id for the customer; lets you find the workspace again. */
  externalId: string;
  /** Optional email domain of the workspace. */
  domain?: string | undefined;
}

/** Arguments of {@link DittofeedAdmin.listChildWorkspaces}. */
export interface ListChildWorkspacesParams {
  /** Default: the client's `parentWorkspaceId`. */
  parentWorkspaceId?: string | undefined;
}

/** A child workspace named by your own id for the customer. */
export interface WorkspaceByExternalIdParams {
  externalId: string;
  /** Default: the client's `parentWorkspaceId`. */
  parentWorkspaceId?: string | undefined;
}

/** Arguments of {@link DittofeedAdmin.ensureCustomerWorkspace}. */
export interface EnsureCustomerWorkspaceParams extends WorkspaceByExternalIdParams {
  /** Display name used when the workspace has to be created. */
  name: string;
  domain?: string | undefined;
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
  /** `GET /api-l/admin/workspaces/child`: all the parent's child workspaces (paged through to the end). */
  listChildWorkspaces(params?: ListChildWorkspacesParams): Promise<DittofeedWorkspace[]>;
  /** `GET /api-l/admin/workspaces/?externalId=`: the customer's workspace, or null. */
  getWorkspace(params: WorkspaceByExternalIdParams): Promise<DittofeedWorkspace | null>;
  /** `DELETE /api-l/admin/workspaces/?externalId=`: tombstones the customer's workspace. */
  deleteWorkspace(params: WorkspaceByExternalIdParams): Promise<void>;
  /**
   * The customer's workspace, created when it does not exist yet. Idempotent: concurrent calls for
   * one `externalId` share one request, and a `WorkspaceAlreadyExists` (another process won the
   * race) is answered by fetching the workspace that exists.
   */
  ensureCustomerWorkspace(params: EnsureCustomerWorkspaceParams): Promise<DittofeedWorkspace>;
  /** `PUT /api/admin/component-configurations/`: creates or replaces the workspace's configuration of one component. */
  putComponentConfiguration(params: PutComponentConfigurationParams): Promise<ComponentConfiguration>;
  /** `GET /api/admin/component-configurations/`: the workspace's configurations. */
  listComponentConfigurations(params: { workspaceId: string }): Promise<ComponentConfiguration[]>;
  /** `DELETE /api/admin/component-configurations/`: removes one configuration. */
  deleteComponentConfiguration(params: { workspaceId: string; id: string }): Promise<void>;
}

/** `value` when it is one of `allowed`, `fallback` when undefined; a DittofeedInputError naming `field` otherwise. */
function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new DittofeedInputError(field, `${field} must be one of ${allowed.join(', ')}`);
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
  const connection = connectionFrom(options);
  const sessionAuth = oneOf(options.sessionAuth, 'sessionAuth', ['auto', 'write-key', 'admin-key'] as const, 'auto');
  const writeKeyScheme = oneOf(options.writeKeyScheme, 'writeKeyScheme', ['bearer', 'raw'] as const, 'bearer');
  const defaultParent = optionalString(options.parentWorkspaceId, 'parentWorkspaceId');
  /** Write keys by workspace id, learnt from every workspace this client has seen (memory only). */
  const writeKeys = new Map<string, string>();
  /** Workspaces whose write key was looked up among the parent's children (once each). */
  const lookedUp = new Set<string>();
  /** ensureCustomerWorkspace calls in flight, by parent and externalId. */
  const ensuring = new Map<string, Promise<DittofeedWorkspace>>();
  const adminAuthorization = `Bearer ${apiKey}`;
  const writeKeyAuthorization = (writeKey: string) => (writeKeyScheme === 'raw' ? writeKey : `Bearer ${writeKey}`);

  function call(
    method: HttpMethod,
    path: string,
    body?: unknown,
    query?: Record<string, string>,
    authorization = adminAuthorization,
  ): Promise<unknown> {
    // Redacted from anything that comes back: the admin key, and the write key when one is sent.
    const secrets = authorization === adminAuthorization ? [apiKey] : [apiKey, authorization.replace(/^Bearer /, '')];
    return callDittofeed(connection, { method, path, body, query, authorization, secrets });
  }

  const invalidResponse = (endpoint: string, what: string): DittofeedApiError =>
    new DittofeedApiError({ code: 'invalid-response', status: 200, endpoint, message: `Dittofeed ${endpoint} answered without ${what}` });

  function toWorkspace(value: unknown): DittofeedWorkspace | null {
    if (!isRecord(value) || typeof value.id !== 'string' || typeof value.name !== 'string') return null;
    if (typeof value.writeKey === 'string' && value.writeKey !== '') writeKeys.set(value.id, value.writeKey);
    return value as DittofeedWorkspace;
  }

  function toConfiguration(value: unknown): ComponentConfiguration | null {
    if (!isRecord(value) || typeof value.id !== 'string' || typeof value.workspaceId !== 'string' || !isRecord(value.definition)) return null;
    return value as unknown as ComponentConfiguration;
  }

  function parentOf(input: Record<string, unknown>): string {
    const given = optionalString(input.parentWorkspaceId, 'parentWorkspaceId') ?? defaultParent;
    if (given === undefined) {
      throw new DittofeedInputError('parentWorkspaceId', 'parentWorkspaceId is required (here or in createDittofeedAdmin)');
    }
    return given;
  }

  async function listChildren(parentWorkspaceId: string): Promise<DittofeedWorkspace[]> {
    const endpoint = `GET ${CHILD_WORKSPACES_PATH}`;
    const all: DittofeedWorkspace[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const json = await call('GET', CHILD_WORKSPACES_PATH, undefined, {
        workspaceId: parentWorkspaceId,
        limit: String(PAGE_SIZE),
        offset: String(offset),
      });
      // Accept both the `{ workspaces: [...] }` envelope of the API and a bare array.
      const list: unknown = Array.isArray(json) ? json : isRecord(json) ? json.workspaces : undefined;
      if (!Array.isArray(list)) throw invalidResponse(endpoint, 'a list of workspaces');
      const page = list.map(toWorkspace);
      if (page.some((w) => w === null)) throw invalidResponse(endpoint, 'well-formed workspaces');
      const fresh = (page as DittofeedWorkspace[]).filter((w) => !all.some((seen) => seen.id === w.id));
      all.push(...fresh);
      // A short page is the last one; a page of nothing new means the server ignores paging.
      if (page.length !== PAGE_SIZE || fresh.length === 0) return all;
    }
  }

  async function getWorkspace(params: WorkspaceByExternalIdParams): Promise<DittofeedWorkspace | null> {
    const input = requireParams(params, 'getWorkspace');
    const externalId = requireString(input.externalId, 'externalId');
    const json = await call('GET', WORKSPACES_PATH, undefined, { workspaceId: parentOf(input), externalId });
    if (json === null || json === undefined) return null;
    const workspace = toWorkspace(json);
    if (!workspace) throw invalidResponse(`GET ${WORKSPACES_PATH}`, 'a workspace or null');
    return workspace.status === 'Tombstoned' ? null : workspace;
  }

  async function createChildWorkspace(params: CreateChildWorkspaceParams): Promise<DittofeedWorkspace> {
    const input = requireParams(params, 'createChildWorkspace');
    const name = requireString(input.name, 'name');
    const parentWorkspaceId = parentOf(input);
    const externalId = requireString(input.externalId, 'externalId');
    const domain = optionalString(input.domain, 'domain');
    const body: Record<string, string> = { name, workspaceId: parentWorkspaceId, externalId };
    if (domain !== undefined) body.domain = domain;
    const workspace = toWorkspace(await call('PUT', CHILD_WORKSPACES_PATH, body));
    if (!workspace) throw invalidResponse(`PUT ${CHILD_WORKSPACES_PATH}`, 'a workspace');
    return workspace;
  }

  /** The write key for a session in `workspaceId`, or undefined to use the admin key. */
  async function sessionWriteKey(workspaceId: string, given: string | undefined): Promise<string | undefined> {
    if (sessionAuth === 'admin-key') return undefined;
    let writeKey = given ?? writeKeys.get(workspaceId);
    if (writeKey === undefined && defaultParent !== undefined && !lookedUp.has(workspaceId)) {
      lookedUp.add(workspaceId);
      await listChildren(defaultParent);
      writeKey = writeKeys.get(workspaceId);
    }
    if (writeKey === undefined && sessionAuth === 'write-key') {
      throw new DittofeedInputError(
        'writeKey',
        `no write key known for workspace ${workspaceId}: pass writeKey, or parentWorkspaceId to look it up`,
      );
    }
    return writeKey;
  }

  return {
    async createSession(params) {
      const input = requireParams(params, 'createSession');
      const workspaceId = requireString(input.workspaceId, 'workspaceId');
      const occupantId = optionalString(input.occupantId, 'occupantId');
      const memberId = optionalString(input.memberId, 'memberId');
      const writeKey = await sessionWriteKey(workspaceId, optionalString(input.writeKey, 'writeKey'));
      const body: Record<string, string> = { workspaceId };
      if (occupantId !== undefined) body.occupantId = occupantId;
      if (memberId !== undefined) body.memberId = memberId;
      const authorization = writeKey === undefined ? adminAuthorization : writeKeyAuthorization(writeKey);
      const json = await call('POST', SESSIONS_PATH, body, undefined, authorization);
      if (!isRecord(json) || typeof json.token !== 'string' || json.token === '') {
        throw invalidResponse(`POST ${SESSIONS_PATH}`, 'a token');
      }
      return { token: json.token };
    },

    createChildWorkspace,
    async listChildWorkspaces(params) {
      const input = params === undefined ? {} : requireParams(params, 'listChildWorkspaces');
      return listChildren(parentOf(input));
    },
    getWorkspace,
    async deleteWorkspace(params) {
      const input = requireParams(params, 'deleteWorkspace');
      const externalId = requireString(input.externalId, 'externalId');
      await call('DELETE', WORKSPACES_PATH, undefined, { workspaceId: parentOf(input), externalId });
    },
    async putComponentConfiguration(params) {
      const input = requireParams(params, 'putComponentConfiguration');
      const workspaceId = requireString(input.workspaceId, 'workspaceId');
      const id = optionalString(input.id, 'id');
      const definition = input.definition;
      if (!isRecord(definition)) throw new DittofeedInputError('definition', 'definition must be an object');
      if (!COMPONENT_TYPES.includes(definition.type as never)) {
        throw new DittofeedInputError('definition.type', `definition.type must be one of ${COMPONENT_TYPES.join(', ')}`);
      }
      const body: Record<string, unknown> = { workspaceId, name: definition.type, definition };
      if (id !== undefined) body.id = id;
      const json = await call('PUT', COMPONENT_CONFIGURATIONS_PATH, body);
      const configuration = toConfiguration(json);
      if (!configuration) throw invalidResponse(`PUT ${COMPONENT_CONFIGURATIONS_PATH}`, 'a component configuration');
      return configuration;
    },
    async listComponentConfigurations(params) {
      const input = requireParams(params, 'listComponentConfigurations');
      const workspaceId = requireString(input.workspaceId, 'workspaceId');
      const json = await call('GET', COMPONENT_CONFIGURATIONS_PATH, undefined, { workspaceId });
      const list = isRecord(json) ? json.componentConfigurations : undefined;
      const configurations = Array.isArray(list) ? list.map(toConfiguration) : null;
      if (!configurations || configurations.some((c) => c === null)) {
        throw invalidResponse(`GET ${COMPONENT_CONFIGURATIONS_PATH}`, 'a list of component configurations');
      }
      return configurations as ComponentConfiguration[];
    },
    async deleteComponentConfiguration(params) {
      const input = requireParams(params, 'deleteComponentConfiguration');
      const workspaceId = requireString(input.workspaceId, 'workspaceId');
      const id = requireString(input.id, 'id');
      await call('DELETE', COMPONENT_CONFIGURATIONS_PATH, undefined, { workspaceId, id });
    },
    async ensureCustomerWorkspace(params) {
      const input = requireParams(params, 'ensureCustomerWorkspace');
      const externalId = requireString(input.externalId, 'externalId');
      const name = requireString(input.name, 'name');
      const domain = optionalString(input.domain, 'domain');
      const parentWorkspaceId = parentOf(input);
      const key = JSON.stringify([parentWorkspaceId, externalId]);
      const pending = ensuring.get(key);
      if (pending) return pending;
      const attempt = (async () => {
        const found = await getWorkspace({ parentWorkspaceId, externalId });
        if (found) return found;
        try {
          return await createChildWorkspace({ name, parentWorkspaceId, externalId, domain });
        } catch (error) {
          // Another process created it between our lookup and our create: use that one.
          if (!(error instanceof DittofeedApiError) || error.type !== 'WorkspaceAlreadyExists') throw error;
          const existing = await getWorkspace({ parentWorkspaceId, externalId });
          if (existing) return existing;
          throw error;
        }
      })().finally(() => ensuring.delete(key));
      ensuring.set(key, attempt);
      return attempt;
    },
  };
}
