// The token hand-over rules (docs/architecture.md, "Token delivery"), as pure functions of the
// frame's state and the offered session.
import { MIN_REFRESH_DELAY_MS } from './expiry.js';
import type { Session } from './types.js';

/** What to do with a session offered to the frame (null: keep the frame's token). */
export type Delivery =
  /** No frame yet: load it with this token. */
  | 'show'
  /** The page takes tokens by message (`token` capability): post it. */
  | 'post'
  /** Reload now; the host already agreed (it called `reload()`). */
  | 'reload'
  /** Reload after a cancelable `dittofeed-before-reload` with this reason. */
  | 'token-expired'
  /** The frame keeps its token; its expiry alarm reloads it later. */
  | null;

/**
 * Why the next token must reach the frame at once: 'replace' when the page rejected its token
 * (`auth-error`) or did not load; 'reload' when the host called `reload()`.
 */
export type Urgency = 'replace' | 'reload' | null;

export interface FrameSnapshot {
  /** The session whose token the frame uses, or null when there is no frame. */
  frameSession: Session | null;
  /** The page announced the `token` capability. */
  acceptsTokens: boolean;
  urgency: Urgency;
  now: number;
}

export function chooseDelivery(offered: Session, frame: FrameSnapshot): Delivery {
  const held = frame.frameSession;
  if (!held) return 'show';
  if (offered === held) return null;
  if (frame.urgency === 'reload') return 'reload';
  if (frame.acceptsTokens) return 'post';
  return frame.urgency || held.expiresAt <= frame.now ? 'token-expired' : null;
}

/** A session that is not expired, or null. */
export const usable = (session: Session | null, now: number): Session | null =>
  session && session.expiresAt > now ? session : null;

/** The newest session when it is usable and not the one the frame already has, else null. */
export const replacement = (latest: Session | null, frameSession: Session | null, now: number): Session | null => {
  const next = usable(latest, now);
  return next !== frameSession ? next : null;
};

/**
 * The page rejected its token: hand over a newer one, wait (a page that keeps rejecting fresh
 * tokens must not turn into a request loop), or fetch one.
 */
export function onAuthError(latest: Session | null, frameSession: Session | null, now: number): 'deliver' | 'wait' | 'refresh' {
  if (replacement(latest, frameSession, now)) return 'deliver';
  if (frameSession && now - frameSession.receivedAt < MIN_REFRESH_DELAY_MS) return 'wait';
  return 'refresh';
}

/** What the user is doing with a frame, for `idle-reload` (an early reload at an idle moment). */
export interface FrameActivity {
  /** The page is hidden (another tab, a minimised window). */
  hidden: boolean;
  /** Focus is inside the frame: the user may be typing there. */
  focused: boolean;
  /** The pointer is over the frame. */
  pointerInside: boolean;
  /** When the user last left the frame (pointer out, or focus out), epoch ms; -Infinity: never in it. */
  leftAt: number;
  /** How long the user must have been away, ms. */
  quietMs: number;
  now: number;
}

/**
 * 0: the frame is idle now (the page is hidden, or focus and pointer are elsewhere and the user
 * left the frame a quiet period ago); n > 0: idle in n ms unless the user comes back; null: in use.
 */
export function msUntilIdle(activity: FrameActivity): number | null {
  if (activity.hidden) return 0;
  if (activity.focused || activity.pointerInside) return null;
  return Math.max(0, activity.leftAt + activity.quietMs - activity.now);
}
