import { DittofeedEmbedError } from '../errors.js';
import { parseSession } from './parse-session.js';
import type { FetchToken, Session } from '../types.js';

export const TOKEN_REQUEST_TIMEOUT_MS = 15_000;

/** Where tokens come from: the host's endpoint, or the host's own function. */
export type TokenSource = { url: string; init?: RequestInit | undefined } | { fetchToken: FetchToken };

/** Where a session comes from and how to read it: the element's `token-url` or `fetchToken`, `workspace-id`, `token-lifetime`. */
export interface TokenRequest {
  source: TokenSource;
  workspaceId?: string | undefined;
  /** `token-lifetime`, seconds: assumed when the answer says nothing about expiry. */
  lifetime: number;
}

const failed = (why: string) => new DittofeedEmbedError('token-request-failed', 'token request ' + why);

/**
 * One token request with a 15 s timeout. Resolves to the session, or to null when `signal` was
 * aborted (nobody needs the answer: nothing to report); every failure rejects with a typed
 * DittofeedEmbedError.
 */
export async function requestSession({ source, workspaceId, lifetime }: TokenRequest, signal: AbortSignal): Promise<Session | null> {
  if (signal.aborted) return null;
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, TOKEN_REQUEST_TIMEOUT_MS);
  signal.addEventListener('abort', abort);
  try {
    let body: unknown;
    let dateHeader: string | null = null;
    if ('url' in source) {
      const init = source.init ?? {};
      const headers = new Headers(init.headers);
      const url = new URL(source.url, document.baseURI);
      let payload: BodyInit | null | undefined;
      if (!headers.has('Accept')) headers.set('Accept', 'application/json');
      if (init.method?.toUpperCase() === 'GET') {
        if (workspaceId) url.searchParams.set('workspaceId', workspaceId);
      } else {
        payload = init.body;
        if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
        payload ??= JSON.stringify(workspaceId ? { workspaceId } : {});
      }
      const response = await fetch(url, { method: 'POST', credentials: 'same-origin', ...init, headers, body: payload, signal: controller.signal });
      dateHeader = response.headers.get('Date');
      if (!response.ok) {
        throw new DittofeedEmbedError('token-http-error', 'token endpoint answered HTTP ' + response.status, response.status);
      }
      // Not JSON, or a bare string (a token only from fetchToken): parseSession reports it as invalid.
      body = await response.json().catch(() => null);
      if (typeof body !== 'object') body = null;
    } else {
      const context = workspaceId ? { workspaceId, signal: controller.signal } : { signal: controller.signal };
      // Rejects on abort, so that a fetchToken which ignores its signal still times out.
      const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', reject));
      body = await Promise.race([source.fetchToken(context), aborted]);
    }
    return parseSession(body, Date.now(), { dateHeader, lifetime, workspaceId });
  } catch (error) {
    if (signal.aborted) return null;
    if (controller.signal.aborted) throw failed('timed out after 15 s');
    if (error instanceof DittofeedEmbedError) throw error;
    throw failed('failed: ' + (error as Error)?.message);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}
