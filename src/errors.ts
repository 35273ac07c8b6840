/** Every error the element reports, as the `code` of a `dittofeed-error` event. */
export type DittofeedErrorCode =
  | 'invalid-config'
  | 'token-request-failed'
  | 'token-http-error'
  | 'token-invalid-response'
  | 'token-expired'
  | 'frame-error';

/** A typed failure; its message never contains a token. */
export class DittofeedEmbedError extends Error {
  constructor(
    readonly code: DittofeedErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DittofeedEmbedError';
  }
}
