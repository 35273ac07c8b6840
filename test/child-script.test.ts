// The injected script (dist/dittofeed-embed-child.min.js, src/child-script.ts) on a stock page
// across two real origins: this test page is on http://localhost:<port>; the fixture stock page
// (test/fixtures/stock-page.html: reads its token once from the URL, sends it as a Bearer, speaks
// no protocol itself) comes from http://127.0.0.1:<port> with the built script first in <head>.
import { expect, fixture, html } from '@open-wc/testing';
import type { DittofeedEmbed } from '../src/dittofeed-embed.js';
import '../src/index.js';
import { frameOf, recordEvents, until } from './support/harness.js';
import { MessageLog, ofType, type Report } from './support/message-log.js';

declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => Promise<void> | void): void;
declare function afterEach(body: () => void): void;

const pageOrigin = `http://127.0.0.1:${location.port}`;
const FIRST = 'stock-token-1';

const opened: Array<{ close(): void }> = [];
afterEach(() => {
  for (const frame of opened.splice(0)) frame.close();
});

const tokenOf = (href: unknown): string | null => new URL(String(href)).searchParams.get('token');

/** One stock page in a cross-origin iframe on this page. */
class StockFrame {
  readonly iframe = document.createElement('iframe');
  readonly log = new MessageLog(() => this.iframe.contentWindow);
  private readonly applyHeight = (event: MessageEvent): void => {
    const data = event.data as Report;
    if (event.source === this.iframe.contentWindow && ofType('resize')(data)) {
      this.iframe.style.height = `${data.height as number}px`;
    }
  };

  static async open(params: Record<string, string | null>, { applyHeights = false } = {}): Promise<StockFrame> {
    const frame = new StockFrame();
    opened.push(frame);
    const url = new URL('/dashboard-l/embedded/journeys', pageOrigin);
    const query = { token: FIRST, workspaceId: 'ws-1', 'fixture-mode': 'stock', ...params };
    for (const [name, value] of Object.entries(query)) if (value !== null) url.searchParams.set(name, value);
    Object.assign(frame.iframe.style, { border: '0', display: 'block', width: '400px', height: '150px' });
    if (applyHeights) addEventListener('message', frame.applyHeight);
    frame.iframe.src = url.href;
    document.body.append(frame.iframe);
    await frame.log.waitFor((m) => m.fixtureReport === 'loaded', 'the stock page to load');
    return frame;
  }

  async command(command: Report): Promise<Report> {
    const since = this.log.messages.length;
    this.iframe.contentWindow!.postMessage(command, pageOrigin);
    const done = await this.log.waitFor(
      (m) => (m.fixtureReport === 'command-done' || m.fixtureReport === 'command-error') && m.command === command.fixture,
      `command ${String(command.fixture)}`,
      since,
    );
    expect(done.fixtureReport, String(done.message)).to.equal('command-done');
    return done;
  }

  /** What Authorization the page's API saw for one request. */
  async received(request: Report = {}): Promise<unknown> {
    return (await this.command({ fixture: 'request', ...request })).received;
  }

  postToken(token: string): void {
    this.iframe.contentWindow!.postMessage({ dittofeed: 1, type: 'token', token }, pageOrigin);
  }

  async ready(): Promise<Report> {
    return this.log.waitFor(ofType('ready'), 'ready');
  }

  close(): void {
    removeEventListener('message', this.applyHeight);
    this.log.close();
    this.iframe.remove();
  }
}

describe('the injected script on a stock Dittofeed page', () => {
  describe('connecting', () => {
    it('announces resize, token and navigate to an allowed host', async () => {
      const frame = await StockFrame.open({ 'fixture-allowed': location.origin });
      expect((await frame.ready()).capabilities).to.deep.equal(['resize', 'token', 'navigate']);
    });

    it('posts nothing to a host page that is not allowed, and takes no token from it', async () => {
      const frame = await StockFrame.open({ 'fixture-allowed': pageOrigin });
      frame.postToken('stock-token-2');
      expect(await frame.received()).to.equal(`Bearer ${FIRST}`);
      await frame.command({ fixture: 'set-height', height: 700 });
      expect(frame.log.protocol()).to.deep.equal([]);
    });

    for (const [what, params] of [
      ['without data-allowed-origins', {}],
      ['with data-allowed-origins="*"', { 'fixture-allowed': '*' }],
      ['with a data-allowed-origins entry that is not an origin', { 'fixture-allowed': `${location.origin} file:///x` }],
      ['with a data-api-origin that is not a URL', { 'fixture-allowed': location.origin, 'fixture-api-origin': 'nope' }],
    ] as const) {
      it(`${what} connects nothing and leaves the page as it was`, async () => {
        const frame = await StockFrame.open(params);
        frame.postToken('stock-token-2');
        expect(await frame.received()).to.equal(`Bearer ${FIRST}`);
        await frame.command({ fixture: 'set-height', height: 700 });
        expect(frame.log.protocol()).to.deep.equal([]);
      });
    }

    for (const [what, params] of [
      ['no token in its URL', { token: null }],
      ['data-token="off"', { 'fixture-token-swap': 'off' }],
    ] as const) {
      it(`with ${what} announces no token capability, so the host reloads instead`, async () => {
        const frame = await StockFrame.open({ 'fixture-allowed': location.origin, ...params });
        expect((await frame.ready()).capabilities).to.deep.equal(['resize', 'navigate']);
      });
    }
  });

  describe('token hand-over', () => {
    it('sends the delivered token on fetch, Request and XMLHttpRequest calls to the page origin', async () => {
      const frame = await StockFrame.open({ 'fixture-allowed': location.origin });
      await frame.ready();
      for (const via of ['fetch', 'request', 'xhr']) expect(await frame.received({ via }), via).to.equal(`Bearer ${FIRST}`);
      frame.postToken('stock-token-2');
      await frame.command({ fixture: 'sync' });
      for (const via of ['fetch', 'request', 'xhr']) expect(await frame.received({ via }), via).to.equal('Bearer stock-token-2');
      frame.postToken('stock-token-3');
      await frame.command({ fixture: 'sync' });
      expect(await frame.received({ via: 'xhr' })).to.equal('Bearer stock-token-3');
    });

    it('leaves other credentials and requests to other origins alone', async () => {
      const frame = await StockFrame.open({ 'fixture-allowed': location.origin });
      frame.postToken('stock-token-2');
      await frame.command({ fixture: 'sync' });
      expect(await frame.received({ authorization: 'Bearer somebody-else' })).to.equal('Bearer somebody-else');
      const otherOrigin = `${location.origin}/stock-api/echo`;
      expect(await frame.received({ url: otherOrigin })).to.equal(`Bearer ${FIRST}`);
      expect(await frame.received({ url: otherOrigin, via: 'xhr' })).to.equal(`Bearer ${FIRST}`);
    });

    it('swaps for the origin given by data-api-origin only', async () => {
      const frame = await StockFrame.open({ 'fixture-allowed': location.origin, 'fixture-api-origin': location.origin });
      await frame.ready();
      frame.postToken('stock-token-2');
      await frame.command({ fixture: 'sync' });
      expect(await frame.received({ url: `${location.origin}/stock-api/echo` })).to.equal('Bearer stock-token-2');
      expect(await frame.received()).to.equal(`Bearer ${FIRST}`);
    });

    it('ignores a token posted by any window but the host', async () => {
      // A frame of this page's origin (an allowed origin) that is not the stock page's parent.
      const relay = document.createElement('iframe');
      document.body.append(relay);
      opened.push({ close: () => relay.remove() });
      const frame = await StockFrame.open({ 'fixture-allowed': location.origin });
      await frame.ready();
      // Same origin as this page, so its window is ours to drive: the message comes from it.
      const stockWindow = window.frames[window.frames.length - 1];
      expect(stockWindow).to.equal(frame.iframe.contentWindow);
      const relayWindow = relay.contentWindow as unknown as { eval(code: string): void; target: Window };
      relayWindow.target = stockWindow;
      relayWindow.eval("target.postMessage({ dittofeed: 1, type: 'token', token: 'forged' }, '*')");
      await frame.command({ fixture: 'sync' });
      expect(await frame.received()).to.equal(`Bearer ${FIRST}`);
      // The same message from the host is taken (so the one above could have been).
      frame.postToken('stock-token-2');
      await frame.command({ fixture: 'sync' });
      expect(await frame.received()).to.equal('Bearer stock-token-2');
    });

    it('rewrites the page URL and the links it follows, with no reload and the input kept', async () => {
      const frame = await StockFrame.open({ 'fixture-allowed': location.origin });
      await frame.ready();
      const before = await frame.command({ fixture: 'type', text: 'unsaved draft' });
      frame.postToken('stock-token-2');
      const after = await frame.command({ fixture: 'sync' });
      expect(tokenOf(after.href)).to.equal('stock-token-2');
      expect(after.documentId).to.equal(before.documentId);
      expect(after.inputValue).to.equal('unsaved draft');
      const since = frame.log.messages.length;
      frame.iframe.contentWindow!.postMessage({ fixture: 'follow-link' }, pageOrigin);
      const loaded = await frame.log.waitFor((m) => m.fixtureReport === 'loaded', 'the linked page', since);
      expect(new URL(String(loaded.href)).pathname).to.equal('/dashboard-l/embedded/next');
      expect(tokenOf(loaded.href)).to.equal('stock-token-2');
    });
  });

  describe('height', () => {
    it('reports the content of an app-shell layout (the document never overflows), growing and shrinking', async () => {
      const frame = await StockFrame.open(
        { 'fixture-allowed': location.origin, 'fixture-layout': 'app-shell', 'fixture-height': '500' },
        { applyHeights: true },
      );
      const settled = async (): Promise<number> => {
        await until(() => frame.log.protocol(0, 'resize').length > 0, 'a resize');
        for (let i = 0; i < 3; i++) await frame.command({ fixture: 'sync' });
        return frame.iframe.clientHeight;
      };
      // The input (about 20 px) above a 500 px block, all inside the scrolling #app.
      const first = await settled();
      expect(first).to.be.within(500, 560);
      await frame.command({ fixture: 'set-height', height: 900 });
      expect(await settled()).to.equal(first + 400);
      await frame.command({ fixture: 'set-height', height: 200 });
      expect(await settled()).to.equal(first - 300);
      // Applying its own height made the page report nothing more.
      const reports = frame.log.protocol(0, 'resize').length;
      for (let i = 0; i < 3; i++) await frame.command({ fixture: 'sync' });
      expect(frame.log.protocol(0, 'resize').length).to.equal(reports);
    });
  });

  describe('data-content', () => {
    /** The last height reported once the page has settled (the first report may precede its layout). */
    const settledHeight = async (params: Record<string, string>): Promise<number> => {
      const frame = await StockFrame.open({ 'fixture-allowed': location.origin, 'fixture-height': '400', ...params });
      await frame.log.waitFor(ofType('resize'), 'a resize');
      for (let i = 0; i < 2; i++) await frame.command({ fixture: 'sync' });
      return frame.log.protocol(0, 'resize').at(-1)!.height as number;
    };

    it('measures the element it names', async () => {
      // #draft is the input above the 400 px block: its bottom, not the body's, is reported.
      const body = await settledHeight({});
      const content = await settledHeight({ 'fixture-content': '#draft' });
      expect(body).to.be.within(400, 440);
      expect(content).to.be.below(body - 350);
    });

    it('that matches nothing or is not a selector measures the body, without an error', async () => {
      const body = await settledHeight({});
      expect(await settledHeight({ 'fixture-content': '#nothing-here' })).to.equal(body);
      expect(await settledHeight({ 'fixture-content': '### not a selector' })).to.equal(body);
    });
  });

  describe('with <dittofeed-embed>', () => {
    it('refresh() reaches the stock page as a message: its next API call carries the new token, no reload', async () => {
      let served = 0;
      const el = await fixture<DittofeedEmbed>(html`<dittofeed-embed
        type="journeys"
        base-url=${pageOrigin}
        .params=${{ 'fixture-mode': 'stock', 'fixture-allowed': location.origin }}
        .fetchToken=${async () => ({ token: `embed-token-${++served}`, workspaceId: 'ws-1', expiresIn: 3600 })}
      ></dittofeed-embed>`);
      opened.push({ close: () => el.remove() });
      const events = recordEvents(el);
      await until(() => events.of('dittofeed-ready').length === 1, 'dittofeed-ready');
      expect(events.of('dittofeed-ready')[0].capabilities).to.include('token');
      const frame = frameOf(el)!;
      const log = new MessageLog(() => frame.contentWindow);
      opened.push(log);
      const ask = async (message: Report): Promise<Report> => {
        const since = log.messages.length;
        frame.contentWindow!.postMessage(message, pageOrigin);
        return log.waitFor((m) => m.fixtureReport === 'command-done' && m.command === message.fixture, String(message.fixture), since);
      };
      const before = await ask({ fixture: 'type', text: 'unsaved draft' });
      expect((await ask({ fixture: 'request' })).received).to.equal('Bearer embed-token-1');
      await el.refresh();
      await until(() => events.of('dittofeed-session').some((s) => s.delivery === 'message'), 'a delivery by message');
      const after = await ask({ fixture: 'request' });
      expect(after.received).to.equal('Bearer embed-token-2');
      expect(after.documentId).to.equal(before.documentId);
      expect(after.inputValue).to.equal('unsaved draft');
      expect(events.of('dittofeed-load')).to.have.length(1);
    });
  });
});
