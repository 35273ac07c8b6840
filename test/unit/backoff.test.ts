// Retry delays: exponential backoff with full jitter, 1 s doubling, capped at 60 s (docs/architecture.md, "Data flow").
import { expect } from '@open-wc/testing';
import { backoffDelay } from '../../src/backoff.js';

const ALMOST_ONE = 1 - Number.EPSILON;
const ceiling = (attempt: number) => Math.min(60_000, 1000 * 2 ** attempt);

describe('backoff: backoffDelay', () => {
  it('is 0 when the jitter draws 0', () => {
    for (const attempt of [0, 1, 5, 6, 30, 1000]) expect(backoffDelay(attempt, () => 0), `attempt ${attempt}`).to.equal(0);
  });

  it('stays just under min(60 s, 1 s · 2^attempt) when the jitter draws almost 1', () => {
    for (let attempt = 0; attempt <= 12; attempt += 1) {
      const delay = backoffDelay(attempt, () => ALMOST_ONE);
      expect(delay, `attempt ${attempt}`).to.be.below(ceiling(attempt));
      expect(delay, `attempt ${attempt}`).to.be.at.least(ceiling(attempt) - 1);
    }
  });

  it('doubles from 1 s: the upper bounds for the first attempts', () => {
    const expected = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000];
    expected.forEach((bound, attempt) => {
      const delay = backoffDelay(attempt, () => ALMOST_ONE);
      expect(delay, `attempt ${attempt}`).to.be.below(bound).and.closeTo(bound, 1);
    });
  });

  it('scales the jitter linearly (full jitter)', () => {
    expect(backoffDelay(2, () => 0.5)).to.be.closeTo(2000, 1);
    expect(backoffDelay(0, () => 0.25)).to.be.closeTo(250, 1);
    expect(backoffDelay(20, () => 0.5)).to.be.closeTo(30_000, 1);
  });

  it('caps at 60 s for huge attempt counts, never Infinity or NaN', () => {
    for (const attempt of [7, 16, 64, 1024, 1e9, Number.MAX_SAFE_INTEGER, Infinity]) {
      const delay = backoffDelay(attempt, () => ALMOST_ONE);
      expect(Number.isFinite(delay), `attempt ${attempt}`).to.equal(true);
      expect(delay, `attempt ${attempt}`).to.be.below(60_000).and.at.least(59_999);
    }
  });

  it('stays in [0, ceiling) with Math.random', () => {
    for (let attempt = 0; attempt <= 10; attempt += 1) {
      for (let sample = 0; sample < 200; sample += 1) {
        const delay = backoffDelay(attempt);
        expect(delay).to.be.at.least(0).and.below(ceiling(attempt));
      }
    }
  });
});
