import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { timeoutAt } from '../timers.js';

/** One pending timeout owned by an element, cancelled when the element disconnects. */
export class Alarm implements ReactiveController {
  #cancelPending: (() => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Runs `callback` at the epoch-ms time `when`, replacing any pending one. */
  set(when: number, callback: () => void): void {
    this.cancel();
    this.#cancelPending = timeoutAt(when, () => {
      this.#cancelPending = null;
      callback();
    });
  }

  cancel(): void {
    this.#cancelPending?.();
    this.#cancelPending = null;
  }

  hostDisconnected(): void {
    this.cancel();
  }
}
