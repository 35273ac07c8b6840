import type { ReactiveController, ReactiveElement } from '@lit/reactive-element';

/** Distance from the viewport at which a lazy embed starts loading. */
export const LAZY_ROOT_MARGIN = '200px';

/**
 * Tells when the host first comes near the viewport. Until then a lazy embed makes no token
 * request and renders no iframe. The observer lives only while the host is connected.
 */
export class LazyController implements ReactiveController {
  /** True once the host has been near the viewport. */
  near = false;
  readonly #host: ReactiveElement;
  #observer: IntersectionObserver | null = null;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Starts watching (the host calls this on each update while it is lazy and not yet near). */
  watch(): void {
    if (this.near || this.#observer || !this.#host.isConnected) return;
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.near = true;
        this.hostDisconnected();
        this.#host.requestUpdate();
      },
      { rootMargin: LAZY_ROOT_MARGIN },
    );
    this.#observer.observe(this.#host);
  }

  hostConnected(): void {
    // A reconnected lazy host must watch again: its next update calls watch().
    if (!this.near) this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }
}
