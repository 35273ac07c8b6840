import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { DittofeedEmbedError } from '../errors.js';
import { sharedSessionFor, type SessionConfig, type SessionSubscriber, type SharedSession } from '../session/shared-session.js';
import type { Session } from '../types.js';

export interface SessionControllerOptions {
  refreshMargin(): number;
  onSession(session: Session): void;
  onError(error: DittofeedEmbedError, retrying: boolean, retryInMs?: number): void;
}

/**
 * Connects an element to the shared session for its configuration, while the element is
 * connected. A replaced configuration is unsubscribed at once, and a shared session only calls
 * its current subscribers, so an answer for an older configuration never reaches the element.
 */
export class SessionController implements ReactiveController, SessionSubscriber {
  #shared: SharedSession | null = null;
  #config: SessionConfig | null = null;
  readonly #host: ReactiveControllerHost & Element;
  readonly #options: SessionControllerOptions;

  constructor(host: ReactiveControllerHost & Element, options: SessionControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get margin(): number {
    return this.#options.refreshMargin();
  }

  onSession(session: Session): void {
    this.#options.onSession(session);
  }

  onError(error: DittofeedEmbedError, retrying: boolean, retryInMs?: number): void {
    this.#options.onError(error, retrying, retryInMs);
  }

  /** Use this configuration (null: none). */
  use(config: SessionConfig | null): void {
    this.hostDisconnected();
    this.#config = config;
    // Only a connected element holds a session (and its timers and listeners).
    if (this.#host.isConnected) this.hostConnected();
  }

  /** A new token now; resolves when that attempt has settled. */
  refresh(): Promise<void> {
    return this.#shared?.refresh() ?? Promise.resolve();
  }

  hostConnected(): void {
    if (this.#config && !this.#shared) (this.#shared = sharedSessionFor(this.#config)).subscribe(this);
  }

  hostDisconnected(): void {
    this.#shared?.unsubscribe(this);
    this.#shared = null;
  }
}
