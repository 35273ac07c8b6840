/** Replaces anything that looks like a token (`token=…` in URLs, JSON `token` fields, JWTs) with `***`. */
export const redact = (text: string): string =>
  text.replace(/([?&]token=)[^&#\s]*/g, '$1***').replace(/"token":"[^"]*"/g, '"token":"***"').replace(/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '***');

/** `console.debug` with the contract's prefix, tokens always redacted. */
export function debugLog(enabled: boolean, message: string, detail?: object): void {
  if (!enabled) return;
  let text = message;
  try {
    if (detail) text += ' ' + JSON.stringify(detail);
  } catch {
    // An unserialisable detail is left out rather than thrown from a callback.
  }
  console.debug(redact('[dittofeed-embed] ' + text));
}
