import type { Capability } from './protocol.js';
import type { DittofeedErrorCode } from './errors.js';

export type { DittofeedErrorCode } from './errors.js';

/** How a new token reached the frame. */
export type SessionDelivery = 'initial' | 'message' | 'reload';

export interface DittofeedSessionDetail {
  workspaceId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  delivery: SessionDelivery;
}

export interface DittofeedLoadDetail {
  /** The frame URL with its token redacted as `token=***`. */
  url: string;
}

export interface DittofeedReadyDetail {
  version: number;
  capabilities: Capability[];
}

export interface DittofeedResizeDetail {
  height: number;
}

export interface DittofeedNavigateDetail {
  path: string;
}

/** `idle`: with `idle-reload`, a new token is waiting and the user left the frame. */
export type ReloadReason = 'token-expired' | 'config' | 'manual' | 'idle';

export interface DittofeedBeforeReloadDetail {
  reason: ReloadReason;
}

export interface DittofeedSessionEndDetail {
  /** The workspace of the session that ended; null if none had been obtained. */
  workspaceId: string | null;
}

export interface DittofeedSessionExpiringDetail {
  /** When the frame's token expires (epoch ms); the frame reloads then at the latest. */
  expiresAt: number;
}

export interface DittofeedErrorDetail {
  code: DittofeedErrorCode;
  message: string;
  status?: number;
  retrying: boolean;
  retryInMs?: number;
}

/** Every event `<dittofeed-embed>` fires, by name. All bubble and are composed. */
export interface DittofeedEmbedEventMap {
  'dittofeed-session': CustomEvent<DittofeedSessionDetail>;
  'dittofeed-load': CustomEvent<DittofeedLoadDetail>;
  'dittofeed-ready': CustomEvent<DittofeedReadyDetail>;
  'dittofeed-resize': CustomEvent<DittofeedResizeDetail>;
  'dittofeed-navigate': CustomEvent<DittofeedNavigateDetail>;
  'dittofeed-before-reload': CustomEvent<DittofeedBeforeReloadDetail>;
  'dittofeed-error': CustomEvent<DittofeedErrorDetail>;
  'dittofeed-session-end': CustomEvent<DittofeedSessionEndDetail>;
  'dittofeed-session-expiring': CustomEvent<DittofeedSessionExpiringDetail>;
}

export type DittofeedEventName = keyof DittofeedEmbedEventMap;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends DittofeedEmbedEventMap {}
}

/** Dispatches a typed `<dittofeed-embed>` event: bubbling and composed, like every event it fires. */
export function emit<K extends DittofeedEventName>(
  target: EventTarget,
  name: K,
  detail: DittofeedEmbedEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
