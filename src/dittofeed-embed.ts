import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { resolveConfig, type BrowserSupport, type EmbedConfig } from './config.js';
import { FrameController, type EmbedState, type FrameHost } from './controllers/frame-controller.js';
import { LazyController } from './controllers/lazy-controller.js';
import { SessionController } from './controllers/session-controller.js';
import { endSessions, sessionCache, type SessionConfig } from './session/shared-session.js';
import { debugLog } from './debug.js';
import { DEFAULT_BASE_URL, DEFAULT_IDLE_AFTER, DEFAULT_REFRESH_MARGIN, DEFAULT_TOKEN_LIFETIME } from './defaults.js';
import { h } from './dom.js';
import { DittofeedEmbedError } from './errors.js';
import { emit, type DittofeedErrorDetail } from './events.js';
import { preconnect } from './preconnect.js';
import { typeLabel } from './routes.js';
import { embedStyles } from './styles.js';
import type { EmbedType, FetchToken, SessionInfo } from './types.js';

export { FRAME_LOAD_TIMEOUT_MS, READY_TIMEOUT_MS, type EmbedState } from './controllers/frame-controller.js';

/** Properties whose change starts a new session. */
const SESSION_PROPERTIES = ['tokenUrl', 'workspaceId', 'fetchToken', 'tokenLifetime'] as const;
/** Properties whose change reloads the frame at a new URL. */
const FRAME_PROPERTIES = ['type', 'resourceId', 'params', 'baseUrl'] as const;
/** The browser's own answers (an iframe reflects only the referrer policies and sandbox flags it knows). */
const browserSupport: BrowserSupport = {
  isCssHeight: (height) => CSS.supports('height', height),
  isReferrerPolicy: (policy) => {
    const frame = document.createElement('iframe');
    frame.referrerPolicy = policy as ReferrerPolicy;
    return frame.referrerPolicy === policy;
  },
  isSandboxFlag: (flag) => document.createElement('iframe').sandbox.supports(flag),
};
/** The iframe's own attributes: a change reloads the frame where it is. */
const FRAME_OPTION_PROPERTIES = ['allow', 'referrerPolicy', 'sandbox'] as const;

/**
 * Embeds one Dittofeed page (journeys, broadcasts, templates, segments, deliveries, analysis) in an
 * iframe: fetches a session token from the host's backend, keeps it fresh, hands new tokens to the
 * frame, and sizes itself to the frame's content.
 *
 * @tag dittofeed-embed
 *
 * @fires {CustomEvent<DittofeedSessionDetail>} dittofeed-session - A token was obtained and handed to the frame: `{ workspaceId, expiresAt, delivery: 'initial' | 'message' | 'reload' }`.
 * @fires {CustomEvent<DittofeedLoadDetail>} dittofeed-load - The iframe fired `load`: `{ url }` with the token redacted as `token=***`.
 * @fires {CustomEvent<DittofeedReadyDetail>} dittofeed-ready - The embedded page completed the handshake: `{ version, capabilities }`.
 * @fires {CustomEvent<DittofeedResizeDetail>} dittofeed-resize - A resize message was applied: `{ height }`.
 * @fires {CustomEvent<DittofeedNavigateDetail>} dittofeed-navigate - The embedded page reported a route change: `{ path }`.
 * @fires {CustomEvent<DittofeedBeforeReloadDetail>} dittofeed-before-reload - Cancelable; just before the element reloads the frame by itself: `{ reason: 'token-expired' | 'config' | 'manual' | 'idle' }`.
 * @fires {CustomEvent<DittofeedSessionEndDetail>} dittofeed-session-end - `DittofeedEmbed.endSessions()` ended this element's session: the frame and its token are gone, `state` is `idle`; `{ workspaceId }` (null if none had been obtained).
 * @fires {CustomEvent<DittofeedSessionExpiringDetail>} dittofeed-session-expiring - With `idle-reload`: a new token is waiting but the user is in the frame, which reloads at the next idle moment or at `expiresAt` at the latest (warn about unsaved work): `{ expiresAt }`.
 * @fires {CustomEvent<DittofeedErrorDetail>} dittofeed-error - Anything went wrong: `{ code, message, status?, retrying, retryInMs? }`.
 *
 * @slot loading - Replaces the default loading view.
 * @slot error - Replaces the default error view (a message and a Retry button).
 *
 * @attr {'idle' | 'loading' | 'ready' | 'error'} state - Reflects what the user sees (read-only; for styling and tests).
 *
 * @csspart frame - The iframe showing the Dittofeed page.
 * @csspart retry - The Retry button of the default error view.
 *
 * @cssprop [--dittofeed-embed-min-height=600px] - The frame's height until the first resize message.
 * @cssprop [--dittofeed-embed-max-height=none] - Upper bound for the frame's height; resizes are clamped to it.
 * @cssprop [--dittofeed-embed-border=0] - The frame's border.
 * @cssprop [--dittofeed-embed-background=transparent] - The background behind the frame and the loading/error views.
 */
export class DittofeedEmbed extends ReactiveElement {
  static override styles = embedStyles;

  static override properties = {
    type: {},
    resourceId: { attribute: 'resource-id' },
    tokenUrl: { attribute: 'token-url' },
    workspaceId: { attribute: 'workspace-id' },
    baseUrl: { attribute: 'base-url' },
    height: {},
    loading: {},
    refreshMargin: { attribute: 'refresh-margin', type: Number },
    tokenLifetime: { attribute: 'token-lifetime', type: Number },
    debug: { type: Boolean },
    frameTitle: { attribute: 'frame-title' },
    allow: {},
    referrerPolicy: { attribute: 'referrerpolicy' },
    sandbox: {},
    idleReload: { attribute: 'idle-reload', type: Boolean },
    idleAfter: { attribute: 'idle-after', type: Number },
    fetchToken: { attribute: false },
    tokenRequestInit: { attribute: false },
    // Compared by value: frameworks pass a new object on every render.
    params: { attribute: false, hasChanged: (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b) },
  };

  /**
   * Registers the element under `tag` (default `dittofeed-embed`) in `registry`. A tag that is
   * already defined is left alone, so two copies of the script on a page do not throw.
   */
  static define(tag = 'dittofeed-embed', registry: CustomElementRegistry = customElements): void {
    if (registry.get(tag)) return;
    try {
      registry.define(tag, this);
    } catch {
      // This constructor is already registered under another tag: a subclass may take this one.
      registry.define(tag, class extends this {});
    }
  }

  /**
   * Sign-out or account switch: ends every cached session (or those for `tokenUrl`), aborts their
   * token requests and blanks the frames using them (`dittofeed-session-end`, `state="idle"`).
   * Their elements fetch afresh on the next connect, `refresh()` or `reload()`.
   */
  static endSessions(tokenUrl?: string): void {
    endSessions(tokenUrl);
  }

  /**
   * `true`: a session stays cached after its last element disconnects, while its token is valid
   * (no timer or listener runs meanwhile), so a remount (an SPA route change) makes no token
   * request. Off by default; with it on, call `endSessions()` on sign-out.
   */
  static get keepSessions(): boolean {
    return sessionCache.keep;
  }
  static set keepSessions(keep: boolean) {
    sessionCache.keep = keep;
  }

  /**
   * `true`: tabs of this origin whose elements use the same `token-url` (and `workspace-id`,
   * credentials) share one token per refresh cycle over a BroadcastChannel: one tab requests it,
   * the others take it (each falls back to its own request if no answer comes). Off by default;
   * set it before the elements connect, in every tab. `endSessions()` then ends the session in
   * every tab.
   */
  static get shareAcrossTabs(): boolean {
    return sessionCache.shareTabs;
  }
  static set shareAcrossTabs(share: boolean) {
    sessionCache.shareTabs = share;
  }

  /** Which Dittofeed page to show. @attr type */
  declare type: EmbedType | undefined;
  /** The journey/broadcast/template/segment id, for editor types. @attr resource-id */
  declare resourceId: string | undefined;
  /** The host backend's session endpoint. @attr token-url */
  declare tokenUrl: string | undefined;
  /** Sent to the token endpoint; used when the response names no workspace. @attr workspace-id */
  declare workspaceId: string | undefined;
  /** The Dittofeed origin (absolute http/https URL). @attr base-url */
  declare baseUrl: string;
  /** `auto` follows resize messages; any CSS length fixes the height. @attr height */
  declare height: string;
  /** `lazy`: no token request and no iframe until the element nears the viewport. @attr loading */
  declare loading: 'eager' | 'lazy';
  /** Seconds before expiry at which a new token is fetched. @attr refresh-margin */
  declare refreshMargin: number;
  /** Seconds assumed when neither the response nor the token says when it expires. @attr token-lifetime */
  declare tokenLifetime: number;
  /** `console.debug` lines prefixed `[dittofeed-embed]`, tokens redacted. @attr debug */
  declare debug: boolean;
  /** The iframe's accessible title; defaults to "Dittofeed " + a readable type name. @attr frame-title */
  declare frameTitle: string | undefined;
  /**
   * The iframe's Permissions Policy (`allow`); default `clipboard-write; fullscreen`, `""` for
   * none. Applies from the frame's next load. @attr allow
   */
  declare allow: string | undefined;
  /**
   * The iframe's `referrerpolicy`; default `strict-origin-when-cross-origin` (the embedded page
   * learns the host's origin from the referrer). Applies from the frame's next load. @attr referrerpolicy
   */
  declare referrerPolicy: string | undefined;
  /**
   * Opt-in iframe `sandbox` flags; must include `allow-scripts allow-same-origin` (unknown flags or
   * missing ones are an `invalid-config` error, never a silently dropped sandbox). @attr sandbox
   */
  declare sandbox: string | undefined;
  /**
   * For pages that cannot take tokens by message (stock Dittofeed): once a new token is waiting,
   * reload at the first idle moment (the page hidden, or focus outside the frame and the pointer
   * away for `idle-after` seconds) instead of at expiry. Off by default. @attr idle-reload
   */
  declare idleReload: boolean;
  /** Seconds the pointer must be away from the frame before an `idle-reload`. @attr idle-after */
  declare idleAfter: number;
  /** Replaces `token-url` when set. */
  declare fetchToken: FetchToken | undefined;
  /** Merged into the token request (headers such as a CSRF token, `credentials`). */
  declare tokenRequestInit: RequestInit | undefined;
  /** Extra query parameters for the iframe URL. */
  declare params: Record<string, string> | undefined;


  constructor() {
    super();
    this.baseUrl = DEFAULT_BASE_URL;
    this.height = 'auto';
    this.loading = 'eager';
    this.refreshMargin = DEFAULT_REFRESH_MARGIN;
    this.tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    this.debug = false;
    this.idleReload = false;
    this.idleAfter = DEFAULT_IDLE_AFTER;
  }

  #state: EmbedState = 'idle';
  #lastError: DittofeedEmbedError | null = null;
  /** The validated configuration, or null while `#configProblem` says why there is none. */
  #config: EmbedConfig | null = null;
  #configProblem = '';
  #sessionActive = false;

  readonly #sessions = new SessionController(this, {
    margin: () => this.#config?.margin ?? DEFAULT_REFRESH_MARGIN,
    onSession: (session) => {
      this.#lastError = null;
      this.#frames.offer(session);
    },
    onError: (error, retrying, retryInMs) => {
      this.#lastError = error;
      this.#emitError(error, retrying, retryInMs);
      // A failed background refresh leaves a frame with a valid token alone.
      if (!this.#frames.holdsValidToken) this.#setState('error');
    },
    onEnd: () => {
      const ended = this.#frames.latest;
      this.#frames.reset();
      this.#lastError = null;
      this.#setState('idle');
      this.requestUpdate();
      emit(this, 'dittofeed-session-end', { workspaceId: ended?.workspaceId ?? null });
    },
  });
  readonly #frames = new FrameController(this, {
    setState: (state) => this.#setState(state),
    fail: (error, report) => this.#fail(error, report),
    requestToken: () => void this.refresh(),
  } satisfies FrameHost);
  readonly #lazy = new LazyController(this);

  /** `idle`, `loading`, `ready` or `error`; also reflected as the `state` attribute. */
  get state(): EmbedState {
    return this.#state;
  }

  /** The current session (never the token), or null. */
  get session(): SessionInfo | null {
    const s = this.#frames.latest;
    return s ? { workspaceId: s.workspaceId, expiresAt: s.expiresAt } : null;
  }

  /** Fetches a new token now and hands it to the frame (by message, or by reload at expiry). */
  refresh(): Promise<void> {
    // Idle with a session configured: endSessions() blanked it, and this starts it again.
    if (this.#sessionActive && this.#state === 'idle') this.#setState('loading');
    return this.#sessions.refresh();
  }

  /** Reloads the frame; fetches a token first if the one held expires within the refresh margin. */
  reload(): void {
    if (this.#sessionActive) this.#frames.reload();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#sessionActive && !this.#frames.shown) this.#setState('loading');
  }

  #emitError(error: DittofeedEmbedError, retrying: boolean, retryInMs?: number): void {
    const detail: DittofeedErrorDetail = { code: error.code, message: error.message, retrying };
    if (error.status !== undefined) detail.status = error.status;
    if (retryInMs !== undefined) detail.retryInMs = retryInMs;
    debugLog(this.debug, `${error.code}: ${error.message}`);
    emit(this, 'dittofeed-error', detail);
  }

  /** Shows the error view; emits `error` unless not `report`ed (an earlier error explains it then). */
  #fail(error: DittofeedEmbedError, report = true): void {
    this.#lastError = report ? error : (this.#lastError ?? error);
    this.#setState('error');
    if (report) this.#emitError(error, false);
  }

  #setState(state: EmbedState): void {
    if (state !== this.#state) this.requestUpdate();
    this.#state = state;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const { config, problem, defaulted } = resolveConfig(this, browserSupport);
    this.#config = this.#frames.config = config;
    // Values the element can live without: reported when set, then the default is used.
    for (const property of defaulted) {
      if (changed.has(property)) {
        this.#emitError(new DittofeedEmbedError('invalid-config', `invalid ${property}: using the default`), false);
      }
    }
    if (!config) {
      if (problem !== this.#configProblem) {
        this.#configProblem = problem;
        this.#useSession(null);
        this.#fail(new DittofeedEmbedError('invalid-config', problem));
      }
      return;
    }
    const recovering = this.#configProblem !== '';
    this.#configProblem = '';
    preconnect(config.dittofeedOrigin);

    if (config.lazy && !this.#lazy.near) {
      this.#lazy.watch();
      if (!this.#frames.shown) {
        this.#useSession(null);
        this.#setState('idle');
      }
      return;
    }
    if (!this.#sessionActive || recovering || SESSION_PROPERTIES.some((p) => changed.has(p))) {
      this.#lastError = null;
      this.#setState('loading');
      this.#useSession(config.session);
    } else if (FRAME_PROPERTIES.some((p) => changed.has(p))) {
      this.#frames.reconfigure();
    } else if (FRAME_OPTION_PROPERTIES.some((p) => changed.has(p))) {
      this.#frames.reloadForOptions();
    }
  }

  protected override updated(): void {
    if (this.#state === 'loading') this.setAttribute('aria-busy', 'true');
    else this.removeAttribute('aria-busy');
    this.setAttribute('state', this.#state);
    this.#frames.flush();
  }

  /** Starts over with this session configuration (null: none), dropping the frame and its token. */
  #useSession(session: SessionConfig | null): void {
    this.#sessionActive = !!session;
    this.#frames.reset();
    this.#sessions.use(session);
  }

  // Plain DOM instead of lit-html templates: the view is tiny and lit-html would cost a third of
  // the bundle's size budget.
  #views: { box: HTMLElement; loadingView: HTMLElement; errorView: HTMLElement; errorText: HTMLElement } | null = null;

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const errorText = h('p');
    const retry = h('button', { part: 'retry', type: 'button' }, 'Retry');
    retry.addEventListener('click', () => this.reload());
    const loadingView = h('slot', { name: 'loading' }, h('div', { role: 'status' }, 'Loading Dittofeed…'));
    const errorView = h('slot', { name: 'error' }, h('div', { role: 'alert' }, 'Dittofeed could not be loaded.', errorText, retry));
    const box = h('div', {}, loadingView, errorView);
    root.append(box);
    this.#views = { box, loadingView, errorView, errorText };
    return root;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const views = this.#views;
    if (!views) return;
    const state = this.#state;
    // Without a configuration there is no frame to title.
    const type = this.#config?.type;
    const title = this.frameTitle || `Dittofeed ${type ? typeLabel(type) : 'embed'}`;
    const frame = this.#frames.render(views.box, title);
    views.box.hidden = !!frame && state !== 'loading' && state !== 'error';
    views.loadingView.hidden = state !== 'loading';
    views.errorView.hidden = state !== 'error';
    views.errorText.textContent = this.#lastError?.message ?? '';
  }
}
