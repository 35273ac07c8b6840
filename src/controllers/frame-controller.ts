import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { EmbedConfig, FrameOptions } from '../config.js';
import { debugLog, redact } from '../debug.js';
import { chooseDelivery, onAuthError, replacement, usable, type Urgency } from '../delivery.js';
import { h } from '../dom.js';
import { DittofeedEmbedError } from '../errors.js';
import { emit, type ReloadReason, type SessionDelivery } from '../events.js';
import { PROTOCOL_VERSION } from '../messages.js';
import type { FrameMessage } from '../protocol.js';
import { buildFrameUrl } from '../routes.js';
import { Alarm } from '../timers.js';
import type { Session } from '../types.js';
import { FrameMessenger } from './frame-messenger.js';
import { IdleWatch } from './idle-watch.js';

export type EmbedState = 'idle' | 'loading' | 'ready' | 'error';

/** The frame must fire `load` within this long of being pointed at a URL. */
export const FRAME_LOAD_TIMEOUT_MS = 30_000;
/** How long after `load` a `ready` may take before we conclude the page speaks no protocol. */
export const READY_TIMEOUT_MS = 5000;

/** The element showing the frame, as the controller sees it: events are dispatched on it. */
export type FrameElement = ReactiveControllerHost & HTMLElement & { readonly state: EmbedState; readonly debug: boolean };

/** What the frame reports to the element that shows it. */
export interface FrameHost {
  setState(state: EmbedState): void;
  /** The frame failed: show `error` (and emit it when `report`; otherwise an earlier error explains it). */
  fail(error: DittofeedEmbedError, report: boolean): void;
  /** A token is needed at once (the page rejected its own, or `reload()` needs a fresh one). */
  requestToken(): void;
}

/**
 * Owns the iframe: its URL and token, its messenger, the load/ready deadlines, the held token's
 * expiry, resize clamping, and the hand-over of new tokens (rules in ../delivery.ts). Timers and
 * the message listener live only while the element is connected (hostDisconnected cancels them).
 */
export class FrameController implements ReactiveController {
  /** The newest session obtained (may be newer than the frame's). */
  latest: Session | null = null;
  /** The element's validated configuration, set on each update; no frame is shown without one. */
  config: EmbedConfig | null = null;
  readonly #element: FrameElement;
  readonly #host: FrameHost;
  readonly #messenger: FrameMessenger;
  /** Fires when the frame's own token expires. */
  readonly #expiry = new Alarm();
  /** `load` within 30 s of navigating, then `ready` within 5 s of `load`. */
  readonly #deadline = new Alarm();

  #frame: HTMLIFrameElement | null = null;
  /** The session whose token the frame is using. */
  #session: Session | null = null;
  /** What the iframe was pointed at (contains the token; never logged or emitted as is). */
  #url = '';
  #pendingSessionEvent: SessionDelivery | null = null;
  /** Whether the page announced the `token` capability; null until its `ready`. */
  #acceptsTokens: boolean | null = null;
  #lastPath: string | undefined;
  #appliedHeight: number | null = null;
  #urgency: Urgency = null;
  #warnedNoProtocol = false;
  /** idle-reload: the first idle moment after a newer token arrived for a frame without `token`. */
  readonly #idle = new IdleWatch();
  /** The host cancelled the idle reload for the frame's token: wait for its expiry. */
  #idleDeclined = false;

  constructor(element: FrameElement, host: FrameHost) {
    this.#element = element;
    this.#host = host;
    this.#messenger = new FrameMessenger(element, {
      // A dropped frame stays in the DOM until the next render: it has nothing more to say.
      frame: () => (this.#url ? this.#frame : null),
      dittofeedOrigin: () => this.config?.dittofeedOrigin ?? null,
      onMessage: (message) => this.#onMessage(message),
      onResize: (height) => this.#resize(height),
      log: (message) => this.#log(message),
    });
    element.addController(this);
  }

  /** The frame has been pointed at a URL. */
  get shown(): boolean {
    return this.#url !== '';
  }

  /** A frame whose token is still valid: a failed refresh leaves it alone. */
  get holdsValidToken(): boolean {
    // #session is only ever set together with the frame's URL.
    return !!usable(this.#session, Date.now());
  }

  hostDisconnected(): void {
    // A reconnected element starts its frame afresh from the (possibly cached) shared session.
    this.#drop();
  }

  /** A new session from the shared session: show, post, reload or keep (see chooseDelivery). */
  offer(session: Session): void {
    this.latest = session;
    const delivery = chooseDelivery(session, {
      frameSession: this.#session,
      acceptsTokens: !!this.#acceptsTokens,
      urgency: this.#urgency,
      now: Date.now(),
    });
    if (delivery === 'show') this.#show(session, 'initial');
    else if (delivery === 'post') this.#post(session);
    else if (delivery) this.#navigate(session, delivery === 'reload' ? null : delivery);
    else this.#waitForIdle();
  }

  /**
   * idle-reload: a newer token waits for a frame that cannot take it by message. Reload at the
   * first idle moment instead of at expiry; while the user is in the frame, say when it expires.
   */
  #waitForIdle(): void {
    const quietMs = this.config?.idleQuietMs;
    const held = this.#session;
    if (quietMs == null || !held || this.#acceptsTokens || this.#idleDeclined || this.#idle.armed) return;
    if (!replacement(this.latest, held, Date.now())) return;
    this.#idle.arm(quietMs, () => {
      const next = replacement(this.latest, this.#session, Date.now());
      // idle-reload may have been turned off meanwhile.
      if (next && this.config?.idleQuietMs != null && !this.#navigate(next, 'idle')) this.#idleDeclined = true;
    });
    if (this.#idle.armed) emit(this.#element, 'dittofeed-session-expiring', { expiresAt: held.expiresAt });
  }

  /**
   * `reload()`: at once with the newest token when it outlives the refresh margin; otherwise,
   * unless the host cancels, with a token fetched for it.
   */
  reload(): void {
    const held = this.latest;
    const config = this.config;
    if (!config) return;
    if (held && held.expiresAt - config.margin * 1000 > Date.now()) {
      this.#navigate(held, 'manual');
      return;
    }
    if (this.shown && !emit(this.#element, 'dittofeed-before-reload', { reason: 'manual' }, true)) return;
    this.#urgency = 'reload';
    if (this.#element.state === 'error') this.#host.setState('loading');
    this.#host.requestToken();
  }

  /** allow, referrerpolicy or sandbox changed: a frame reads them when it navigates, so it reloads where it is. */
  reloadForOptions(): void {
    const session = usable(this.latest, Date.now()) ?? this.#session;
    if (this.shown && this.#frame && session && applyFrameOptions(this.#frame, this.config?.frame)) this.#navigate(session, 'config');
  }

  /** The type, id, params or base URL changed: reload the frame there with a usable token. */
  reconfigure(): void {
    const session = usable(this.latest, Date.now()) ?? this.#session;
    // A new page: where the old one had navigated to no longer applies.
    this.#lastPath = undefined;
    if (this.shown && session) this.#navigate(session, 'config');
  }

  /** Drops the frame (removed on the next render), its timers and every session held. */
  reset(): void {
    this.latest = null;
    this.#drop();
  }

  /** Drops the frame and its timers; keeps `latest`. The next #show resets the rest. */
  #drop(): void {
    this.#idle.disarm();
    this.#expiry.cancel();
    this.#deadline.cancel();
    this.#session = null;
    this.#url = '';
    this.#lastPath = undefined;
    this.#appliedHeight = null;
  }

  /** Emits the `dittofeed-session` of a frame just rendered (after the element's update). */
  flush(): void {
    const delivery = this.#pendingSessionEvent;
    this.#pendingSessionEvent = null;
    if (delivery && this.#session) this.#emitSession(this.#session, delivery);
  }

  /** Creates, navigates or removes the iframe (inserted before `anchor`); returns it. */
  render(anchor: Element, title: string): HTMLIFrameElement | null {
    let frame = this.#frame;
    const url = this.#url;
    if (url && !frame) {
      // src is set before insertion so the frame never loads about:blank first.
      frame = h('iframe', { part: 'frame', src: url });
      applyFrameOptions(frame, this.config?.frame);
      this.#idle.track(frame);
      frame.addEventListener('load', () => this.#onLoad());
      anchor.before(frame);
    } else if (frame && !url) {
      frame.remove();
      frame = null;
    } else if (frame && frame.getAttribute('src') !== url) {
      applyFrameOptions(frame, this.config?.frame);
      frame.src = url;
    }
    this.#frame = frame;
    if (frame) {
      frame.title = title;
      frame.classList.toggle('pending', this.#element.state !== 'ready');
      // Heights go through the CSSOM, which a strict CSP allows (style attributes in markup it would not).
      const applied = this.#appliedHeight;
      frame.style.height = this.config?.fixedHeight ?? (applied === null ? '' : applied + 'px');
    }
    return frame;
  }

  #log(message: string): void {
    debugLog(this.#element.debug, message);
  }

  /** Points the frame at a session's URL. */
  #show(session: Session, delivery: SessionDelivery, path?: string): void {
    const config = this.config;
    if (!config) return;
    const url = buildFrameUrl(config, session, path);
    // The same URL again (a reload with the same token) navigates at once; a new one on render.
    if (url === this.#url && this.#frame) this.#frame.src = url;
    this.#url = url;
    this.#lastPath = path;
    this.#acceptsTokens = null;
    this.#urgency = null;
    this.#idle.disarm();
    this.#idleDeclined = false;
    if (session !== this.#session || delivery === 'initial') this.#pendingSessionEvent = delivery;
    this.#session = session;
    this.#host.setState('loading');
    this.#expiry.set(session.expiresAt, () => this.#onTokenExpired());
    this.#deadline.set(Date.now() + FRAME_LOAD_TIMEOUT_MS, () => {
      // The next token reloads the frame, even if this one is still valid.
      this.#urgency = 'replace';
      this.#host.fail(new DittofeedEmbedError('frame-error', 'Dittofeed page did not load within 30 s'), true);
    });
    this.#element.requestUpdate();
  }

  /**
   * Reloads the frame where it was, with `session`, after a cancelable dittofeed-before-reload
   * (`reason` null: the host already agreed).
   */
  #navigate(session: Session, reason: ReloadReason | null): boolean {
    if (reason && !emit(this.#element, 'dittofeed-before-reload', { reason }, true)) return false;
    this.#show(session, 'reload', this.#lastPath);
    return true;
  }

  #post(session: Session): void {
    if (!this.#messenger.post({ dittofeed: PROTOCOL_VERSION, type: 'token', token: session.token })) return;
    this.#session = session;
    this.#urgency = null;
    this.#idle.disarm();
    this.#expiry.set(session.expiresAt, () => this.#onTokenExpired());
    if (this.#element.state === 'error') this.#host.setState('ready');
    this.#emitSession(session, 'message');
  }

  #emitSession({ workspaceId, expiresAt }: Session, delivery: SessionDelivery): void {
    emit(this.#element, 'dittofeed-session', { workspaceId, expiresAt, delivery });
  }

  /** The held token expired: reload with a newer one, or show the error. */
  #onTokenExpired(): void {
    const next = replacement(this.latest, this.#session, Date.now());
    if (next) this.#navigate(next, 'token-expired');
    else this.#host.fail(new DittofeedEmbedError('token-expired', 'session expired'), false);
  }

  #onLoad(): void {
    if (!this.#url) return;
    this.#deadline.cancel();
    if (this.#element.state === 'loading') this.#host.setState('ready');
    emit(this.#element, 'dittofeed-load', { url: redact(this.#url) });
    if (this.#acceptsTokens === null && !this.#warnedNoProtocol) {
      this.#deadline.set(Date.now() + READY_TIMEOUT_MS, () => {
        this.#warnedNoProtocol = true;
        this.#log('no protocol v1 ready: no auto-resize, no live tokens');
      });
    }
  }

  #onMessage(message: Exclude<FrameMessage, { type: 'resize' }>): void {
    const now = Date.now();
    switch (message.type) {
      case 'ready': {
        const { capabilities } = message;
        this.#acceptsTokens = capabilities.includes('token');
        this.#deadline.cancel();
        emit(this.#element, 'dittofeed-ready', { version: PROTOCOL_VERSION, capabilities });
        const newer = replacement(this.latest, this.#session, now);
        if (newer && this.#acceptsTokens) this.#post(newer);
        else this.#waitForIdle();
        break;
      }
      case 'navigate':
        this.#lastPath = message.path;
        emit(this.#element, 'dittofeed-navigate', { path: message.path });
        break;
      case 'auth-error': {
        const action = onAuthError(this.latest, this.#session, now);
        if (action === 'wait') {
          this.#log('auth-error on a fresh token: waiting');
          break;
        }
        this.#urgency = 'replace';
        if (action === 'deliver') this.offer(this.latest as Session);
        else this.#host.requestToken();
        break;
      }
    }
  }

  #resize(requested: number): void {
    const frame = this.#frame;
    if (!frame || this.config?.fixedHeight) return;
    // --dittofeed-embed-max-height, resolved by the browser ('none' and percentages do not clamp).
    const max = getComputedStyle(frame).maxHeight;
    const height = Math.min(requested, max.endsWith('px') ? parseFloat(max) : Infinity);
    if (Math.abs(height - (this.#appliedHeight ?? -1)) < 1) return;
    this.#appliedHeight = height;
    frame.style.height = height + 'px';
    emit(this.#element, 'dittofeed-resize', { height });
  }
}

/** Sets the iframe's allow, referrerpolicy and sandbox attributes; true when one changed. */
function applyFrameOptions(frame: HTMLIFrameElement, options: FrameOptions | undefined): boolean {
  let changed = false;
  for (const [name, value] of Object.entries(options ?? {}) as [string, string | null][]) {
    if (frame.getAttribute(name) === value) continue;
    changed = true;
    if (value === null) frame.removeAttribute(name);
    else frame.setAttribute(name, value);
  }
  return changed;
}
