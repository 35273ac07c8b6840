// parseTabMessage: what one tab accepts from another over the BroadcastChannel (typed, or dropped).
import { expect } from '@open-wc/testing';
import { parseTabMessage } from '../../src/session/tab-channel.js';

const session = { token: 't-1', workspaceId: 'ws-1', expiresAt: 2_000, receivedAt: 1_000 };

describe('tab-channel: parseTabMessage', () => {
  it('takes the four messages, copying only the known fields', () => {
    expect(parseTabMessage({ dittofeedTabs: 1, type: 'want', from: 0.5 })).to.deep.equal({ dittofeedTabs: 1, type: 'want', from: 0.5 });
    expect(parseTabMessage({ dittofeedTabs: 1, type: 'fetching', extra: 1 })).to.deep.equal({ dittofeedTabs: 1, type: 'fetching' });
    expect(parseTabMessage({ dittofeedTabs: 1, type: 'end' })).to.deep.equal({ dittofeedTabs: 1, type: 'end' });
    expect(parseTabMessage({ dittofeedTabs: 1, type: 'session', session: { ...session, evil: true } })).to.deep.equal({ dittofeedTabs: 1, type: 'session', session });
  });

  const bad: [string, unknown][] = [
    ['null', null],
    ['a string', 'want'],
    ['another version', { dittofeedTabs: 2, type: 'want', from: 1 }],
    ['no marker', { type: 'end' }],
    ['an unknown type', { dittofeedTabs: 1, type: 'token' }],
    ['a want without from', { dittofeedTabs: 1, type: 'want' }],
    ['a want with a NaN from', { dittofeedTabs: 1, type: 'want', from: NaN }],
    ['a session without one', { dittofeedTabs: 1, type: 'session' }],
    ['a session with an empty token', { dittofeedTabs: 1, type: 'session', session: { ...session, token: '' } }],
    ['a session with a numeric token', { dittofeedTabs: 1, type: 'session', session: { ...session, token: 7 } }],
    ['a session without a workspace', { dittofeedTabs: 1, type: 'session', session: { ...session, workspaceId: undefined } }],
    ['a session with a string expiry', { dittofeedTabs: 1, type: 'session', session: { ...session, expiresAt: '2026-12-04' } }],
    ['a session with an infinite receivedAt', { dittofeedTabs: 1, type: 'session', session: { ...session, receivedAt: Infinity } }],
  ];
  for (const [what, data] of bad) {
    it(`drops ${what}`, () => expect(parseTabMessage(data)).to.equal(null));
  }
});
