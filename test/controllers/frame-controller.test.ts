// FrameController with a tiny host element (not <dittofeed-embed>): it shows a real cross-origin
// frame (the fixture page on 127.0.0.1), hands tokens over by message or by reload, clamps resizes,
// and leaves no timer or frame behind when reset or disconnected.
import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { expect } from '@open-wc/testing';
import type { EmbedConfig } from '../../src/config.js';
import { FrameController, type EmbedState } from '../../src/controllers/frame-controller.js';
import type { Session } from '../../src/types.js';
import { OTHER_ORIGIN, command, fixtureReports, recordEvents, sleep, until } from '../support/harness.js';

class FrameHostElement extends ReactiveElement {
  state: EmbedState = 'idle';
  debug = false;
  readonly failures: string[] = [];
  tokenRequests = 0;
  readonly frames = new FrameController(this, {
    setState: (state) => {
      this.state = state;
      this.requestUpdate();
    },
    fail: (error, report) => {
      this.state = 'error';
      this.failures.push(`${error.code}${report ? '' : ' (not reported)'}`);
      this.requestUpdate();
    },
    requestToken: () => this.tokenRequests++,
  });
  readonly anchor = document.createElement('span');
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.append(this.anchor);
    return root;
  }
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.frames.render(this.anchor, 'Test frame');
  }
  protected override updated(): void {
    this.frames.flush();
  }
  get frame(): HTMLIFrameElement | null {
    return this.shadowRoot!.querySelector('iframe');
  }
}
customElements.define('frame-host', FrameHostElement);

const configWith = (changes: Partial<EmbedConfig> = {}): EmbedConfig => ({
  type: 'journeys',
  resourceId: undefined,
  baseUrl: OTHER_ORIGIN,
  dittofeedOrigin: OTHER_ORIGIN,
  params: undefined,
  session: { source: { url: '/unused' }, lifetime: 3600 },
  margin: 60,
  fixedHeight: null,
  lazy: false,
  frame: { allow: 'clipboard-write; fullscreen', referrerpolicy: 'strict-origin-when-cross-origin', sandbox: null },
  idleQuietMs: null,
  ...changes,
});

let serial = 0;
/** A session valid for `validMs`, received `agoMs` ago. */
const sessionFor = (validMs = 600_000, agoMs = 60_000): Session => ({
  token: `tok-${++serial}`,
  workspaceId: 'ws-1',
  expiresAt: Date.now() + validMs,
  receivedAt: Date.now() - agoMs,
});

const hosts: FrameHostElement[] = [];
async function mount(config = configWith()): Promise<FrameHostElement> {
  const host = document.createElement('frame-host') as FrameHostElement;
  host.frames.config = config;
  hosts.push(host);
  document.body.append(host);
  await host.updateComplete;
  return host;
}
const tokenOf = (frame: HTMLIFrameElement | null) => (frame ? new URL(frame.src).searchParams.get('token') : null);

describe('FrameController', () => {
  afterEach(() => {
    for (const host of hosts.splice(0)) host.remove();
  });

  it('shows the frame for the first session, then reports load and ready', async () => {
    const host = await mount();
    const events = recordEvents(host);
    const first = sessionFor();
    host.frames.offer(first);
    expect(host.state).to.equal('loading');
    await host.updateComplete;
    const frame = host.frame!;
    expect(frame.nextSibling, 'inserted before the anchor').to.equal(host.anchor);
    expect(frame.title).to.equal('Test frame');
    expect(tokenOf(frame)).to.equal(first.token);
    expect(events.of('dittofeed-session')).to.deep.equal([{ workspaceId: 'ws-1', expiresAt: first.expiresAt, delivery: 'initial' }]);
    await until(() => events.of('dittofeed-ready').length === 1, 'ready');
    expect(host.state).to.equal('ready');
    expect(events.of('dittofeed-load')[0]!.url).to.contain('token=***').and.not.contain(first.token);
    expect(host.frames.shown).to.equal(true);
    expect(host.frames.holdsValidToken).to.equal(true);
  });

  it('posts a newer token to a page that takes tokens, without a reload', async () => {
    const host = await mount(configWith({ params: { 'fixture-echo': '1' } }));
    const events = recordEvents(host);
    host.frames.offer(sessionFor());
    await until(() => events.of('dittofeed-ready').length === 1, 'ready');
    const { reports, stop } = fixtureReports();
    try {
      const next = sessionFor();
      host.frames.offer(next);
      await until(() => reports.some((report) => report.fixtureReport === 'message'), 'token message');
      expect(reports.find((report) => report.fixtureReport === 'message')!.data).to.deep.equal({ dittofeed: 1, type: 'token', token: next.token });
      expect(events.of('dittofeed-session').at(-1)).to.deep.equal({ workspaceId: 'ws-1', expiresAt: next.expiresAt, delivery: 'message' });
      expect(events.of('dittofeed-load').length, 'no reload').to.equal(1);
      expect(host.frames.latest).to.equal(next);
    } finally {
      stop();
    }
  });

  it('keeps the token of a page without the protocol until it expires, then reloads with the newest', async () => {
    const host = await mount(configWith({ params: { 'fixture-mode': 'plain' } }));
    const events = recordEvents(host);
    const first = sessionFor(1500);
    host.frames.offer(first);
    await until(() => events.of('dittofeed-load').length === 1, 'load');
    const next = sessionFor();
    host.frames.offer(next);
    await sleep(100);
    expect(tokenOf(host.frame), 'kept until expiry').to.equal(first.token);
    await until(() => events.of('dittofeed-before-reload').length === 1, 'before-reload at expiry', 5000);
    expect(events.of('dittofeed-before-reload')[0]).to.deep.equal({ reason: 'token-expired' });
    await host.updateComplete;
    expect(tokenOf(host.frame)).to.equal(next.token);
    await until(() => events.of('dittofeed-load').length === 2, 'second load');
    expect(events.of('dittofeed-session').map((detail) => detail.delivery)).to.deep.equal(['initial', 'reload']);
  });

  it('shows the error (unreported: the session error explains it) when its token expires with no newer one', async () => {
    const host = await mount(configWith({ params: { 'fixture-mode': 'plain' } }));
    host.frames.offer(sessionFor(500));
    await until(() => host.failures.length === 1, 'expiry', 3000);
    expect(host.failures).to.deep.equal(['token-expired (not reported)']);
    expect(host.frames.holdsValidToken).to.equal(false);
  });

  it('a cancelled before-reload leaves the frame as it is', async () => {
    const host = await mount(configWith({ params: { 'fixture-mode': 'plain' } }));
    host.addEventListener('dittofeed-before-reload', (event) => event.preventDefault());
    const first = sessionFor(600);
    host.frames.offer(first);
    host.frames.offer(sessionFor());
    await sleep(900);
    await host.updateComplete;
    expect(tokenOf(host.frame)).to.equal(first.token);
  });

  it('asks the host for a token when the page rejects a token that is not fresh, and waits on a fresh one', async () => {
    const host = await mount();
    const events = recordEvents(host);
    host.frames.offer(sessionFor(600_000, 60_000));
    await until(() => events.of('dittofeed-ready').length === 1, 'ready');
    await command(host.frame!, { fixture: 'auth-error' });
    await until(() => host.tokenRequests === 1, 'token request');
    // The page rejects a token it has had for under MIN_REFRESH_DELAY_MS: no request loop.
    const fresh = sessionFor(600_000, 0);
    host.frames.offer(fresh);
    await command(host.frame!, { fixture: 'sync' });
    await command(host.frame!, { fixture: 'auth-error' });
    await sleep(50);
    expect(host.tokenRequests).to.equal(1);
  });

  it('clamps resizes to the frame max-height and ignores changes under 1 px; a fixed height ignores them all', async () => {
    const host = await mount();
    const events = recordEvents(host);
    host.frames.offer(sessionFor());
    await until(() => events.of('dittofeed-resize').length > 0, 'first resize');
    host.frame!.style.maxHeight = '400px';
    await command(host.frame!, { fixture: 'set-height', height: 5000 });
    await until(() => events.of('dittofeed-resize').at(-1)?.height === 400, 'clamped');
    expect(host.frame!.style.height).to.equal('400px');
    const count = events.of('dittofeed-resize').length;
    await command(host.frame!, { fixture: 'set-height', height: 4000 });
    await sleep(100);
    expect(events.of('dittofeed-resize').length, 'still 400 px after clamping').to.equal(count);

    const fixed = await mount(configWith({ fixedHeight: '321px' }));
    const fixedEvents = recordEvents(fixed);
    fixed.frames.offer(sessionFor());
    await until(() => fixedEvents.of('dittofeed-ready').length === 1, 'ready');
    await command(fixed.frame!, { fixture: 'set-height', height: 777 });
    await sleep(50);
    expect(fixedEvents.of('dittofeed-resize')).to.deep.equal([]);
    expect(fixed.frame!.style.height).to.equal('321px');
  });

  it('reset() removes the frame on the next render and cancels its expiry', async () => {
    const host = await mount(configWith({ params: { 'fixture-mode': 'plain' } }));
    const events = recordEvents(host);
    host.frames.offer(sessionFor(400));
    await host.updateComplete;
    expect(host.frame).not.to.equal(null);
    host.frames.reset();
    host.requestUpdate();
    await host.updateComplete;
    expect([host.frame, host.frames.shown, host.frames.latest]).to.deep.equal([null, false, null]);
    await sleep(600);
    expect([host.failures, events.of('dittofeed-before-reload')]).to.deep.equal([[], []]);
  });

  it('disconnecting drops the frame state and its timers but keeps the newest session', async () => {
    const host = await mount(configWith({ params: { 'fixture-mode': 'plain' } }));
    const newest = sessionFor(400);
    host.frames.offer(newest);
    await host.updateComplete;
    host.remove();
    await sleep(600);
    expect(host.failures).to.deep.equal([]);
    expect(host.frames.shown).to.equal(false);
    expect(host.frames.latest).to.equal(newest);
  });

  it('reloads at once with the held token on reload(), and asks for a new one when it is about to expire', async () => {
    const host = await mount();
    const events = recordEvents(host);
    const held = sessionFor(600_000);
    host.frames.offer(held);
    await until(() => events.of('dittofeed-load').length === 1, 'load');
    host.frames.reload();
    expect(events.of('dittofeed-before-reload')).to.deep.equal([{ reason: 'manual' }]);
    await until(() => events.of('dittofeed-load').length === 2, 'reloaded');
    expect(tokenOf(host.frame)).to.equal(held.token);
    expect(host.tokenRequests).to.equal(0);

    const expiring = await mount();
    expiring.frames.offer(sessionFor(30_000));
    await expiring.updateComplete;
    expiring.frames.reload();
    expect(expiring.tokenRequests, 'within the 60 s margin: a fresh token first').to.equal(1);
    const fresh = sessionFor();
    expiring.frames.offer(fresh);
    await expiring.updateComplete;
    expect(tokenOf(expiring.frame), 'reloaded with it without asking again').to.equal(fresh.token);
  });
});
