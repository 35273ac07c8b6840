// The element's properties turned into one validated configuration, defaults applied in one place.
// Pure: what only the browser knows (CSS heights, referrer policies, sandbox flags) is passed in.
import { DEFAULT_IDLE_AFTER, DEFAULT_REFRESH_MARGIN, DEFAULT_TOKEN_LIFETIME } from './defaults.js';
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
  allow: string | undefined;
  referrerPolicy: string | undefined;
  sandbox: string | undefined;
  idleReload: boolean;
  idleAfter: number;
}

/** The iframe's `allow`, `referrerpolicy` and (null: none) `sandbox` attributes. */
export interface FrameOptions {
  allow: string;
  referrerpolicy: string;
  sandbox: string | null;
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
  frame: FrameOptions;
  /** `idle-reload`: how long the pointer must be away before an early reload, ms; null: off. */
  idleQuietMs: number | null;
}

/** Properties that may be wrong without stopping the embed: the default is used instead. */
export type SoftProperty = 'refreshMargin' | 'tokenLifetime' | 'height' | 'loading' | 'allow' | 'referrerPolicy' | 'idleAfter';

export interface ResolvedConfig {
  /** Null when the embed cannot run; `problem` says why. */
  config: EmbedConfig | null;
  problem: string;
  /** Soft properties whose value was replaced by the default. */
  defaulted: SoftProperty[];
}

export const DEFAULT_ALLOW = 'clipboard-write; fullscreen';
export const DEFAULT_REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** One Permissions-Policy directive of an iframe `allow`: a feature, then keywords or origins. */
const ALLOW_DIRECTIVE = /^[a-z][a-z0-9-]*(\s+('self'|'src'|'none'|\*|https?:\/\/[^\s;'",]+))*$/;

/** `allow`: every `;`-separated directive well-formed (empty: nothing allowed). */
const isAllowList = (allow: string): boolean =>
  allow.split(';').every((part) => !part.trim() || ALLOW_DIRECTIVE.test(part.trim()));

/**
 * Why a `sandbox` cannot be used, or ''. A sandbox is never silently dropped (that would weaken
 * what the host asked for): an unusable one stops the embed. Dittofeed's pages need scripts, and
 * their own origin, both to call their API and for their messages to be told apart from others.
 */
function sandboxProblem(sandbox: string, browser: BrowserSupport): string {
  const flags = sandbox.trim().split(/\s+/).filter(Boolean);
  const unknown = flags.find((flag) => !browser.isSandboxFlag(flag));
  if (unknown) return `sandbox: unknown flag ${unknown}`;
  if (!flags.includes('allow-scripts') || !flags.includes('allow-same-origin')) {
    return 'sandbox must include allow-scripts and allow-same-origin (Dittofeed\'s pages need both)';
  }
  return '';
}

/** What only the browser can answer; passed in so that this module stays pure. */
export interface BrowserSupport {
  isCssHeight(value: string): boolean;
  isReferrerPolicy(value: string): boolean;
  isSandboxFlag(flag: string): boolean;
}

/** The reason the embed cannot run with these properties, or '' when it can. */
function hardProblem(input: EmbedInput, browser: BrowserSupport): string {
  const { type, fetchToken, params } = input;
  if (!isEmbedType(type)) return `type must be one of ${Object.keys(ROUTES).join(', ')}`;
  if (needsResourceId(type) && !input.resourceId) return `type ${type} needs a resource-id`;
  if (!httpOrigin(input.baseUrl)) return 'base-url must be an absolute http(s) URL';
  if (typeof fetchToken !== 'function' && (fetchToken || !input.tokenUrl)) return 'set token-url, or fetchToken to a function';
  if (params && (typeof params !== 'object' || Array.isArray(params))) return 'params must be an object';
  if (typeof input.sandbox === 'string') return sandboxProblem(input.sandbox, browser);
  return '';
}

export function resolveConfig(input: EmbedInput, browser: BrowserSupport): ResolvedConfig {
  const height = (input.height ?? '').trim();
  const autoHeight = !height || height === 'auto';
  const valid: Record<SoftProperty, boolean> = {
    refreshMargin: Number.isFinite(input.refreshMargin) && input.refreshMargin >= 0,
    tokenLifetime: Number.isFinite(input.tokenLifetime) && input.tokenLifetime > 0,
    height: autoHeight || browser.isCssHeight(height),
    loading: input.loading === 'eager' || input.loading === 'lazy',
    allow: input.allow == null || isAllowList(String(input.allow)),
    idleAfter: Number.isFinite(input.idleAfter) && input.idleAfter >= 0,
    referrerPolicy: !input.referrerPolicy || browser.isReferrerPolicy(String(input.referrerPolicy).trim()),
  };
  const defaulted = (Object.keys(valid) as SoftProperty[]).filter((property) => !valid[property]);
  const problem = hardProblem(input, browser);
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
    frame: {
      allow: input.allow != null && valid.allow ? String(input.allow).trim() : DEFAULT_ALLOW,
      referrerpolicy: input.referrerPolicy && valid.referrerPolicy ? String(input.referrerPolicy).trim() : DEFAULT_REFERRER_POLICY,
      sandbox: typeof input.sandbox === 'string' ? input.sandbox.trim().split(/\s+/).join(' ') : null,
    },
    idleQuietMs: input.idleReload ? (valid.idleAfter ? input.idleAfter : DEFAULT_IDLE_AFTER) * 1000 : null,
  };
  return { config, problem: '', defaulted };
}
