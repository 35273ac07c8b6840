// What every framework typing shares: the element's attributes as written in markup, the
// properties that have no attribute, and helpers that turn event names into handler names.
import type { EmbedType, FetchToken } from '../types.js';

/** The attributes of `<dittofeed-embed>`, spelled as in HTML. */
export interface DittofeedEmbedAttributes {
  /** Which Dittofeed page to show. */
  type?: EmbedType;
  /** The journey/broadcast/template/segment id, for editor types. */
  'resource-id'?: string;
  /** The host backend's session endpoint. */
  'token-url'?: string;
  /** Sent to the token endpoint; used when the response names no workspace. */
  'workspace-id'?: string;
  /** The Dittofeed origin (absolute http/https URL). Default `https://app.dittofeed.com`. */
  'base-url'?: string;
  /** `auto` (default) follows resize messages; any CSS length fixes the height. */
  height?: string;
  /** `lazy`: no token request and no iframe until the element nears the viewport. */
  loading?: 'eager' | 'lazy';
  /** Seconds before expiry at which a new token is fetched. Default 60. */
  'refresh-margin'?: number | `${number}`;
  /** Seconds assumed when nothing says when a token expires. Default 3600. */
  'token-lifetime'?: number | `${number}`;
  /** Logs `[dittofeed-embed]` lines with `console.debug` (tokens redacted). */
  debug?: boolean;
  /** The iframe's accessible title. */
  'frame-title'?: string;
  /** The iframe's Permissions Policy. Default `clipboard-write; fullscreen`; `""` for none. */
  allow?: string;
  /** The iframe's referrer policy. Default `strict-origin-when-cross-origin`. */
  referrerpolicy?: ReferrerPolicy;
  /** Opt-in iframe sandbox flags; must include `allow-scripts allow-same-origin`. */
  sandbox?: string;
  /** Pages without `token` messages: reload with a waiting new token at the first idle moment. */
  'idle-reload'?: boolean;
  /** Seconds the pointer must be away from the frame before an `idle-reload`. Default 10. */
  'idle-after'?: number | `${number}`;
}

/** Properties without an attribute: frameworks must set them as properties. */
export interface DittofeedEmbedProperties {
  /** Replaces `token-url` when set. */
  fetchToken?: FetchToken;
  /** Merged into the token request (headers such as a CSRF token, `credentials`). */
  tokenRequestInit?: RequestInit;
  /** Extra query parameters for the iframe URL. */
  params?: Record<string, string>;
}

/** `dittofeed-before-reload` → `DittofeedBeforeReload`. */
export type PascalCaseEventName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCaseEventName<Tail>}`
  : Capitalize<S>;

/** `resource-id` → `resourceId`. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

export type { DittofeedEventName } from '../events.js';
