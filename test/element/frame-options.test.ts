// The iframe's own attributes (allow, referrerpolicy, sandbox): defaults, validation, and what a
// real cross-origin page gets from them.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/index.js';
import type { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import { OTHER_ORIGIN, countFrameLoads, fixtureReports, frameOf, mountJourneys, recordEvents, sleep, tokenEndpoint, until } from '../support/harness.js';

const mountWith = (tokenUrl: string, options: { allow?: string; referrerpolicy?: string; sandbox?: string }) =>
  fixture<DittofeedEmbed>(html`<dittofeed-embed
    type="journeys"
    token-url=${tokenUrl}
    workspace-id="ws-1"
    base-url=${OTHER_ORIGIN}
    allow=${options.allow ?? 'clipboard-write; fullscreen'}
    referrerpolicy=${options.referrerpolicy ?? 'strict-origin-when-cross-origin'}
    sandbox=${options.sandbox ?? 'allow-scripts allow-same-origin'}
  ></dittofeed-embed>`);

/** The referrer the embedded page saw on its last load. */
const lastReferrer = (reports: { fixtureReport: string; [key: string]: unknown }[]) =>
  reports.filter((r) => r.fixtureReport === 'loaded').at(-1)?.referrer;

describe('<dittofeed-embed> iframe options', () => {
  afterEach(() => fixtureCleanup());

  it('defaults: clipboard and fullscreen allowed, the host origin as referrer, no sandbox', async () => {
    const reports = fixtureReports();
    const endpoint = await tokenEndpoint();
    const element = await mountJourneys(endpoint.url);
    await until(() => element.state === 'ready' && lastReferrer(reports.reports) !== undefined, 'ready and loaded');
    reports.stop();
    const frame = frameOf(element)!;
    expect(frame.getAttribute('allow')).to.equal('clipboard-write; fullscreen');
    expect(frame.getAttribute('referrerpolicy')).to.equal('strict-origin-when-cross-origin');
    expect(frame.hasAttribute('sandbox')).to.equal(false);
    // strict-origin-when-cross-origin sends a cross-origin frame the origin only.
    expect(lastReferrer(reports.reports)).to.equal(`${location.origin}/`);
  });

  it('a sandboxed frame with the required flags still completes the handshake across origins', async () => {
    const endpoint = await tokenEndpoint();
    const element = await mountWith(endpoint.url, { sandbox: 'allow-scripts allow-same-origin allow-forms' });
    const events = recordEvents(element);
    await until(() => events.of('dittofeed-ready').length === 1, 'handshake');
    expect(frameOf(element)!.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin allow-forms');
    expect(events.of('dittofeed-error')).to.deep.equal([]);
  });

  it('referrerpolicy reaches the page: no-referrer hides the host', async () => {
    const reports = fixtureReports();
    const endpoint = await tokenEndpoint();
    const element = await mountWith(endpoint.url, { referrerpolicy: 'no-referrer' });
    await until(() => element.state === 'ready' && lastReferrer(reports.reports) !== undefined, 'ready and loaded');
    reports.stop();
    expect(frameOf(element)!.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(lastReferrer(reports.reports)).to.equal('');
  });

  for (const sandbox of ['allow-scripts', '', 'allow-scripts allow-same-origin allow-everything']) {
    it(`an unusable sandbox (${JSON.stringify(sandbox)}) stops the embed before any token request`, async () => {
      const endpoint = await tokenEndpoint();
      const element = await mountWith(endpoint.url, { sandbox });
      const events = recordEvents(element);
      await element.updateComplete;
      await sleep(100);
      expect(element.state).to.equal('error');
      expect(frameOf(element) === null, 'no frame').to.equal(true);
      expect((await endpoint.stats()).count).to.equal(0);
      // The error was emitted during the first update, before recordEvents: read the view instead.
      expect(element.shadowRoot!.querySelector('[role="alert"] p')!.textContent).to.match(/^sandbox/);
      expect(events.of('dittofeed-session')).to.deep.equal([]);
      // Fixing it recovers.
      element.sandbox = 'allow-scripts allow-same-origin';
      await until(() => element.state === 'ready', 'ready after the fix');
    });
  }

  it('invalid allow and referrerpolicy are reported and replaced by the defaults', async () => {
    const endpoint = await tokenEndpoint();
    const element = await mountJourneys(endpoint.url);
    const events = recordEvents(element);
    await until(() => element.state === 'ready', 'ready');
    element.allow = 'camera; <bad>';
    element.referrerPolicy = 'tell-everyone';
    await element.updateComplete;
    const errors = events.of('dittofeed-error');
    expect(errors.map((e) => [e.code, e.message, e.retrying])).to.deep.equal([
      ['invalid-config', 'invalid allow: using the default', false],
      ['invalid-config', 'invalid referrerPolicy: using the default', false],
    ]);
    const frame = frameOf(element)!;
    expect(frame.getAttribute('allow')).to.equal('clipboard-write; fullscreen');
    expect(frame.getAttribute('referrerpolicy')).to.equal('strict-origin-when-cross-origin');
    expect(element.state).to.equal('ready');
  });

  it('a changed option reloads the frame where it is, with no token request; cancelable', async () => {
    const endpoint = await tokenEndpoint();
    const element = await mountJourneys(endpoint.url);
    const events = recordEvents(element);
    const loads = countFrameLoads(element);
    await until(() => element.state === 'ready' && loads() === 1, 'ready');
    element.allow = 'fullscreen';
    await until(() => loads() === 2 && element.state === 'ready', 'reloaded');
    expect(frameOf(element)!.getAttribute('allow')).to.equal('fullscreen');
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'config' }]);

    // Cancelled: the attribute changes but the page is not reloaded (the host may reload() later).
    element.addEventListener('dittofeed-before-reload', (event) => event.preventDefault());
    element.sandbox = 'allow-scripts allow-same-origin';
    await element.updateComplete;
    await sleep(300);
    expect(loads()).to.equal(2);
    expect(frameOf(element)!.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin');
    expect(events.of('dittofeed-before-reload')).to.have.length(2);
    // Setting the same value again is no change.
    element.allow = 'fullscreen';
    await element.updateComplete;
    expect(events.of('dittofeed-before-reload')).to.have.length(2);
    expect((await endpoint.stats()).count).to.equal(1);
  });
});
