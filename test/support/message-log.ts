// Collects what a frame posts to the test page: protocol messages and fixture reports.
export type Report = Record<string, unknown>;

const WAIT_MS = 5000;

export const isProtocol = (message: Report): boolean => message.dittofeed === 1;
export const ofType = (type: string) => (message: Report) => isProtocol(message) && message.type === type;

/** Collects the messages one window posts to this page and lets a test wait for them. */
export class MessageLog {
  readonly messages: Report[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly onMessage = (event: MessageEvent): void => {
    if (event.source !== this.source()) return;
    this.messages.push(event.data as Report);
    for (const wake of this.waiters) wake();
  };

  constructor(
    private readonly source: () => unknown,
    private readonly receiver: Window = window,
  ) {
    receiver.addEventListener('message', this.onMessage);
  }

  /** The first message from index `since` on that matches; rejects after WAIT_MS. */
  waitFor(predicate: (message: Report) => boolean, what: string, since = 0): Promise<Report> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.messages.slice(since).find(predicate);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.messages.slice(since).map((m) => String(m.type ?? m.fixtureReport ?? '?'));
        reject(new Error(`timed out waiting for ${what}; received: ${seen.join(', ') || 'nothing'}`));
      }, WAIT_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = (): void => void check();
      this.waiters.add(wake);
      check();
    });
  }

  protocol(since = 0, type?: string): Report[] {
    return this.messages.slice(since).filter(type ? ofType(type) : isProtocol);
  }

  close(): void {
    this.receiver.removeEventListener('message', this.onMessage);
  }
}
