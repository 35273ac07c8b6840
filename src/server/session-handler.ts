// The token endpoint `<dittofeed-embed token-url>` calls: authorize, check the requested workspace, mint.
import type { DittofeedAdmin } from './admin-client.js';
import { SESSIONS_PATH } from './admin-client.js';
import { DittofeedApiError, DittofeedInputError } from './errors.js';
import { isRecord } from './validate.js';
import { decodeJwt } from 'jose';
import { DEFAULT_TOKEN_LIFETIME } from '../defaults.js';

/** A session request body is a tiny JSON object; anything larger is refused before parsing. */
const MAX_SESSION_BODY_BYTES = 16 * 1024;

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
  /**
   * The longest lifetime reported to the browser as `expiresIn`, in seconds; a token whose JWT
   * `exp` comes sooner is reported with that. Dittofeed's tokens last one hour. Default 3600.
   */
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

/**
 * Seconds the token is good for, as reported to the browser: until the token's own JWT `exp` when
 * it has one (to the second, as `exp` counts), at most the configured lifetime; the configured
 * lifetime for a token that is not a JWT; 0 when it has already expired.
 */
export function honestExpiresIn(token: string, lifetimeSeconds: number, nowMs = Date.now()): number {
  let exp: unknown;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return lifetimeSeconds; // not a JWT: Dittofeed's documented lifetime is all there is
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return lifetimeSeconds;
  return Math.max(0, Math.min(lifetimeSeconds, Math.ceil(exp - nowMs / 1000)));
}

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
 * - Success: 200 `{ token, workspaceId, expiresIn }` (`expiresIn` from the token's JWT `exp` when it has one, at most
 *   `lifetimeSeconds`). Every answer is JSON with `Cache-Control: no-store`;
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
  const lifetimeSeconds = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME;
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
      const expiresIn = honestExpiresIn(token, lifetimeSeconds);
      if (expiresIn <= 0) {
        report(new DittofeedApiError({ code: 'invalid-response', status: 200, endpoint: `POST ${SESSIONS_PATH}`, message: 'Dittofeed returned an expired session token' }));
        return json(502, { error: 'Could not create a Dittofeed session' });
      }
      const body: SessionHandlerResponseBody = { token, workspaceId: authorized.workspaceId, expiresIn };
      return json(200, body);
    } catch (error) {
      report(error);
      return json(500, { error: 'Internal error' });
    }
  };
}
