import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/index.js';
import type { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import type { FetchToken } from '../../src/types.js';
import { OTHER_ORIGIN, command, countFrameLoads, fixtureReports, frameOf, recordEvents, sleep, until } from '../support/harness.js';

function tokens() {
  let calls = 0;
  const fetchToken: FetchToken = async () => ({ token: `tok-${++calls}`, workspaceId: 'ws-1', expiresIn: 3600 });
  return { fetchToken, calls: () => calls };
}

async function readyEmbed(params: Record<string, string> = {}) {
  const source = tokens();
  const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
    type="journeys"
    base-url=${OTHER_ORIGIN}
    .params=${params}
    .fetchToken=${source.fetchToken}
  ></dittofeed-embed>`);
  const events = recordEvents(element);
  const loads = countFrameLoads(element);
  await until(() => events.of('dittofeed-resize').length === 1, 'first resize');
  return { element, events, loads, frame: frameOf(element)!, calls: source.calls };
}

/** An extra frame on the page, loaded from `origin`, that posts `message` to this window. */
async function postFromFrame(origin: string, message: unknown) {
  const frame = document.createElement('iframe');
  frame.src = `${origin}/dashboard-l/embedded/other?fixture-mode=plain`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  await command(frame, { fixture: 'post', message });
  frame.remove();
}

describe('<dittofeed-embed> message filter', () => {
  afterEach(() => fixtureCleanup());

  it('ignores a resize posted by another frame of the same (Dittofeed) origin', async () => {
    const { events, frame } = await readyEmbed();
    await postFromFrame(OTHER_ORIGIN, { dittofeed: 1, type: 'resize', height: 999 });
    await sleep(100);
    expect(events.of('dittofeed-resize')).to.deep.equal([{ height: 300 }]);
    expect(frame.style.height).to.equal('300px');
  });

  it('ignores a resize posted from the wrong origin', async () => {
    const { events } = await readyEmbed();
    // A frame on the host's own origin: right shape, wrong origin.
    await postFromFrame(location.origin, { dittofeed: 1, type: 'resize', height: 999 });
    window.postMessage({ dittofeed: 1, type: 'resize', height: 998 }, '*');
    await sleep(100);
    expect(events.of('dittofeed-resize')).to.deep.equal([{ height: 300 }]);
  });

  it('ignores malformed messages from its own frame without throwing', async () => {
    const { element, events, frame } = await readyEmbed();
    await until(() => events.of('dittofeed-ready').length === 1, 'handshake');
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    const bad = [
      null,
      'resize',
      [1, 'resize'],
      { dittofeed: 2, type: 'resize', height: 10 },
      { dittofeed: '1', type: 'resize', height: 10 },
      { dittofeed: 1, type: 'explode' },
      { dittofeed: 1, type: 'resize', height: '10' },
      { dittofeed: 1, type: 'resize', height: -1 },
      { dittofeed: 1, type: 'resize', height: 100_001 },
      { dittofeed: 1, type: 'navigate', path: '/elsewhere' },
      { dittofeed: 1, type: 'navigate', path: '/dashboard-l/embedded/x?token=stolen' },
      { dittofeed: 1, type: 'navigate', path: '/dashboard-l/embedded//evil.example' },
      { dittofeed: 1, type: 'ready', capabilities: 'token' },
    ];
    for (const message of bad) await command(frame, { fixture: 'post', message });
    await sleep(100);
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    expect(events.of('dittofeed-resize')).to.deep.equal([{ height: 300 }]);
    expect(events.of('dittofeed-navigate')).to.deep.equal([]);
    expect(events.of('dittofeed-ready')).to.have.length(1);
    expect(element.getAttribute('state')).to.equal('ready');
  });

  it('reports navigation and reloads at the last reported path', async () => {
    const { element, events, frame } = await readyEmbed();
    await command(frame, { fixture: 'navigate', path: '/dashboard-l/embedded/journeys/v2?id=j-7' });
    await until(() => events.of('dittofeed-navigate').length === 1, 'navigate');
    expect(events.of('dittofeed-navigate')[0]).to.deep.equal({ path: '/dashboard-l/embedded/journeys/v2?id=j-7' });
    const reports = fixtureReports();
    element.reload();
    await until(() => reports.reports.some((r) => r.fixtureReport === 'loaded'), 'reloaded');
    reports.stop();
    const url = new URL(reports.reports.find((r) => r.fixtureReport === 'loaded')!.href as string);
    expect(url.pathname).to.equal('/dashboard-l/embedded/journeys/v2');
    expect(url.searchParams.get('id')).to.equal('j-7');
    expect(url.searchParams.get('token')).to.equal('tok-1');
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'manual' }]);
  });

  it('answers an auth-error with a new token delivered by message', async () => {
    const { events, frame, loads, calls } = await readyEmbed();
    // The 5 s floor between refreshes: a brand-new token is not replaced at once.
    const reports = fixtureReports();
    await sleep(5100);
    await command(frame, { fixture: 'auth-error' });
    await until(() => reports.reports.some((r) => r.fixtureReport === 'token' && r.token === 'tok-2'), 'new token');
    reports.stop();
    expect(calls()).to.equal(2);
    expect(loads()).to.equal(1);
    expect(events.of('dittofeed-session').map((s) => s.delivery)).to.deep.equal(['message']);
  });

  it('posts tokens with the base-url origin as targetOrigin, so a frame moved elsewhere never gets one', async () => {
    const { element, events, frame } = await readyEmbed();
    await until(() => events.of('dittofeed-ready').length === 1, 'handshake');
    const reports = fixtureReports();
    // The frame is navigated to another origin (here the host's own), which echoes what it receives.
    frame.contentWindow!.location.href = `${location.origin}/dashboard-l/embedded/journeys?fixture-mode=plain&fixture-echo=1`;
    await until(() => reports.reports.some((r) => r.fixtureReport === 'loaded'), 'moved frame loaded');
    await element.refresh();
    await command(frame, { fixture: 'sync' });
    await sleep(100);
    reports.stop();
    const received = reports.reports.filter((r) => r.fixtureReport === 'message' && r.data);
    expect(received).to.deep.equal([]);
    expect(events.of('dittofeed-session').filter((s) => s.delivery === 'message')).to.have.length(1);
  });
});
