// One token request (docs/protocol.md, "The token endpoint"), against the real test token endpoint that
// web-test-runner serves (test/support/token-endpoint.mjs) and against fetchToken functions.
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { DittofeedEmbedError, type DittofeedErrorCode } from '../../src/errors.js';
import { requestSession, type TokenSource } from '../../src/session/token-request.js';
import type { Session } from '../../src/types.js';
import type { FetchTokenContext, SessionInit } from '../../src/types.js';


const HOUR_MS = 3600_000;
// Connection refused: nothing listens there (a high port, not one of Chromium's blocked ports).
const UNREACHABLE = 'http://127.0.0.1:65534/token';

interface RecordedRequest {
  method: string;
  body: unknown;
  query: Record<string, string>;
  headers: Record<string, string>;
}

interface Answer {
  status?: number;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  delayMs?: number;
  headers?: Record<string, string>;
}

/** A fresh scenario on the test endpoint, so tests never share state. */
async function scenario(answer: Answer = {}): Promise<{ url: string; stats: () => Promise<{ count: number; requests: RecordedRequest[] }> }> {
  const id = crypto.randomUUID();
  const url = `/test-token/${id}`;
  const configured = await fetch(`${url}/config`, { method: 'POST', body: JSON.stringify(answer) });
  expect(configured.ok).to.equal(true);
  return { url, stats: async () => (await (await fetch(`${url}/stats`)).json()) as { count: number; requests: RecordedRequest[] } };
}

const request = (source: TokenSource, workspaceId?: string, signal: AbortSignal = new AbortController().signal) =>
  requestSession({ source, workspaceId, lifetime: 3600 }, signal) as Promise<Session>;

/** The caller's abort settles the request with null: nothing to report, no session. */
async function abandoned(promise: Promise<unknown>): Promise<boolean> {
  return (await promise) === null;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

async function expectCode(promise: Promise<unknown>, code: DittofeedErrorCode): Promise<DittofeedEmbedError> {
  const error = await failure(promise);
  expect(error, String(error)).to.be.instanceOf(DittofeedEmbedError);
  expect((error as DittofeedEmbedError).code).to.equal(code);
  return error as DittofeedEmbedError;
}

describe('token-request: the token endpoint', () => {
  it('POSTs {workspaceId} as JSON and returns the session', async () => {
    const { url, stats } = await scenario();
    const session = await request({ url }, 'ws-1');
    expect(session.token).to.be.a('string').and.not.equal('');
    expect(session.workspaceId).to.equal('ws-1');
    expect(session.expiresAt - session.receivedAt).to.equal(HOUR_MS);
    const { count, requests } = await stats();
    expect(count).to.equal(1);
    expect(requests[0]!.method).to.equal('POST');
    expect(requests[0]!.body).to.deep.equal({ workspaceId: 'ws-1' });
    expect(requests[0]!.headers['content-type']).to.match(/^application\/json\b/);
    expect(requests[0]!.headers.accept).to.equal('application/json');
  });

  it('POSTs {} without a workspace id and takes the workspace from the response', async () => {
    const { url, stats } = await scenario({ body: { token: 'tok', workspaceId: 'ws-from-server', expiresIn: 600 } });
    const session = await request({ url });
    expect(session).to.include({ token: 'tok', workspaceId: 'ws-from-server' });
    expect(session.expiresAt - session.receivedAt).to.equal(600_000);
    expect((await stats()).requests[0]!.body).to.deep.equal({});
  });

  it('accepts a relative token-url (resolved against the page) and an absolute one', async () => {
    const { url, stats } = await scenario();
    await request({ url: '/unused/..' + url }, 'ws-1');
    await request({ url: new URL(url, location.href).href }, 'ws-1');
    expect((await stats()).count).to.equal(2);
  });

  it('merges custom headers from tokenRequestInit and keeps the JSON headers', async () => {
    const { url, stats } = await scenario();
    await request({ url, init: { headers: { 'X-CSRF-Token': 'csrf-1' } } }, 'ws-1');
    await request({ url, init: { headers: new Headers([['x-csrf-token', 'csrf-2']]) } }, 'ws-1');
    const { requests } = await stats();
    expect(requests.map((r) => r.headers['x-csrf-token'])).to.deep.equal(['csrf-1', 'csrf-2']);
    for (const recorded of requests) {
      expect(recorded.headers['content-type']).to.match(/^application\/json\b/);
      expect(recorded.headers.accept).to.equal('application/json');
      expect(recorded.body).to.deep.equal({ workspaceId: 'ws-1' });
    }
  });

  describe('credentials', () => {
    const COOKIE = 'dittofeed_unit_test';
    let fetchSpy: sinon.SinonSpy<Parameters<typeof fetch>, ReturnType<typeof fetch>>;
    beforeEach(() => {
      document.cookie = `${COOKIE}=1; path=/`;
      fetchSpy = sinon.spy(window, 'fetch');
    });
    afterEach(() => {
      fetchSpy.restore();
      document.cookie = `${COOKIE}=; path=/; max-age=0`;
    });

    const credentialsOfTokenRequest = (url: string) =>
      fetchSpy.getCalls().find((call) => new URL(String(call.args[0]), location.href).pathname === url)?.args[1]?.credentials;

    it("defaults to 'same-origin' (cookies go to a same-origin endpoint)", async () => {
      const { url, stats } = await scenario();
      await request({ url }, 'ws-1');
      expect(credentialsOfTokenRequest(url)).to.equal('same-origin');
      expect((await stats()).requests[0]!.headers.cookie).to.equal('present');
    });

    it('follows tokenRequestInit.credentials', async () => {
      const { url, stats } = await scenario();
      await request({ url, init: { credentials: 'omit' } }, 'ws-1');
      expect(credentialsOfTokenRequest(url)).to.equal('omit');
      expect((await stats()).requests[0]!.headers.cookie).to.equal('');
    });
  });

  it('sends GET with workspaceId in the query and no body', async () => {
    const { url, stats } = await scenario();
    const session = await request({ url: `${url}?tenant=a%20b`, init: { method: 'GET' } }, 'ws & co');
    expect(session.workspaceId).to.equal('ws & co');
    const recorded = (await stats()).requests[0]!;
    expect(recorded.method).to.equal('GET');
    expect(recorded.body).to.equal(undefined);
    expect(recorded.query).to.deep.equal({ tenant: 'a b', workspaceId: 'ws & co' });
  });

  it('sends no body with GET even when tokenRequestInit carries one', async () => {
    const { url, stats } = await scenario();
    await request({ url, init: { method: 'GET', body: '{"workspaceId":"other"}' } }, 'ws-1');
    const recorded = (await stats()).requests[0]!;
    expect(recorded.method).to.equal('GET');
    expect(recorded.body).to.equal(undefined);
    expect(recorded.query).to.deep.equal({ workspaceId: 'ws-1' });
  });

  it('sends GET without a workspaceId query when there is no workspace id', async () => {
    const { url, stats } = await scenario();
    await request({ url, init: { method: 'get' } });
    const recorded = (await stats()).requests[0]!;
    expect(recorded.method).to.equal('GET');
    expect(recorded.query).to.deep.equal({});
  });

  it('corrects expiresAt for clock skew with a readable Date header', async () => {
    // The server's clock runs an hour ahead; its expiresAt is 10 minutes after its own "now".
    const serverNow = Math.floor((Date.now() + HOUR_MS) / 1000) * 1000;
    const { url } = await scenario({
      body: { token: 'tok', workspaceId: 'ws', expiresAt: new Date(serverNow + 600_000).toISOString() },
      headers: { Date: new Date(serverNow).toUTCString() },
    });
    const session = await request({ url });
    expect(session.expiresAt - session.receivedAt).to.equal(600_000);
  });

  it('ignores the Date header for expiresIn', async () => {
    const { url } = await scenario({ body: { token: 'tok', workspaceId: 'ws', expiresIn: 600 }, headers: { Date: new Date(Date.now() + 5 * HOUR_MS).toUTCString() } });
    const session = await request({ url });
    expect(session.expiresAt - session.receivedAt).to.equal(600_000);
  });

  for (const status of [400, 401, 403, 429, 500, 503]) {
    it(`reports HTTP ${status} as token-http-error with the status, once (no retry here)`, async () => {
      const { url, stats } = await scenario({ status, body: { token: 'would-be-token', error: 'nope' } });
      const error = await expectCode(request({ url }, 'ws-1'), 'token-http-error');
      expect(error.status).to.equal(status);
      expect(error.message).not.to.contain('would-be-token');
      expect((await stats()).count).to.equal(1);
    });
  }

  const invalidAnswers: Array<[string, Answer]> = [
    ['a non-JSON body', { rawBody: 'this is not json' }],
    ['an HTML page', { rawBody: '<!doctype html><title>Login</title>', contentType: 'text/html' }],
    ['an empty body', { rawBody: '' }],
    ['a JSON string', { rawBody: '"bare-token-string"', contentType: 'application/json' }],
    ['JSON null', { rawBody: 'null', contentType: 'application/json' }],
    ['a JSON number', { rawBody: '42', contentType: 'application/json' }],
    ['a JSON array', { rawBody: '[{"token":"tok","workspaceId":"ws"}]', contentType: 'application/json' }],
    ['an object without a token', { body: { workspaceId: 'ws' } }],
    ['an empty token', { body: { token: '', workspaceId: 'ws' } }],
    ['a numeric token', { body: { token: 12345, workspaceId: 'ws' } }],
    ['a malformed expiresIn', { body: { token: 'tok', workspaceId: 'ws', expiresIn: 'an hour' } }],
    ['a malformed expiresAt', { body: { token: 'tok', workspaceId: 'ws', expiresAt: 'soon' } }],
    ['a non-string workspaceId', { body: { token: 'tok', workspaceId: 7 } }],
  ];
  for (const [label, answer] of invalidAnswers) {
    it(`reports ${label} as token-invalid-response`, async () => {
      const { url } = await scenario(answer);
      await expectCode(request({ url }, 'ws-1'), 'token-invalid-response');
    });
  }

  it('reports an already expired session as token-expired', async () => {
    const { url } = await scenario({ body: { token: 'tok', workspaceId: 'ws', expiresIn: 0 } });
    await expectCode(request({ url }), 'token-expired');
  });

  it('reports a network failure as token-request-failed', async () => {
    await expectCode(request({ url: UNREACHABLE }, 'ws-1'), 'token-request-failed');
  });
});

describe('token-request: fetchToken', () => {
  it('passes workspaceId and an AbortSignal, and takes a bare string as the token', async () => {
    const contexts: FetchTokenContext[] = [];
    const session = await request(
      {
        fetchToken: async (context) => {
          contexts.push(context);
          return 'string-token';
        },
      },
      'ws-attr',
    );
    expect(session).to.include({ token: 'string-token', workspaceId: 'ws-attr' });
    expect(session.expiresAt - session.receivedAt).to.equal(HOUR_MS);
    expect(contexts).to.have.length(1);
    expect(contexts[0]!.workspaceId).to.equal('ws-attr');
    expect(contexts[0]!.signal).to.be.instanceOf(AbortSignal);
    expect(contexts[0]!.signal.aborted).to.equal(false);
  });

  it('takes a SessionInit object', async () => {
    const init: SessionInit = { token: 'tok', workspaceId: 'ws-own', expiresIn: 120 };
    const session = await request({ fetchToken: async () => init });
    expect(session).to.include({ token: 'tok', workspaceId: 'ws-own' });
    expect(session.expiresAt - session.receivedAt).to.equal(120_000);
  });

  it('reports a fetchToken that rejects as token-request-failed', async () => {
    await expectCode(request({ fetchToken: () => Promise.reject(new Error('backend down')) }, 'ws'), 'token-request-failed');
    await expectCode(request({ fetchToken: () => Promise.reject(undefined) }, 'ws'), 'token-request-failed');
    await expectCode(request({ fetchToken: () => Promise.reject('a string') }, 'ws'), 'token-request-failed');
  });

  it('reports a fetchToken that throws synchronously as token-request-failed', async () => {
    const fetchToken = (): Promise<string> => {
      throw new TypeError('not a function');
    };
    await expectCode(request({ fetchToken }, 'ws'), 'token-request-failed');
  });

  it('reports a fetchToken that resolves to garbage as token-invalid-response', async () => {
    for (const value of [null, undefined, 42, [], {}, { token: '' }, '']) {
      await expectCode(request({ fetchToken: async () => value as unknown as string }, 'ws'), 'token-invalid-response');
    }
  });
});

describe('token-request: timeouts, aborts and timers', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    // Only the timers: fetch and Date stay real.
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  it('times out a fetchToken that never resolves after 15 s with token-request-failed, aborting its signal', async () => {
    let signal: AbortSignal | undefined;
    let settled = false;
    const pending = request({
      fetchToken: (context) => {
        signal = context.signal;
        return new Promise<string>(() => undefined);
      },
    });
    pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await clock.tickAsync(14_999);
    expect(settled, 'still pending at 14.999 s').to.equal(false);
    expect(signal!.aborted).to.equal(false);
    await clock.tickAsync(1);
    await expectCode(pending, 'token-request-failed');
    expect(signal!.aborted).to.equal(true);
    expect(clock.countTimers()).to.equal(0);
  });

  it('times out a slow token endpoint after 15 s with token-request-failed', async () => {
    const { url } = await scenario({ delayMs: 3000 });
    const pending = request({ url }, 'ws');
    const error = failure(pending);
    await clock.tickAsync(15_000);
    expect(await error).to.be.instanceOf(DittofeedEmbedError).and.to.have.property('code', 'token-request-failed');
    expect(clock.countTimers()).to.equal(0);
  });

  it("turns the caller's abort during fetchToken into an abandoned (null) result and aborts fetchToken's signal", async () => {
    const caller = new AbortController();
    let signal: AbortSignal | undefined;
    const pending = request(
      {
        fetchToken: (context) => {
          signal = context.signal;
          return new Promise<string>(() => undefined);
        },
      },
      'ws',
      caller.signal,
    );
    caller.abort();
    expect(await abandoned(pending)).to.equal(true);
    expect(signal!.aborted).to.equal(true);
    expect(clock.countTimers()).to.equal(0);
  });

  it("turns the caller's abort during an endpoint request into an abandoned (null) result", async () => {
    const { url } = await scenario({ delayMs: 2000 });
    const caller = new AbortController();
    const pending = request({ url }, 'ws', caller.signal);
    caller.abort();
    expect(await abandoned(pending)).to.equal(true);
    expect(clock.countTimers()).to.equal(0);
  });

  it('abandons at once when the caller had already aborted (token endpoint)', async () => {
    const caller = new AbortController();
    caller.abort();
    const { url, stats } = await scenario();
    expect(await abandoned(request({ url }, 'ws', caller.signal))).to.equal(true);
    expect((await stats()).count).to.equal(0);
    expect(clock.countTimers()).to.equal(0);
  });

  it('abandons at once when the caller had already aborted (fetchToken)', async () => {
    const caller = new AbortController();
    caller.abort();
    // A fetchToken that answers: the answer is for nobody and must not become a session.
    expect(await abandoned(request({ fetchToken: async () => 'tok' }, 'ws', caller.signal))).to.equal(true);
    // A fetchToken that ignores its signal and never answers: must not hang past the timeout either.
    let settled = false;
    request({ fetchToken: () => new Promise<string>(() => undefined) }, 'ws', caller.signal).then(
      () => (settled = true),
      () => (settled = true),
    );
    await clock.tickAsync(15_000);
    expect(settled, 'settled by the 15 s timeout at the latest').to.equal(true);
    expect(clock.countTimers()).to.equal(0);
  });

  const outcomes: Array<[string, () => Promise<TokenSource>]> = [
    ['success', async () => ({ url: (await scenario()).url })],
    ['an HTTP error', async () => ({ url: (await scenario({ status: 500 })).url })],
    ['an invalid response', async () => ({ url: (await scenario({ rawBody: 'nope' })).url })],
    ['a network failure', async () => ({ url: UNREACHABLE })],
    ['a fetchToken success', async () => ({ fetchToken: async () => 'tok' })],
    ['a fetchToken that throws', async () => ({ fetchToken: () => Promise.reject(new Error('x')) })],
    ['a fetchToken with garbage', async () => ({ fetchToken: async () => ({}) as SessionInit })],
  ];
  for (const [label, source] of outcomes) {
    it(`leaves no timer and no listener on the caller's signal after ${label}`, async () => {
      const caller = new AbortController();
      const added = sinon.spy(caller.signal, 'addEventListener');
      const removed = sinon.spy(caller.signal, 'removeEventListener');
      await request(await source(), 'ws', caller.signal).catch(() => undefined);
      expect(clock.countTimers()).to.equal(0);
      expect(removed.callCount).to.be.at.least(added.callCount);
    });
  }
});
