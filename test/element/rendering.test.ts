import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/index.js';
import type { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import { OTHER_ORIGIN, command, frameOf, mountJourneys, recordEvents, tokenEndpoint, until } from '../support/harness.js';

/** The top-level div of the shadow root that holds the loading and error views. */
const viewBox = (element: DittofeedEmbed) => [...element.shadowRoot!.children].find((child) => child.localName === 'div') as HTMLElement;

describe('<dittofeed-embed> rendering across two origins', () => {
  afterEach(() => fixtureCleanup());

  it('fetches a token, points the frame at the embedded page and becomes ready', async () => {
    const endpoint = await tokenEndpoint();
    const element = await mountJourneys(endpoint.url);
    const events = recordEvents(element);
    expect(element.getAttribute('state')).to.equal('loading');
    expect(element.getAttribute('aria-busy')).to.equal('true');
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    const frame = frameOf(element)!;
    const url = new URL(frame.src);
    expect(url.origin).to.equal(OTHER_ORIGIN);
    expect(url.pathname).to.equal('/dashboard-l/embedded/journeys');
    expect(url.searchParams.get('token')).to.equal(`test-token-${endpoint.id}-1`);
    expect(url.searchParams.get('workspaceId')).to.equal('ws-1');
    expect(frame.getAttribute('part')).to.equal('frame');
    expect(frame.title).to.equal('Dittofeed journeys');
    expect(element.hasAttribute('aria-busy')).to.equal(false);
    const stats = await endpoint.stats();
    expect(stats.count).to.equal(1);
    expect(stats.requests[0]).to.deep.include({ method: 'POST', body: { workspaceId: 'ws-1' } });
    expect(stats.requests[0]!.headers['content-type']).to.equal('application/json');
    expect(stats.requests[0]!.headers.accept).to.equal('application/json');
    await until(() => events.of('dittofeed-ready').length === 1, 'handshake');
    expect(events.of('dittofeed-ready')[0]).to.deep.equal({ version: 1, capabilities: ['resize', 'token', 'navigate'] });
    const [load] = events.of('dittofeed-load');
    expect(load!.url).to.contain('token=***').and.not.contain('test-token');
    expect(element.session).to.deep.equal({ workspaceId: 'ws-1', expiresAt: element.session!.expiresAt });
    expect(JSON.stringify(element.session)).not.to.contain('test-token');
  });

  it('follows the content height of the cross-origin page, coalesced and clamped', async () => {
    const endpoint = await tokenEndpoint();
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      type="segments"
      token-url=${endpoint.url}
      base-url=${OTHER_ORIGIN}
      workspace-id="ws-1"
      style="--dittofeed-embed-max-height: 900px"
    ></dittofeed-embed>`);
    const events = recordEvents(element);
    await until(() => events.of('dittofeed-resize').length > 0, 'first resize');
    const frame = frameOf(element)!;
    expect(events.of('dittofeed-resize')[0]).to.deep.equal({ height: 300 });
    expect(frame.getBoundingClientRect().height).to.equal(300);
    await command(frame, { fixture: 'set-height', height: 777 });
    await until(() => events.of('dittofeed-resize').at(-1)?.height === 777, 'resize to 777');
    expect(frame.style.height).to.equal('777px');
    await command(frame, { fixture: 'set-height', height: 5000 });
    await until(() => events.of('dittofeed-resize').at(-1)?.height === 900, 'clamped resize');
    expect(frame.getBoundingClientRect().height).to.equal(900);
    await command(frame, { fixture: 'set-height', height: 120 });
    await until(() => events.of('dittofeed-resize').at(-1)?.height === 120, 'shrink');
    expect(frame.getBoundingClientRect().height).to.equal(120);
  });

  it('keeps a fixed height when height is a CSS length', async () => {
    const endpoint = await tokenEndpoint();
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      type="templates"
      height="432px"
      token-url=${endpoint.url}
      base-url=${OTHER_ORIGIN}
      workspace-id="ws-1"
    ></dittofeed-embed>`);
    const events = recordEvents(element);
    await until(() => events.of('dittofeed-ready').length === 1, 'handshake');
    const frame = frameOf(element)!;
    await command(frame, { fixture: 'set-height', height: 777 });
    expect(events.of('dittofeed-resize')).to.deep.equal([]);
    expect(frame.getBoundingClientRect().height).to.equal(432);
  });

  it('lays out its views: the box stands in for a missing frame, then covers the frame while it loads', async () => {
    // No frame (invalid config): the error view sits in the frame's place, at the min height.
    const broken = await fixture<DittofeedEmbed>(html`<dittofeed-embed type="nope" style="--dittofeed-embed-min-height: 345px"></dittofeed-embed>`);
    const brokenBox = viewBox(broken);
    expect(broken.getAttribute('state')).to.equal('error');
    expect(brokenBox.getBoundingClientRect().height).to.equal(345);
    expect(broken.getBoundingClientRect().height).to.equal(345);
    expect(getComputedStyle(brokenBox).position).to.equal('static');
    const alert = broken.shadowRoot!.querySelector('[role="alert"]') as HTMLElement;
    expect(alert.getBoundingClientRect().height, 'the alert fills the box').to.equal(345);

    // A frame that is still loading (its page stalls): the box lies over it, exactly its size.
    const endpoint = await tokenEndpoint();
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      type="journeys"
      token-url=${endpoint.url}
      base-url=${OTHER_ORIGIN}
      workspace-id="ws-1"
      .params=${{ 'fixture-stall': '1' }}
      style="--dittofeed-embed-min-height: 456px"
    ></dittofeed-embed>`);
    await until(() => frameOf(element), 'frame');
    const box = viewBox(element);
    expect(element.getAttribute('state')).to.equal('loading');
    expect(box.hidden).to.equal(false);
    expect(getComputedStyle(box).position).to.equal('absolute');
    const frameRect = frameOf(element)!.getBoundingClientRect();
    const boxRect = box.getBoundingClientRect();
    expect([boxRect.top, boxRect.height]).to.deep.equal([frameRect.top, frameRect.height]);
    expect(frameRect.height).to.equal(456);

    // A frame that is ready: nothing over it.
    const ready = await mountJourneys((await tokenEndpoint()).url);
    await until(() => ready.getAttribute('state') === 'ready', 'ready');
    expect(viewBox(ready).hidden, 'no view over a ready frame').to.equal(true);
    expect(getComputedStyle(viewBox(ready)).display, 'nothing left over the frame to catch its clicks').to.equal('none');
  });
});
