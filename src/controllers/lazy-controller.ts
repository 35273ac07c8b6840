import type { ReactiveController, ReactiveElement } from '@lit/reactive-element';

/** Distance from the viewport at which a lazy embed starts loading. */
export const LAZY_ROOT_MARGIN = '200px';

/**
 * Tells when the host first comes near the viewport. Until then a lazy embed makes no token
 * request and renders no iframe.
 */
export class LazyController implements ReactiveController {
  /** True once the host has been near the viewport (or when not lazy). */
  near = false;
  #observer: IntersectionObserver | null = null;
  #wanted = false;

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  /** Start (or stop) watching for the host nearing the viewport. */
  watch(enabled: boolean): void {
    this.#wanted = enabled && !this.near;
    if (this.#wanted && this.host.isConnected) this.#start();
    else this.#stop();
  }

  hostConnected(): void {
    if (this.#wanted) this.#start();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #start(): void {
    if (this.#observer) return;
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) this.#reveal();
      },
      { rootMargin: LAZY_ROOT_MARGIN },
    );
    this.#observer.observe(this.host);
  }

  #reveal(): void {
    this.near = true;
    this.#wanted = false;
    this.#stop();
    this.host.requestUpdate();
  }

  #stop(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }
}
