/** setTimeout's largest delay; longer ones would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * One pending timeout to an absolute time, chained past setTimeout's 2^31−1 ms limit; setting it
 * again replaces the pending one. Its owner cancels it on disconnect. `Date.now` and the timer
 * functions are the page's own, so fake timers in tests drive it.
 */
export class Alarm {
  /** When the callback set last is (or was) due, epoch ms; null once cancelled. */
  dueAt: number | null = null;
  #handle: ReturnType<typeof setTimeout> | undefined;

  /** Runs `callback` at `when` (on the next turn if that is past), replacing any pending one. */
  set(when: number, callback: () => void): void {
    this.cancel();
    this.dueAt = when;
    const arm = () => {
      const delay = when - Date.now();
      this.#handle =
        delay > MAX_TIMEOUT_MS
          ? setTimeout(arm, MAX_TIMEOUT_MS)
          : setTimeout(() => {
              this.#handle = undefined;
              callback();
            }, Math.max(0, delay));
    };
    arm();
  }

  cancel(): void {
    clearTimeout(this.#handle);
    this.#handle = undefined;
    this.dueAt = null;
  }
}
