import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { SinonFakeTimers } from 'sinon';
import '../../src/index.js';
import { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import type { FetchToken } from '../../src/types.js';
import {
  OTHER_ORIGIN,
  countFrameLoads,
  fakeClock,
  fixtureReports,
  frameOf,
  mountJourneys,
  mountWithoutProtocol,
  recordEvents,
  sleep,
  tokenEndpoint,
  until,
} from '../support/harness.js';

/** A fetchToken that hands out token-1, token-2, … valid for `lifetime` seconds, counting calls. */
function tokenFactory(lifetime = 120, laterLifetime = lifetime) {
  let calls = 0;
  const fetchToken: FetchToken = async () => ({
    token: `token-${++calls}`,
    workspaceId: 'ws-1',
    expiresIn: calls === 1 ? lifetime : laterLifetime,
  });
  return { fetchToken, calls: () => calls };
}

describe('<dittofeed-embed> sessions', () => {
  let clock: SinonFakeTimers | undefined;
  afterEach(() => {
    fixtureCleanup();
    clock?.restore();
    clock = undefined;
  });

  it('hands a refreshed token to a protocol frame by message, without reloading it', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory(120);
    const reports = fixtureReports();
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      type="journeys"
      base-url=${OTHER_ORIGIN}
      .fetchToken=${tokens.fetchToken}
    ></dittofeed-embed>`);
    const loads = countFrameLoads(element);
    const events = recordEvents(element);
    await until(() => events.of('dittofeed-ready').length === 1, 'handshake');
    const firstExpiry = element.session!.expiresAt;
    // refresh-margin defaults to 60 s: the next token is fetched 60 s before the 120 s expiry.
    await clock.tickAsync(59_000);
    expect(tokens.calls()).to.equal(1);
    await clock.tickAsync(2_000);
    await until(() => reports.reports.some((r) => r.fixtureReport === 'token' && r.token === 'token-2'), 'token message');
    reports.stop();
    expect(tokens.calls()).to.equal(2);
    expect(loads()).to.equal(1);
    expect(new URL(frameOf(element)!.src).searchParams.get('token')).to.equal('token-1');
    const sessions = events.of('dittofeed-session');
    expect(sessions.map((s) => s.delivery)).to.deep.equal(['message']);
    expect(sessions[0]!.expiresAt).to.be.greaterThan(firstExpiry);
    expect(events.of('dittofeed-before-reload')).to.deep.equal([]);
    expect(element.getAttribute('state')).to.equal('ready');
  });

  it('a session its last element left while the token was arriving makes no request later (no timer left behind)', async () => {
    clock = await fakeClock();
    let calls = 0;
    // The token arrives just as the element leaves: the answer is already on its way when the
    // session stops (the order WebKit showed in the bench's churn).
    const fetchToken: FetchToken = async () => {
      calls += 1;
      await sleep(50);
      document.querySelector('dittofeed-embed')?.remove();
      return { token: `late-${calls}`, workspaceId: 'ws-1', expiresIn: 120 };
    };
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed type="journeys" base-url=${OTHER_ORIGIN} .fetchToken=${fetchToken}></dittofeed-embed>`);
    await until(() => !element.isConnected, 'removed');
    await sleep(50);
    expect(calls).to.equal(1);
    // Past the token's refresh time and its expiry: nobody is left to want a new one.
    await clock.tickAsync(130_000);
    await sleep(50);
    expect(calls, 'no request for an abandoned session').to.equal(1);
    expect(element.session).to.equal(null);
  });

  it('reloads a frame without the protocol at expiry, with the new token and at the last path', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory(120);
    const element = await mountWithoutProtocol(tokens.fetchToken);
    const events = recordEvents(element);
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    await clock.tickAsync(61_000);
    await until(() => tokens.calls() === 2, 'second token');
    // The frame keeps its token until that token expires.
    expect(new URL(frameOf(element)!.src).searchParams.get('token')).to.equal('token-1');
    expect(events.of('dittofeed-before-reload')).to.deep.equal([]);
    await clock.tickAsync(60_000);
    await until(() => events.of('dittofeed-load').length === 1, 'reload');
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'token-expired' }]);
    const url = new URL(frameOf(element)!.src);
    expect(url.searchParams.get('token')).to.equal('token-2');
    expect(url.pathname).to.equal('/dashboard-l/embedded/broadcasts');
    expect(events.of('dittofeed-session').map((s) => s.delivery)).to.deep.equal(['reload']);
  });

  it('leaves the reload to the host when dittofeed-before-reload is cancelled', async () => {
    clock = await fakeClock();
    const tokens = tokenFactory(120, 3600);
    const element = await mountWithoutProtocol(tokens.fetchToken);
    const events = recordEvents(element);
    element.addEventListener('dittofeed-before-reload', (event) => event.preventDefault());
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    const src = frameOf(element)!.src;
    await clock.tickAsync(61_000);
    await until(() => tokens.calls() === 2, 'second token');
    // Past token-1's expiry, before token-2's own refresh.
    await clock.tickAsync(59_500);
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'token-expired' }]);
    expect(frameOf(element)!.src).to.equal(src);
    expect(events.of('dittofeed-session')).to.deep.equal([]);
  });

  it('shares one request among 20 elements, and one per refresh cycle', async () => {
    clock = await fakeClock();
    const endpoint = await tokenEndpoint({ body: { token: 'shared', workspaceId: 'ws-1', expiresIn: 120 } });
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const elements: DittofeedEmbed[] = [];
    for (let i = 0; i < 20; i++) {
      const element = document.createElement('dittofeed-embed');
      element.type = 'journeys';
      element.tokenUrl = endpoint.url;
      element.workspaceId = 'ws-1';
      element.baseUrl = OTHER_ORIGIN;
      element.params = { 'fixture-mode': 'plain' };
      container.append(element);
      elements.push(element);
    }
    await until(() => elements.every((element) => element.session), 'every session');
    expect((await endpoint.stats()).count).to.equal(1);
    await clock.tickAsync(61_000);
    await until(() => elements.every((element) => element.session!.expiresAt > Date.now() + 100_000), 'refreshed');
    expect((await endpoint.stats()).count).to.equal(2);
  });

  it('drops a response for an older configuration when workspace-id changes mid-request', async () => {
    const endpoint = await tokenEndpoint({ queue: [{ delayMs: 400 }, {}] });
    const element = await mountJourneys(endpoint.url, 'ws-old');
    const events = recordEvents(element);
    // Mid-request: the endpoint has the old configuration's request (answered after 400 ms).
    while ((await endpoint.stats()).count === 0) await sleep(10);
    element.workspaceId = 'ws-new';
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    // The old configuration's answer (delayed 400 ms) arrives meanwhile and must be dropped.
    await sleep(600);
    expect(new URL(frameOf(element)!.src).searchParams.get('workspaceId')).to.equal('ws-new');
    expect(events.of('dittofeed-session').map((s) => s.workspaceId)).to.deep.equal(['ws-new']);
    const requests = (await endpoint.stats()).requests.map((r) => (r.body as { workspaceId: string }).workspaceId);
    expect(requests).to.deep.equal(['ws-old', 'ws-new']);
  });

  it('re-points the frame on type, resource-id and params changes without a new token request', async () => {
    const endpoint = await tokenEndpoint();
    const element = await mountJourneys(endpoint.url);
    const events = recordEvents(element);
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    element.type = 'journey';
    element.resourceId = 'j/1?&x';
    await until(() => new URL(frameOf(element)!.src).pathname.endsWith('/journeys/v2'), 're-pointed');
    expect(new URL(frameOf(element)!.src).searchParams.get('id')).to.equal('j/1?&x');
    element.params = { locale: 'fr' };
    await until(() => new URL(frameOf(element)!.src).searchParams.get('locale') === 'fr', 'params');
    element.params = { locale: 'fr' };
    await element.updateComplete;
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'config' }, { reason: 'config' }]);
    expect((await endpoint.stats()).count).to.equal(1);
    expect(events.of('dittofeed-session').filter((s) => s.delivery !== 'initial')).to.deep.equal([]);
  });

  // The two tests that remove and re-add protocol frames in quick succession are skipped in
  // WebKitGTK 2.50 (MiniBrowser): there, now and then, its web process stops running the test page
  // after such a removal (mocha's own timeout never fires, web-test-runner gives up after 180 s).
  // A loop of mount/ready/remove with the element as landed before endSessions does the same;
  // plain cross-origin iframes do not. Chromium and Firefox run them; the cause is open (issue 13).
  describe('sign-out and remounts', () => {
    afterEach(() => {
      DittofeedEmbed.keepSessions = false;
      DittofeedEmbed.endSessions();
    });

    /** The journeys embed of whoever the endpoint says is signed in (no workspace-id of its own). */
    const mountSignedIn = (tokenUrl: string) =>
      fixture<DittofeedEmbed>(html`<dittofeed-embed type="journeys" token-url=${tokenUrl} base-url=${OTHER_ORIGIN}></dittofeed-embed>`);
    const frameToken = (element: DittofeedEmbed) => {
      const frame = frameOf(element);
      return frame ? new URL(frame.src).searchParams.get('token') : null;
    };

    it('endSessions() switches customer in place: the second never sees the first one\'s token or workspace', async () => {
      const endpoint = await tokenEndpoint({
        queue: [{ body: { token: 'customer-a-1', workspaceId: 'ws-a', expiresIn: 3600 } }],
        body: { token: 'customer-a-late', workspaceId: 'ws-a', expiresIn: 3600 },
        delayMs: 500,
      });
      const reports = fixtureReports();
      const first = await mountSignedIn(endpoint.url);
      const second = await mountSignedIn(endpoint.url);
      const events = [recordEvents(first), recordEvents(second)];
      await until(() => first.state === 'ready' && second.state === 'ready', 'both ready');
      expect(frameToken(first)).to.equal('customer-a-1');
      // Customer A's refresh is in flight when the host signs A out.
      void first.refresh();
      while ((await endpoint.stats()).count < 2) await sleep(10);
      DittofeedEmbed.endSessions();
      await Promise.all([first.updateComplete, second.updateComplete]);
      for (const [i, element] of [first, second].entries()) {
        expect(frameOf(element) === null, 'frame removed').to.equal(true);
        expect(element.state).to.equal('idle');
        expect(element.getAttribute('state')).to.equal('idle');
        expect(element.session).to.equal(null);
        expect(events[i]!.of('dittofeed-session-end')).to.deep.equal([{ workspaceId: 'ws-a' }]);
      }
      // A's late answer arrives now: it must be dropped.
      await sleep(800);
      expect(events.flatMap((e) => e.of('dittofeed-session')).map((s) => s.workspaceId)).to.deep.equal(['ws-a', 'ws-a']);
      expect(frameOf(first) === null).to.equal(true);

      // Customer B signs in; the host asks the first element for a session, and remounts the second.
      await endpoint.configure({ body: { token: 'customer-b-1', workspaceId: 'ws-b', expiresIn: 3600 } });
      const countBeforeB = (await endpoint.stats()).count;
      const seenBefore = reports.reports.length;
      void first.refresh();
      expect(first.state).to.equal('loading');
      const parent = second.parentElement!;
      second.remove();
      parent.append(second);
      await until(() => first.state === 'ready' && second.state === 'ready', 'both ready for B');
      await until(() => reports.reports.slice(seenBefore).filter((r) => r.fixtureReport === 'loaded').length >= 2, 'both pages loaded for B');
      reports.stop();
      for (const element of [first, second]) {
        expect(frameToken(element)).to.equal('customer-b-1');
        expect(new URL(frameOf(element)!.src).searchParams.get('workspaceId')).to.equal('ws-b');
        expect(element.session!.workspaceId).to.equal('ws-b');
      }
      expect((await endpoint.stats()).count - countBeforeB, 'one request for B').to.equal(1);
      // Nothing customer A held reached a frame after the sign-out.
      const after = JSON.stringify(reports.reports.slice(seenBefore));
      expect(after).to.contain('customer-b-1');
      expect(after).not.to.contain('customer-a');
      expect(after).not.to.contain('ws-a');
    });

    it('endSessions(tokenUrl) ends only that endpoint\'s sessions', async () => {
      const a = await tokenEndpoint();
      const b = await tokenEndpoint();
      const first = await mountSignedIn(a.url);
      const second = await mountSignedIn(b.url);
      await until(() => first.state === 'ready' && second.state === 'ready', 'both ready');
      DittofeedEmbed.endSessions(a.url);
      await Promise.all([first.updateComplete, second.updateComplete]);
      expect(first.state).to.equal('idle');
      expect(frameOf(first) === null, 'first frame removed').to.equal(true);
      expect(second.state).to.equal('ready');
      expect(frameOf(second) === null, 'second frame kept').to.equal(false);
    });

    it('a remount makes no token request with keepSessions, and one without', async () => {
      const endpoint = await tokenEndpoint();
      const mountAndWait = async () => {
        const element = await mountSignedIn(endpoint.url);
        await until(() => element.state === 'ready', 'ready');
        return element;
      };
      const remount = async () => {
        fixtureCleanup();
        await sleep(20);
        return mountAndWait();
      };
      const firstToken = frameToken(await mountAndWait());
      await remount();
      expect((await endpoint.stats()).count, 'default: the session ends with its last element').to.equal(2);

      DittofeedEmbed.keepSessions = true;
      // The element mounted now leaves its session cached when it goes.
      const kept = frameToken(await remount());
      expect(kept).not.to.equal(firstToken);
      for (let i = 0; i < 3; i++) expect(frameToken(await remount())).to.equal(kept);
      expect((await endpoint.stats()).count, 'kept: no request for three remounts').to.equal(2);
      // Sign-out still ends a kept session.
      fixtureCleanup();
      DittofeedEmbed.endSessions();
      expect(frameToken(await mountAndWait())).not.to.equal(kept);
      expect((await endpoint.stats()).count).to.equal(3);
    });
  });
});
