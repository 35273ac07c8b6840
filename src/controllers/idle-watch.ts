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
  #leftAt = -Infinity;
  #onIdle: (() => void) | null = null;
  /** Focus was in the frame at the last check. */
  #focused = false;
  #quietMs = 0;
  readonly #timer = new Alarm();

  /** A new iframe: its pointer history starts now. */
  track(frame: HTMLIFrameElement): void {
    this.#frame = frame;
    this.#pointerInside = false;
    this.#leftAt = -Infinity;
    this.#focused = false;
    // `inside` undefined: focus left the frame (pointer events may not reach the host page over a
    // cross-origin frame, so leaving by focus starts the quiet period too).
    const moved = (inside?: boolean) => () => {
      if (this.#frame !== frame) return;
      if (inside !== undefined) this.#pointerInside = inside;
      if (!inside) this.#leftAt = Date.now();
      this.#check();
    };
    frame.addEventListener('pointerenter', moved(true));
    frame.addEventListener('pointerleave', moved(false));
    frame.addEventListener('blur', moved());
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
    const focused = (frame.getRootNode() as Document | ShadowRoot).activeElement === frame;
    // Focus just left the frame (the window's focus event; the iframe element itself gets no blur
    // from a cross-origin page in Chromium): the quiet period starts now.
    if (this.#focused && !focused) this.#leftAt = now;
    this.#focused = focused;
    const wait = msUntilIdle({
      hidden: document.hidden,
      focused,
      pointerInside: this.#pointerInside,
      leftAt: this.#leftAt,
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
