export type { EmbedType, SessionInit, FetchToken, FetchTokenContext, SessionInfo } from './types.js';
export type {
  DittofeedEmbedEventMap,
  DittofeedEventName,
  DittofeedSessionDetail,
  DittofeedLoadDetail,
  DittofeedReadyDetail,
  DittofeedResizeDetail,
  DittofeedNavigateDetail,
  DittofeedBeforeReloadDetail,
  DittofeedErrorDetail,
  DittofeedSessionEndDetail,
  DittofeedSessionExpiringDetail,
  DittofeedErrorCode,
  ReloadReason,
  SessionDelivery,
} from './events.js';
export type { Capability } from './protocol.js';
export { DittofeedEmbedError } from './errors.js';
