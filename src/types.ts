/** The embed types of the route table (docs/protocol.md, "Pages"). */
export type EmbedType =
  | 'journeys'
  | 'journey'
  | 'broadcasts'
  | 'broadcast'
  | 'templates'
  | 'email-template'
  | 'sms-template'
  | 'segments'
  | 'segment'
  | 'deliveries'
  | 'analysis';

/** What a token endpoint (or `fetchToken`) answers. Only `token` is required. */
export interface SessionInit {
  token: string;
  workspaceId?: string;
  /** Seconds from receipt; immune to clock skew. */
  expiresIn?: number;
  /** ISO 8601 string or epoch milliseconds. */
  expiresAt?: string | number;
}

export interface FetchTokenContext {
  workspaceId?: string;
  signal: AbortSignal;
}

/** Replaces `token-url`: resolves to a session or a bare token string. */
export type FetchToken = (context: FetchTokenContext) => Promise<SessionInit | string>;

/** The public view of the current session: never the token. */
export interface SessionInfo {
  workspaceId: string;
  /** Epoch milliseconds, in this browser's clock. */
  expiresAt: number;
}

/** A session as held internally: the token plus when it was received and when it expires. */
export interface Session extends SessionInfo {
  token: string;
  receivedAt: number;
}
