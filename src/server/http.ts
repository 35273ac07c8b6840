// One call to Dittofeed's HTTP API, shared by the admin and the events clients: a timeout, no
// redirects (the Authorization header is never replayed elsewhere), and typed errors that never
// carry a key.
import { DittofeedApiError, DittofeedInputError, redact, safeCause } from './errors.js';
import { isRecord, normalizeBaseUrl } from './validate.js';

const DEFAULT_TIMEOUT_MS = 15_000;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Where and how to reach Dittofeed. */
export interface Connection {
  /** Normalised origin and optional path prefix, without a trailing slash. */
  baseUrl: string;
  fetchImpl: typeof fetch;
  timeoutMs: number;
}

/** The connection options every client takes, checked; each failure names its option. */
export function connectionFrom(options: { baseUrl?: unknown; fetch?: unknown; timeoutMs?: unknown }): Connection {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new DittofeedInputError('fetch', 'fetch must be a function (no global fetch: use Node 18+ or pass one)');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new DittofeedInputError('timeoutMs', 'timeoutMs must be a positive number of milliseconds');
  }
  return { baseUrl, fetchImpl: fetchImpl as typeof fetch, timeoutMs };
}

export interface DittofeedRequest {
  method: HttpMethod;
  path: string;
  body?: unknown;
  query?: Record<string, string> | undefined;
  /** The whole `Authorization` header value. */
  authorization: string;
  /** Keys to redact from anything that comes back (upstream messages, causes). */
  secrets: readonly string[];
}

/** Sends one request; resolves to the parsed JSON answer (undefined for an empty one). */
export async function callDittofeed({ baseUrl, fetchImpl, timeoutMs }: Connection, request: DittofeedRequest): Promise<unknown> {
  const { method, path, body, query, authorization, secrets } = request;
  const endpoint = `${method} ${path}`;
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: authorization };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const redactAll = (text: string) => secrets.reduce((out, secret) => redact(out, secret), text);

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
        : `Dittofeed ${endpoint} failed: ${redactAll(error instanceof Error ? error.message : String(error))}`,
      cause: safeCause(error, secrets),
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
    const type = isRecord(json) && typeof json.type === 'string' ? redactAll(json.type).slice(0, 200) : undefined;
    const upstreamMessage = isRecord(json) && typeof json.message === 'string' ? redactAll(json.message).slice(0, 500) : undefined;
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
