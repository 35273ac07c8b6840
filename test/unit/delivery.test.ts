// The token hand-over rules (docs/architecture.md, "Token delivery"), as a table, without a frame.
import { expect } from '@open-wc/testing';
import { chooseDelivery, msUntilIdle, onAuthError, replacement, usable, type Delivery, type FrameActivity, type FrameSnapshot } from '../../src/delivery.js';
import { MIN_REFRESH_DELAY_MS } from '../../src/expiry.js';
import type { Session } from '../../src/types.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const MINUTE = 60_000;

/** A session received `ago` ms before NOW that expires `left` ms after it. */
const session = (name: string, left: number, ago = 0): Session => ({
  token: `token-${name}`,
  workspaceId: 'ws-1',
  expiresAt: NOW + left,
  receivedAt: NOW - ago,
});

const held = session('held', 10 * MINUTE, 50 * MINUTE);
const expired = session('expired', -1, 60 * MINUTE);
const next = session('next', 60 * MINUTE);

const frame = (changes: Partial<FrameSnapshot>): FrameSnapshot => ({
  frameSession: held,
  acceptsTokens: false,
  urgency: null,
  now: NOW,
  ...changes,
});

describe('delivery: chooseDelivery', () => {
  const table: [string, Session, Partial<FrameSnapshot>, Delivery][] = [
    ['no frame yet: show it with the token', next, { frameSession: null }, 'show'],
    ['no frame yet, even while a reload is urgent', next, { frameSession: null, urgency: 'reload' }, 'show'],
    ['the session the frame already has: keep', held, {}, null],
    ['the same session, urgent or not: keep', held, { urgency: 'replace', acceptsTokens: true }, null],
    ['a page that takes tokens: post', next, { acceptsTokens: true }, 'post'],
    ['a page that takes tokens, after an auth-error: post', next, { acceptsTokens: true, urgency: 'replace' }, 'post'],
    ['reload() asked for it: reload without asking again', next, { urgency: 'reload' }, 'reload'],
    ['reload() asked for it, even where tokens could be posted', next, { urgency: 'reload', acceptsTokens: true }, 'reload'],
    ['a page without the protocol, token still valid: keep (its expiry reloads it)', next, {}, null],
    ['a page without the protocol whose token expired: reload, cancelable', next, { frameSession: expired }, 'token-expired'],
    ['a page without the protocol at the very expiry instant: reload', next, { frameSession: session('edge', 0) }, 'token-expired'],
    ['a page without the protocol that rejected its token: reload, cancelable', next, { urgency: 'replace' }, 'token-expired'],
  ];
  for (const [what, offered, snapshot, expected] of table) {
    it(what, () => {
      expect(chooseDelivery(offered, frame(snapshot))).to.equal(expected);
    });
  }
});

describe('delivery: usable and replacement', () => {
  it('a session is usable until its expiry instant', () => {
    expect(usable(held, NOW)).to.equal(held);
    expect(usable(session('edge', 0), NOW)).to.equal(null);
    expect(usable(expired, NOW)).to.equal(null);
    expect(usable(null, NOW)).to.equal(null);
  });

  it('the newest session replaces the frame\'s only when it is usable and different', () => {
    expect(replacement(next, held, NOW)).to.equal(next);
    expect(replacement(next, null, NOW)).to.equal(next);
    expect(replacement(held, held, NOW)).to.equal(null);
    expect(replacement(expired, held, NOW)).to.equal(null);
    expect(replacement(null, held, NOW)).to.equal(null);
  });
});

describe('delivery: onAuthError', () => {
  it('hands over a newer usable session at once', () => {
    expect(onAuthError(next, held, NOW)).to.equal('deliver');
  });

  it('fetches a new one when the frame\'s token is not fresh', () => {
    expect(onAuthError(held, held, NOW)).to.equal('refresh');
    expect(onAuthError(null, null, NOW)).to.equal('refresh');
    expect(onAuthError(expired, expired, NOW)).to.equal('refresh');
  });

  it('waits when the rejected token is fresh: a page that rejects every token makes no request loop', () => {
    const fresh = session('fresh', 60 * MINUTE, MIN_REFRESH_DELAY_MS - 1);
    expect(onAuthError(fresh, fresh, NOW)).to.equal('wait');
    const older = session('older', 60 * MINUTE, MIN_REFRESH_DELAY_MS);
    expect(onAuthError(older, older, NOW)).to.equal('refresh');
  });
});

describe('delivery: msUntilIdle (idle-reload)', () => {
  const activity = (changes: Partial<FrameActivity>): FrameActivity => ({
    hidden: false,
    focused: false,
    pointerInside: false,
    leftAt: -Infinity,
    quietMs: 10_000,
    now: NOW,
    ...changes,
  });
  const cases: [string, Partial<FrameActivity>, number | null][] = [
    ['never touched: idle now', {}, 0],
    ['focus in the frame: in use', { focused: true }, null],
    ['pointer over the frame: in use', { pointerInside: true }, null],
    ['pointer left 4 s ago: idle in 6 s', { leftAt: NOW - 4_000 }, 6_000],
    ['pointer left exactly the quiet period ago: idle now', { leftAt: NOW - 10_000 }, 0],
    ['pointer left long ago: idle now', { leftAt: NOW - 3_600_000 }, 0],
    ['page hidden, even with focus and pointer in the frame: idle now', { hidden: true, focused: true, pointerInside: true }, 0],
    ['a quiet period of 0: idle as soon as the pointer leaves', { quietMs: 0, leftAt: NOW }, 0],
    ['focus in the frame, pointer away long ago: in use', { focused: true, leftAt: NOW - 60_000 }, null],
  ];
  for (const [what, changes, expected] of cases) {
    it(what, () => expect(msUntilIdle(activity(changes))).to.equal(expected));
  }
});
