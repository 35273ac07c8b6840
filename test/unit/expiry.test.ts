// When a token expires and when to refresh it (docs/protocol.md, "The token endpoint"), without the element.
import { expect } from '@open-wc/testing';
import { DittofeedEmbedError, type DittofeedErrorCode } from '../../src/errors.js';
import { clockSkew, computeExpiry, jwtExpiry, refreshTime } from '../../src/expiry.js';
import { parseSession } from '../../src/session/parse-session.js';
import type { SessionInit } from '../../src/types.js';

// A whole second, so that HTTP Date headers (second precision) round-trip exactly.
const RECEIVED_AT = Date.UTC(2026, 10, 27, 21, 0, 0);
const HOUR_MS = 3600_000;

const base64url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** An unsigned JWT-shaped token with the given payload (the element never verifies signatures). */
const jwt = (payload: unknown): string => `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;

/** A Date header that says the server's clock is `skewMs` ahead of ours at RECEIVED_AT. */
const dateHeader = (skewMs: number): string => new Date(RECEIVED_AT + skewMs).toUTCString();

function expectError(action: () => unknown, code: DittofeedErrorCode): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a DittofeedEmbedError').to.be.instanceOf(DittofeedEmbedError);
  expect((caught as DittofeedEmbedError).code).to.equal(code);
}

const expiry = (init: Record<string, unknown>, header?: string | null, lifetime = 3600): number =>
  computeExpiry({ token: 'opaque-token', ...init } as SessionInit, RECEIVED_AT, { dateHeader: header, lifetime });

describe('expiry: clockSkew', () => {
  it('is server clock minus local clock', () => {
    expect(clockSkew(dateHeader(5 * 60_000), RECEIVED_AT)).to.equal(5 * 60_000);
    expect(clockSkew(dateHeader(-HOUR_MS), RECEIVED_AT)).to.equal(-HOUR_MS);
    expect(clockSkew(dateHeader(0), RECEIVED_AT)).to.equal(0);
  });

  it('is 0 without a readable Date header', () => {
    for (const header of [null, undefined, '', 'yesterday', 'Mon, 99 Foo 2026 99:99:99 GMT']) {
      expect(clockSkew(header, RECEIVED_AT), String(header)).to.equal(0);
    }
  });
});

describe('expiry: jwtExpiry', () => {
  it('reads exp (seconds) as epoch milliseconds', () => {
    expect(jwtExpiry(jwt({ sub: 'u', exp: 1_800_000_000 }))).to.equal(1_800_000_000_000);
  });

  it('reads base64url payloads of every padding length and with - and _', () => {
    // '??>' is "Pz8+" in base64: "-" in base64url. The sub lengths cover all padding cases.
    for (const sub of ['??>', '??>?', '??>??', '??>???', '\u00ff\u00fe']) {
      expect(jwtExpiry(jwt({ sub, exp: 1_800_000_123 })), sub).to.equal(1_800_000_123_000);
    }
  });

  it('is undefined, without throwing, for anything that is not a readable JWT with a positive numeric exp', () => {
    const header = base64url('{"alg":"none"}');
    const notJwts = [
      '',
      'opaque-token',
      'a.b',
      `${header}.${base64url('{"exp":1800000000}')}`, // two parts
      `${header}.${base64url('{"exp":1800000000}')}.sig.extra`, // four parts
      `${header}.%%%not-base64%%%.sig`,
      `${header}.é.sig`,
      `${header}.${base64url('not json')}.sig`,
      `${header}.${base64url('{"exp":NaN}')}.sig`,
      `${header}.${base64url('{"exp":Infinity}')}.sig`,
      `${header}.${base64url('null')}.sig`,
      `${header}.${base64url('42')}.sig`,
      `${header}.${base64url('"exp"')}.sig`,
      `${header}.${base64url('[1800000000]')}.sig`,
      jwt({ sub: 'no exp' }),
      jwt({ exp: '1800000000' }),
      jwt({ exp: -1 }),
      jwt({ exp: null }),
      jwt({ exp: true }),
      jwt({ exp: [1_800_000_000] }),
      jwt({ exp: { value: 1_800_000_000 } }),
      '..',
    ];
    for (const token of notJwts) {
      let result: number | undefined = 0;
      expect(() => (result = jwtExpiry(token)), token).not.to.throw();
      expect(result, token).to.equal(undefined);
    }
  });
});

describe('expiry: computeExpiry', () => {
  it('uses expiresIn (seconds from receipt) first, immune to clock skew', () => {
    expect(expiry({ expiresIn: 600 })).to.equal(RECEIVED_AT + 600_000);
    expect(expiry({ expiresIn: 600 }, dateHeader(3 * HOUR_MS))).to.equal(RECEIVED_AT + 600_000);
    expect(expiry({ expiresIn: 0.5 })).to.equal(RECEIVED_AT + 500);
  });

  it('prefers expiresIn over expiresAt and the JWT exp', () => {
    const past = new Date(RECEIVED_AT - HOUR_MS).toISOString();
    const token = jwt({ exp: (RECEIVED_AT + 5 * HOUR_MS) / 1000 });
    expect(expiry({ token, expiresIn: 120, expiresAt: past })).to.equal(RECEIVED_AT + 120_000);
  });

  it('uses expiresAt as an ISO string', () => {
    expect(expiry({ expiresAt: new Date(RECEIVED_AT + 10 * 60_000).toISOString() })).to.equal(RECEIVED_AT + 10 * 60_000);
    expect(expiry({ expiresAt: '2026-11-27T22:00:00Z' })).to.equal(RECEIVED_AT + HOUR_MS);
    expect(expiry({ expiresAt: '2026-11-27T23:00:00+01:00' })).to.equal(RECEIVED_AT + HOUR_MS);
  });

  it('uses expiresAt as epoch milliseconds', () => {
    expect(expiry({ expiresAt: RECEIVED_AT + 90_000 })).to.equal(RECEIVED_AT + 90_000);
  });

  it('corrects expiresAt for clock skew with the Date header', () => {
    // Server clock 5 min ahead: its "10 min from now" is 10 min from now locally.
    const ahead = dateHeader(5 * 60_000);
    expect(expiry({ expiresAt: RECEIVED_AT + 15 * 60_000 }, ahead)).to.equal(RECEIVED_AT + 10 * 60_000);
    expect(expiry({ expiresAt: new Date(RECEIVED_AT + 15 * 60_000).toISOString() }, ahead)).to.equal(RECEIVED_AT + 10 * 60_000);
    // Server clock an hour behind: an expiresAt that looks past locally is 30 min away.
    const behind = dateHeader(-HOUR_MS);
    expect(expiry({ expiresAt: RECEIVED_AT - 30 * 60_000 }, behind)).to.equal(RECEIVED_AT + 30 * 60_000);
  });

  it('ignores an unreadable Date header', () => {
    expect(expiry({ expiresAt: RECEIVED_AT + 90_000 }, 'garbage')).to.equal(RECEIVED_AT + 90_000);
  });

  it('prefers expiresAt over the JWT exp', () => {
    const token = jwt({ exp: (RECEIVED_AT + 5 * HOUR_MS) / 1000 });
    expect(expiry({ token, expiresAt: RECEIVED_AT + 60_000 })).to.equal(RECEIVED_AT + 60_000);
  });

  it('uses the JWT exp, skew-corrected, when the response has no expiry', () => {
    const token = jwt({ exp: (RECEIVED_AT + 20 * 60_000) / 1000 });
    expect(expiry({ token })).to.equal(RECEIVED_AT + 20 * 60_000);
    expect(expiry({ token }, dateHeader(5 * 60_000))).to.equal(RECEIVED_AT + 15 * 60_000);
  });

  it('falls back to the lifetime for an opaque token or an unreadable JWT', () => {
    expect(expiry({}, null, 3600)).to.equal(RECEIVED_AT + HOUR_MS);
    expect(expiry({}, dateHeader(HOUR_MS), 60)).to.equal(RECEIVED_AT + 60_000);
    expect(expiry({ token: jwt({ sub: 'no exp' }) }, null, 120)).to.equal(RECEIVED_AT + 120_000);
  });

  it('rejects an already expired session with token-expired', () => {
    expectError(() => expiry({ expiresIn: 0 }), 'token-expired');
    expectError(() => expiry({ expiresIn: -60 }), 'token-expired');
    expectError(() => expiry({ expiresAt: RECEIVED_AT }), 'token-expired');
    expectError(() => expiry({ expiresAt: new Date(RECEIVED_AT - 1000).toISOString() }), 'token-expired');
    // Local clock says valid, but the server (1 h ahead) says it is past.
    expectError(() => expiry({ expiresAt: RECEIVED_AT + 30 * 60_000 }, dateHeader(HOUR_MS)), 'token-expired');
    expectError(() => expiry({ token: jwt({ exp: (RECEIVED_AT - 60_000) / 1000 }) }), 'token-expired');
  });

  it('rejects a malformed expiresIn with token-invalid-response', () => {
    for (const expiresIn of ['3600', '', NaN, Infinity, -Infinity, true, {}, [3600]]) {
      expectError(() => expiry({ expiresIn }), 'token-invalid-response');
    }
  });

  it('rejects a malformed expiresAt with token-invalid-response', () => {
    for (const expiresAt of ['tomorrow', '', 'not-a-date', NaN, Infinity, true, {}, [RECEIVED_AT + 60_000]]) {
      expectError(() => expiry({ expiresAt }), 'token-invalid-response');
    }
  });
});

describe('expiry: parseSession', () => {
  const options = { lifetime: 3600 };

  it('takes a bare string as a token with no expiry information', () => {
    const session = parseSession('opaque-token', RECEIVED_AT, { ...options, workspaceId: 'ws-attr' });
    expect(session).to.deep.equal({ token: 'opaque-token', workspaceId: 'ws-attr', expiresAt: RECEIVED_AT + HOUR_MS, receivedAt: RECEIVED_AT });
  });

  it('reads the JWT exp of a bare string token', () => {
    const token = jwt({ exp: (RECEIVED_AT + 10 * 60_000) / 1000 });
    expect(parseSession(token, RECEIVED_AT, { ...options, workspaceId: 'ws' }).expiresAt).to.equal(RECEIVED_AT + 10 * 60_000);
  });

  it('takes a full SessionInit object', () => {
    const session = parseSession({ token: 'tok', workspaceId: 'ws-resp', expiresIn: 900 }, RECEIVED_AT, { ...options, workspaceId: 'ws-attr' });
    expect(session).to.deep.equal({ token: 'tok', workspaceId: 'ws-resp', expiresAt: RECEIVED_AT + 900_000, receivedAt: RECEIVED_AT });
  });

  it('uses the Date header for skew', () => {
    const session = parseSession({ token: 'tok', workspaceId: 'ws', expiresAt: RECEIVED_AT + 15 * 60_000 }, RECEIVED_AT, { ...options, dateHeader: dateHeader(5 * 60_000) });
    expect(session.expiresAt).to.equal(RECEIVED_AT + 10 * 60_000);
  });

  it('falls back to the given workspace id when the response names none', () => {
    expect(parseSession({ token: 'tok' }, RECEIVED_AT, { ...options, workspaceId: 'ws-attr' }).workspaceId).to.equal('ws-attr');
    expect(parseSession({ token: 'tok', workspaceId: null }, RECEIVED_AT, { ...options, workspaceId: 'ws-attr' }).workspaceId).to.equal('ws-attr');
  });

  it('rejects a response with no workspace at all', () => {
    expectError(() => parseSession({ token: 'tok' }, RECEIVED_AT, options), 'token-invalid-response');
    expectError(() => parseSession('tok', RECEIVED_AT, options), 'token-invalid-response');
  });

  it('rejects a missing, empty or non-string token', () => {
    for (const body of [{}, { workspaceId: 'ws' }, { token: '' }, { token: '   ' }, { token: 42 }, { token: null }, { token: ['tok'] }, { token: { value: 'tok' } }, '', '   ']) {
      expectError(() => parseSession(body, RECEIVED_AT, { ...options, workspaceId: 'ws' }), 'token-invalid-response');
    }
  });

  it('rejects a non-string workspaceId', () => {
    for (const workspaceId of [42, true, {}, ['ws']]) {
      expectError(() => parseSession({ token: 'tok', workspaceId }, RECEIVED_AT, { ...options, workspaceId: 'ws-attr' }), 'token-invalid-response');
    }
  });

  it('rejects bodies that are not objects or strings', () => {
    for (const body of [null, undefined, 0, 42, NaN, true, false, [], ['tok'], [{ token: 'tok' }]]) {
      expectError(() => parseSession(body, RECEIVED_AT, { ...options, workspaceId: 'ws' }), 'token-invalid-response');
    }
  });

  it('passes on expiry errors', () => {
    expectError(() => parseSession({ token: 'tok', expiresIn: 'soon' }, RECEIVED_AT, { ...options, workspaceId: 'ws' }), 'token-invalid-response');
    expectError(() => parseSession({ token: 'tok', expiresAt: RECEIVED_AT - 1 }, RECEIVED_AT, { ...options, workspaceId: 'ws' }), 'token-expired');
  });

  it('never puts the token into an error message', () => {
    const token = 'secret-token-value';
    for (const body of [{ token, expiresIn: 'x' }, { token, expiresIn: -1 }, { token, workspaceId: 5 }, { token }]) {
      try {
        parseSession(body, RECEIVED_AT, options);
        expect.fail('expected an error');
      } catch (error) {
        expect(String((error as Error).message)).not.to.contain(token);
      }
    }
  });
});

describe('expiry: refreshTime', () => {
  const session = (lifetimeMs: number) => ({ receivedAt: RECEIVED_AT, expiresAt: RECEIVED_AT + lifetimeMs });

  it('refreshes `margin` seconds before expiry', () => {
    expect(refreshTime(session(HOUR_MS), 60)).to.equal(RECEIVED_AT + HOUR_MS - 60_000);
    expect(refreshTime(session(HOUR_MS), 300)).to.equal(RECEIVED_AT + HOUR_MS - 300_000);
    expect(refreshTime(session(HOUR_MS), 0)).to.equal(RECEIVED_AT + HOUR_MS);
  });

  it('refreshes at most half the lifetime early', () => {
    expect(refreshTime(session(60_000), 60)).to.equal(RECEIVED_AT + 30_000);
    expect(refreshTime(session(100_000), 3600)).to.equal(RECEIVED_AT + 50_000);
  });

  it('never refreshes sooner than 5 s after receipt', () => {
    expect(refreshTime(session(8_000), 60)).to.equal(RECEIVED_AT + 5_000);
    expect(refreshTime(session(1_000), 60)).to.equal(RECEIVED_AT + 5_000);
  });

  it('handles lifetimes beyond the setTimeout range', () => {
    const thirtyDays = 30 * 24 * HOUR_MS;
    expect(refreshTime(session(thirtyDays), 60)).to.equal(RECEIVED_AT + thirtyDays - 60_000);
  });
});
