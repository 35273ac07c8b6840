// Defaults shared by the element and the server helper, declared once.

/** Dittofeed's hosted origin: the element's `base-url` and the server helper's `baseUrl` default. */
export const DEFAULT_BASE_URL = 'https://app.dittofeed.com';
/** `refresh-margin`, seconds. */
export const DEFAULT_REFRESH_MARGIN = 60;
/** `token-lifetime`, seconds; also what Dittofeed's session tokens last. */
export const DEFAULT_TOKEN_LIFETIME = 3600;
/** `idle-after`, seconds the pointer must be away from the frame before an `idle-reload`. */
export const DEFAULT_IDLE_AFTER = 10;
