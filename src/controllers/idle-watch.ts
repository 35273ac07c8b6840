import { msUntilIdle } from '../delivery.js';
import { Alarm } from '../timers.js';

/**
 * Finds the first idle moment of one iframe (see msUntilIdle) and calls back once. The pointer is
 * tracked on the iframe element for its whole life (those listeners go with it); the window and
 * document listeners and the quiet-period timer exist only while armed.
 */
export class IdleWatch {
  #frame: HTMLIFrameElement | null = null;
  #pointerInside = false;
  #pointerLeftAt = -Infinity;
  #onIdle: (() => void) | null = null;
  #quietMs = 0;
  readonly #timer = new Alarm();

  /** A new iframe: its pointer history starts now. */
  track(frame: HTMLIFrameElement): void {
    this.#frame = frame;
    this.#pointerInside = false;
    this.#pointerLeftAt = -Infinity;
    const pointer = (inside: boolean) => () => {
      if (this.#frame !== frame) return;
      this.#pointerInside = inside;
      if (!inside) this.#pointerLeftAt = Date.now();
      this.#check();
    };
    frame.addEventListener('pointerenter', pointer(true));
    frame.addEventListener('pointerleave', pointer(false));
    frame.addEventListener('blur', this.#check);
  }

  get armed(): boolean {
    return this.#onIdle !== null;
  }

  /** Calls `onIdle` at the first idle moment (at once if that is now), unless disarmed first. */
  arm(quietMs: number, onIdle: () => void): void {
    if (!this.#onIdle) this.#listen('addEventListener');
    this.#onIdle = onIdle;
    this.#quietMs = quietMs;
    this.#check();
  }

  disarm(): void {
    if (this.#onIdle) this.#listen('removeEventListener');
    this.#onIdle = null;
    this.#timer.cancel();
  }

  #listen(method: 'addEventListener' | 'removeEventListener'): void {
    // Focus leaving the frame for the host page, the window losing focus, the page hiding.
    window[method]('focus', this.#check);
    window[method]('blur', this.#check);
    document[method]('visibilitychange', this.#check);
  }

  readonly #check = (): void => {
    const frame = this.#frame;
    const onIdle = this.#onIdle;
    if (!frame || !onIdle) return;
    const now = Date.now();
    const wait = msUntilIdle({
      hidden: document.hidden,
      focused: (frame.getRootNode() as Document | ShadowRoot).activeElement === frame,
      pointerInside: this.#pointerInside,
      pointerLeftAt: this.#pointerLeftAt,
      quietMs: this.#quietMs,
      now,
    });
    if (wait === null) this.#timer.cancel();
    else if (wait > 0) this.#timer.set(now + wait, this.#check);
    else {
      this.disarm();
      onIdle();
    }
  };
}
