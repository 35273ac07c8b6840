import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { Alarm } from './controllers/alarm.js';
import { FrameMessenger } from './controllers/frame-messenger.js';
import { LazyController } from './controllers/lazy-controller.js';
import { SessionController } from './controllers/session-controller.js';
import { debugLog, redact } from './debug.js';
import { h } from './dom.js';
import { DittofeedEmbedError } from './errors.js';
import type {
  DittofeedEmbedEventMap,
  DittofeedErrorDetail,
  ReloadReason,
  SessionDelivery,
} from './events.js';
import { MIN_REFRESH_DELAY_MS } from './expiry.js';
import { PROTOCOL_VERSION, type Capability, type FrameMessage } from './messages.js';
import { preconnect } from './preconnect.js';
import { ROUTES, buildFrameUrl, httpOrigin, isEmbedType, needsResourceId, typeLabel } from './routes.js';
import type { SessionConfig } from './session/shared-session.js';
import type { TokenSource } from './session/token-request.js';
import { embedStyles } from './styles.js';
import type { EmbedType, FetchToken, Session, SessionInfo } from './types.js';

export type EmbedState = 'idle' | 'loading' | 'ready' | 'error';

const DEFAULT_REFRESH_MARGIN = 60;
const DEFAULT_TOKEN_LIFETIME = 3600;
/** The frame must fire `load` within this long of being pointed at a URL. */
export const FRAME_LOAD_TIMEOUT_MS = 30_000;
/** How long after `load` a `ready` may take before we conclude the page speaks no protocol. */
export const READY_TIMEOUT_MS = 5000;


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
 * @fires {CustomEvent<DittofeedBeforeReloadDetail>} dittofeed-before-reload - Cancelable; just before the element reloads the frame by itself: `{ reason: 'token-expired' | 'config' | 'manual' }`.
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
  /** Replaces `token-url` when set. */
  declare fetchToken: FetchToken | undefined;
  /** Merged into the token request (headers such as a CSRF token, `credentials`). */
  declare tokenRequestInit: RequestInit | undefined;
  /** Extra query parameters for the iframe URL. */
  declare params: Record<string, string> | undefined;


  constructor() {
    super();
    // Literal defaults, so that custom-elements.json shows them.
    this.baseUrl = 'https://app.dittofeed.com';
    this.height = 'auto';
    this.loading = 'eager';
    this.refreshMargin = 60;
    this.tokenLifetime = 3600;
    this.debug = false;
  }

  #state: EmbedState = 'idle';
  /** The origin of base-url (null when invalid), parsed once per change: messages check it often. */
  #origin: string | null = null;

  readonly #sessions = new SessionController(this, {
    margin: () => this.#margin,
    onSession: (session) => this.#onSession(session),
    onError: (error, retrying, retryInMs) => this.#onSessionError(error, retrying, retryInMs),
  });
  readonly #messenger = new FrameMessenger(this, {
    frame: () => this.#frame,
    origin: () => this.#origin,
    onMessage: (message) => this.#onFrameMessage(message),
    log: (message) => this.#log(message),
  });
  readonly #lazy = new LazyController(this);
  readonly #frameExpiry = new Alarm(this);
  /** The frame's deadline: `load` within 30 s of navigating, then `ready` within 5 s of `load`. */
  readonly #frameDeadline = new Alarm(this);

  /** The newest session obtained. */
  #latest: Session | null = null;
  /** The session whose token the frame is using. */
  #frameSession: Session | null = null;
  /** What the iframe was pointed at (contains the token; never logged or emitted as is). */
  #frameUrl = '';
  /** Set when the frame must navigate again to an unchanged URL. */
  #renavigate = false;
  #pendingSessionEvent: SessionDelivery | null = null;
  #capabilities: Capability[] | null = null;
  #lastPath: string | undefined;
  #appliedHeight: number | null = null;
  #lastError: DittofeedEmbedError | null = null;
  /** The next token goes to the frame at once, by message or reload (after auth-error/reload()). */
  #deliverNow: 'message' | 'reload' | null = null;
  #configProblem = '';
  #sessionActive = false;
  #warnedNoProtocol = false;

  /** `idle`, `loading`, `ready` or `error`; also reflected as the `state` attribute. */
  get state(): EmbedState {
    return this.#state;
  }

  /** The current session (never the token), or null. */
  get session(): SessionInfo | null {
    const s = this.#latest;
    return s ? { workspaceId: s.workspaceId, expiresAt: s.expiresAt } : null;
  }

  /** Fetches a new token now and delivers it to the frame as the contract's section 3 says. */
  refresh(): Promise<void> {
    return this.#sessions.refresh();
  }

  /** Reloads the frame; fetches a token first if the one held expires within the refresh margin. */
  reload(): void {
    if (this.#configProblem || !this.#sessionActive) return;
    const held = this.#latest;
    if (held && held.expiresAt - this.#margin * 1000 > Date.now()) {
      this.#navigateFrame(held, 'manual', this.#lastPath);
      return;
    }
    if (this.#frameUrl && !this.#emit('dittofeed-before-reload', { reason: 'manual' }, true)) return;
    this.#deliverNow = 'reload';
    if (this.#state === 'error') this.#setState('loading');
    void this.#sessions.refresh();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#sessionActive && !this.#frameUrl) this.#setState('loading');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A reconnected element starts its frame afresh from the (possibly cached) shared session.
    this.#resetFrame();
  }


  /** Which of the attributes the element can live without are valid; an invalid one falls back to its default. */
  get #valid() {
    const height = (this.height ?? '').trim();
    return {
      refreshMargin: Number.isFinite(this.refreshMargin) && this.refreshMargin >= 0,
      tokenLifetime: Number.isFinite(this.tokenLifetime) && this.tokenLifetime > 0,
      height: !height || height === 'auto' || CSS.supports('height', height),
      loading: this.loading === 'eager' || this.loading === 'lazy',
    };
  }

  get #margin(): number {
    return this.#valid.refreshMargin ? this.refreshMargin : DEFAULT_REFRESH_MARGIN;
  }

  get #lifetime(): number {
    return this.#valid.tokenLifetime ? this.tokenLifetime : DEFAULT_TOKEN_LIFETIME;
  }

  /** The fixed CSS height, or null for `auto` (follow resize messages). */
  get #fixedHeight(): string | null {
    const height = this.height?.trim();
    return height && height !== 'auto' && this.#valid.height ? height : null;
  }

  #log(message: string): void {
    debugLog(this.debug, message);
  }

  #emit<K extends keyof DittofeedEmbedEventMap>(
    name: K,
    detail: DittofeedEmbedEventMap[K]['detail'],
    cancelable = false,
  ): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  #emitError(error: DittofeedEmbedError, retrying: boolean, retryInMs?: number): void {
    const detail: DittofeedErrorDetail = { code: error.code, message: error.message, retrying };
    if (error.status !== undefined) detail.status = error.status;
    if (retryInMs !== undefined) detail.retryInMs = retryInMs;
    this.#log(`${error.code}: ${error.message}`);
    this.#emit('dittofeed-error', detail);
  }

  #setState(state: EmbedState): void {
    if (state !== this.#state) this.requestUpdate();
    this.#state = state;
  }

  /** A configuration problem that makes the embed impossible, or '' when it can run. */
  #hardConfigProblem(): string {
    const { type, fetchToken, params } = this as { type: unknown; fetchToken: unknown; params: unknown };
    return !isEmbedType(type)
      ? `type must be one of ${Object.keys(ROUTES).join(', ')}`
      : needsResourceId(type) && !this.resourceId
        ? `type ${type} needs a resource-id`
        : !this.#origin
          ? 'base-url must be an absolute http(s) URL'
          : typeof fetchToken !== 'function' && (fetchToken || !this.tokenUrl)
            ? 'set token-url, or fetchToken to a function'
            : params && (typeof params !== 'object' || Array.isArray(params))
              ? 'params must be an object'
              : '';
  }

  /** Attribute values the element can live without: reported, then the default is used. */
  #reportSoftProblems(changed: PropertyValues<this>): void {
    for (const [property, valid] of Object.entries(this.#valid)) {
      if (!valid && (changed as Map<PropertyKey, unknown>).has(property)) {
        this.#emitError(new DittofeedEmbedError('invalid-config', `invalid ${property}: using the default`), false);
      }
    }
  }

  #sessionConfig(): SessionConfig {
    const source: TokenSource = this.fetchToken
      ? { fetchToken: this.fetchToken }
      : { url: this.tokenUrl as string, init: this.tokenRequestInit };
    return { source, workspaceId: this.workspaceId || undefined, lifetime: this.#lifetime };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#origin = httpOrigin(this.baseUrl);
    this.#reportSoftProblems(changed);
    const problem = this.#hardConfigProblem();
    if (problem) {
      if (problem !== this.#configProblem) {
        this.#configProblem = problem;
        this.#stopSession();
        const error = new DittofeedEmbedError('invalid-config', problem);
        this.#lastError = error;
        this.#setState('error');
        this.#emitError(error, false);
      }
      return;
    }
    const recovering = this.#configProblem !== '';
    this.#configProblem = '';
    preconnect(this.#origin as string);

    if (this.loading === 'lazy' && !this.#lazy.near) {
      this.#lazy.watch();
      if (!this.#frameUrl) {
        this.#stopSession();
        this.#setState('idle');
      }
      return;
    }

    const sessionChanged =
      changed.has('tokenUrl') || changed.has('workspaceId') || changed.has('fetchToken') || changed.has('tokenLifetime');
    if (!this.#sessionActive || sessionChanged || recovering) {
      this.#startSession();
      return;
    }
    const frameChanged = changed.has('type') || changed.has('resourceId') || changed.has('params') || changed.has('baseUrl');
    if (frameChanged && this.#frameUrl) {
      const session = this.#usable(this.#latest) ?? this.#frameSession;
      if (session) this.#navigateFrame(session, 'config');
    }
  }

  protected override updated(): void {
    if (this.#state === 'loading') this.setAttribute('aria-busy', 'true');
    else this.removeAttribute('aria-busy');
    this.setAttribute('state', this.#state);
    if (this.#pendingSessionEvent && this.#frameSession) {
      const delivery = this.#pendingSessionEvent;
      this.#pendingSessionEvent = null;
      this.#emitSession(this.#frameSession, delivery);
    }
  }

  #startSession(): void {
    this.#resetFrame();
    this.#latest = null;
    this.#lastError = null;
    this.#sessionActive = true;
    this.#setState('loading');
    this.#sessions.use(this.#sessionConfig());
  }

  #stopSession(): void {
    this.#sessionActive = false;
    this.#sessions.use(null);
    this.#resetFrame();
    this.#latest = null;
  }

  #resetFrame(): void {
    this.#frameExpiry.cancel();
    this.#frameDeadline.cancel();
    this.#frameSession = null;
    this.#frameUrl = '';
    this.#capabilities = null;
    this.#lastPath = undefined;
    this.#appliedHeight = null;
    this.#pendingSessionEvent = null;
    this.#deliverNow = null;
  }

  #usable(session: Session | null): Session | null {
    return session && session.expiresAt > Date.now() ? session : null;
  }

  #emitSession(session: Session, delivery: SessionDelivery): void {
    this.#emit('dittofeed-session', { workspaceId: session.workspaceId, expiresAt: session.expiresAt, delivery });
  }

  // ── Sessions ──────────────────────────────────────────────────────────────

  #onSession(session: Session): void {
    this.#latest = session;
    this.#lastError = null;
    if (!this.#frameSession) {
      this.#showFrame(session, 'initial');
      return;
    }
    if (session === this.#frameSession) return;
    const expired = this.#frameSession.expiresAt <= Date.now();
    if (this.#deliverNow === 'reload') {
      this.#navigateFrame(session, null, this.#lastPath);
    } else if (this.#capabilities?.includes('token')) {
      this.#postToken(session);
    } else if (this.#deliverNow || expired || this.#state === 'error') {
      this.#navigateFrame(session, 'token-expired', this.#lastPath);
    }
    // Otherwise the frame keeps its token until it expires; frameExpiry then reloads it.
  }

  #onSessionError(error: DittofeedEmbedError, retrying: boolean, retryInMs?: number): void {
    this.#lastError = error;
    this.#emitError(error, retrying, retryInMs);
    // A failed background refresh leaves a frame with a valid token alone.
    if (!this.#usable(this.#frameSession) || !this.#frameUrl) {
      this.#setState('error');
    }
  }

  /** The held token expired: reload with a newer one, or show the error. */
  #onFrameTokenExpired(): void {
    const next = this.#usable(this.#latest);
    if (next && next !== this.#frameSession) {
      this.#navigateFrame(next, 'token-expired', this.#lastPath);
      return;
    }
    this.#lastError ??= new DittofeedEmbedError('token-expired', 'session expired');
    this.#setState('error');
  }

  // ── The frame ─────────────────────────────────────────────────────────────

  /** Points the frame at a session's URL (first load). */
  #showFrame(session: Session, delivery: SessionDelivery, path?: string): void {
    const type = this.type as EmbedType;
    const url = buildFrameUrl(this.baseUrl, type, session, this.resourceId, this.params, path);
    this.#renavigate = url === this.#frameUrl;
    this.#frameUrl = url;
    this.#lastPath = path;
    this.#capabilities = null;
    this.#deliverNow = null;
    const tokenChanged = session !== this.#frameSession;
    this.#frameSession = session;
    if (tokenChanged || delivery === 'initial') this.#pendingSessionEvent = delivery;
    this.#setState('loading');
    this.#frameExpiry.set(session.expiresAt, () => this.#onFrameTokenExpired());
    this.#frameDeadline.set(Date.now() + FRAME_LOAD_TIMEOUT_MS, () => this.#onFrameLoadTimeout());
    this.requestUpdate();
  }

  /**
   * Reloads the frame with `session`, after a cancelable dittofeed-before-reload (`reason` null: the
   * host already agreed). Returns false when the host cancelled.
   */
  #navigateFrame(session: Session, reason: ReloadReason | null, path?: string): boolean {
    if (reason && !this.#emit('dittofeed-before-reload', { reason }, true)) return false;
    this.#showFrame(session, 'reload', path);
    return true;
  }

  #postToken(session: Session): void {
    if (!this.#messenger.post({ dittofeed: PROTOCOL_VERSION, type: 'token', token: session.token })) return;
    this.#frameSession = session;
    this.#deliverNow = null;
    this.#frameExpiry.set(session.expiresAt, () => this.#onFrameTokenExpired());
    if (this.#state === 'error') this.#setState('ready');
    this.#emitSession(session, 'message');
  }

  #onFrameLoad(): void {
    if (!this.#frameUrl) return;
    this.#frameDeadline.cancel();
    if (this.#state === 'loading') this.#setState('ready');
    this.#emit('dittofeed-load', { url: redact(this.#frameUrl) });
    if (!this.#capabilities && !this.#warnedNoProtocol) {
      this.#frameDeadline.set(Date.now() + READY_TIMEOUT_MS, () => {
        this.#warnedNoProtocol = true;
        this.#log('no protocol v1 ready from the page: no auto-resize, no live tokens');
      });
    }
  }

  #onFrameLoadTimeout(): void {
    const error = new DittofeedEmbedError('frame-error', 'Dittofeed page did not load within 30 s');
    this.#lastError = error;
    this.#setState('error');
    this.#emitError(error, false);
  }

  #onFrameMessage(message: FrameMessage): void {
    switch (message.type) {
      case 'ready': {
        this.#capabilities = message.capabilities;
        this.#frameDeadline.cancel();
        this.#emit('dittofeed-ready', { version: PROTOCOL_VERSION, capabilities: [...message.capabilities] });
        const newer = this.#usable(this.#latest);
        if (newer && newer !== this.#frameSession && message.capabilities.includes('token')) this.#postToken(newer);
        break;
      }
      case 'navigate':
        this.#lastPath = message.path;
        this.#emit('dittofeed-navigate', { path: message.path });
        break;
      case 'auth-error':
        this.#onAuthError();
        break;
      case 'resize':
        this.#applyResize(message.height);
        break;
    }
  }

  #onAuthError(): void {
    const newer = this.#usable(this.#latest);
    if (newer && newer !== this.#frameSession) {
      this.#deliverNow = 'message';
      this.#onSession(newer);
      return;
    }
    // A page that keeps rejecting fresh tokens must not turn into a request loop.
    if (this.#frameSession && Date.now() - this.#frameSession.receivedAt < MIN_REFRESH_DELAY_MS) {
      this.#log('auth-error on a fresh token: not refreshing yet');
      return;
    }
    this.#deliverNow = 'message';
    void this.#sessions.refresh();
  }

  #applyResize(requested: number): void {
    const frame = this.#frame;
    if (!frame || this.#fixedHeight) return;
    // --dittofeed-embed-max-height, resolved by the browser ('none' and percentages do not clamp).
    const max = getComputedStyle(frame).maxHeight;
    const height = Math.min(requested, max.endsWith('px') ? parseFloat(max) : Infinity);
    if (Math.abs(height - (this.#appliedHeight ?? -1)) < 1) return;
    this.#appliedHeight = height;
    frame.style.height = height + 'px';
    this.#emit('dittofeed-resize', { height });
  }

  // ── Rendering ─────────────────────────────────────────────────────────────
  // Plain DOM instead of lit-html templates: the view is tiny and lit-html would cost a third of
  // the bundle's size budget.

  #frame: HTMLIFrameElement | null = null;
  #views: { box: HTMLElement; loading: HTMLElement; error: HTMLElement; detail: HTMLElement } | null = null;

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const detail = h('p');
    const retry = h('button', { part: 'retry', type: 'button' }, 'Retry');
    retry.addEventListener('click', () => this.reload());
    const loading = h('slot', { name: 'loading' }, h('div', { role: 'status' }, 'Loading Dittofeed…'));
    const error = h('slot', { name: 'error' }, h('div', { role: 'alert' }, 'Dittofeed could not be loaded.', detail, retry));
    const box = h('div', {}, loading, error);
    root.append(box);
    this.#views = { box, loading, error, detail };
    return root;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const views = this.#views;
    if (!views) return;
    const state = this.#state;
    let frame = this.#frame;
    if (this.#frameUrl && !frame) {
      // src is set before insertion so the frame never loads about:blank first.
      frame = h('iframe', { part: 'frame', src: this.#frameUrl });
      frame.addEventListener('load', () => this.#onFrameLoad());
      views.box.before(frame);
    } else if (frame && !this.#frameUrl) {
      frame.remove();
      frame = null;
    } else if (frame && (this.#renavigate || frame.getAttribute('src') !== this.#frameUrl)) {
      frame.src = this.#frameUrl;
    }
    this.#renavigate = false;
    this.#frame = frame;
    if (frame) {
      frame.title = this.#title_;
      frame.classList.toggle('pending', state !== 'ready');
      // Heights go through the CSSOM, which a strict CSP allows (style attributes in markup it would not).
      const applied = this.#appliedHeight;
      frame.style.height = this.#fixedHeight ?? (applied === null ? '' : applied + 'px');
    }
    views.box.className = frame ? 'overlay' : 'placeholder';
    views.box.hidden = !!frame && state !== 'loading' && state !== 'error';
    views.loading.hidden = state !== 'loading';
    views.error.hidden = state !== 'error';
    views.detail.textContent = this.#lastError?.message ?? '';
  }

  get #title_(): string {
    if (this.frameTitle) return this.frameTitle;
    const type = this.type as unknown;
    return `Dittofeed ${isEmbedType(type) ? typeLabel(type) : 'embed'}`;
  }
}
