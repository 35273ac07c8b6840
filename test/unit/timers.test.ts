// Alarm: a timeout to an absolute time, chained past setTimeout's 2^31−1 ms limit (docs/architecture.md, "Timers").
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { Alarm } from '../../src/timers.js';

/** Sets a fresh alarm; returns its cancel. */
function timeoutAt(when: number, callback: () => void): () => void {
  const alarm = new Alarm();
  alarm.set(when, callback);
  return () => alarm.cancel();
}

const START = Date.UTC(2026, 0, 1);
const MAX_TIMEOUT = 2 ** 31 - 1;
const DAY = 24 * 3600_000;

describe('timers: Alarm', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('fires once, at the time', () => {
    const callback = sinon.spy();
    timeoutAt(START + 5000, callback);
    clock.tick(4999);
    expect(callback.callCount).to.equal(0);
    clock.tick(1);
    expect(callback.callCount).to.equal(1);
    clock.tick(60_000);
    expect(callback.callCount).to.equal(1);
    expect(clock.countTimers()).to.equal(0);
  });

  it('fires on the next turn for a time already past', () => {
    const callback = sinon.spy();
    timeoutAt(START - 10_000, callback);
    expect(callback.callCount, 'not synchronously').to.equal(0);
    clock.tick(0);
    expect(callback.callCount).to.equal(1);
  });

  it('fires after 30 days, not at once (delays beyond 2^31−1 ms are chained)', () => {
    const callback = sinon.spy();
    timeoutAt(START + 30 * DAY, callback);
    clock.tick(1);
    expect(callback.callCount, 'right away').to.equal(0);
    clock.tick(MAX_TIMEOUT);
    expect(callback.callCount, 'after 2^31−1 ms').to.equal(0);
    clock.tick(30 * DAY - MAX_TIMEOUT - 2);
    expect(callback.callCount, '1 ms early').to.equal(0);
    clock.tick(1);
    expect(callback.callCount).to.equal(1);
    expect(clock.countTimers()).to.equal(0);
  });

  it('fires exactly at 2^31−1 ms and one ms later (the boundary)', () => {
    const atMax = sinon.spy();
    const pastMax = sinon.spy();
    timeoutAt(START + MAX_TIMEOUT, atMax);
    timeoutAt(START + MAX_TIMEOUT + 1, pastMax);
    clock.tick(MAX_TIMEOUT - 1);
    expect([atMax.callCount, pastMax.callCount]).to.deep.equal([0, 0]);
    clock.tick(1);
    expect([atMax.callCount, pastMax.callCount]).to.deep.equal([1, 0]);
    clock.tick(1);
    expect([atMax.callCount, pastMax.callCount]).to.deep.equal([1, 1]);
  });

  it('cancels before firing and leaves no timer', () => {
    const callback = sinon.spy();
    const cancel = timeoutAt(START + 5000, callback);
    expect(clock.countTimers()).to.equal(1);
    cancel();
    expect(clock.countTimers()).to.equal(0);
    clock.tick(10_000);
    expect(callback.callCount).to.equal(0);
  });

  it('cancels in the middle of a chain and leaves no timer', () => {
    const callback = sinon.spy();
    const cancel = timeoutAt(START + 60 * DAY, callback);
    clock.tick(25 * DAY);
    expect(callback.callCount).to.equal(0);
    expect(clock.countTimers()).to.equal(1);
    cancel();
    expect(clock.countTimers()).to.equal(0);
    clock.tick(60 * DAY);
    expect(callback.callCount).to.equal(0);
  });

  it('cancelling twice, or after it fired, is harmless', () => {
    const callback = sinon.spy();
    const cancel = timeoutAt(START + 10, callback);
    clock.tick(10);
    expect(callback.callCount).to.equal(1);
    expect(() => {
      cancel();
      cancel();
    }).not.to.throw();
    expect(clock.countTimers()).to.equal(0);
  });

  it('keeps independent timeouts independent', () => {
    const first = sinon.spy();
    const second = sinon.spy();
    const cancelFirst = timeoutAt(START + 100, first);
    timeoutAt(START + 200, second);
    cancelFirst();
    clock.tick(200);
    expect([first.callCount, second.callCount]).to.deep.equal([0, 1]);
  });

  it('setting it again replaces the pending callback', () => {
    const first = sinon.spy();
    const second = sinon.spy();
    const alarm = new Alarm();
    alarm.set(START + 100, first);
    alarm.set(START + 300, second);
    expect(clock.countTimers()).to.equal(1);
    clock.tick(1000);
    expect([first.callCount, second.callCount]).to.deep.equal([0, 1]);
  });

  it('tells when it is (or was) due until cancelled', () => {
    const alarm = new Alarm();
    expect(alarm.dueAt).to.equal(null);
    alarm.set(START + 100, () => {});
    expect([alarm.dueAt, clock.countTimers()]).to.deep.equal([START + 100, 1]);
    clock.tick(100);
    expect([alarm.dueAt, clock.countTimers()], 'fired: the due time is kept').to.deep.equal([START + 100, 0]);
    alarm.cancel();
    expect(alarm.dueAt).to.equal(null);
  });

  it('a callback may set the same alarm again', () => {
    const alarm = new Alarm();
    const times: number[] = [];
    const tick = () => {
      times.push(Date.now() - START);
      if (times.length < 3) alarm.set(Date.now() + 50, tick);
    };
    alarm.set(START + 50, tick);
    clock.tick(1000);
    expect(times).to.deep.equal([50, 100, 150]);
    expect(clock.countTimers()).to.equal(0);
  });
});
