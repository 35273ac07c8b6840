// Validation of the embedded page's messages (docs/protocol.md): origin, source, then shape.
import type { Capability, FrameMessage } from './protocol.js';
import { EMBEDDED_PREFIX } from './routes.js';

export type { Capability, FrameMessage } from './protocol.js';

/** Protocol version 1 (docs/protocol.md). */
export const PROTOCOL_VERSION = 1;
export const CAPABILITIES: readonly Capability[] = ['resize', 'token', 'navigate'];

export const MAX_HEIGHT = 100_000;
export const MAX_PATH_LENGTH = 2048;

export interface IncomingMessage {
  origin: string;
  source: unknown;
  data: unknown;
}

/** Why a message was ignored; `origin` and `source` are other frames' traffic, the rest are ours but bad. */
export type RejectReason = 'origin' | 'source' | 'shape' | 'type' | 'fields';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/**
 * The path as the URL parser resolves it (so `..`, `%2e%2e` and `\` cannot climb out of the
 * prefix), when it stays under the embedded prefix and carries no token; otherwise null.
 */
function allowedPath(path: unknown): string | null {
  if (typeof path !== 'string' || path.length >= MAX_PATH_LENGTH || !path.startsWith(EMBEDDED_PREFIX + '/')) return null;
  const url = new URL(path, 'http://h');
  const { host, pathname, searchParams, hash } = url;
  const clean =
    host === 'h' &&
    pathname.startsWith(EMBEDDED_PREFIX + '/') &&
    !pathname.includes('//') &&
    !searchParams.has('token') &&
    !/token=/i.test(decodeURIComponent(hash));
  return clean ? pathname + url.search + hash : null;
}

function parse(data: Record<string, unknown>): FrameMessage | RejectReason {
  switch (data.type) {
    case 'ready': {
      const list = data.capabilities;
      if (!Array.isArray(list) || list.some((c) => typeof c !== 'string')) return 'fields';
      return { type: 'ready', capabilities: CAPABILITIES.filter((c) => list.includes(c)) };
    }
    case 'resize': {
      const height = data.height;
      return typeof height === 'number' && height >= 0 && height <= MAX_HEIGHT ? { type: 'resize', height } : 'fields';
    }
    case 'navigate': {
      const path = allowedPath(data.path);
      return path ? { type: 'navigate', path } : 'fields';
    }
    case 'auth-error':
      return { type: 'auth-error' };
    default:
      return 'type';
  }
}

/**
 * The message, when it comes from the expected origin AND the element's own frame and is a
 * well-formed protocol v1 message; otherwise why it was rejected. Never throws, even for
 * hostile objects.
 */
export function validateMessage(
  event: IncomingMessage,
  expectedOrigin: string | null,
  expectedSource: unknown,
): FrameMessage | RejectReason {
  if (!expectedOrigin || event.origin !== expectedOrigin) return 'origin';
  if (!expectedSource || event.source !== expectedSource) return 'source';
  try {
    const data = event.data;
    return isPlainObject(data) && data.dittofeed === PROTOCOL_VERSION ? parse(data) : 'shape';
  } catch {
    return 'shape';
  }
}
