// Events into one customer's workspace (Dittofeed's public apps API, authorised by that
// workspace's write key), so a host backend can feed the workspace it embeds.
import { randomUUID } from 'node:crypto';
import { DittofeedInputError } from './errors.js';
import { callDittofeed, connectionFrom } from './http.js';
import { isRecord, optionalString, requireParams, requireString } from './validate.js';

const APPS_PATH = '/api/public/apps';
/** Dittofeed's batch endpoint takes this many events per call at most. */
const MAX_BATCH = 100;

/** Options of {@link createDittofeedEvents}. */
export interface DittofeedEventsOptions {
  /** The workspace's write key as Dittofeed issued it (`Basic …`), e.g. from `ensureCustomerWorkspace`. */
  writeKey: string;
  /** Dittofeed's origin (and optional path prefix). Default `https://app.dittofeed.com`. */
  baseUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** Milliseconds before a request is abandoned with a `timeout` error. Default 15000. */
  timeoutMs?: number | undefined;
}

/** Who an event is about: exactly one of the two. */
export type EventSubject = { userId: string; anonymousId?: undefined } | { anonymousId: string; userId?: undefined };

interface EventBase {
  /** Idempotency key for safe retries; a UUID is generated when absent. */
  messageId?: string | undefined;
  /** ISO 8601; Dittofeed uses its own clock when absent. */
  timestamp?: string | undefined;
  context?: Record<string, unknown> | undefined;
}

/** `identify`: who a user is (traits such as email or name). */
export type IdentifyEvent = EventBase & EventSubject & { traits?: Record<string, unknown> | undefined };

/** `track`: something a user did. */
export type TrackEvent = EventBase & EventSubject & { event: string; properties?: Record<string, unknown> | undefined };

/** One event of a batch. */
export type BatchEvent = ({ type: 'identify' } & IdentifyEvent) | ({ type: 'track' } & TrackEvent);

/** The events of one workspace. Each resolves when Dittofeed accepted the events (204). */
export interface DittofeedEvents {
  /** `POST /api/public/apps/identify`. */
  identify(event: IdentifyEvent): Promise<void>;
  /** `POST /api/public/apps/track`. */
  track(event: TrackEvent): Promise<void>;
  /** `POST /api/public/apps/batch`: up to 100 events in one request. */
  batch(events: BatchEvent[]): Promise<void>;
}

const optionalRecord = (value: unknown, field: string): Record<string, unknown> | undefined => {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new DittofeedInputError(field, `${field} must be an object`);
  return value;
};

/** The event as Dittofeed takes it: checked field by field, a messageId added when missing. */
function eventBody(input: Record<string, unknown>, kind: 'identify' | 'track', prefix = ''): Record<string, unknown> {
  const name = (field: string) => prefix + field;
  const userId = optionalString(input.userId, name('userId'));
  const anonymousId = optionalString(input.anonymousId, name('anonymousId'));
  if ((userId === undefined) === (anonymousId === undefined)) {
    throw new DittofeedInputError(name('userId'), `${prefix || 'an event '}needs exactly one of userId and anonymousId`);
  }
  const body: Record<string, unknown> = {
    messageId: optionalString(input.messageId, name('messageId')) ?? randomUUID(),
    ...(userId === undefined ? { anonymousId } : { userId }),
  };
  const timestamp = optionalString(input.timestamp, name('timestamp'));
  if (timestamp !== undefined) {
    if (Number.isNaN(Date.parse(timestamp))) throw new DittofeedInputError(name('timestamp'), `${name('timestamp')} must be an ISO 8601 date`);
    body.timestamp = timestamp;
  }
  const context = optionalRecord(input.context, name('context'));
  if (context) body.context = context;
  if (kind === 'identify') {
    const traits = optionalRecord(input.traits, name('traits'));
    if (traits) body.traits = traits;
  } else {
    body.event = requireString(input.event, name('event'));
    const properties = optionalRecord(input.properties, name('properties'));
    if (properties) body.properties = properties;
  }
  return body;
}

/**
 * A client for the events of one workspace, authorised by its write key.
 *
 * ```ts
 * const events = createDittofeedEvents({ writeKey: workspace.writeKey });
 * await events.identify({ userId: 'user-42', traits: { email: 'ada@example.com' } });
 * await events.track({ userId: 'user-42', event: 'Invoice paid', properties: { amount: 120 } });
 * ```
 *
 * @throws {DittofeedInputError} synchronously when the options are invalid.
 */
export function createDittofeedEvents(options: DittofeedEventsOptions): DittofeedEvents {
  if (!isRecord(options)) throw new DittofeedInputError('options', 'createDittofeedEvents expects an options object');
  const writeKey = requireString(options.writeKey, 'writeKey', 4096);
  if (/[\r\n]/.test(writeKey)) throw new DittofeedInputError('writeKey', 'writeKey must be one line');
  const connection = connectionFrom(options);
  // The public apps API takes the write key as the whole header value (`Basic …`).
  const send = async (path: string, body: unknown): Promise<void> => {
    await callDittofeed(connection, { method: 'POST', path: APPS_PATH + path, body, authorization: writeKey, secrets: [writeKey] });
  };

  return {
    async identify(event) {
      await send('/identify', eventBody(requireParams(event, 'identify'), 'identify'));
    },
    async track(event) {
      await send('/track', eventBody(requireParams(event, 'track'), 'track'));
    },
    async batch(events) {
      if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH) {
        throw new DittofeedInputError('events', `batch takes an array of 1 to ${MAX_BATCH} events`);
      }
      const batch = events.map((event: unknown, index) => {
        const input = isRecord(event) ? event : {};
        const type = input.type;
        if (type !== 'identify' && type !== 'track') {
          throw new DittofeedInputError(`events[${index}].type`, `events[${index}].type must be identify or track`);
        }
        return { type, ...eventBody(input, type, `events[${index}].`) };
      });
      await send('/batch', { batch });
    },
  };
}
