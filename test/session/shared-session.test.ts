// The shared session (one token lifecycle per configuration) with plain subscribers and fake
// timers: sharing, refresh scheduling, retries, the 401/403 halt, and clean disposal.
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { MIN_REFRESH_DELAY_MS } from '../../src/expiry.js';
import { endSessions, sessionCache, sessionKey, sharedSessionFor, type SessionConfig, type SessionSubscriber } from '../../src/session/shared-session.js';
import { DittofeedEmbedError } from '../../src/errors.js';
import type { FetchToken, FetchTokenContext, Session } from '../../src/types.js';

/** A subscriber that records what it is told. */
function subscriber(margin = 60) {
  const events: string[] = [];
  const sessions: Session[] = [];
  const self: SessionSubscriber & { events: string[]; sessions: Session[] } = {
    events,
    sessions,
    margin: () => margin,
    onSession: (session) => {
      sessions.push(session);
      events.push(`session ${session.token}`);
    },
    onError: (error, retrying, retryInMs) => events.push(`error ${error.code} ${retrying ? `retry in ${retryInMs}` : 'halted'}`),
    onEnd: () => events.push('end'),
  };
  return self;
}

/** A fetchToken answering from a script of results (tokens lasting `expiresIn` s); records each call's context. */
function scripted(...script: (string | Error)[]) {
  return scriptedFor(600, ...script);
}
function scriptedFor(expiresIn: number, ...script: (string | Error)[]) {
  const contexts: FetchTokenContext[] = [];
  let n = 0;
  const fetchToken: FetchToken = async (context) => {
    contexts.push(context);
    const next = script[Math.min(n++, script.length - 1)]!;
    if (next instanceof Error) throw next;
    return { token: `${next}`, workspaceId: 'ws-1', expiresIn };
  };
  return { fetchToken, contexts, count: () => contexts.length };
}

const configOf = (fetchToken: FetchToken, workspaceId?: string, lifetime = 3600): SessionConfig => ({ source: { fetchToken }, workspaceId, lifetime });
const httpError = (status: number) => new DittofeedEmbedError('token-http-error', `token endpoint answered HTTP ${status}`, status);
/** Lets the promise chain of a token request (fetchToken → parse → subscribers) settle. */
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('shared session', () => {
  let clock: sinon.SinonFakeTimers;
  const subscriptions: [ReturnType<typeof sharedSessionFor>, SessionSubscriber][] = [];
  const join = (config: SessionConfig, who = subscriber()) => {
    const shared = sharedSessionFor(config);
    shared.subscribe(who);
    subscriptions.push([shared, who]);
    return { shared, who };
  };
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    for (const [shared, who] of subscriptions.splice(0)) shared.unsubscribe(who);
    await flush();
    clock.restore();
  });

  it('is one per configuration: same source, workspace and lifetime', () => {
    const { fetchToken } = scripted('t');
    const other = scripted('t').fetchToken;
    expect(sessionKey(configOf(fetchToken, 'ws'))).to.equal(sessionKey(configOf(fetchToken, 'ws')));
    const keys = [
      configOf(fetchToken, 'ws'),
      configOf(fetchToken, 'ws-2'),
      configOf(fetchToken, 'ws', 60),
      configOf(other, 'ws'),
      { source: { url: '/session' }, lifetime: 3600 },
      { source: { url: '/session', init: { credentials: 'include' as const } }, lifetime: 3600 },
    ].map(sessionKey);
    expect(new Set(keys).size).to.equal(keys.length);
    const { shared } = join(configOf(fetchToken, 'ws'));
    expect(sharedSessionFor(configOf(fetchToken, 'ws'))).to.equal(shared);
  });

  it('fetches once for every subscriber; one joining later gets the valid session without a request', async () => {
    const source = scripted('t1');
    const first = join(configOf(source.fetchToken)).who;
    const second = join(configOf(source.fetchToken)).who;
    await flush();
    expect([first.events, second.events]).to.deep.equal([['session t1'], ['session t1']]);
    const third = join(configOf(source.fetchToken)).who;
    expect(third.events).to.deep.equal(['session t1']);
    expect(source.count()).to.equal(1);
  });

  it('refreshes before expiry by the largest margin any subscriber wants', async () => {
    const source = scripted('t1', 't2');
    join(configOf(source.fetchToken), subscriber(30));
    const { who } = join(configOf(source.fetchToken), subscriber(120));
    await flush();
    // expiresIn 600 s, margin 120 s: the refresh is due at 480 s.
    await clock.tickAsync(480_000 - 1);
    expect(source.count()).to.equal(1);
    await clock.tickAsync(1);
    await flush();
    expect(source.count()).to.equal(2);
    expect(who.events).to.deep.equal(['session t1', 'session t2']);
  });

  it('caps the margin at half the lifetime, and never refreshes sooner than MIN_REFRESH_DELAY_MS', async () => {
    const long = scripted('t1', 't2');
    join(configOf(long.fetchToken), subscriber(10_000));
    await flush();
    // 600 s token, a margin longer than that: refreshed at half its life.
    await clock.tickAsync(300_000 - 1);
    expect(long.count()).to.equal(1);
    await clock.tickAsync(1);
    expect(long.count()).to.equal(2);

    const short = scriptedFor(6, 's1', 's2');
    join(configOf(short.fetchToken), subscriber(60));
    await flush();
    // A 6 s token would be refreshed at 3 s; the floor holds it to 5 s.
    await clock.tickAsync(MIN_REFRESH_DELAY_MS - 1);
    expect(short.count()).to.equal(1);
    await clock.tickAsync(1);
    expect(short.count()).to.equal(2);
  });

  it('retries failures with a backoff and tells every subscriber when', async () => {
    const source = scripted(new Error('down'), new Error('down'), 't3');
    const random = sinon.stub(Math, 'random').returns(0.5);
    try {
      const { who } = join(configOf(source.fetchToken));
      await flush();
      expect(who.events).to.deep.equal(['error token-request-failed retry in 500']);
      await clock.tickAsync(500);
      await flush();
      expect(who.events.at(-1)).to.equal('error token-request-failed retry in 1000');
      await clock.tickAsync(1000);
      await flush();
      expect(who.events.at(-1)).to.equal('session t3');
      expect(source.count()).to.equal(3);
    } finally {
      random.restore();
    }
  });

  it('retries a refused token request once, then halts until refresh()', async () => {
    const source = scripted(httpError(401), httpError(403), 't-ok');
    const { shared, who } = join(configOf(source.fetchToken));
    await flush();
    expect(who.events[0]).to.match(/^error token-http-error retry in \d+$/);
    await clock.tickAsync(60_000);
    await flush();
    expect(who.events.at(-1)).to.equal('error token-http-error halted');
    await clock.tickAsync(10 * 60_000);
    expect(source.count(), 'halted: no more requests').to.equal(2);
    // A subscriber joining a halted session hears why at once, and causes no request.
    const late = join(configOf(source.fetchToken)).who;
    expect(late.events).to.deep.equal(['error token-http-error halted']);
    await shared.refresh();
    expect(who.events.at(-1)).to.equal('session t-ok');
    expect(source.count()).to.equal(3);
  });

  it('refresh() while a request is in flight returns that request', async () => {
    let release!: () => void;
    const fetchToken: FetchToken = () => new Promise((resolve) => (release = () => resolve({ token: 'slow', workspaceId: 'ws' })));
    const { shared } = join(configOf(fetchToken));
    const first = shared.refresh();
    const second = shared.refresh();
    expect(first).to.equal(second);
    release();
    await first;
  });

  it('the last subscriber leaving aborts the request, clears its timer, and a newcomer starts afresh', async () => {
    const source = scripted('t1', 't2');
    const config = configOf(source.fetchToken);
    const shared = sharedSessionFor(config);
    const who = subscriber();
    shared.subscribe(who);
    await flush();
    expect(clock.countTimers(), 'the refresh timer').to.equal(1);
    shared.unsubscribe(who);
    // Not at once: a subscriber moved in the DOM comes back within the task.
    expect(clock.countTimers()).to.equal(1);
    await flush();
    expect(clock.countTimers()).to.equal(0);
    expect(sharedSessionFor(config), 'disposed, then made anew').not.to.equal(shared);
    const again = join(config).who;
    await flush();
    expect(again.events).to.deep.equal(['session t2']);
  });

  it('aborts the signal of an in-flight fetchToken when nobody wants it any more', async () => {
    let context!: FetchTokenContext;
    const fetchToken: FetchToken = (given) => ((context = given), new Promise(() => {}));
    const shared = sharedSessionFor(configOf(fetchToken));
    const who = subscriber();
    shared.subscribe(who);
    expect(context.signal.aborted).to.equal(false);
    shared.unsubscribe(who);
    await flush();
    expect(context.signal.aborted).to.equal(true);
    expect(who.events).to.deep.equal([]);
    expect(clock.countTimers()).to.equal(0);
  });

  describe('kept after the last subscriber leaves (sessionCache.keep)', () => {
    beforeEach(() => {
      sessionCache.keep = true;
    });
    afterEach(() => {
      sessionCache.keep = false;
    });

    it('hands a newcomer the valid token without a request; nothing runs meanwhile', async () => {
      const source = scripted('t1', 't2');
      const config = configOf(source.fetchToken);
      const shared = sharedSessionFor(config);
      const who = subscriber();
      shared.subscribe(who);
      await flush();
      shared.unsubscribe(who);
      await flush();
      expect(clock.countTimers(), 'no refresh timer while kept').to.equal(0);
      window.dispatchEvent(new Event('online'));
      await clock.tickAsync(580_000);
      expect(source.count(), 'no request while kept, even past the refresh time').to.equal(1);
      expect(sharedSessionFor(config)).to.equal(shared);
      const again = join(config).who;
      await flush();
      // The token is past its refresh time: the newcomer gets it, then the refresh runs.
      expect(again.events.slice(0, 1)).to.deep.equal(['session t1']);
      await clock.tickAsync(0);
      await flush();
      expect(source.count()).to.equal(2);
      expect(again.events).to.deep.equal(['session t1', 'session t2']);
    });

    it('forgets an expired token: the newcomer waits for a new one', async () => {
      const source = scriptedFor(120, 't1', 't2');
      const config = configOf(source.fetchToken);
      const shared = sharedSessionFor(config);
      const who = subscriber();
      shared.subscribe(who);
      await flush();
      shared.unsubscribe(who);
      await flush();
      await clock.tickAsync(121_000);
      const again = join(config).who;
      await flush();
      expect(again.events).to.deep.equal(['session t2']);
      expect(source.count()).to.equal(2);
    });

    it('keeps nothing that failed: a newcomer after a failure asks again', async () => {
      const source = scripted(httpError(500), 't2');
      const config = configOf(source.fetchToken);
      const shared = sharedSessionFor(config);
      const who = subscriber();
      shared.subscribe(who);
      await flush();
      shared.unsubscribe(who);
      await flush();
      expect(clock.countTimers(), 'the retry is cancelled').to.equal(0);
      const again = join(config).who;
      await flush();
      expect(again.events).to.deep.equal(['session t2']);
    });
  });

  describe('endSessions', () => {
    it('aborts the request in flight, tells every subscriber, and a newcomer fetches afresh', async () => {
      const contexts: FetchTokenContext[] = [];
      let n = 0;
      const fetchToken: FetchToken = (context) => {
        contexts.push(context);
        n += 1;
        return n === 1 ? Promise.resolve({ token: 'a-1', workspaceId: 'ws-a', expiresIn: 600 }) : new Promise(() => {});
      };
      const config = configOf(fetchToken);
      const first = join(config).who;
      const second = join(config).who;
      await flush();
      void sharedSessionFor(config).refresh();
      expect(contexts.length).to.equal(2);
      endSessions();
      expect(contexts[1]!.signal.aborted, 'the refresh in flight').to.equal(true);
      expect(first.events).to.deep.equal(['session a-1', 'end']);
      expect(second.events).to.deep.equal(['session a-1', 'end']);
      await flush();
      expect(clock.countTimers(), 'the refresh timer and the request timeout').to.equal(0);
      const shared = sharedSessionFor(config);
      expect(shared.session).to.equal(null);
      const third = join(config).who;
      expect(contexts.length, 'a new request').to.equal(3);
      expect(third.events).to.deep.equal([]);
    });

    it('ends a kept session too', async () => {
      sessionCache.keep = true;
      try {
        const source = scripted('t1', 't2');
        const config = configOf(source.fetchToken);
        const shared = sharedSessionFor(config);
        const who = subscriber();
        shared.subscribe(who);
        await flush();
        shared.unsubscribe(who);
        await flush();
        endSessions();
        const again = join(config).who;
        await flush();
        expect(again.events).to.deep.equal(['session t2']);
        expect(who.events).to.deep.equal(['session t1']);
      } finally {
        sessionCache.keep = false;
      }
    });

    it('with a token-url, ends only the sessions of that endpoint (resolved against the page)', async () => {
      const ended: string[] = [];
      const record = (name: string): SessionSubscriber => ({ ...subscriber(), onEnd: () => ended.push(name) });
      const aborted: string[] = [];
      // Requests that never answer: only their subscriptions and ends matter here.
      const fetchStub = sinon.stub(window, 'fetch').callsFake((_input, init) => {
        init?.signal?.addEventListener('abort', () => aborted.push(String(_input)));
        return new Promise(() => {});
      });
      try {
        const a = { source: { url: '/session-a' }, lifetime: 3600 };
        const b = { source: { url: '/session-b' }, lifetime: 3600 };
        const fn = configOf(scripted('t').fetchToken);
        subscriptions.push([sharedSessionFor(a), record('a')]);
        sharedSessionFor(a).subscribe(subscriptions.at(-1)![1]);
        subscriptions.push([sharedSessionFor(b), record('b')]);
        sharedSessionFor(b).subscribe(subscriptions.at(-1)![1]);
        subscriptions.push([sharedSessionFor(fn), record('fn')]);
        sharedSessionFor(fn).subscribe(subscriptions.at(-1)![1]);
        endSessions(new URL('/session-a', location.href).href);
        expect(ended).to.deep.equal(['a']);
        expect(aborted.length).to.equal(1);
        expect(aborted[0]).to.contain('/session-a');
        endSessions();
        expect(ended.sort()).to.deep.equal(['a', 'b', 'fn']);
      } finally {
        fetchStub.restore();
      }
    });
  });

  it('retries at once when the browser comes back online after a failure', async () => {
    const source = scripted(new Error('offline'), 't-online');
    const { who } = join(configOf(source.fetchToken));
    await flush();
    expect(source.count()).to.equal(1);
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(source.count()).to.equal(2);
    expect(who.events.at(-1)).to.equal('session t-online');
  });
});
