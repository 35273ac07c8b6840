// Validation of frame → element messages (docs/protocol.md, "Messages"), without the element.
import { expect } from '@open-wc/testing';
import { validateMessage, type IncomingMessage } from '../../src/messages.js';


const ORIGIN = 'https://app.dittofeed.com';
/** Stands in for the element's own iframe contentWindow: only its identity matters. */
const FRAME_WINDOW = { name: 'own frame' };
const OTHER_WINDOW = { name: 'another frame' };
const PREFIX = '/dashboard-l/embedded/';

const event = (data: unknown, overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({ origin: ORIGIN, source: FRAME_WINDOW, data, ...overrides });
const validate = (incoming: IncomingMessage, expectedOrigin: string | null = ORIGIN, expectedSource: unknown = FRAME_WINDOW) =>
  validateMessage(incoming, expectedOrigin, expectedSource);

class MessageLike {
  dittofeed = 1;
  type = 'auth-error';
}

function throwingGetter(key: string, rest: Record<string, unknown>): Record<string, unknown> {
  const data = { ...rest };
  Object.defineProperty(data, key, {
    enumerable: true,
    get() {
      throw new Error(`getter ${key}`);
    },
  });
  return data;
}

const throwingProxy = (trap: keyof ProxyHandler<object>): object =>
  new Proxy(
    { dittofeed: 1, type: 'auth-error' },
    {
      [trap]() {
        throw new Error(`trap ${trap}`);
      },
    },
  );

const path = (rest: string) => PREFIX + rest;

type Case = [label: string, incoming: IncomingMessage, expectedOrigin?: string | null, expectedSource?: unknown];

const REJECTED: Case[] = [
  // Someone else's traffic.
  ['a different origin', event({ dittofeed: 1, type: 'auth-error' }, { origin: 'https://evil.example.com' })],
  ['the same host over http', event({ dittofeed: 1, type: 'auth-error' }, { origin: 'http://app.dittofeed.com' })],
  ['the same host on another port', event({ dittofeed: 1, type: 'auth-error' }, { origin: 'https://app.dittofeed.com:8443' })],
  ['an origin with a trailing slash', event({ dittofeed: 1, type: 'auth-error' }, { origin: ORIGIN + '/' })],
  ['the opaque origin "null"', event({ dittofeed: 1, type: 'auth-error' }, { origin: 'null' })],
  ['an empty origin', event({ dittofeed: 1, type: 'auth-error' }, { origin: '' })],
  ['no expected origin (bad base-url)', event({ dittofeed: 1, type: 'auth-error' }, { origin: 'null' }), null],
  ['no expected origin, empty origin', event({ dittofeed: 1, type: 'auth-error' }, { origin: '' }), null],
  ['another window on the right origin', event({ dittofeed: 1, type: 'auth-error' }, { source: OTHER_WINDOW })],
  ['a null source', event({ dittofeed: 1, type: 'auth-error' }, { source: null })],
  ['a null source when no frame exists yet', event({ dittofeed: 1, type: 'auth-error' }, { source: null }), ORIGIN, null],
  ['an undefined source when no frame exists yet', event({ dittofeed: 1, type: 'auth-error' }, { source: undefined }), ORIGIN, undefined],
  // Not a protocol message.
  ['null data', event(null)],
  ['undefined data', event(undefined)],
  ['a string', event('{"dittofeed":1,"type":"auth-error"}')],
  ['a number', event(1)],
  ['a boolean', event(true)],
  ['an array', event([1, 'auth-error'])],
  ['an array carrying the fields', event(Object.assign(['x'], { dittofeed: 1, type: 'auth-error' }))],
  ['a class instance', event(new MessageLike())],
  ['an object inheriting the fields', event(Object.create({ dittofeed: 1, type: 'auth-error' }) as object)],
  ['a Date', event(new Date())],
  ['a Map', event(new Map([['dittofeed', 1]]))],
  ['a function', event(() => ({ dittofeed: 1, type: 'auth-error' }))],
  ['no version', event({ type: 'auth-error' })],
  ['dittofeed: 2', event({ dittofeed: 2, type: 'auth-error' })],
  ['dittofeed: "1"', event({ dittofeed: '1', type: 'auth-error' })],
  ['dittofeed: true', event({ dittofeed: true, type: 'auth-error' })],
  ['dittofeed: 0', event({ dittofeed: 0, type: 'auth-error' })],
  ['no type', event({ dittofeed: 1 })],
  ['an unknown type', event({ dittofeed: 1, type: 'delete-everything' })],
  ['the element-to-frame type "token"', event({ dittofeed: 1, type: 'token', token: 'x' })],
  ['a type in the wrong case', event({ dittofeed: 1, type: 'READY', capabilities: [] })],
  ['a non-string type', event({ dittofeed: 1, type: ['auth-error'] })],
  ['type "constructor"', event({ dittofeed: 1, type: 'constructor' })],
  ['type "__proto__"', event({ dittofeed: 1, type: '__proto__' })],
  ['type "toString"', event({ dittofeed: 1, type: 'toString' })],
  // resize with a bad height.
  ['resize without a height', event({ dittofeed: 1, type: 'resize' })],
  ['resize with a string height', event({ dittofeed: 1, type: 'resize', height: '500' })],
  ['resize with a px string height', event({ dittofeed: 1, type: 'resize', height: '500px' })],
  ['resize with a null height', event({ dittofeed: 1, type: 'resize', height: null })],
  ['resize with a NaN height', event({ dittofeed: 1, type: 'resize', height: NaN })],
  ['resize with an Infinity height', event({ dittofeed: 1, type: 'resize', height: Infinity })],
  ['resize with a -Infinity height', event({ dittofeed: 1, type: 'resize', height: -Infinity })],
  ['resize with a negative height', event({ dittofeed: 1, type: 'resize', height: -1 })],
  ['resize with a height of 100001', event({ dittofeed: 1, type: 'resize', height: 100_001 })],
  ['resize with a height just over 100000', event({ dittofeed: 1, type: 'resize', height: 100_000.5 })],
  ['resize with a bigint height', event({ dittofeed: 1, type: 'resize', height: 500n })],
  ['resize with a boxed number height', event({ dittofeed: 1, type: 'resize', height: Object(500) as unknown })],
  ['resize with an object height', event({ dittofeed: 1, type: 'resize', height: { valueOf: () => 500 } })],
  // ready with bad capabilities.
  ['ready without capabilities', event({ dittofeed: 1, type: 'ready' })],
  ['ready with a string for capabilities', event({ dittofeed: 1, type: 'ready', capabilities: 'resize,token' })],
  ['ready with an object for capabilities', event({ dittofeed: 1, type: 'ready', capabilities: { 0: 'resize', length: 1 } })],
  ['ready with null capabilities', event({ dittofeed: 1, type: 'ready', capabilities: null })],
  ['ready with a number among capabilities', event({ dittofeed: 1, type: 'ready', capabilities: ['resize', 1] })],
  ['ready with null among capabilities', event({ dittofeed: 1, type: 'ready', capabilities: ['token', null] })],
  ['ready with an object among capabilities', event({ dittofeed: 1, type: 'ready', capabilities: [{ toString: () => 'token' }] })],
  // navigate with a bad path.
  ['navigate without a path', event({ dittofeed: 1, type: 'navigate' })],
  ['navigate with a non-string path', event({ dittofeed: 1, type: 'navigate', path: ['/dashboard-l/embedded/journeys'] })],
  ['navigate outside the prefix', event({ dittofeed: 1, type: 'navigate', path: '/dashboard/journeys' })],
  ['navigate to the root', event({ dittofeed: 1, type: 'navigate', path: '/' })],
  ['navigate to a lookalike prefix', event({ dittofeed: 1, type: 'navigate', path: '/dashboard-l/embeddedX/journeys' })],
  ['navigate without a leading slash', event({ dittofeed: 1, type: 'navigate', path: 'dashboard-l/embedded/journeys' })],
  ['navigate to a protocol-relative URL', event({ dittofeed: 1, type: 'navigate', path: '//evil.example.com/dashboard-l/embedded/journeys' })],
  ['navigate to an absolute URL', event({ dittofeed: 1, type: 'navigate', path: 'https://evil.example.com/dashboard-l/embedded/journeys' })],
  ['navigate to javascript:', event({ dittofeed: 1, type: 'navigate', path: 'javascript:alert(1)//dashboard-l/embedded/' })],
  ['navigate with a double slash after the prefix', event({ dittofeed: 1, type: 'navigate', path: path('/evil.example.com') })],
  ['navigate with a path of 2048 chars', event({ dittofeed: 1, type: 'navigate', path: path('j'.repeat(2048 - PREFIX.length)) })],
  ['navigate with a very long path', event({ dittofeed: 1, type: 'navigate', path: path('j'.repeat(100_000)) })],
  ['navigate with ?token=', event({ dittofeed: 1, type: 'navigate', path: path('journeys?token=abc') })],
  ['navigate with &token=', event({ dittofeed: 1, type: 'navigate', path: path('journeys/v2?id=j1&token=abc') })],
  ['navigate with an empty token=', event({ dittofeed: 1, type: 'navigate', path: path('journeys?token=') })],
  ['navigate with a percent-encoded token=', event({ dittofeed: 1, type: 'navigate', path: path('journeys?%74oken=abc') })],
  // Hostile objects: rejected, never thrown.
  ['a throwing dittofeed getter', event(throwingGetter('dittofeed', { type: 'auth-error' }))],
  ['a throwing type getter', event(throwingGetter('type', { dittofeed: 1 }))],
  ['a throwing height getter', event(throwingGetter('height', { dittofeed: 1, type: 'resize' }))],
  ['a throwing capabilities getter', event(throwingGetter('capabilities', { dittofeed: 1, type: 'ready' }))],
  ['a throwing path getter', event(throwingGetter('path', { dittofeed: 1, type: 'navigate' }))],
  ['a Proxy whose get throws', event(throwingProxy('get'))],
  ['a Proxy whose getPrototypeOf throws', event(throwingProxy('getPrototypeOf'))],
  [
    'capabilities as a Proxy that throws',
    event({
      dittofeed: 1,
      type: 'ready',
      capabilities: new Proxy(['resize'], {
        get() {
          throw new Error('capabilities');
        },
      }),
    }),
  ],
];

describe('messages: rejected without throwing', () => {
  for (const [label, incoming, expectedOrigin = ORIGIN, expectedSource = FRAME_WINDOW] of REJECTED) {
    it(label, () => {
      let result: unknown;
      expect(() => (result = validate(incoming, expectedOrigin, expectedSource))).not.to.throw();
      expect(result, 'a reject reason').to.be.a('string');
    });
  }
});

describe('messages: hostile objects that are otherwise well formed', () => {
  // Traps the validator has no need to touch: whatever it answers, it must not throw.
  for (const trap of ['has', 'ownKeys', 'getOwnPropertyDescriptor', 'set', 'defineProperty'] as const) {
    it(`a Proxy whose ${trap} trap throws`, () => {
      let result: unknown;
      expect(() => (result = validate(event(throwingProxy(trap))))).not.to.throw();
      expect(result).to.satisfy((value: unknown) => typeof value === 'string' || (value as { type?: unknown }).type === 'auth-error');
    });
  }
});

describe('messages: path traversal out of the embedded prefix (the path stays under /dashboard-l/embedded/)', () => {
  // These start with the prefix but resolve outside it: a reload there would carry the token to
  // any path of the Dittofeed origin.
  const escapes = [path('../../admin'), path('journeys/../../../admin'), path('%2e%2e/%2e%2e/admin'), path('..\\..\\admin')];
  for (const escape of escapes) {
    it(`rejects navigate to ${escape}`, () => {
      expect(validate(event({ dittofeed: 1, type: 'navigate', path: escape }))).to.be.a('string');
    });
  }

  it('rejects navigate with token= in the hash (the path carries no token)', () => {
    expect(validate(event({ dittofeed: 1, type: 'navigate', path: path('journeys#token=abc') }))).to.be.a('string');
  });
});

describe('messages: accepted', () => {
  it('ready with all capabilities', () => {
    const result = validate(event({ dittofeed: 1, type: 'ready', capabilities: ['resize', 'token', 'navigate'] }));
    expect(result).to.have.property('type', 'ready');
    expect((result as { capabilities: string[] }).capabilities).to.have.members(['resize', 'token', 'navigate']);
  });

  it('ready keeps only the known capabilities', () => {
    const result = validate(event({ dittofeed: 1, type: 'ready', capabilities: ['resize', 'teleport', 'token', '__proto__', 'Token'] }));
    expect(result).to.have.property('type', 'ready');
    expect((result as { capabilities: string[] }).capabilities).to.have.members(['resize', 'token']);
  });

  it('ready with no capabilities', () => {
    const result = validate(event({ dittofeed: 1, type: 'ready', capabilities: [] }));
    expect(result).to.have.property('type', 'ready');
    expect((result as { capabilities: string[] }).capabilities).to.deep.equal([]);
  });

  for (const height of [0, 1, 523.5, 100_000]) {
    it(`resize with height ${height}`, () => {
      expect(validate(event({ dittofeed: 1, type: 'resize', height }))).to.deep.include({ type: 'resize', height });
    });
  }

  for (const good of [path('journeys'), path('journeys/v2?id=j-1&tab=settings'), path('templates/email?id=t%201#preview'), path('j'.repeat(2047 - PREFIX.length))]) {
    it(`navigate to ${good.slice(0, 60)} (${good.length} chars)`, () => {
      expect(validate(event({ dittofeed: 1, type: 'navigate', path: good }))).to.deep.include({ type: 'navigate', path: good });
    });
  }

  it('auth-error', () => {
    expect(validate(event({ dittofeed: 1, type: 'auth-error' }))).to.deep.include({ type: 'auth-error' });
  });

  it('a message with extra fields', () => {
    expect(validate(event({ dittofeed: 1, type: 'resize', height: 10, note: 'extra' }))).to.deep.include({ type: 'resize', height: 10 });
  });

  it('a null-prototype object', () => {
    const data = Object.assign(Object.create(null) as object, { dittofeed: 1, type: 'auth-error' });
    expect(validate(event(data))).to.deep.include({ type: 'auth-error' });
  });

  it('a real MessageEvent from the expected window, after a structured clone', () => {
    const data = structuredClone({ dittofeed: 1, type: 'resize', height: 321 });
    const incoming = new MessageEvent('message', { data, origin: ORIGIN, source: window });
    expect(validateMessage(incoming, ORIGIN, window)).to.deep.include({ type: 'resize', height: 321 });
    const fromElsewhere = new MessageEvent('message', { data, origin: ORIGIN, source: null });
    expect(validateMessage(fromElsewhere, ORIGIN, window)).to.be.a('string');
  });
});
