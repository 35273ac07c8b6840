import type { Session } from '../types.js';

/** What tabs of one origin say about one session key (sessionCache.shareTabs). */
export type TabMessage =
  /**
   * A tab needs a token: any tab holding a valid one answers with `session`. `from` breaks ties
   * between tabs asking at once: the lower one fetches, the others wait for its session.
   */
  | { dittofeedTabs: 1; type: 'want'; from: number }
  /** A tab obtained (or holds) this session. */
  | { dittofeedTabs: 1; type: 'session'; session: Session }
  /** A tab is fetching a new token now: the others wait for its `session`. */
  | { dittofeedTabs: 1; type: 'fetching' }
  /** endSessions() in one tab: the session ends in every tab. */
  | { dittofeedTabs: 1; type: 'end' };

const isSession = (value: unknown): value is Session => {
  const s = value as Session | null;
  return (
    !!s &&
    typeof s === 'object' &&
    typeof s.token === 'string' &&
    s.token !== '' &&
    typeof s.workspaceId === 'string' &&
    Number.isFinite(s.expiresAt) &&
    Number.isFinite(s.receivedAt)
  );
};

/** A well-formed tab message, or null (a channel is only as trusted as the origin, but still typed). */
export function parseTabMessage(data: unknown): TabMessage | null {
  const message = data as TabMessage | null;
  if (!message || typeof message !== 'object' || message.dittofeedTabs !== 1) return null;
  if (message.type === 'want') return Number.isFinite(message.from) ? { dittofeedTabs: 1, type: 'want', from: message.from } : null;
  if (message.type === 'fetching' || message.type === 'end') return { dittofeedTabs: 1, type: message.type };
  if (message.type === 'session' && isSession(message.session)) {
    const { token, workspaceId, expiresAt, receivedAt } = message.session;
    return { dittofeedTabs: 1, type: 'session', session: { token, workspaceId, expiresAt, receivedAt } };
  }
  return null;
}

/**
 * One BroadcastChannel for one session key, open while the session has subscribers. Messages
 * from this tab are not echoed back to it (BroadcastChannel semantics).
 */
export class TabChannel {
  readonly #channel: BroadcastChannel;
  /** This tab's tie-breaker (see `want`). */
  readonly id = Math.random();

  constructor(name: string, onMessage: (message: TabMessage) => void) {
    this.#channel = new BroadcastChannel(name);
    this.#channel.onmessage = (event: MessageEvent) => {
      const message = parseTabMessage(event.data);
      if (message) onMessage(message);
    };
  }

  post(message: TabMessage): void {
    try {
      this.#channel.postMessage(message);
    } catch {
      // Closed: nobody is listening any more.
    }
  }

  close(): void {
    this.#channel.onmessage = null;
    this.#channel.close();
  }
}
