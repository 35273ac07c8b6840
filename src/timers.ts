/** setTimeout's largest delay; longer ones would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A timeout to an absolute time that chains setTimeout for delays beyond 2^31−1 ms.
 * Returns the cancel function. `now` and the timer functions are the page's own, so fake
 * timers in tests drive it.
 */
export function timeoutAt(when: number, callback: () => void): () => void {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const delay = when - Date.now();
    if (delay > MAX_TIMEOUT_MS) {
      handle = setTimeout(arm, MAX_TIMEOUT_MS);
    } else {
      handle = setTimeout(() => {
        handle = undefined;
        callback();
      }, Math.max(0, delay));
    }
  };
  arm();
  return () => {
    if (handle !== undefined) clearTimeout(handle);
    handle = undefined;
  };
}
