// Argument checks shared by every server helper: each failure is a DittofeedInputError naming the option.
import { DEFAULT_BASE_URL } from '../defaults.js';
import { DittofeedInputError } from './errors.js';

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function requireString(value: unknown, field: string, maxLength = 512): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DittofeedInputError(field, `${field} must be a non-empty string`);
  }
  if (value.length > maxLength) {
    throw new DittofeedInputError(field, `${field} must be at most ${maxLength} characters`);
  }
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field);
}

export function requireParams(value: unknown, method: string): Record<string, unknown> {
  if (!isRecord(value)) throw new DittofeedInputError('params', `${method} expects an object argument`);
  return value;
}

export function normalizeBaseUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  if (typeof value !== 'string') throw new DittofeedInputError('baseUrl', 'baseUrl must be a string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DittofeedInputError('baseUrl', 'baseUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DittofeedInputError('baseUrl', 'baseUrl must be an absolute http(s) URL');
  }
  if (url.username || url.password) {
    throw new DittofeedInputError('baseUrl', 'baseUrl must not contain credentials');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

