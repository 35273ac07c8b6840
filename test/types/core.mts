// The core typings every framework builds on: HTMLElementTagNameMap, GlobalEventHandlersEventMap
// and the element's properties. Lines after `@ts-expect-error` must NOT compile.
import 'dittofeed-embed';
import type {
  DittofeedEmbed,
  DittofeedEmbedEventMap,
  DittofeedErrorCode,
  DittofeedResizeDetail,
  EmbedType,
  FetchToken,
  SessionInfo,
} from 'dittofeed-embed';
import { DittofeedEmbed as DittofeedEmbedClass } from 'dittofeed-embed/element';

const el = document.createElement('dittofeed-embed');
export const fromTagMap: DittofeedEmbed = el;
export const fromQuery: DittofeedEmbed | null = document.querySelector('dittofeed-embed');

el.type = 'journey';
// @ts-expect-error not an embed type
el.type = 'journeyz';
export const types: EmbedType[] = ['journeys', 'email-template', 'analysis'];
el.resourceId = 'onboarding';
el.tokenUrl = '/api/dittofeed/session';
el.baseUrl = 'https://dittofeed.example.com';
el.loading = 'lazy';
// @ts-expect-error loading is eager or lazy
el.loading = 'later';
el.refreshMargin = 30;
// @ts-expect-error a number of seconds
el.refreshMargin = '30s';

el.allow = 'clipboard-write; fullscreen';
el.referrerPolicy = 'no-referrer';
el.sandbox = 'allow-scripts allow-same-origin';
// @ts-expect-error sandbox flags are a string
el.sandbox = ['allow-scripts'];

// Properties without attributes.
el.fetchToken = async ({ workspaceId, signal }) => {
  signal.throwIfAborted();
  return { token: 't', workspaceId, expiresIn: 3600 };
};
el.fetchToken = async () => 'a bare token';
// @ts-expect-error fetchToken returns a promise
el.fetchToken = () => 'not a promise';
// @ts-expect-error a session needs a token
el.fetchToken = async () => ({ workspaceId: 'w' });
export const fetchToken: FetchToken = async () => ({ token: 't', expiresAt: '2026-11-27T22:00:00Z' });
el.tokenRequestInit = { headers: { 'X-CSRF-Token': 'x' }, credentials: 'include' };
el.params = { theme: 'dark' };
// @ts-expect-error params are strings
el.params = { page: 2 };

// The session never exposes the token, and is read-only.
export const session: SessionInfo | null = el.session;
// @ts-expect-error no token in the public session
export const leaked = el.session?.token;
// @ts-expect-error read-only
el.session = null;
export const refreshed: Promise<void> = el.refresh();
el.reload();

// Events are typed on the element and on every GlobalEventHandlers target (they bubble, composed).
el.addEventListener('dittofeed-resize', (event) => {
  const height: number = event.detail.height;
  const detail: DittofeedResizeDetail = event.detail;
  void [height, detail];
});
el.addEventListener('dittofeed-session-end', (event) => {
  const workspace: string | null = event.detail.workspaceId;
  void workspace;
});
el.addEventListener('dittofeed-error', (event) => {
  const code: DittofeedErrorCode = event.detail.code;
  const status: number | undefined = event.detail.status;
  const retrying: boolean = event.detail.retrying;
  void [code, status, retrying];
});
document.addEventListener('dittofeed-session', (event) => {
  const delivery: 'initial' | 'message' | 'reload' = event.detail.delivery;
  // @ts-expect-error no token in any event detail
  void event.detail.token;
  void delivery;
});
window.addEventListener('dittofeed-before-reload', (event) => {
  if (event.detail.reason === 'token-expired') event.preventDefault();
  // @ts-expect-error not a reload reason
  if (event.detail.reason === 'timeout') return;
});
// @ts-expect-error a resize has a height, no width
el.addEventListener('dittofeed-resize', (event) => event.detail.width);
el.addEventListener('dittofeed-session-end', (event) => {
  const workspace: string | null = event.detail.workspaceId;
  void workspace;
});
el.addEventListener('dittofeed-error', (event) => {
  // @ts-expect-error error codes are a closed set
  const code: 'oops' = event.detail.code;
  void code;
});
export const eventNames: (keyof DittofeedEmbedEventMap)[] = [
  'dittofeed-session',
  'dittofeed-load',
  'dittofeed-ready',
  'dittofeed-resize',
  'dittofeed-navigate',
  'dittofeed-before-reload',
  'dittofeed-error',
  'dittofeed-session-end',
  'dittofeed-session-expiring',
];
el.idleReload = true;
el.idleAfter = 30;
// @ts-expect-error seconds, a number
el.idleAfter = '30s';
el.addEventListener('dittofeed-session-expiring', (event) => {
  const expiresAt: number = event.detail.expiresAt;
  void expiresAt;
});

DittofeedEmbedClass.define('my-dittofeed');
// Sessions across the page's life: sign-out, remounts, tabs.
DittofeedEmbedClass.endSessions();
DittofeedEmbedClass.endSessions('/api/dittofeed/session');
DittofeedEmbedClass.keepSessions = true;
DittofeedEmbedClass.shareAcrossTabs = true;
export const sharing: boolean = DittofeedEmbedClass.shareAcrossTabs && DittofeedEmbedClass.keepSessions;
// @ts-expect-error endSessions takes a token-url string
DittofeedEmbedClass.endSessions(42);
