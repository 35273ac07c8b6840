// Shared helpers for the element's browser tests. The test page is on localhost; the embedded
// fixture page (test/fixtures/embedded.html) is loaded from 127.0.0.1 on the same port: a real
// cross-origin frame running dittofeed-embed/child.
import { fixture, html } from '@open-wc/testing';
import type { DittofeedEmbed } from '../../src/dittofeed-embed.js';
import type { DittofeedEmbedEventMap } from '../../src/events.js';
import type { FetchToken } from '../../src/types.js';

export const OTHER_ORIGIN = `http://127.0.0.1:${location.port}`;

// Captured before any test installs sinon fake timers, so waiting always uses real time.
const realSetTimeout = window.setTimeout.bind(window);
const realClearTimeout = window.clearTimeout.bind(window);
const realNow = performance.now.bind(performance);


/** Fake timers for the element (setTimeout & co. and Date), advancing with real time too. */
export async function fakeClock() {
  const { default: sinon } = await import('sinon');
  return sinon.useFakeTimers({
    now: Date.now(),
    shouldAdvanceTime: true,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
}

/** A journeys embed on the other origin, with its token from `tokenUrl`. */
export const mountJourneys = (tokenUrl: string, workspaceId = 'ws-1') =>
  fixture<DittofeedEmbed>(html`<dittofeed-embed
    type="journeys"
    token-url=${tokenUrl}
    workspace-id=${workspaceId}
    base-url=${OTHER_ORIGIN}
  ></dittofeed-embed>`);

/** A broadcasts embed whose page speaks no protocol (the fixture's plain mode). */
export const mountWithoutProtocol = (fetchToken: FetchToken) =>
  fixture<DittofeedEmbed>(html`<dittofeed-embed
    type="broadcasts"
    base-url=${OTHER_ORIGIN}
    .params=${{ 'fixture-mode': 'plain' }}
    .fetchToken=${fetchToken}
  ></dittofeed-embed>`);

/** Waits (real time) for `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));

/** A fresh token endpoint scenario (see test/support/token-endpoint.mjs). */
export async function tokenEndpoint(config: Record<string, unknown> = {}) {
  const id = crypto.randomUUID();
  const url = `/test-token/${id}`;
  const configure = async (next: Record<string, unknown>) => {
    await fetch(`${url}/config`, { method: 'POST', body: JSON.stringify(next) });
  };
  await configure(config);
  return {
    id,
    url,
    configure,
    async stats(): Promise<{ count: number; requests: { method: string; body: unknown; query: Record<string, string>; headers: Record<string, string> }[] }> {
      return (await fetch(`${url}/stats`)).json();
    },
  };
}

/** Waits (with real timers) until `condition` holds. */
export async function until(condition: () => unknown, what = 'condition', timeoutMs = 8000): Promise<void> {
  const started = realNow();
  while (!condition()) {
    if (realNow() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(15);
  }
}

export const frameOf = (element: DittofeedEmbed): HTMLIFrameElement | null =>
  element.shadowRoot?.querySelector('iframe') ?? null;

type EventName = keyof DittofeedEmbedEventMap;

/** Records every dittofeed-* event an element fires. */
export function recordEvents(element: HTMLElement) {
  const names: EventName[] = [
    'dittofeed-session',
    'dittofeed-load',
    'dittofeed-ready',
    'dittofeed-resize',
    'dittofeed-navigate',
    'dittofeed-before-reload',
    'dittofeed-session-end',
    'dittofeed-session-expiring',
    'dittofeed-error',
  ];
  const log: { type: EventName; detail: unknown; event: Event }[] = [];
  for (const name of names) element.addEventListener(name, (event) => log.push({ type: name, detail: (event as CustomEvent).detail, event }));
  return {
    log,
    of<K extends EventName>(type: K): DittofeedEmbedEventMap[K]['detail'][] {
      return log.filter((entry) => entry.type === type).map((entry) => entry.detail as DittofeedEmbedEventMap[K]['detail']);
    },
  };
}

/** Messages the fixture page reports to this window ({ fixtureReport }). */
export function fixtureReports() {
  const reports: { fixtureReport: string; [key: string]: unknown }[] = [];
  const listener = (event: MessageEvent) => {
    if (event.data && typeof event.data === 'object' && 'fixtureReport' in event.data) reports.push(event.data);
  };
  window.addEventListener('message', listener);
  return { reports, stop: () => window.removeEventListener('message', listener) };
}

/** Sends a fixture command to a frame and waits for its `command-done` report. */
export async function command(frame: HTMLIFrameElement, message: Record<string, unknown>): Promise<Record<string, unknown>> {
  const target = frame.contentWindow;
  if (!target) throw new Error('no frame window');
  return new Promise((resolve, reject) => {
    const timer = realSetTimeout(() => {
      window.removeEventListener('message', listener);
      reject(new Error(`fixture command ${String(message.fixture)} not answered`));
    }, 5000);
    const listener = (event: MessageEvent) => {
      if (event.source === target && event.data?.fixtureReport === 'command-done' && event.data.command === message.fixture) {
        realClearTimeout(timer);
        window.removeEventListener('message', listener);
        resolve(event.data);
      }
    };
    window.addEventListener('message', listener);
    target.postMessage(message, '*');
  });
}

/** Counts `load` events of whatever iframe the element renders. */
export function countFrameLoads(element: DittofeedEmbed) {
  let loads = 0;
  element.addEventListener('dittofeed-load', () => loads++);
  return () => loads;
}

/** A JWT-shaped (unsigned) token whose `exp` claim is `expSeconds`. */
export function fakeJwt(expSeconds: number, extra: Record<string, unknown> = {}): string {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ exp: expSeconds, ...extra })}.signature`;
}
