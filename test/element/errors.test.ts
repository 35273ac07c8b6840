import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { SinonFakeTimers } from 'sinon';
import '../../src/index.js';
import type { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import type { DittofeedErrorDetail } from '../../src/events.js';
import { OTHER_ORIGIN, fakeClock, frameOf, recordEvents, sleep, tokenEndpoint, until } from '../support/harness.js';

/** Mounts an element and collects its errors from the very start. */
async function mount(configure: (element: DittofeedEmbed) => void) {
  const element = document.createElement('dittofeed-embed');
  const events = recordEvents(element);
  configure(element);
  await fixture<HTMLDivElement>(html`<div></div>`).then((parent) => parent.append(element));
  await element.updateComplete;
  return { element, events, errors: () => events.of('dittofeed-error') };
}

describe('<dittofeed-embed> errors', () => {
  let clock: SinonFakeTimers | undefined;
  afterEach(() => {
    fixtureCleanup();
    clock?.restore();
    clock = undefined;
  });

  const invalidConfigs: [string, (element: DittofeedEmbed) => void][] = [
    ['an unknown type', (e) => ((e.type as string) = 'dashboards')],
    ['no type', () => undefined],
    ['an editor type without resource-id', (e) => (e.type = 'journey')],
    ['a javascript: base-url', (e) => ((e.type = 'journeys'), (e.baseUrl = 'javascript:alert(1)'))],
    ['a relative base-url', (e) => ((e.type = 'journeys'), (e.baseUrl = '/dittofeed'))],
    ['no token source', (e) => ((e.type = 'journeys'), (e.tokenUrl = undefined))],
    ['a fetchToken that is not a function', (e) => ((e.type = 'journeys'), ((e as unknown as { fetchToken: string }).fetchToken = 'nope'))],
  ];
  for (const [name, configure] of invalidConfigs) {
    it(`reports invalid-config for ${name} and shows the error view`, async () => {
      const endpoint = await tokenEndpoint();
      const { element, errors } = await mount((element) => {
        element.tokenUrl = endpoint.url;
        element.workspaceId = 'ws-1';
        configure(element);
      });
      expect(errors()).to.have.length(1);
      expect(errors()[0]).to.include({ code: 'invalid-config', retrying: false });
      expect(errors()[0]!.message).to.be.a('string').and.not.empty;
      expect(element.getAttribute('state')).to.equal('error');
      expect(frameOf(element)).to.equal(null);
      const alert = element.shadowRoot!.querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain(errors()[0]!.message);
      expect((await endpoint.stats()).count).to.equal(0);
    });
  }

  it('reports a bad refresh-margin, token-lifetime, height or loading, and goes on with the defaults', async () => {
    const endpoint = await tokenEndpoint();
    const { element, errors } = await mount((element) => {
      element.setAttribute('type', 'journeys');
      element.setAttribute('token-url', endpoint.url);
      element.setAttribute('workspace-id', 'ws-1');
      element.setAttribute('base-url', OTHER_ORIGIN);
      element.setAttribute('refresh-margin', 'soon');
      element.setAttribute('token-lifetime', '-5');
      element.setAttribute('height', 'tall');
      element.setAttribute('loading', 'later');
    });
    expect(errors().map((e) => e.code)).to.deep.equal(['invalid-config', 'invalid-config', 'invalid-config', 'invalid-config']);
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    const expiresIn = element.session!.expiresAt - Date.now();
    expect(expiresIn).to.be.within(3_590_000, 3_600_000);
  });

  it('retries a failing endpoint with backoff, then recovers', async () => {
    clock = await fakeClock();
    const endpoint = await tokenEndpoint({ status: 503, rawBody: 'down' });
    const { element, errors } = await mount((element) => {
      element.type = 'journeys';
      element.tokenUrl = endpoint.url;
      element.workspaceId = 'ws-1';
      element.baseUrl = OTHER_ORIGIN;
    });
    await until(() => errors().length === 1, 'first error');
    const [first] = errors() as [DittofeedErrorDetail];
    expect(first).to.include({ code: 'token-http-error', status: 503, retrying: true });
    expect(first.retryInMs).to.be.within(0, 1000);
    expect(element.getAttribute('state')).to.equal('error');
    expect(element.shadowRoot!.querySelector('[part="retry"]')).to.exist;
    await clock.tickAsync(1000);
    await until(() => errors().length === 2, 'second error');
    expect(errors()[1]!.retryInMs).to.be.within(0, 2000);
    await endpoint.configure({});
    await clock.tickAsync(2000);
    await until(() => element.getAttribute('state') === 'ready', 'recovered');
    expect((await endpoint.stats()).count).to.equal(3);
  });

  it('retries a 401 once, then stops until reload()', async () => {
    clock = await fakeClock();
    const endpoint = await tokenEndpoint({ status: 401, body: { error: 'signed out' } });
    const { element, errors } = await mount((element) => {
      element.type = 'journeys';
      element.tokenUrl = endpoint.url;
      element.workspaceId = 'ws-1';
      element.baseUrl = OTHER_ORIGIN;
    });
    await until(() => errors().length === 1, 'first 401');
    expect(errors()[0]).to.include({ code: 'token-http-error', status: 401, retrying: true });
    await clock.tickAsync(1000);
    await until(() => errors().length === 2, 'second 401');
    expect(errors()[1]).to.include({ code: 'token-http-error', status: 401, retrying: false });
    expect(errors()[1]).not.to.have.property('retryInMs');
    await clock.tickAsync(120_000);
    await sleep(100);
    expect((await endpoint.stats()).count).to.equal(2);
    await endpoint.configure({});
    (element.shadowRoot!.querySelector('[part="retry"]') as HTMLButtonElement).click();
    await until(() => element.getAttribute('state') === 'ready', 'ready after retry');
    expect((await endpoint.stats()).count).to.equal(3);
  });

  const badResponses: [string, Record<string, unknown>, string][] = [
    ['not JSON', { rawBody: '<html>oops</html>', contentType: 'text/html' }, 'token-invalid-response'],
    ['a JSON string', { rawBody: '"just-a-token"', contentType: 'application/json' }, 'token-invalid-response'],
    ['no token', { body: { workspaceId: 'ws-1' } }, 'token-invalid-response'],
    ['an empty token', { body: { token: '', workspaceId: 'ws-1' } }, 'token-invalid-response'],
    ['a bad expiresAt', { body: { token: 't', expiresAt: 'tomorrow' } }, 'token-invalid-response'],
    ['an expired session', { body: { token: 't', expiresIn: -5 } }, 'token-expired'],
    ['a past expiresAt', { body: { token: 't', expiresAt: '2001-01-01T00:00:00Z' } }, 'token-expired'],
  ];
  for (const [name, answer, code] of badResponses) {
    it(`reports ${code} for a response with ${name}, retrying`, async () => {
      const endpoint = await tokenEndpoint(answer);
      const { element, errors } = await mount((element) => {
        element.type = 'journeys';
        element.tokenUrl = endpoint.url;
        element.workspaceId = 'ws-1';
        element.baseUrl = OTHER_ORIGIN;
      });
      await until(() => errors().length === 1, 'error');
      expect(errors()[0]).to.include({ code, retrying: true });
      expect(element.getAttribute('state')).to.equal('error');
      expect(JSON.stringify(errors())).not.to.contain('just-a-token');
    });
  }

  it('reports token-request-failed for a network failure and for a throwing fetchToken', async () => {
    const network = await mount((element) => {
      element.type = 'journeys';
      element.tokenUrl = 'http://127.0.0.1:9/unreachable';
      element.baseUrl = OTHER_ORIGIN;
    });
    const thrown = await mount((element) => {
      element.type = 'journeys';
      element.baseUrl = OTHER_ORIGIN;
      element.fetchToken = async () => {
        throw new Error('backend said no');
      };
    });
    await until(() => network.errors().length > 0 && thrown.errors().length > 0, 'errors');
    expect(network.errors()[0]).to.include({ code: 'token-request-failed', retrying: true });
    expect(thrown.errors()[0]).to.include({ code: 'token-request-failed', retrying: true });
    expect(thrown.errors()[0]!.message).to.contain('backend said no');
  });

  it('reports token-request-failed when the token request times out after 15 s', async () => {
    clock = await fakeClock();
    const { errors } = await mount((element) => {
      element.type = 'journeys';
      element.baseUrl = OTHER_ORIGIN;
      element.fetchToken = () => new Promise(() => undefined);
    });
    await clock.tickAsync(14_900);
    expect(errors()).to.deep.equal([]);
    await clock.tickAsync(200);
    await until(() => errors().length === 1, 'timeout');
    expect(errors()[0]).to.include({ code: 'token-request-failed', retrying: true });
    expect(errors()[0]!.message).to.contain('timed out');
  });

  it('reports frame-error when the frame does not load within 30 s', async () => {
    clock = await fakeClock();
    const { element, errors } = await mount((element) => {
      element.type = 'journeys';
      element.baseUrl = OTHER_ORIGIN;
      element.params = { 'fixture-stall': '1' };
      element.fetchToken = async () => ({ token: 'stalled', workspaceId: 'ws-1' });
    });
    await until(() => frameOf(element), 'frame');
    await clock.tickAsync(30_100);
    await until(() => errors().length === 1, 'frame error');
    expect(errors()[0]).to.include({ code: 'frame-error', retrying: false });
    expect(element.getAttribute('state')).to.equal('error');
  });

  it('keeps a valid frame and state="ready" when a background refresh fails, and errors at expiry', async () => {
    clock = await fakeClock();
    let calls = 0;
    const { element, errors } = await mount((element) => {
      element.type = 'journeys';
      element.baseUrl = OTHER_ORIGIN;
      element.params = { 'fixture-mode': 'plain' };
      element.fetchToken = async () => {
        if (++calls > 1) throw new Error('offline');
        return { token: 'first', workspaceId: 'ws-1', expiresIn: 120 };
      };
    });
    await until(() => element.getAttribute('state') === 'ready', 'ready');
    await clock.tickAsync(61_000);
    await until(() => errors().length >= 1, 'refresh failure');
    expect(errors()[0]).to.include({ code: 'token-request-failed', retrying: true });
    expect(element.getAttribute('state')).to.equal('ready');
    await clock.tickAsync(60_000);
    await until(() => element.getAttribute('state') === 'error', 'error at expiry');
  });
});
