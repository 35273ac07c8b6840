// resolveConfig: the element's properties turned into one validated configuration (docs/architecture.md,
// "Configuration"), without the element.
import { expect } from '@open-wc/testing';
import { resolveConfig, type EmbedInput } from '../../src/config.js';
import { DEFAULT_BASE_URL, DEFAULT_REFRESH_MARGIN, DEFAULT_TOKEN_LIFETIME } from '../../src/defaults.js';

const BASE: EmbedInput = {
  type: 'journeys',
  resourceId: undefined,
  tokenUrl: '/api/dittofeed/session',
  workspaceId: 'ws-1',
  baseUrl: DEFAULT_BASE_URL,
  height: 'auto',
  loading: 'eager',
  refreshMargin: DEFAULT_REFRESH_MARGIN,
  tokenLifetime: DEFAULT_TOKEN_LIFETIME,
  fetchToken: undefined,
  tokenRequestInit: undefined,
  params: undefined,
  allow: undefined,
  referrerPolicy: undefined,
  sandbox: undefined,
  idleReload: false,
  idleAfter: 10,
};

/** What the browser would say: lengths and a few keywords are heights. */
const isCssHeight = (value: string) => /^(\d+(\.\d+)?(px|rem|em|vh|%)|min-content|max-content|fit-content)$/.test(value);
/** The policies and flags of the HTML standard (the element asks the browser instead). */
const REFERRER_POLICIES = ['no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url'];
const SANDBOX_FLAGS = ['allow-forms', 'allow-modals', 'allow-popups', 'allow-same-origin', 'allow-scripts', 'allow-top-navigation-by-user-activation', 'allow-downloads'];
const browser = {
  isCssHeight,
  isReferrerPolicy: (policy: string) => REFERRER_POLICIES.includes(policy),
  isSandboxFlag: (flag: string) => SANDBOX_FLAGS.includes(flag),
};
const resolve = (changes: Partial<EmbedInput>) => resolveConfig({ ...BASE, ...changes }, browser);

describe('config: resolveConfig', () => {
  it('turns the defaults into a configuration', () => {
    const { config, problem, defaulted } = resolve({});
    expect(problem).to.equal('');
    expect(defaulted).to.deep.equal([]);
    expect(config).to.deep.equal({
      type: 'journeys',
      resourceId: undefined,
      baseUrl: DEFAULT_BASE_URL,
      dittofeedOrigin: 'https://app.dittofeed.com',
      params: undefined,
      session: {
        source: { url: '/api/dittofeed/session', init: undefined },
        workspaceId: 'ws-1',
        lifetime: DEFAULT_TOKEN_LIFETIME,
      },
      margin: DEFAULT_REFRESH_MARGIN,
      fixedHeight: null,
      lazy: false,
      frame: { allow: 'clipboard-write; fullscreen', referrerpolicy: 'strict-origin-when-cross-origin', sandbox: null },
      idleQuietMs: null,
    });
  });

  const hard: [string, Partial<EmbedInput>, RegExp][] = [
    ['an unknown type', { type: 'journies' }, /^type must be one of journeys, journey, .*analysis$/],
    ['no type', { type: undefined }, /^type must be one of/],
    ['a type that is not a string', { type: ['journeys'] }, /^type must be one of/],
    ['an inherited name as type', { type: 'toString' }, /^type must be one of/],
    ['an editor type without resource-id', { type: 'journey' }, /^type journey needs a resource-id$/],
    ['a relative base-url', { baseUrl: '/dittofeed' }, /^base-url must be an absolute http\(s\) URL$/],
    ['a javascript: base-url', { baseUrl: 'javascript:alert(1)' }, /^base-url must be/],
    ['no token source', { tokenUrl: undefined }, /^set token-url, or fetchToken to a function$/],
    ['an empty token-url', { tokenUrl: '' }, /^set token-url/],
    ['a fetchToken that is not a function', { fetchToken: 'https://evil.example/token' }, /^set token-url, or fetchToken to a function$/],
    ['params that are an array', { params: ['a'] }, /^params must be an object$/],
    ['params that are a string', { params: 'a=b' }, /^params must be an object$/],
    ['an unknown sandbox flag', { sandbox: 'allow-scripts allow-same-origin allow-everything' }, /^sandbox: unknown flag allow-everything$/],
    ['a sandbox flag without allow-', { sandbox: 'scripts allow-scripts allow-same-origin' }, /^sandbox: unknown flag scripts$/],
    ['an empty sandbox (everything forbidden)', { sandbox: '' }, /^sandbox must include allow-scripts and allow-same-origin/],
    ['a sandbox without allow-same-origin', { sandbox: 'allow-scripts allow-forms' }, /^sandbox must include allow-scripts and allow-same-origin/],
    ['a sandbox without allow-scripts', { sandbox: 'allow-same-origin' }, /^sandbox must include/],
  ];
  for (const [what, changes, message] of hard) {
    it(`cannot run with ${what}: no configuration and a reason`, () => {
      const { config, problem } = resolve(changes);
      expect(config).to.equal(null);
      expect(problem).to.match(message);
    });
  }

  it('reports the first hard problem only, in a fixed order (type, id, base-url, token source, params)', () => {
    expect(resolve({ type: 'journey', baseUrl: 'nope', tokenUrl: undefined }).problem).to.equal('type journey needs a resource-id');
    expect(resolve({ baseUrl: 'nope', tokenUrl: undefined }).problem).to.match(/^base-url/);
    expect(resolve({ tokenUrl: undefined, params: 'x' }).problem).to.match(/^set token-url/);
  });

  const soft: [string, Partial<EmbedInput>, string, (config: NonNullable<ReturnType<typeof resolve>['config']>) => unknown, unknown][] = [
    ['a negative refresh-margin', { refreshMargin: -1 }, 'refreshMargin', (c) => c.margin, DEFAULT_REFRESH_MARGIN],
    ['a NaN refresh-margin (attribute "soon")', { refreshMargin: NaN }, 'refreshMargin', (c) => c.margin, DEFAULT_REFRESH_MARGIN],
    ['an infinite refresh-margin', { refreshMargin: Infinity }, 'refreshMargin', (c) => c.margin, DEFAULT_REFRESH_MARGIN],
    ['a zero token-lifetime', { tokenLifetime: 0 }, 'tokenLifetime', (c) => c.session.lifetime, DEFAULT_TOKEN_LIFETIME],
    ['a NaN token-lifetime', { tokenLifetime: NaN }, 'tokenLifetime', (c) => c.session.lifetime, DEFAULT_TOKEN_LIFETIME],
    ['a height that is no CSS height', { height: 'tall' }, 'height', (c) => c.fixedHeight, null],
    ['an unknown loading', { loading: 'later' }, 'loading', (c) => c.lazy, false],
    ['an allow that is no permissions policy', { allow: 'camera; <script>' }, 'allow', (c) => c.frame.allow, 'clipboard-write; fullscreen'],
    ['an allow with a quoted origin', { allow: "camera 'https://evil.example'" }, 'allow', (c) => c.frame.allow, 'clipboard-write; fullscreen'],
    ['an unknown referrerpolicy', { referrerPolicy: 'everything' }, 'referrerPolicy', (c) => c.frame.referrerpolicy, 'strict-origin-when-cross-origin'],
    ['a negative idle-after', { idleReload: true, idleAfter: -1 }, 'idleAfter', (c) => c.idleQuietMs, 10_000],
    ['a NaN idle-after', { idleReload: true, idleAfter: NaN }, 'idleAfter', (c) => c.idleQuietMs, 10_000],
    ['a referrerpolicy of two policies', { referrerPolicy: 'origin same-origin' }, 'referrerPolicy', (c) => c.frame.referrerpolicy, 'strict-origin-when-cross-origin'],
  ];
  for (const [what, changes, property, read, fallback] of soft) {
    it(`runs with ${what}, on the default, and says which property was defaulted`, () => {
      const { config, problem, defaulted } = resolve(changes);
      expect(problem).to.equal('');
      expect(defaulted).to.deep.equal([property]);
      expect(read(config!)).to.deep.equal(fallback);
    });
  }

  it('reports soft problems even when a hard one stops the embed', () => {
    const { config, defaulted } = resolve({ type: 'nope', refreshMargin: -5, height: 'tall' });
    expect(config).to.equal(null);
    expect(defaulted).to.deep.equal(['refreshMargin', 'height']);
  });

  it('takes the values given when they are valid', () => {
    const fetchToken = async () => ({ token: 't' });
    const { config, defaulted } = resolve({
      type: 'journey',
      resourceId: 'j-1',
      baseUrl: 'http://localhost:3000/dittofeed/',
      height: ' 480px ',
      loading: 'lazy',
      refreshMargin: 0,
      tokenLifetime: 90,
      fetchToken,
      workspaceId: '',
      params: { tab: 'a' },
    });
    expect(defaulted).to.deep.equal([]);
    expect(config).to.deep.include({
      type: 'journey',
      resourceId: 'j-1',
      baseUrl: 'http://localhost:3000/dittofeed/',
      dittofeedOrigin: 'http://localhost:3000',
      params: { tab: 'a' },
      margin: 0,
      fixedHeight: '480px',
      lazy: true,
    });
    // fetchToken wins over token-url; an empty workspace-id is no workspace-id.
    expect(config!.session).to.deep.equal({ source: { fetchToken }, workspaceId: undefined, lifetime: 90 });
  });

  it('takes valid iframe options, normalised', () => {
    const { config, defaulted, problem } = resolve({
      allow: " clipboard-write 'self' https://app.example.com; fullscreen *; ",
      referrerPolicy: ' origin ',
      sandbox: '  allow-scripts\n allow-same-origin   allow-popups ',
    });
    expect([problem, defaulted]).to.deep.equal(['', []]);
    expect(config!.frame).to.deep.equal({
      allow: "clipboard-write 'self' https://app.example.com; fullscreen *;",
      referrerpolicy: 'origin',
      sandbox: 'allow-scripts allow-same-origin allow-popups',
    });
  });

  it('treats an empty allow as no permissions, and an empty referrerpolicy as the default', () => {
    const { config, defaulted } = resolve({ allow: '', referrerPolicy: '' });
    expect(defaulted).to.deep.equal([]);
    expect(config!.frame).to.deep.include({ allow: '', referrerpolicy: 'strict-origin-when-cross-origin' });
  });

  it('turns idle-reload and idle-after into a quiet period in ms; off means none', () => {
    expect(resolve({ idleReload: true, idleAfter: 2.5 }).config!.idleQuietMs).to.equal(2_500);
    expect(resolve({ idleReload: true, idleAfter: 0 }).config!.idleQuietMs).to.equal(0);
    expect(resolve({ idleReload: false, idleAfter: 30 }).config!.idleQuietMs).to.equal(null);
  });

  it('treats an empty or blank height as auto', () => {
    for (const height of ['', '   ', 'auto', undefined]) {
      const { config, defaulted } = resolve({ height });
      expect([config!.fixedHeight, defaulted], JSON.stringify(height)).to.deep.equal([null, []]);
    }
  });

  it('passes the token request options through as given', () => {
    const init: RequestInit = { credentials: 'include', headers: { 'X-CSRF': 'c' } };
    const { config } = resolve({ tokenRequestInit: init });
    expect(config!.session.source).to.deep.equal({ url: '/api/dittofeed/session', init });
    expect((config!.session.source as { init?: RequestInit }).init).to.equal(init);
  });
});
