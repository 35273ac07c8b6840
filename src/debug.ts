/** Replaces anything that looks like a token (`token=…` in URLs, JWTs) with `***`. */
export const redact = (text: string): string =>
  text.replace(/([?&#]token=)[^&#\s]*/g, '$1***').replace(/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***');

/** `console.debug` with the `[dittofeed-embed]` prefix, tokens always redacted. */
export function debugLog(enabled: boolean, message: string): void {
  if (enabled) console.debug(redact('[dittofeed-embed] ' + message));
}
