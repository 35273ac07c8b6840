// dittofeed-embed/child across two real origins: this test page is on http://localhost:<port>,
// the fixture embedded page (test/fixtures/embedded.html, which runs connectToHost) is loaded
// from http://127.0.0.1:<port>/dashboard-l/embedded/..., a cross-origin frame in its own process.
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { connectToHost, reportAuthError } from '../src/child.js';
import { MessageLog, ofType, type Report } from './support/message-log.js';

// Mocha's globals as web-test-runner provides them (no @types/mocha in this repo).
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => Promise<void> | void): void;
declare function afterEach(body: () => void): void;

const childOrigin = `http://127.0.0.1:${location.port}`;

const opened: Array<{ close(): void }> = [];
afterEach(() => {
  for (const frame of opened.splice(0)) frame.close();
});

interface OpenOptions {
  path?: string;
  /** The iframe's initial height in px (its viewport height). */
  height?: number;
  /** Apply every reported height to the iframe, as the host element does. */
  applyHeights?: boolean;
}

/** One fixture embedded page in a cross-origin iframe on this page. */
class FixtureFrame {
  readonly iframe = document.createElement('iframe');
  readonly log = new MessageLog(() => this.iframe.contentWindow);
  private readonly applyHeight = (event: MessageEvent): void => {
    const data = event.data as Report;
    if (event.source === this.iframe.contentWindow && ofType('resize')(data)) {
      this.iframe.style.height = `${data.height as number}px`;
    }
  };

  static async open(params: Record<string, string> = {}, options: OpenOptions = {}): Promise<FixtureFrame> {
    const frame = new FixtureFrame();
    opened.push(frame);
    const url = new URL(`/dashboard-l/embedded/${options.path ?? 'x'}`, childOrigin);
    url.searchParams.set('token', 'fixture-token');
    url.searchParams.set('workspaceId', 'ws-1');
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    frame.iframe.style.border = '0';
    frame.iframe.style.display = 'block';
    frame.iframe.style.width = '400px';
    frame.iframe.style.height = `${options.height ?? 150}px`;
    if (options.applyHeights) addEventListener('message', frame.applyHeight);
    frame.iframe.src = url.href;
    document.body.append(frame.iframe);
    await frame.log.waitFor((m) => m.fixtureReport === 'loaded', 'the fixture to load');
    return frame;
  }

  get window(): Window {
    const win = this.iframe.contentWindow;
    if (!win) throw new Error('fixture frame is detached');
    return win;
  }

  /** Index of this frame in window.frames, for sibling frames to address it. */
  get index(): number {
    for (let i = 0; i < window.frames.length; i++) if (window.frames[i] === this.window) return i;
    throw new Error('fixture frame not found in window.frames');
  }

  /** Runs a fixture command and waits for its answer (sent two animation frames later). */
  async command(command: Report): Promise<Report> {
    const since = this.log.messages.length;
    this.window.postMessage(command, childOrigin);
    const done = await this.log.waitFor(
      (m) => (m.fixtureReport === 'command-done' || m.fixtureReport === 'command-error') && m.command === command.fixture,
      `command ${String(command.fixture)}`,
      since,
    );
    expect(done.fixtureReport, `command ${String(command.fixture)}: ${String(done.message)}`).to.equal('command-done');
    return done;
  }

  /** Waits until the frame's viewport has the iframe's current height and everything it caused is posted. */
  async settle(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const done = await this.command({ fixture: 'sync' });
      if (done.viewportHeight === this.iframe.clientHeight) {
        await this.command({ fixture: 'sync' });
        return;
      }
    }
    throw new Error(`the frame never saw its viewport height ${this.iframe.clientHeight}`);
  }

  postToken(token: unknown, extra: Report = {}): void {
    this.window.postMessage({ dittofeed: 1, type: 'token', token, ...extra }, childOrigin);
  }

  tokens(since = 0): unknown[] {
    return this.log.messages
      .slice(since)
      .filter((m) => m.fixtureReport === 'token')
      .map((m) => m.token);
  }

  heights(since = 0): number[] {
    return this.log.protocol(since, 'resize').map((m) => m.height as number);
  }

  close(): void {
    removeEventListener('message', this.applyHeight);
    this.log.close();
    this.iframe.remove();
  }
}

/** A frame of this page's own origin that posts what it is told to post, from its own window. */
async function openRelay(): Promise<{ frame: HTMLIFrameElement; send(to: Window, message: unknown): void }> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<script>
    addEventListener('message', (event) => {
      if (event.source !== parent) return;
      const to = event.data.index < 0 ? parent : parent.frames[event.data.index];
      to.postMessage(event.data.message, '*');
    });
  </script>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  opened.push({ close: () => frame.remove() });
  await loaded;
  return {
    frame,
    send(to, message) {
      let index = -1;
      for (let i = 0; i < window.frames.length; i++) if (window.frames[i] === to) index = i;
      frame.contentWindow!.postMessage({ index, message }, location.origin);
    },
  };
}

describe('dittofeed-embed/child in a cross-origin frame', () => {
  describe('ready', () => {
    it('announces resize, token and navigate when onToken is given, before anything else', async () => {
      const frame = await FixtureFrame.open();
      const ready = await frame.log.waitFor(ofType('ready'), 'ready');
      expect(ready).to.deep.equal({ dittofeed: 1, type: 'ready', capabilities: ['resize', 'token', 'navigate'] });
      expect(frame.log.protocol()[0]).to.equal(ready);
    });

    it('announces only resize and navigate without onToken', async () => {
      const frame = await FixtureFrame.open({ 'fixture-mode': 'no-token' });
      const ready = await frame.log.waitFor(ofType('ready'), 'ready');
      expect(ready.capabilities).to.deep.equal(['resize', 'navigate']);
    });

    it('does not announce token when no origin may send one', async () => {
      // An empty allowedOrigins list leaves nobody to accept a token from; announcing it would
      // stop the host from reloading the frame with a fresh token.
      const frame = await FixtureFrame.open({ 'fixture-allowed-origins': '' });
      const ready = await frame.log.waitFor(ofType('ready'), 'ready');
      expect(ready.capabilities).to.deep.equal(['resize', 'navigate']);
    });

    it('a page without the child script speaks no protocol', async () => {
      const frame = await FixtureFrame.open({ 'fixture-mode': 'plain' });
      await frame.command({ fixture: 'set-height', height: 500 });
      await frame.command({ fixture: 'navigate', path: 'journeys' });
      expect(frame.log.protocol()).to.deep.equal([]);
    });
  });

  describe('resize', () => {
    it('reports the content height, then growth and shrinking, as integers', async () => {
      const frame = await FixtureFrame.open({ 'fixture-height': '300' }, { applyHeights: true });
      await frame.log.waitFor(ofType('resize'), 'the first resize');
      await frame.settle();
      expect(frame.heights()).to.deep.equal([300]);

      await frame.command({ fixture: 'set-height', height: 700 });
      await frame.settle();
      await frame.command({ fixture: 'set-height', height: 120 });
      await frame.settle();
      await frame.command({ fixture: 'set-height', height: 200.2 });
      await frame.settle();
      // Beyond the protocol's maximum the height is clamped rather than dropped by the host.
      await frame.command({ fixture: 'set-height', height: 150_000 });
      await frame.settle();
      expect(frame.heights()).to.deep.equal([300, 700, 120, 201, 100_000]);
      expect(frame.iframe.clientHeight).to.equal(100_000);
    });

    it('keeps reporting content growth after the host applied its heights', async () => {
      const frame = await FixtureFrame.open({ 'fixture-height': '300' }, { height: 600, applyHeights: true });
      await frame.log.waitFor(ofType('resize'), 'the first resize');
      await frame.settle();
      for (const height of [320, 340, 360]) {
        await frame.command({ fixture: 'set-height', height });
        await frame.settle();
      }
      expect(frame.heights()).to.deep.equal([300, 320, 340, 360]);
    });

    it('stays silent when the content keeps its height', async () => {
      const frame = await FixtureFrame.open({ 'fixture-height': '300' });
      await frame.log.waitFor(ofType('resize'), 'the first resize');
      const since = frame.log.messages.length;
      await frame.command({ fixture: 'set-height', height: 300 });
      // The viewport changes, the content does not: nothing to report.
      frame.iframe.style.height = '900px';
      await frame.settle();
      expect(frame.heights(since)).to.deep.equal([]);
    });

    for (const layout of ['fill', 'body-fill']) {
      it(`does not grow without bound with a viewport-filling layout (${layout}) while the host applies each height`, async () => {
        const frame = await FixtureFrame.open(
          { 'fixture-layout': layout, 'fixture-height': '100' },
          { height: 150, applyHeights: true },
        );
        await frame.log.waitFor(ofType('resize'), 'the first resize');
        // Each round lets the frame see the height the host applied; a feedback loop would post
        // a new, larger height every round.
        for (let round = 0; round < 8; round++) await frame.settle();
        const heights = frame.heights();
        expect(heights.length, `heights: ${heights.join(', ')}`).to.be.within(1, 2);
        expect(Math.max(...heights), `heights: ${heights.join(', ')}`).to.be.at.most(150 + 2 * 16);
        const settled = frame.log.messages.length;
        for (let round = 0; round < 3; round++) await frame.settle();
        expect(frame.heights(settled)).to.deep.equal([]);
      });
    }

    it('with a viewport-filling layout still reports content taller than the viewport, once', async () => {
      const frame = await FixtureFrame.open({ 'fixture-layout': 'fill', 'fixture-height': '100' }, { applyHeights: true });
      await frame.log.waitFor(ofType('resize'), 'the first resize');
      await frame.settle();
      const since = frame.log.messages.length;
      await frame.command({ fixture: 'set-height', height: 1000 });
      for (let round = 0; round < 5; round++) await frame.settle();
      // 1000 px of content plus the body's 8 px margins.
      expect(frame.heights(since)).to.deep.equal([1016]);
    });
  });

  for (const api of ['navigation', 'history'] as const) {
    describe(`navigate (${api === 'navigation' ? 'Navigation API' : 'history wrappers'})`, () => {
      const params: Record<string, string> = api === 'history' ? { 'fixture-no-navigation-api': '1' } : {};

      it('reports pushState, replaceState, hash changes and back, without the token', async () => {
        const frame = await FixtureFrame.open(params, { path: 'journeys' });
        await frame.log.waitFor(ofType('ready'), 'ready');
        const since = frame.log.messages.length;
        await frame.command({ fixture: 'navigate', path: '/dashboard-l/embedded/journeys/v2?token=secret&id=j1' });
        await frame.log.waitFor(ofType('navigate'), 'navigate after pushState', since);
        await frame.command({ fixture: 'replace', path: 'segments?workspaceId=ws-1&token=secret' });
        await frame.command({ fixture: 'hash', hash: 'details' });
        await frame.log.waitFor((m) => ofType('navigate')(m) && String(m.path).endsWith('#details'), 'navigate after the hash change', since);
        const beforeBack = frame.log.messages.length;
        await frame.command({ fixture: 'back' });
        await frame.log.waitFor(ofType('navigate'), 'navigate after back', beforeBack);
        const paths = frame.log.protocol(since, 'navigate').map((m) => m.path);
        expect(paths).to.deep.equal([
          '/dashboard-l/embedded/journeys/v2?id=j1',
          '/dashboard-l/embedded/segments?workspaceId=ws-1',
          '/dashboard-l/embedded/segments?workspaceId=ws-1#details',
          '/dashboard-l/embedded/segments?workspaceId=ws-1',
        ]);
        for (const path of paths) expect(path).not.to.include('secret');
      });

      it('does not report the initial load or a replaceState that keeps the path', async () => {
        const frame = await FixtureFrame.open(params, { path: 'broadcasts' });
        await frame.log.waitFor(ofType('ready'), 'ready');
        const done = await frame.command({ fixture: 'sync' });
        await frame.command({ fixture: 'replace', path: String(done.path) });
        expect(frame.log.protocol(0, 'navigate')).to.deep.equal([]);
      });

      it(`${api === 'history' ? 'wraps history and restores it' : 'leaves history alone'}; disconnect stops reporting`, async () => {
        const frame = await FixtureFrame.open(params);
        const before = await frame.command({ fixture: 'sync' });
        // Without a Navigation API in the browser (WebKitGTK 2.50 has no window.navigation) the
        // child falls back to wrapping history in both variants; the 'history' variant covers that.
        const browserHasNavigationApi = 'navigation' in window;
        expect(before.historyWrapped).to.equal(api === 'history' || !browserHasNavigationApi);
        await frame.command({ fixture: 'disconnect' });
        const after = await frame.command({ fixture: 'navigate', path: 'templates' });
        expect(after.historyWrapped).to.equal(false);
        await frame.command({ fixture: 'hash', hash: 'x' });
        expect(frame.log.protocol(0, 'navigate')).to.deep.equal([]);
      });
    });
  }

  describe('token', () => {
    it('hands a token from the parent window and origin to onToken', async () => {
      const frame = await FixtureFrame.open();
      frame.postToken('fresh-1');
      frame.postToken('fresh-2');
      await frame.log.waitFor((m) => m.fixtureReport === 'token' && m.token === 'fresh-2', 'the second token');
      expect(frame.tokens()).to.deep.equal(['fresh-1', 'fresh-2']);
    });

    it('ignores malformed token messages', async () => {
      const frame = await FixtureFrame.open();
      frame.postToken('');
      frame.postToken(42);
      frame.postToken(null);
      frame.window.postMessage({ dittofeed: 2, type: 'token', token: 'v2' }, childOrigin);
      frame.window.postMessage({ type: 'token', token: 'no-version' }, childOrigin);
      frame.window.postMessage('token', childOrigin);
      frame.window.postMessage(null, childOrigin);
      frame.postToken('valid');
      await frame.log.waitFor((m) => m.fixtureReport === 'token', 'the valid token');
      await frame.command({ fixture: 'sync' });
      expect(frame.tokens()).to.deep.equal(['valid']);
    });

    it('ignores a token from a sibling frame of the parent origin', async () => {
      const frame = await FixtureFrame.open({ 'fixture-echo': '1' });
      const relay = await openRelay();
      relay.send(frame.window, { dittofeed: 1, type: 'token', token: 'from-sibling' });
      const seen = await frame.log.waitFor(
        (m) => m.fixtureReport === 'message' && (m.data as Report | null)?.token === 'from-sibling',
        'the sibling message to arrive',
      );
      // Same origin as the parent, different window.
      expect(seen.origin).to.equal(location.origin);
      expect(seen.fromParent).to.equal(false);
      frame.postToken('from-parent');
      await frame.log.waitFor((m) => m.fixtureReport === 'token', 'the parent token');
      await frame.command({ fixture: 'sync' });
      expect(frame.tokens()).to.deep.equal(['from-parent']);
    });

    it('ignores a token from a sibling frame of another origin', async () => {
      const frame = await FixtureFrame.open({ 'fixture-echo': '1' });
      const sibling = await FixtureFrame.open({ 'fixture-mode': 'plain' });
      await sibling.command({
        fixture: 'post-to-frame',
        index: frame.index,
        message: { dittofeed: 1, type: 'token', token: 'from-other-origin' },
      });
      const seen = await frame.log.waitFor(
        (m) => m.fixtureReport === 'message' && (m.data as Report | null)?.token === 'from-other-origin',
        'the sibling message to arrive',
      );
      expect(seen.origin).to.equal(childOrigin);
      expect(seen.fromParent).to.equal(false);
      frame.postToken('from-parent');
      await frame.log.waitFor((m) => m.fixtureReport === 'token', 'the parent token');
      await frame.command({ fixture: 'sync' });
      expect(frame.tokens()).to.deep.equal(['from-parent']);
    });

    it('ignores the parent window when its origin is not allowed', async () => {
      const frame = await FixtureFrame.open({ 'fixture-echo': '1', 'fixture-allowed-origins': 'https://example.test' });
      const ready = await frame.log.waitFor(ofType('ready'), 'ready');
      expect(ready.capabilities).to.include('token');
      frame.postToken('not-allowed');
      const seen = await frame.log.waitFor(
        (m) => m.fixtureReport === 'message' && (m.data as Report | null)?.token === 'not-allowed',
        'the parent message to arrive',
      );
      expect(seen.fromParent).to.equal(true);
      await frame.command({ fixture: 'sync' });
      expect(frame.tokens()).to.deep.equal([]);
    });

    it('accepts allowedOrigins given as URLs with a path', async () => {
      const frame = await FixtureFrame.open({ 'fixture-allowed-origins': `https://example.test,${location.origin}/app/page` });
      frame.postToken('allowed');
      await frame.log.waitFor((m) => m.fixtureReport === 'token', 'the token');
      expect(frame.tokens()).to.deep.equal(['allowed']);
    });

    it('after navigating to a new document inside the frame, still trusts the embedding page', async () => {
      const frame = await FixtureFrame.open();
      const since = frame.log.messages.length;
      frame.window.postMessage({ fixture: 'load', path: 'journeys/v2?token=second&id=j2' }, childOrigin);
      await frame.log.waitFor((m) => m.fixtureReport === 'loaded', 'the new document', since);
      // The referrer is now the previous fixture page (the frame's own origin); the host is
      // found through location.ancestorOrigins.
      const navigate = await frame.log.waitFor(ofType('navigate'), 'navigate from the new document', since);
      expect(navigate.path).to.equal('/dashboard-l/embedded/journeys/v2?id=j2');
      const ready = await frame.log.waitFor(ofType('ready'), 'ready from the new document', since);
      expect(ready.capabilities).to.include('token');
      frame.postToken('after-navigation');
      await frame.log.waitFor((m) => m.fixtureReport === 'token', 'the token', since);
      expect(frame.tokens(since)).to.deep.equal(['after-navigation']);
    });
  });

  describe('auth-error and disconnect', () => {
    it('reportAuthError posts auth-error to the host', async () => {
      const frame = await FixtureFrame.open();
      await frame.command({ fixture: 'auth-error' });
      expect(frame.log.protocol(0, 'auth-error')).to.deep.equal([{ dittofeed: 1, type: 'auth-error' }]);
    });

    it('disconnect stops resize, navigate and token handling, and may be called twice', async () => {
      const frame = await FixtureFrame.open({ 'fixture-echo': '1' }, { applyHeights: true });
      await frame.log.waitFor(ofType('resize'), 'the first resize');
      await frame.settle();
      await frame.command({ fixture: 'disconnect' });
      await frame.command({ fixture: 'disconnect' });
      const since = frame.log.messages.length;
      await frame.command({ fixture: 'set-height', height: 650 });
      await frame.command({ fixture: 'navigate', path: 'segments' });
      frame.postToken('after-disconnect');
      await frame.log.waitFor(
        (m) => m.fixtureReport === 'message' && (m.data as Report | null)?.token === 'after-disconnect',
        'the token message to arrive',
        since,
      );
      await frame.command({ fixture: 'sync' });
      expect(frame.log.protocol(since)).to.deep.equal([]);
      expect(frame.tokens()).to.deep.equal([]);
    });
  });
});

/** Resolves once `count` messages from `source` reached this window (after listeners added earlier ran). */
function messagesFrom(source: Window, count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onMessage = (event: MessageEvent): void => {
      if (event.source === source && ++seen === count) {
        removeEventListener('message', onMessage);
        resolve();
      }
    };
    addEventListener('message', onMessage);
  });
}

describe('dittofeed-embed/child called directly', () => {
  /** Resolves with the messages this window received before a marker posted now. */
  async function messagesPostedToSelf(): Promise<unknown[]> {
    const received: unknown[] = [];
    const marker = `marker-${Math.random()}`;
    await new Promise<void>((resolve) => {
      const onMessage = (event: MessageEvent): void => {
        if (event.data === marker) {
          removeEventListener('message', onMessage);
          resolve();
        } else {
          received.push(event.data);
        }
      };
      addEventListener('message', onMessage);
      postMessage(marker, location.origin);
    });
    return received;
  }

  it('rejects bad options with a TypeError, even outside a frame', () => {
    const bad: Array<[unknown, RegExp]> = [
      ['options', /options must be an object/],
      [{ onToken: 'not a function' }, /onToken must be a function/],
      [{ content: {} }, /content must be an Element/],
      [{ target: {} }, /target must be a Window/],
      [{ allowedOrigins: 'https://example.test' }, /allowedOrigins must be an array/],
      [{ allowedOrigins: ['*'] }, /allowedOrigins: \* is not an http\(s\) origin/],
      [{ allowedOrigins: ['null'] }, /allowedOrigins: null is not/],
      [{ allowedOrigins: ['file:///etc/passwd'] }, /allowedOrigins: file:/],
      [{ allowedOrigins: ['example.test'] }, /allowedOrigins: example.test is not/],
      [{ allowedOrigins: [42] }, /allowedOrigins: 42 is not/],
    ];
    for (const [options, message] of bad) {
      expect(() => connectToHost(options as Parameters<typeof connectToHost>[0]), String(message)).to.throw(TypeError, message);
    }
    // null and undefined mean "use the default".
    connectToHost(null)();
    connectToHost({ content: undefined, target: undefined, allowedOrigins: undefined })();
  });

  it('is a no-op outside a frame', async () => {
    expect(window.parent).to.equal(window);
    const pushState = history.pushState;
    const disconnect = connectToHost({ onToken: () => expect.fail('no token expected') });
    reportAuthError();
    expect(history.pushState).to.equal(pushState);
    expect((await messagesPostedToSelf()).filter((m) => (m as Report | null)?.dittofeed === 1)).to.deep.equal([]);
    expect(disconnect).to.be.a('function');
    disconnect();
    disconnect();
  });

  describe('with an explicit target window', () => {
    // A same-origin frame plays the host: this page is the "embedded page" talking to it.
    async function openHost(): Promise<{ log: MessageLog; host: Window; relay: Awaited<ReturnType<typeof openRelay>> }> {
      const relay = await openRelay();
      const host = relay.frame.contentWindow!;
      const log = new MessageLog(() => window, host);
      opened.push(log);
      return { log, host, relay };
    }

    it('announces only what was asked for', async () => {
      const { log, host } = await openHost();
      const disconnect = connectToHost({ target: host, resize: false, navigate: false });
      const ready = await log.waitFor(ofType('ready'), 'ready');
      expect(ready.capabilities).to.deep.equal([]);
      disconnect();
    });

    it('without a referrer or ancestors, onToken alone does not announce token', async () => {
      // This page's referrer, if any, is its own origin, and it has no ancestors.
      expect(['', location.origin]).to.include(document.referrer && new URL(document.referrer).origin);
      const { log, host } = await openHost();
      const disconnect = connectToHost({ target: host, onToken: () => {}, resize: false, navigate: false });
      const ready = await log.waitFor(ofType('ready'), 'ready');
      expect(ready.capabilities).to.deep.equal([]);
      disconnect();
    });

    it('measures the content element it is given', async () => {
      const { log, host } = await openHost();
      const box = document.createElement('div');
      box.style.height = '123px';
      box.style.marginBottom = '7px';
      document.body.prepend(box);
      opened.push({ close: () => box.remove() });
      const disconnect = connectToHost({ target: host, content: box, navigate: false });
      const first = await log.waitFor(ofType('resize'), 'the first resize');
      const top = box.getBoundingClientRect().top + scrollY;
      expect(first.height).to.equal(Math.ceil(top + 123 + 7));
      const since = log.messages.length;
      box.style.height = '223px';
      const second = await log.waitFor(ofType('resize'), 'the second resize', since);
      expect(second.height).to.equal(Math.ceil(top + 223 + 7));
      disconnect();
    });

    it('contains an exception thrown by onToken and reports it with console.error', async () => {
      const { host, relay } = await openHost();
      const errorSpy = sinon.stub(console, 'error');
      const uncaught: unknown[] = [];
      const onError = (event: ErrorEvent): void => void uncaught.push(event.error);
      addEventListener('error', onError);
      const tokens: string[] = [];
      const disconnect = connectToHost({
        target: host,
        allowedOrigins: [location.origin],
        resize: false,
        navigate: false,
        onToken: (token) => {
          tokens.push(token);
          throw new Error('boom');
        },
      });
      try {
        const arrived = messagesFrom(host, 2);
        relay.send(window, { dittofeed: 1, type: 'token', token: 'first' });
        relay.send(window, { dittofeed: 1, type: 'token', token: 'second' });
        await arrived;
        expect(tokens).to.deep.equal(['first', 'second']);
        expect(errorSpy.callCount).to.equal(2);
        expect(String(errorSpy.firstCall.args.join(' '))).to.include('onToken');
        expect(uncaught).to.deep.equal([]);
      } finally {
        errorSpy.restore();
        removeEventListener('error', onError);
        disconnect();
      }
    });

    it('accepts tokens only from the target window', async () => {
      const { host, relay } = await openHost();
      const other = await openRelay();
      const tokens: string[] = [];
      const disconnect = connectToHost({
        target: host,
        allowedOrigins: [location.origin],
        resize: false,
        navigate: false,
        onToken: (token) => tokens.push(token),
      });
      const fromOther = messagesFrom(other.frame.contentWindow!);
      other.send(window, { dittofeed: 1, type: 'token', token: 'from-other' });
      await fromOther;
      const fromHost = messagesFrom(host);
      relay.send(window, { dittofeed: 1, type: 'token', token: 'from-host' });
      await fromHost;
      expect(tokens).to.deep.equal(['from-host']);
      disconnect();
      disconnect();
      const afterDisconnect = messagesFrom(host);
      relay.send(window, { dittofeed: 1, type: 'token', token: 'after-disconnect' });
      await afterDisconnect;
      expect(tokens).to.deep.equal(['from-host']);
    });
  });
});
