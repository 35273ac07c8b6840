import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { sharedSessionFor, type SessionConfig, type SessionSubscriber, type SharedSession } from '../session/shared-session.js';

/**
 * Connects an element (its `subscriber`) to the shared session for its configuration, while the
 * element is connected. A replaced configuration is unsubscribed at once, and a shared session
 * only calls its current subscribers, so an answer for an older configuration never arrives.
 */
export class SessionController implements ReactiveController {
  #shared: SharedSession | null = null;
  #config: SessionConfig | null = null;
  readonly #host: ReactiveControllerHost & Element;
  readonly #subscriber: SessionSubscriber;

  constructor(host: ReactiveControllerHost & Element, subscriber: SessionSubscriber) {
    this.#host = host;
    this.#subscriber = {
      ...subscriber,
      // Ended (endSessions): the next connect or refresh() subscribes to a new shared session.
      onEnd: () => {
        this.#shared = null;
        subscriber.onEnd();
      },
    };
    host.addController(this);
  }

  /** Use this configuration (null: none). */
  use(config: SessionConfig | null): void {
    this.hostDisconnected();
    this.#config = config;
    // Only a connected element holds a session (and its timers and listeners).
    if (this.#host.isConnected) this.hostConnected();
  }

  /** A new token now (after endSessions too); resolves when that attempt has settled. */
  refresh(): Promise<void> {
    if (this.#host.isConnected) this.hostConnected();
    return this.#shared?.refresh() ?? Promise.resolve();
  }

  hostConnected(): void {
    if (this.#config && !this.#shared) (this.#shared = sharedSessionFor(this.#config)).subscribe(this.#subscriber);
  }

  hostDisconnected(): void {
    this.#shared?.unsubscribe(this.#subscriber);
    this.#shared = null;
  }
}
