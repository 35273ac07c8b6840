import { backoffDelay } from '../backoff.js';
import { DittofeedEmbedError } from '../errors.js';
import { refreshTime } from '../expiry.js';
import { Alarm } from '../timers.js';
import type { Session } from '../types.js';
import { TabChannel, type TabMessage } from './tab-channel.js';
import { requestSession, type TokenRequest } from './token-request.js';

/** How long a tab asking the others for a token waits for an answer, ms. */
const TAB_ANSWER_MS = 100;
/** How long tabs wait for one that said it is fetching, before fetching themselves, ms. */
const TAB_FETCH_WAIT_MS = 15_000;
/** Up to this much later than due (random per tab), so that one tab refreshes first, ms. */
const TAB_JITTER_MS = 3_000;

/** One element's interest in a shared session. */
export interface SessionSubscriber {
  /** Seconds before expiry at which this subscriber wants a new token. */
  margin(): number;
  onSession(session: Session): void;
  onError(error: DittofeedEmbedError, retrying: boolean, retryInMs?: number): void;
  /** endSessions() ended the session: its token is gone and no answer for it will come. */
  onEnd(): void;
}

/** What a shared session is for: elements with equal configurations share one (see sessionKey). */
export type SessionConfig = TokenRequest;

const sessions = new Map<string, SharedSession>();

/**
 * `keep`: a session whose last element left stays cached while its token is valid (no timer, no
 * listener, no request runs meanwhile), so a remount makes no token request. Off by default: a
 * host must then end sessions on sign-out (endSessions), which a page reload used to do for it.
 * `shareTabs`: tabs of this origin with the same `token-url` share one token per cycle over a
 * BroadcastChannel (off by default; endSessions() then ends the session in every tab).
 */
export const sessionCache = { keep: false, shareTabs: false };
const functionIds = new WeakMap<object, number>();
let functionCount = 0;

/** Elements with the same endpoint + workspace + credentials (or the same function) share a key. */
export function sessionKey({ source, workspaceId, lifetime }: SessionConfig): string {
  let id: unknown;
  if ('url' in source) {
    // The URL as written (parsing it here could throw out of a lifecycle callback; the request
    // reports a bad URL as a typed error instead).
    id = [source.url, source.init?.credentials];
  } else {
    id = functionIds.get(source.fetchToken);
    if (id === undefined) functionIds.set(source.fetchToken, (id = ++functionCount));
  }
  return JSON.stringify([id, workspaceId, lifetime]);
}

/** The shared session for a configuration, created on first use. */
export function sharedSessionFor(config: SessionConfig): SharedSession {
  const key = sessionKey(config);
  let shared = sessions.get(key);
  if (!shared) sessions.set(key, (shared = new SharedSession(key, config)));
  return shared;
}

/**
 * Ends every shared session, or those whose `token-url` is `tokenUrl` (both resolved against the
 * page): requests aborted, timers and listeners gone, tokens forgotten, each subscriber told.
 */
export function endSessions(tokenUrl?: string): void {
  const wanted = tokenUrl === undefined ? null : resolve(tokenUrl);
  for (const shared of [...sessions.values()]) if (wanted === null || shared.tokenUrl === wanted) shared.end();
}

/** An absolute URL for comparison; what cannot be parsed compares as written. */
function resolve(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    return url;
  }
}

/**
 * One token lifecycle shared by every element with the same configuration: one request in
 * flight at a time, one refresh timer, one retry schedule. It runs while it has subscribers; the
 * last one leaving aborts its request and clears its timer and listeners, and the session is
 * forgotten, or kept for the next subscriber while its token is valid (sessionCache.keep).
 */
export class SharedSession {
  session: Session | null = null;
  readonly #subscribers = new Set<SessionSubscriber>();
  readonly #config: SessionConfig;
  #inflight: Promise<void> | null = null;
  #abort: AbortController | null = null;
  /** The refresh or retry; run at once when overdue on visibility/online. */
  readonly #timer = new Alarm();
  #failures = 0;
  #authFailures = 0;
  #lastError: DittofeedEmbedError | null = null;
  /** After a repeated 401/403: no more requests until refresh() is called. */
  #halted = false;
  #listening = false;
  /** sessionCache.shareTabs with a token-url: this key's channel to the other tabs, while listening. */
  #tabs: TabChannel | null = null;
  /** Another tab said it is fetching: its session is awaited until then (epoch ms). */
  #elsewhereUntil = 0;
  /** A question to the other tabs is out: takes the first newer session one of them sends. */
  #answer: ((session: Session | null) => void) | null = null;
  /** This tab's `want` is out. */
  #wanting = false;
  /** This tab's token request is in flight (a tab asking meanwhile is told to wait for it). */
  #requesting = false;
  /** The resolved `token-url`, for endSessions(tokenUrl); null for a `fetchToken`. */
  readonly tokenUrl: string | null;

  constructor(
    readonly key: string,
    config: SessionConfig,
  ) {
    this.#config = config;
    const { source } = config;
    this.tokenUrl = 'url' in source ? resolve(source.url) : null;
  }

  subscribe(subscriber: SessionSubscriber): void {
    this.#subscribers.add(subscriber);
    this.#listen(true);
    const { session } = this;
    const error = this.#lastError;
    if (session && session.expiresAt > Date.now()) {
      subscriber.onSession(session);
      this.#schedule();
    } else if (error && (this.#halted || this.#timer.dueAt !== null)) {
      // Join a failing session where it is: halted, or waiting for its next retry.
      subscriber.onError(error, !this.#halted);
    } else if (!this.#inflight) {
      void this.#fetch(true);
    }
  }

  unsubscribe(subscriber: SessionSubscriber): void {
    if (!this.#subscribers.delete(subscriber) || this.#subscribers.size) return;
    // Wait a microtask: an element moved in the DOM reconnects before it runs and keeps the session.
    queueMicrotask(() => {
      if (this.#subscribers.size) return;
      this.#stop();
      if (!(sessionCache.keep && this.session && this.session.expiresAt > Date.now())) this.#forget();
    });
  }

  /** endSessions(): stops, forgets the token, and tells the subscribers (and the other tabs). */
  end(fromOtherTab = false): void {
    if (!fromOtherTab) this.#tabs?.post({ dittofeedTabs: 1, type: 'end' });
    this.#stop();
    this.#forget();
    this.#notify((subscriber) => subscriber.onEnd());
    this.#subscribers.clear();
  }

  /**
   * A new token now (even if the held one is valid), unless a request is already in flight.
   * Clears a 401/403 halt. Resolves when the attempt settles; failures go to subscribers.
   */
  refresh(): Promise<void> {
    this.#halted = false;
    this.#authFailures = 0;
    return this.#inflight ?? this.#fetch();
  }

  /** `ask`: another tab's fresh token will do (not for refresh(), which wants a new one). */
  #fetch(ask = false): Promise<void> {
    this.#timer.cancel();
    const abort = (this.#abort = new AbortController());
    const attempt = this.#obtain(abort.signal, ask)
      .then(
        (session) => {
          // Abandoned: the last subscriber left, also if the answer was already on its way then.
          if (!session || abort.signal.aborted) return;
          this.#inflight = null;
          this.#adopt(session);
        },
        (error: unknown) => {
          this.#inflight = null;
          this.#fail(error as DittofeedEmbedError);
        },
      )
      .finally(() => {
        if (this.#abort === abort) this.#inflight = this.#abort = null;
      });
    return (this.#inflight = attempt);
  }

  #adopt(session: Session): void {
    this.session = session;
    // A token from another tab also proves the credentials work again.
    this.#halted = false;
    this.#failures = this.#authFailures = 0;
    this.#lastError = null;
    this.#notify((subscriber) => subscriber.onSession(session));
    this.#schedule();
  }

  /** A token: from another tab when one has a fresh one (or is fetching one), else requested. */
  #obtain(signal: AbortSignal, ask: boolean): Promise<Session | null> {
    // Not sharing: the request itself, with no extra turn before its answer is handed out.
    const tabs = this.#tabs;
    return tabs ? this.#obtainShared(tabs, signal, ask) : requestSession(this.#config, signal);
  }

  async #obtainShared(tabs: TabChannel, signal: AbortSignal, ask: boolean): Promise<Session | null> {
    if (ask) {
      this.#wanting = true;
      let shared = await this.#awaitTab(signal, TAB_ANSWER_MS, () => tabs.post({ dittofeedTabs: 1, type: 'want', from: tabs.id }));
      this.#wanting = false;
      if (!shared && this.#elsewhereUntil > Date.now()) shared = await this.#awaitTab(signal, this.#elsewhereUntil - Date.now());
      if (shared || signal.aborted) return shared;
    }
    tabs.post({ dittofeedTabs: 1, type: 'fetching' });
    this.#requesting = true;
    const session = await requestSession(this.#config, signal).finally(() => (this.#requesting = false));
    // The channel may have closed meanwhile (the last element left).
    if (session && this.#tabs === tabs) tabs.post({ dittofeedTabs: 1, type: 'session', session });
    return session;
  }

  /** The next newer session another tab sends within `ms`, or null (also when aborted). */
  #awaitTab(signal: AbortSignal, ms: number, ask?: () => void): Promise<Session | null> {
    return new Promise((resolve) => {
      const done = (session: Session | null) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abandon);
        if (this.#answer === done) this.#answer = null;
        resolve(session);
      };
      const abandon = () => done(null);
      const timer = setTimeout(abandon, ms);
      signal.addEventListener('abort', abandon);
      this.#answer = done;
      ask?.();
    });
  }

  #onTab(message: TabMessage): void {
    const now = Date.now();
    const held = this.session;
    if (message.type === 'end') this.end(true);
    else if (message.type === 'fetching') this.#elsewhereUntil = now + TAB_FETCH_WAIT_MS;
    else if (message.type === 'want') {
      // Both asking at once: the lower id fetches, the other waits for its session. The asker may
      // have opened its channel after this tab's `want` went out, so a lower one asks again for it
      // (a higher one never answers a lower one: this ends). Not `fetching`: that is said only while
      // a request is in flight, or tabs promising each other would all wait.
      if (this.#wanting && this.#tabs) {
        if (message.from < this.#tabs.id) this.#elsewhereUntil = now + TAB_FETCH_WAIT_MS;
        else this.#tabs.post({ dittofeedTabs: 1, type: 'want', from: this.#tabs.id });
      }
      // Only a token that is not itself due for refresh is worth handing on; one on its way is announced.
      if (held && !this.#halted && refreshTime(held, this.#margin()) > now) this.#tabs?.post({ dittofeedTabs: 1, type: 'session', session: held });
      else if (this.#requesting) this.#tabs?.post({ dittofeedTabs: 1, type: 'fetching' });
    } else if (message.session.expiresAt > Math.max(now, held?.expiresAt ?? 0)) {
      this.#elsewhereUntil = 0;
      if (this.#answer) this.#answer(message.session);
      // Unsolicited (another tab refreshed first): take it, unless a request of ours is in flight.
      else if (!this.#inflight) {
        this.#timer.cancel();
        this.#adopt(message.session);
      }
    }
  }

  /** The largest refresh margin any subscriber wants, seconds. */
  #margin(): number {
    let margin = 0;
    for (const subscriber of this.#subscribers) margin = Math.max(margin, subscriber.margin());
    return margin;
  }

  /** Calls each subscriber still subscribed: one may leave while another is being called. */
  #notify(call: (subscriber: SessionSubscriber) => void): void {
    for (const subscriber of [...this.#subscribers]) if (this.#subscribers.has(subscriber)) call(subscriber);
  }

  #fail(error: DittofeedEmbedError): void {
    this.#lastError = error;
    const auth = error.status === 401 || error.status === 403;
    // Refused credentials are retried once, then wait for the host (refresh()/reload()).
    this.#halted = auth && ++this.#authFailures > 1;
    const delay = this.#halted ? undefined : backoffDelay(this.#failures++);
    this.#notify((subscriber) => subscriber.onError(error, !this.#halted, delay));
    if (delay !== undefined) this.#arm(Date.now() + delay);
  }

  /** Arms the refresh of the current session with the largest margin any subscriber wants. */
  #schedule(): void {
    // While failures are being retried the backoff schedule stands.
    if (!this.session || this.#inflight || this.#halted || this.#failures) return;
    const margin = this.#margin();
    // Sharing tabs: a random delay elects the tab that refreshes first; the others take its token.
    const jitter = this.#tabs ? Math.random() * Math.min(TAB_JITTER_MS, margin * 500) : 0;
    this.#arm(refreshTime(this.session, margin) + jitter);
  }

  #arm(when: number): void {
    this.#timer.set(when, () => {
      // Retries wait while the page is hidden; #onWake runs them when it shows again.
      if (!(document.hidden && this.#failures)) void this.#fetch(true);
    });
  }

  readonly #onWake = (event: Event): void => {
    const due = this.#timer.dueAt;
    if (document.hidden || this.#inflight || due === null) return;
    // Overdue (background tabs throttle timers), or back online after failures: try now.
    if (due <= Date.now() || (event.type === 'online' && this.#failures)) void this.#fetch(true);
  };

  #listen(on: boolean): void {
    if (on === this.#listening) return;
    this.#listening = on;
    const method = on ? 'addEventListener' : 'removeEventListener';
    document[method]('visibilitychange', this.#onWake);
    window[method]('online', this.#onWake);
    this.#tabs?.close();
    this.#tabs = null;
    if (on && sessionCache.shareTabs && this.tokenUrl && typeof BroadcastChannel === 'function') {
      const { workspaceId, lifetime, source } = this.#config;
      const name = JSON.stringify(['dittofeed-embed', this.tokenUrl, workspaceId, lifetime, 'url' in source ? source.init?.credentials : null]);
      this.#tabs = new TabChannel(name, (message) => this.#onTab(message));
    }
  }

  /** No request, timer or listener left; failures forgotten, so a newcomer starts afresh. */
  #stop(): void {
    this.#timer.cancel();
    this.#abort?.abort();
    this.#inflight = this.#abort = this.#lastError = null;
    this.#failures = this.#authFailures = 0;
    this.#halted = false;
    this.#elsewhereUntil = 0;
    this.#listen(false);
  }

  #forget(): void {
    this.session = null;
    // Only this instance can be in the map under its key: sharedSessionFor reuses it until now.
    if (sessions.get(this.key) === this) sessions.delete(this.key);
  }
}
