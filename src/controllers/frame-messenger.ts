import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { validateMessage } from '../messages.js';
import type { FrameMessage, HostToChildMessage } from '../protocol.js';

export interface FrameMessengerOptions {
  /** The element's own iframe, if rendered. */
  frame(): HTMLIFrameElement | null;
  /** The origin of base-url, or null when it is invalid. */
  dittofeedOrigin(): string | null;
  /** Every accepted message but `resize`. */
  onMessage(message: Exclude<FrameMessage, { type: 'resize' }>): void;
  /** The latest height asked for by `resize`, at most once per animation frame. */
  onResize(height: number): void;
  log(message: string): void;
}

/**
 * Listens for the embedded page's messages (only from base-url's origin AND the element's own
 * frame), coalesces resizes to one per animation frame, and posts to the frame with an exact
 * targetOrigin. Listener and frame request live only while the host is connected.
 */
export class FrameMessenger implements ReactiveController {
  #pendingHeight: number | null = null;
  #frameRequest = 0;

  readonly #options: FrameMessengerOptions;

  constructor(
    host: ReactiveControllerHost,
    options: FrameMessengerOptions,
  ) {
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('message', this.#onWindowMessage);
  }

  hostDisconnected(): void {
    window.removeEventListener('message', this.#onWindowMessage);
    if (this.#frameRequest) cancelAnimationFrame(this.#frameRequest);
    this.#frameRequest = 0;
    this.#pendingHeight = null;
  }

  /** Posts to the frame, never to '*'. Returns false when there is no frame or origin. */
  post(message: HostToChildMessage): boolean {
    const target = this.#options.frame()?.contentWindow;
    const origin = this.#options.dittofeedOrigin();
    if (!target || !origin) return false;
    target.postMessage(message, origin);
    return true;
  }

  readonly #onWindowMessage = (event: MessageEvent): void => {
    const source = this.#options.frame()?.contentWindow;
    // Other frames' messages are normal on a busy page (and every element hears them): leave at once.
    if (!source || event.source !== source) return;
    const message = validateMessage(event, this.#options.dittofeedOrigin(), source);
    if (typeof message === 'string') {
      this.#options.log('message ignored: ' + message);
      return;
    }
    if (message.type !== 'resize') return this.#options.onMessage(message);
    this.#pendingHeight = message.height;
    // The first resize of a frame is applied at once; later ones wait for the next frame.
    if (!this.#frameRequest) this.#nextFrame();
  };

  /** Applies the latest pending height, then keeps one frame between writes while more arrive. */
  readonly #nextFrame = (): void => {
    const height = this.#pendingHeight;
    this.#frameRequest = 0;
    if (height === null) return;
    this.#pendingHeight = null;
    this.#options.onResize(height);
    this.#frameRequest = requestAnimationFrame(this.#nextFrame);
  };
}
