import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import { OTHER_ORIGIN, fakeClock, fakeJwt, frameOf, mountJourneys, recordEvents, sleep, tokenEndpoint, until } from '../support/harness.js';

/** Counts window/document listeners by type while installed. */
function trackListeners() {
  const live = new Map<string, number>();
  const targets = [window, document];
  const stubs = targets.flatMap((target) => {
    const add = sinon.stub(target, 'addEventListener').callsFake(function (this: EventTarget, type: string, ...rest: unknown[]) {
      live.set(type, (live.get(type) ?? 0) + 1);
      return add.wrappedMethod.call(this, type, ...(rest as [EventListener]));
    });
    const remove = sinon.stub(target, 'removeEventListener').callsFake(function (this: EventTarget, type: string, ...rest: unknown[]) {
      live.set(type, (live.get(type) ?? 0) - 1);
      return remove.wrappedMethod.call(this, type, ...(rest as [EventListener]));
    });
    return [add, remove];
  });
  return { live, restore: () => stubs.forEach((stub) => stub.restore()) };
}

describe('<dittofeed-embed> lifecycle', () => {
  afterEach(() => {
    fixtureCleanup();
    sinon.restore();
  });

  it('aborts the request and leaves no timer or listener when disconnected mid-request', async () => {
    const clock = await fakeClock();
    const listeners = trackListeners();
    const endpoint = await tokenEndpoint({ delayMs: 500 });
    try {
      const element = await mountJourneys(endpoint.url);
      const events = recordEvents(element);
      // The request is in flight (the endpoint answers after 500 ms).
      await sleep(100);
      expect((await endpoint.stats()).count).to.equal(1);
      expect(clock.countTimers()).to.be.greaterThan(0);
      expect(listeners.live.get('message')).to.equal(1);
      element.remove();
      await Promise.resolve();
      await sleep(700);
      expect(clock.countTimers()).to.equal(0);
      expect(listeners.live.get('message')).to.equal(0);
      expect(listeners.live.get('visibilitychange')).to.equal(0);
      expect(listeners.live.get('online')).to.equal(0);
      expect(events.log).to.deep.equal([]);
      expect(frameOf(element)).to.equal(null);
    } finally {
      listeners.restore();
      clock.restore();
    }
  });

  it('leaves no timer or listener after a live session disconnects, and resumes on reconnect', async () => {
    const clock = await fakeClock();
    const listeners = trackListeners();
    try {
      const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
        type="journeys"
        base-url=${OTHER_ORIGIN}
        .fetchToken=${async () => ({ token: 'live', workspaceId: 'ws-1', expiresIn: 600 })}
      ></dittofeed-embed>`);
      await until(() => element.getAttribute('state') === 'ready', 'ready');
      const parent = element.parentElement!;
      element.remove();
      await Promise.resolve();
      expect(clock.countTimers()).to.equal(0);
      expect(listeners.live.get('message')).to.equal(0);
      parent.append(element);
      await element.updateComplete;
      expect(element.getAttribute('state')).to.equal('loading');
      await until(() => element.getAttribute('state') === 'ready', 'ready again');
      expect(frameOf(element)).to.exist;
      expect(listeners.live.get('message')).to.equal(1);
    } finally {
      listeners.restore();
      clock.restore();
    }
  });

  it('with loading="lazy" makes no request and renders no iframe until it nears the viewport', async () => {
    const endpoint = await tokenEndpoint();
    const container = await fixture<HTMLDivElement>(html`<div style="height: 300px; overflow: auto">
      <div style="height: 5000px"></div>
      <dittofeed-embed
        type="journeys"
        loading="lazy"
        token-url=${endpoint.url}
        workspace-id="ws-1"
        base-url=${OTHER_ORIGIN}
      ></dittofeed-embed>
    </div>`);
    const element = container.querySelector('dittofeed-embed')!;
    await sleep(300);
    expect((await endpoint.stats()).count).to.equal(0);
    expect(frameOf(element)).to.equal(null);
    expect(element.getAttribute('state')).to.equal('idle');
    container.scrollTop = 5000;
    await until(() => element.getAttribute('state') === 'ready', 'ready after scrolling');
    expect((await endpoint.stats()).count).to.equal(1);
  });

  it('passes an axe audit while loading and in the error state', async () => {
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      type="journeys"
      base-url=${OTHER_ORIGIN}
      .fetchToken=${() => new Promise(() => undefined)}
    ></dittofeed-embed>`);
    expect(element.getAttribute('state')).to.equal('loading');
    expect(element.shadowRoot!.querySelector('[role="status"]')).to.exist;
    await expect(element).to.be.accessible();
    const broken = await fixture<DittofeedEmbed>(html`<dittofeed-embed type="nope" token-url="/t"></dittofeed-embed>`);
    expect(broken.getAttribute('state')).to.equal('error');
    expect(broken.shadowRoot!.querySelector('[role="alert"] [part="retry"]')).to.exist;
    await expect(broken).to.be.accessible();
  });

  it('shows slotted loading and error views instead of the defaults', async () => {
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed type="nope" token-url="/t">
      <p slot="loading">Hang on…</p>
      <p slot="error">Something broke</p>
    </dittofeed-embed>`);
    const errorSlot = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="error"]')!;
    const loadingSlot = element.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="loading"]')!;
    expect(errorSlot.assignedElements()[0]!.textContent).to.equal('Something broke');
    expect(errorSlot.hidden).to.equal(false);
    expect(loadingSlot.hidden).to.equal(true);
    expect(element.querySelector('[slot="error"]')!.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(element.querySelector('[slot="loading"]')!.getBoundingClientRect().height).to.equal(0);
  });

  it('adds one preconnect hint per Dittofeed origin', async () => {
    const origin = 'https://dittofeed.preconnect.test';
    await fixture(html`<div>
      <dittofeed-embed type="journeys" base-url=${origin} .fetchToken=${() => new Promise(() => undefined)}></dittofeed-embed>
      <dittofeed-embed type="segments" base-url=${origin + '/'} .fetchToken=${() => new Promise(() => undefined)}></dittofeed-embed>
    </div>`);
    const links = [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preconnect"]')].filter((link) =>
      link.href.startsWith(origin),
    );
    expect(links).to.have.length(1);
  });

  it('skips a second definition of the tag, and can define under another tag', () => {
    expect(() => DittofeedEmbed.define()).not.to.throw();
    expect(customElements.get('dittofeed-embed')).to.exist;
    expect(() => DittofeedEmbed.define('my-dittofeed')).not.to.throw();
    expect(document.createElement('my-dittofeed')).to.be.instanceOf(DittofeedEmbed);
  });

  it('uses the title attribute of the host only as a tooltip, and frame-title for the iframe', async () => {
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      type="email-template"
      resource-id="t1"
      title="tooltip"
      base-url=${OTHER_ORIGIN}
      .fetchToken=${async () => 'plain-token'}
      workspace-id="ws-1"
    ></dittofeed-embed>`);
    await until(() => frameOf(element), 'frame');
    expect(frameOf(element)!.title).to.equal('Dittofeed email template');
    element.frameTitle = 'Campaign editor';
    await element.updateComplete;
    expect(frameOf(element)!.title).to.equal('Campaign editor');
    expect(element.getAttribute('title')).to.equal('tooltip');
  });

  it('logs under debug with the prefix and never a token', async () => {
    const debug = sinon.stub(console, 'debug');
    const token = fakeJwt(Math.floor(Date.now() / 1000) + 600);
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      debug
      type="journeys"
      base-url=${OTHER_ORIGIN}
      .fetchToken=${async () => ({ token, workspaceId: 'ws-1' })}
    ></dittofeed-embed>`);
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    // An invalid attribute is reported and logged.
    element.refreshMargin = Number.NaN;
    await element.updateComplete;
    debug.restore();
    const lines = debug.getCalls().map((call) => call.args.map(String).join(' '));
    expect(lines.length).to.be.greaterThan(0);
    for (const line of lines) {
      expect(line.startsWith('[dittofeed-embed]')).to.equal(true);
      expect(line).not.to.contain(token);
    }
  });

  it('uses the JWT exp claim when the response gives no expiry', async () => {
    const exp = Math.floor(Date.now() / 1000) + 900;
    const element = await fixture<DittofeedEmbed>(html`<dittofeed-embed
      type="journeys"
      base-url=${OTHER_ORIGIN}
      .fetchToken=${async () => fakeJwt(exp)}
      workspace-id="ws-1"
    ></dittofeed-embed>`);
    await until(() => element.session, 'session');
    expect(element.session!.expiresAt).to.equal(exp * 1000);
  });
});
