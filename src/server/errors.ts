// Typed failures of the server helpers, and the redaction that keeps the API key out of them.

/** Why a call to the Dittofeed admin API failed. */
export type DittofeedApiErrorCode =
  /** Dittofeed answered with a non-2xx status (`status` is set). */
  | 'http-error'
  /** The request never got an answer: DNS, connection refused, reset, TLS. */
  | 'network-error'
  /** No answer within `timeoutMs`. */
  | 'timeout'
  /** A 2xx answer that is not the JSON the API documents. */
  | 'invalid-response';

/**
 * A failed call to the Dittofeed admin API.
 *
 * Carries the HTTP `status` (0 when there was no HTTP answer) and, when Dittofeed sent them, its
 * `message` (as {@link DittofeedApiError.dittofeedMessage}) and error `type` (e.g.
 * `WorkspaceAlreadyExists`). The API key never appears in the message, the stack, the cause or
 * `JSON.stringify(error)`.
 */
export class DittofeedApiError extends Error {
  override readonly name = 'DittofeedApiError';
  /** HTTP status of Dittofeed's answer; `0` for network errors and timeouts. */
  readonly status: number;
  readonly code: DittofeedApiErrorCode;
  /** Dittofeed's error `type` from the body, e.g. `WorkspaceAlreadyExists`. */
  readonly type: string | undefined;
  /** Dittofeed's `message` from the body, if any. */
  readonly dittofeedMessage: string | undefined;
  /** `METHOD /path` of the failed call (no query, no host). */
  readonly endpoint: string;

  constructor(init: {
    code: DittofeedApiErrorCode;
    status: number;
    endpoint: string;
    message: string;
    type?: string | undefined;
    dittofeedMessage?: string | undefined;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.endpoint = init.endpoint;
    this.type = init.type;
    this.dittofeedMessage = init.dittofeedMessage;
  }

  /** Safe to log or send to a monitoring service. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      endpoint: this.endpoint,
      type: this.type,
      message: this.message,
    };
  }
}

/** Bad input to one of these helpers (a missing API key, a non-string workspace id, …). No request was sent. */
export class DittofeedInputError extends TypeError {
  override readonly name = 'DittofeedInputError';
  /** The option or argument that was wrong, e.g. `apiKey` or `workspaceId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** Replaces every occurrence of the secret in text that came from elsewhere (upstream bodies, causes). */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

/** A cause without the original object's stack or properties, which could hold request details. */
export function safeCause(error: unknown, secrets: string | readonly string[]): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const cause = new Error((typeof secrets === 'string' ? [secrets] : secrets).reduce((text, secret) => redact(text, secret), message));
  cause.name = name;
  cause.stack = `${name}: ${cause.message}`;
  return cause;
}

