// FrameMessenger with a tiny host element, as Lit tests its controllers: a real cross-origin frame
// (the fixture page on 127.0.0.1 runs dittofeed-embed/child) talking to this page on localhost.
import { ReactiveElement } from '@lit/reactive-element';
import { expect, fixtureCleanup } from '@open-wc/testing';
import { FrameMessenger } from '../../src/controllers/frame-messenger.js';
import type { FrameMessage } from '../../src/protocol.js';
import { OTHER_ORIGIN, command, fixtureReports, sleep, until } from '../support/harness.js';

/** Hosts a messenger for `frame`; records what it hands over. */
class MessengerHost extends ReactiveElement {
  frame: HTMLIFrameElement | null = null;
  origin: string | null = OTHER_ORIGIN;
  readonly messages: Exclude<FrameMessage, { type: 'resize' }>[] = [];
  readonly heights: number[] = [];
  readonly logs: string[] = [];
  readonly messenger = new FrameMessenger(this, {
    frame: () => this.frame,
    dittofeedOrigin: () => this.origin,
    onMessage: (message) => this.messages.push(message),
    onResize: (height) => this.heights.push(height),
    log: (message) => this.logs.push(message),
  });
}
customElements.define('messenger-host', MessengerHost);

const fixtureUrl = (query = '') => `${OTHER_ORIGIN}/dashboard-l/embedded/journeys?token=t&workspaceId=ws${query}`;

/** A frame on the other origin whose fixture script has finished (it then takes commands). */
async function openFrame(query = ''): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = fixtureUrl(query);
  const loaded = new Promise<void>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || event.data?.fixtureReport !== 'loaded') return;
      window.removeEventListener('message', listener);
      resolve();
    };
    window.addEventListener('message', listener);
  });
  document.body.append(frame);
  await loaded;
  return frame;
}

async function mount(frame: HTMLIFrameElement | null): Promise<MessengerHost> {
  const host = document.createElement('messenger-host') as MessengerHost;
  host.frame = frame;
  document.body.append(host);
  await host.updateComplete;
  return host;
}

/** The auth-errors handed over (the page's own ready may come and go around them). */
const authErrors = (host: MessengerHost) => host.messages.filter((message) => message.type === 'auth-error');

/**
 * A same-origin frame, for tests that dispatch messages themselves: Firefox lets a MessageEvent
 * name a same-origin window as its source but not a cross-origin one.
 */
async function openLocalFrame(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.srcdoc = '<p>local</p>';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

/** Dispatches a message to this window as if `source` had posted it from `origin`. */
const deliver = (source: Window | null, origin: string, data: unknown) =>
  window.dispatchEvent(new MessageEvent('message', { source, origin, data }));

describe('FrameMessenger', () => {
  const cleanup: Element[] = [];
  afterEach(() => {
    for (const element of cleanup.splice(0)) element.remove();
    fixtureCleanup();
  });
  const track = <T extends Element>(element: T): T => (cleanup.push(element), element);

  it("hands over its own frame's messages from base-url's origin", async () => {
    const frame = track(await openFrame());
    const host = track(await mount(frame));
    await command(frame, { fixture: 'post', message: { dittofeed: 1, type: 'auth-error' } });
    await until(() => authErrors(host).length > 0, 'auth-error');
    expect(authErrors(host)).to.deep.equal([{ type: 'auth-error' }]);
  });

  it('ignores the same message from another frame of the same origin', async () => {
    const frame = track(await openFrame());
    const other = track(await openFrame());
    const host = track(await mount(frame));
    await command(other, { fixture: 'post', message: { dittofeed: 1, type: 'auth-error' } });
    await sleep(50);
    expect(authErrors(host)).to.deep.equal([]);
    // Other frames' traffic is normal on a busy page: left without a log line.
    expect(host.logs).to.deep.equal([]);
  });

  it('ignores its own frame when base-url names another origin, and says why', async () => {
    const frame = track(await openFrame());
    const host = track(await mount(frame));
    host.origin = location.origin;
    await command(frame, { fixture: 'post', message: { dittofeed: 1, type: 'auth-error' } });
    await until(() => host.logs.length > 0, 'log');
    expect(authErrors(host)).to.deep.equal([]);
    expect(new Set(host.logs)).to.deep.equal(new Set(['message ignored: origin']));
  });

  it('ignores malformed messages from its own frame, and says why', async () => {
    const frame = track(await openLocalFrame());
    const host = track(await mount(frame));
    host.origin = location.origin;
    const source = frame.contentWindow;
    for (const data of [null, 'ready', { dittofeed: 2, type: 'ready', capabilities: [] }, { dittofeed: 1, type: 'explode' }, { dittofeed: 1, type: 'resize', height: -1 }]) {
      expect(() => deliver(source, location.origin, data)).not.to.throw();
    }
    expect(host.logs).to.deep.equal(['shape', 'shape', 'shape', 'type', 'fields'].map((why) => 'message ignored: ' + why));
    expect([host.messages, host.heights]).to.deep.equal([[], []]);
  });

  it('applies the first resize at once, then the latest one per animation frame', async () => {
    const frame = track(await openLocalFrame());
    const host = track(await mount(frame));
    host.origin = location.origin;
    const source = frame.contentWindow;
    for (const height of [101, 102, 103, 104]) deliver(source, location.origin, { dittofeed: 1, type: 'resize', height });
    expect(host.heights).to.deep.equal([101]);
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    expect(host.heights).to.deep.equal([101, 104]);
  });

  it('posts to its frame with the exact origin, and not without a frame or an origin', async () => {
    const frame = track(await openFrame('&fixture-echo=1'));
    const host = track(await mount(frame));
    const { reports, stop } = fixtureReports();
    try {
      expect(host.messenger.post({ dittofeed: 1, type: 'token', token: 'next' })).to.equal(true);
      await until(() => reports.some((report) => report.fixtureReport === 'message'), 'echo');
      expect(reports.find((report) => report.fixtureReport === 'message')).to.deep.include({ origin: location.origin });
      host.origin = null;
      expect(host.messenger.post({ dittofeed: 1, type: 'token', token: 'lost' })).to.equal(false);
      host.origin = OTHER_ORIGIN;
      host.frame = null;
      expect(host.messenger.post({ dittofeed: 1, type: 'token', token: 'lost' })).to.equal(false);
    } finally {
      stop();
    }
  });

  it('a frame of another origin than the one posted to gets nothing', async () => {
    const frame = track(await openFrame('&fixture-echo=1'));
    const host = track(await mount(frame));
    host.origin = 'https://app.dittofeed.com';
    const { reports, stop } = fixtureReports();
    try {
      // postMessage drops a message whose targetOrigin does not match the frame's origin.
      expect(host.messenger.post({ dittofeed: 1, type: 'token', token: 'secret' })).to.equal(true);
      await sleep(100);
      expect(reports.filter((report) => report.fixtureReport === 'message')).to.deep.equal([]);
    } finally {
      stop();
    }
  });

  it('stops listening, and drops a pending resize, when its host disconnects', async () => {
    const frame = track(await openLocalFrame());
    const host = track(await mount(frame));
    host.origin = location.origin;
    const source = frame.contentWindow;
    deliver(source, location.origin, { dittofeed: 1, type: 'resize', height: 201 });
    deliver(source, location.origin, { dittofeed: 1, type: 'resize', height: 202 });
    host.remove();
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    deliver(source, location.origin, { dittofeed: 1, type: 'auth-error' });
    expect(host.heights, 'the pending 202 is dropped').to.deep.equal([201]);
    expect(host.messages).to.deep.equal([]);
    // Connected again, it listens again.
    document.body.append(host);
    deliver(source, location.origin, { dittofeed: 1, type: 'auth-error' });
    expect(host.messages).to.deep.equal([{ type: 'auth-error' }]);
  });
});
