// DittofeedEmbed.shareAcrossTabs: tabs of one origin with the same token-url share one token per
// cycle over a BroadcastChannel. The other "tab" is a same-origin iframe (test/fixtures/tab.html),
// which shares BroadcastChannels with this page as a second tab would; the token endpoint counts.
import { expect, fixtureCleanup } from '@open-wc/testing';
import '../../src/index.js';
import { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import { OTHER_ORIGIN, mountJourneys, recordEvents, tokenEndpoint, until } from '../support/harness.js';

type TabReport = { tabReport: 'session'; expiresAt: number } | { tabReport: 'session-end' };

/** Opens the other tab; collects what it reports. */
function openTab(tokenUrl: string, { share = true, margin }: { share?: boolean; margin?: number } = {}) {
  const reports: TabReport[] = [];
  const frame = document.createElement('iframe');
  const listener = (event: MessageEvent) => {
    if (event.source === frame.contentWindow && event.data?.tabReport) reports.push(event.data);
  };
  window.addEventListener('message', listener);
  const query = new URLSearchParams({ tokenUrl, baseUrl: OTHER_ORIGIN, share: share ? '1' : '0' });
  if (margin !== undefined) query.set('margin', String(margin));
  frame.src = `/test/fixtures/tab.html?${query}`;
  document.body.append(frame);
  return {
    reports,
    sessions: () => reports.filter((r): r is Extract<TabReport, { tabReport: 'session' }> => r.tabReport === 'session'),
    close: () => {
      window.removeEventListener('message', listener);
      frame.remove();
    },
  };
}

describe('<dittofeed-embed> sessions shared across tabs', () => {
  const tabs: ReturnType<typeof openTab>[] = [];
  afterEach(() => {
    tabs.splice(0).forEach((tab) => tab.close());
    DittofeedEmbed.endSessions();
    DittofeedEmbed.shareAcrossTabs = false;
    fixtureCleanup();
  });

  it('off (the default): each tab makes its own request', async () => {
    const endpoint = await tokenEndpoint();
    const element = await mountJourneys(endpoint.url);
    await until(() => element.state === 'ready', 'ready');
    const tab = openTab(endpoint.url, { share: false });
    tabs.push(tab);
    await until(() => tab.sessions().length === 1, 'the other tab has a session');
    expect((await endpoint.stats()).count).to.equal(2);
  });

  it('on: the second tab takes the first tab\'s token; one request per refresh cycle; a closed tab hands over', async function () {
    // Two real refresh cycles.
    this.timeout(40_000);
    DittofeedEmbed.shareAcrossTabs = true;
    // 10 s tokens, refresh 4 s early: a cycle every ~6 s (plus up to 2 s of per-tab jitter).
    const endpoint = await tokenEndpoint({ expiresIn: 10 });
    const element = document.createElement('dittofeed-embed');
    Object.assign(element, { type: 'journeys', tokenUrl: endpoint.url, baseUrl: OTHER_ORIGIN, workspaceId: 'ws-1', refreshMargin: 4 });
    const events = recordEvents(element);
    document.body.append(element);
    try {
      await until(() => element.state === 'ready', 'ready');
      const tab = openTab(endpoint.url, { margin: 4 });
      tabs.push(tab);
      await until(() => tab.sessions().length === 1, 'the other tab has a session');
      expect((await endpoint.stats()).count, 'one request for two tabs').to.equal(1);
      expect(tab.sessions()[0]!.expiresAt, 'the same token').to.equal(element.session!.expiresAt);

      await until(() => events.of('dittofeed-session').length >= 2 && tab.sessions().length >= 2, 'a refresh in both tabs', 15_000);
      expect((await endpoint.stats()).count, 'one request for the refresh').to.equal(2);
      expect(tab.sessions()[1]!.expiresAt).to.equal(element.session!.expiresAt);

      // The other tab goes; this one refreshes by itself.
      tab.close();
      await until(() => events.of('dittofeed-session').length >= 3, 'a refresh with one tab left', 15_000);
      expect((await endpoint.stats()).count).to.equal(3);
    } finally {
      element.remove();
    }
  });

  it('on: a tab asking when another starts asking too asks again for it, and never says it fetches before it does (the other may have missed its want)', async () => {
    DittofeedEmbed.shareAcrossTabs = true;
    const endpoint = await tokenEndpoint();
    // The other tab is a bare BroadcastChannel on the element's channel, opened with it; it asks
    // after the element's `want` (as if it had missed it) with a higher tie-breaker than any tab's
    // (ids are below 1), then hands over a token of its own.
    const heard: { type: string; from?: number }[] = [];
    const Native = window.BroadcastChannel;
    let other: BroadcastChannel | null = null;
    let handedOver = 0;
    window.BroadcastChannel = class extends Native {
      constructor(name: string) {
        super(name);
        if (other) return;
        const channel = new Native(name);
        other = channel;
        channel.onmessage = (event: MessageEvent) => {
          heard.push({ type: event.data.type, from: event.data.from });
          if (event.data.type !== 'want' || heard.length > 1) return;
          const now = Date.now();
          handedOver = now + 3_600_000;
          channel.postMessage({ dittofeedTabs: 1, type: 'want', from: 2 });
          channel.postMessage({ dittofeedTabs: 1, type: 'session', session: { token: 'from-the-other-tab', workspaceId: 'ws-1', expiresAt: handedOver, receivedAt: now } });
        };
      }
    };
    try {
      const element = await mountJourneys(endpoint.url);
      await until(() => handedOver > 0 && element.session?.expiresAt === handedOver, "the other tab's token taken");
      expect(heard.map((message) => message.type), 'the element asked, then asked again for the later asker').to.deep.equal(['want', 'want']);
      expect(heard[1]!.from, 'with its own tie-breaker').to.equal(heard[0]!.from);
      expect((await endpoint.stats()).count, 'the token came from the other tab').to.equal(0);
    } finally {
      window.BroadcastChannel = Native;
      (other as BroadcastChannel | null)?.close();
    }
  });

  it('on: endSessions() in one tab ends the session in the other', async () => {
    DittofeedEmbed.shareAcrossTabs = true;
    const endpoint = await tokenEndpoint();
    const element = await mountJourneys(endpoint.url);
    await until(() => element.state === 'ready', 'ready');
    const tab = openTab(endpoint.url);
    tabs.push(tab);
    await until(() => tab.sessions().length === 1, 'the other tab has a session');
    DittofeedEmbed.endSessions();
    await until(() => tab.reports.some((r) => r.tabReport === 'session-end'), 'the other tab signed out');
    expect(element.state).to.equal('idle');
  });
});
