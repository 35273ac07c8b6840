// SessionController with a tiny host element: it connects the host to the shared session for its
// configuration while the host is connected, and never lets an old configuration's answer through.
import { ReactiveElement } from '@lit/reactive-element';
import { expect } from '@open-wc/testing';
import { SessionController } from '../../src/controllers/session-controller.js';
import type { SessionConfig } from '../../src/session/shared-session.js';
import type { FetchToken, FetchTokenContext } from '../../src/types.js';
import { sleep, until } from '../support/harness.js';

class SessionHost extends ReactiveElement {
  readonly calls: string[] = [];
  readonly sessions = new SessionController(this, {
    margin: () => 60,
    onSession: (session) => this.calls.push(`session ${session.token}`),
    onError: (error, retrying) => this.calls.push(`error ${error.code} ${retrying ? 'retrying' : 'halted'}`),
    onEnd: () => this.calls.push('end'),
  });
}
customElements.define('session-host', SessionHost);

/** A fetchToken whose answers the test releases by hand; records each call's context. */
function manualTokens() {
  const calls: { context: FetchTokenContext; answer: (token: string) => void; fail: (error: Error) => void }[] = [];
  const fetchToken: FetchToken = (context) =>
    new Promise((resolve, reject) => {
      calls.push({ context, answer: (token) => resolve({ token, workspaceId: 'ws-1', expiresIn: 600 }), fail: reject });
    });
  return { fetchToken, calls };
}

const configFor = (fetchToken: FetchToken, workspaceId?: string): SessionConfig => ({ source: { fetchToken }, workspaceId, lifetime: 3600 });
const hosts: SessionHost[] = [];
const mount = (connected = true) => {
  const host = document.createElement('session-host') as SessionHost;
  hosts.push(host);
  if (connected) document.body.append(host);
  return host;
};

describe('SessionController', () => {
  afterEach(() => {
    for (const host of hosts.splice(0)) {
      host.sessions.use(null);
      host.remove();
    }
  });

  it('fetches for a connected host and hands it the session', async () => {
    const tokens = manualTokens();
    const host = mount();
    host.sessions.use(configFor(tokens.fetchToken));
    expect(tokens.calls.length).to.equal(1);
    tokens.calls[0]!.answer('t1');
    await until(() => host.calls.length > 0, 'session');
    expect(host.calls).to.deep.equal(['session t1']);
  });

  it('makes no request for a host that is not connected, until it connects', async () => {
    const tokens = manualTokens();
    const host = mount(false);
    host.sessions.use(configFor(tokens.fetchToken));
    await sleep(20);
    expect(tokens.calls.length).to.equal(0);
    document.body.append(host);
    expect(tokens.calls.length).to.equal(1);
  });

  it('shares one request between hosts with the same configuration', async () => {
    const tokens = manualTokens();
    const first = mount();
    const second = mount();
    first.sessions.use(configFor(tokens.fetchToken));
    second.sessions.use(configFor(tokens.fetchToken));
    expect(tokens.calls.length).to.equal(1);
    tokens.calls[0]!.answer('shared');
    await until(() => first.calls.length && second.calls.length, 'both sessions');
    expect([first.calls, second.calls]).to.deep.equal([['session shared'], ['session shared']]);
    // A third host joins the valid session without a request.
    const third = mount();
    third.sessions.use(configFor(tokens.fetchToken));
    expect(third.calls).to.deep.equal(['session shared']);
    expect(tokens.calls.length).to.equal(1);
  });

  it('never delivers the answer for a replaced configuration; the last host leaving aborts it', async () => {
    const old = manualTokens();
    const next = manualTokens();
    const host = mount();
    host.sessions.use(configFor(old.fetchToken));
    host.sessions.use(configFor(next.fetchToken));
    await Promise.resolve();
    expect(old.calls[0]!.context.signal.aborted, 'nobody else wanted it').to.equal(true);
    old.calls[0]!.answer('stale');
    next.calls[0]!.answer('fresh');
    await until(() => host.calls.length > 0, 'session');
    await sleep(20);
    expect(host.calls).to.deep.equal(['session fresh']);
  });

  it('keeps the session of a host moved in the DOM (disconnect and connect in one task)', async () => {
    const tokens = manualTokens();
    const host = mount();
    host.sessions.use(configFor(tokens.fetchToken));
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(host);
    await Promise.resolve();
    expect(tokens.calls.length).to.equal(1);
    expect(tokens.calls[0]!.context.signal.aborted).to.equal(false);
    tokens.calls[0]!.answer('kept');
    await until(() => host.calls.length > 0, 'session');
    expect(host.calls).to.deep.equal(['session kept']);
    elsewhere.remove();
  });

  it('use(null) stops: nothing arrives any more, and refresh() has nothing to do', async () => {
    const tokens = manualTokens();
    const host = mount();
    host.sessions.use(configFor(tokens.fetchToken));
    host.sessions.use(null);
    await host.sessions.refresh();
    tokens.calls[0]!.answer('late');
    await sleep(20);
    expect(host.calls).to.deep.equal([]);
    expect(tokens.calls.length).to.equal(1);
  });

  it('passes failures on, and refresh() resolves once the attempt settles', async () => {
    const tokens = manualTokens();
    const host = mount();
    host.sessions.use(configFor(tokens.fetchToken, 'ws-9'));
    expect(tokens.calls[0]!.context.workspaceId).to.equal('ws-9');
    tokens.calls[0]!.fail(new Error('backend down'));
    await until(() => host.calls.length > 0, 'error');
    expect(host.calls).to.deep.equal(['error token-request-failed retrying']);
    const refreshed = host.sessions.refresh();
    expect(tokens.calls.length).to.equal(2);
    tokens.calls[1]!.answer('t2');
    await refreshed;
    expect(host.calls.at(-1)).to.equal('session t2');
  });
});
