// A token endpoint's (or fetchToken's) answer, validated and turned into a session: the one place
// that reads what the host's backend returned (docs/protocol.md, "Token endpoint").
import { computeExpiry, given, invalidResponse, type ExpiryOptions } from '../expiry.js';
import type { Session, SessionInit } from '../types.js';

export interface ParseOptions extends ExpiryOptions {
  /** The element's `workspace-id`, used when the response names none. */
  workspaceId?: string | undefined;
}

/** Validates what a token endpoint or `fetchToken` returned and turns it into a session. */
export function parseSession(body: unknown, receivedAt: number, options: ParseOptions): Session {
  const init = (typeof body === 'string' ? { token: body } : body) as Record<string, unknown> | null;
  if (!init || typeof init !== 'object' || Array.isArray(init)) throw invalidResponse('response is not an object');
  const { token, workspaceId } = init;
  if (typeof token !== 'string' || !token.trim()) throw invalidResponse('response has no token');
  if (given(workspaceId) && (typeof workspaceId !== 'string' || !workspaceId)) throw invalidResponse('workspaceId is not a string');
  const workspace = (workspaceId as string | undefined) || options.workspaceId;
  if (!workspace) throw invalidResponse('no workspaceId in the response or attribute');
  const expiresAt = computeExpiry(init as unknown as SessionInit, receivedAt, options);
  return { token, workspaceId: workspace, expiresAt, receivedAt };
}
