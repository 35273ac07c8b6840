// The element's properties turned into one validated configuration, defaults applied in one place.
// Pure: the one browser question (is this a CSS height?) is passed in.
import { DEFAULT_REFRESH_MARGIN, DEFAULT_TOKEN_LIFETIME } from './defaults.js';
import { ROUTES, httpOrigin, isEmbedType, needsResourceId } from './routes.js';
import type { SessionConfig } from './session/shared-session.js';
import type { EmbedType, FetchToken } from './types.js';

/** The element's properties as set by the page: anything may be wrong. */
export interface EmbedInput {
  type: unknown;
  resourceId: string | undefined;
  tokenUrl: string | undefined;
  workspaceId: string | undefined;
  baseUrl: string | undefined;
  height: string | undefined;
  loading: unknown;
  refreshMargin: number;
  tokenLifetime: number;
  fetchToken: unknown;
  tokenRequestInit: RequestInit | undefined;
  params: unknown;
}

/** What the element runs on once its properties have been checked. */
export interface EmbedConfig {
  type: EmbedType;
  resourceId: string | undefined;
  baseUrl: string;
  /** The origin of `baseUrl`: the only origin whose messages count. */
  dittofeedOrigin: string;
  params: Record<string, string> | undefined;
  session: SessionConfig;
  /** `refresh-margin`, seconds. */
  margin: number;
  /** A CSS height, or null for `auto` (follow resize messages). */
  fixedHeight: string | null;
  lazy: boolean;
}

/** Properties that may be wrong without stopping the embed: the default is used instead. */
export type SoftProperty = 'refreshMargin' | 'tokenLifetime' | 'height' | 'loading';

export interface ResolvedConfig {
  /** Null when the embed cannot run; `problem` says why. */
  config: EmbedConfig | null;
  problem: string;
  /** Soft properties whose value was replaced by the default. */
  defaulted: SoftProperty[];
}

/** The reason the embed cannot run with these properties, or '' when it can. */
function hardProblem(input: EmbedInput): string {
  const { type, fetchToken, params } = input;
  if (!isEmbedType(type)) return `type must be one of ${Object.keys(ROUTES).join(', ')}`;
  if (needsResourceId(type) && !input.resourceId) return `type ${type} needs a resource-id`;
  if (!httpOrigin(input.baseUrl)) return 'base-url must be an absolute http(s) URL';
  if (typeof fetchToken !== 'function' && (fetchToken || !input.tokenUrl)) return 'set token-url, or fetchToken to a function';
  if (params && (typeof params !== 'object' || Array.isArray(params))) return 'params must be an object';
  return '';
}

export function resolveConfig(input: EmbedInput, isCssHeight: (value: string) => boolean): ResolvedConfig {
  const height = (input.height ?? '').trim();
  const autoHeight = !height || height === 'auto';
  const valid: Record<SoftProperty, boolean> = {
    refreshMargin: Number.isFinite(input.refreshMargin) && input.refreshMargin >= 0,
    tokenLifetime: Number.isFinite(input.tokenLifetime) && input.tokenLifetime > 0,
    height: autoHeight || isCssHeight(height),
    loading: input.loading === 'eager' || input.loading === 'lazy',
  };
  const defaulted = (Object.keys(valid) as SoftProperty[]).filter((property) => !valid[property]);
  const problem = hardProblem(input);
  if (problem) return { config: null, problem, defaulted };

  const fetchToken = input.fetchToken as FetchToken | undefined;
  const session: SessionConfig = {
    source: fetchToken ? { fetchToken } : { url: input.tokenUrl as string, init: input.tokenRequestInit },
    workspaceId: input.workspaceId || undefined,
    lifetime: valid.tokenLifetime ? input.tokenLifetime : DEFAULT_TOKEN_LIFETIME,
  };
  const config: EmbedConfig = {
    type: input.type as EmbedType,
    resourceId: input.resourceId,
    baseUrl: input.baseUrl as string,
    dittofeedOrigin: httpOrigin(input.baseUrl) as string,
    params: input.params as Record<string, string> | undefined,
    session,
    margin: valid.refreshMargin ? input.refreshMargin : DEFAULT_REFRESH_MARGIN,
    fixedHeight: autoHeight || !valid.height ? null : height,
    lazy: input.loading === 'lazy',
  };
  return { config, problem: '', defaulted };
}
