import type { EmbedType } from './types.js';

/**
 * The one route table (docs/protocol.md, "Pages"): type → [path under /dashboard-l/embedded, needs a
 * resource-id]. Kept as tuples because this table ships in every bundle.
 */
export const ROUTES: Readonly<Record<EmbedType, readonly [path: string, needsId: boolean]>> = {
  journeys: ['/journeys', false],
  journey: ['/journeys/v2', true],
  broadcasts: ['/broadcasts', false],
  broadcast: ['/broadcasts/v2', true],
  templates: ['/templates', false],
  'email-template': ['/templates/email', true],
  'sms-template': ['/templates/sms', true],
  segments: ['/segments', false],
  segment: ['/segments/v1', true],
  deliveries: ['/deliveries/v2', false],
  analysis: ['/analysis-chart', false],
};

export const EMBEDDED_PREFIX = '/dashboard-l/embedded';

export const isEmbedType = (value: unknown): value is EmbedType =>
  typeof value === 'string' && Object.hasOwn(ROUTES, value);

export const needsResourceId = (type: EmbedType): boolean => ROUTES[type][1];

/** A readable name for the default frame title: "email-template" → "email template". */
export const typeLabel = (type: EmbedType): string => type.replace('-', ' ');

/** The origin of an absolute http(s) URL, or null for anything else. */
export function httpOrigin(baseUrl: string | undefined): string | null {
  try {
    const url = new URL(baseUrl ?? '');
    return /^https?:$/.test(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}

/** Which page to show, where: the parts of the element's configuration that make its URL. */
export interface FramePage {
  baseUrl: string;
  type: EmbedType;
  resourceId?: string | undefined;
  params?: Record<string, string> | null | undefined;
}

/**
 * `<base>/dashboard-l/embedded<path>?token=…&workspaceId=…[&id=…][&params]`, every value encoded by
 * the URL API. Extra params never override token, workspaceId or id. `path` (a path the frame
 * reported by `navigate`, already validated) replaces the type's route. Throws on a bad base URL.
 */
export function buildFrameUrl(
  { baseUrl, type, resourceId, params }: FramePage,
  { token, workspaceId }: { token: string; workspaceId: string },
  path?: string,
): string {
  const base = new URL(baseUrl);
  const url = new URL(path ?? base.pathname.replace(/\/+$/, '') + EMBEDDED_PREFIX + ROUTES[type][0], base.origin);
  const query = url.searchParams;
  query.set('token', token);
  query.set('workspaceId', workspaceId);
  if (!path) {
    if (resourceId && needsResourceId(type)) query.set('id', resourceId);
    for (const [key, value] of Object.entries(params ?? {})) if (!query.has(key)) query.set(key, String(value));
  }
  return url.href;
}

