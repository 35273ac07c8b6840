// createSessionHandler (dist/server/index.js): fetch-API Requests in, Responses out, with a real
// admin client talking to the local Dittofeed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadServerHelper, startDittofeed, createChild, makeAdminKey, jwtPayload } from './support.mjs';
import { documentedFetch } from './openapi.mjs';

const { createDittofeedAdmin, createSessionHandler, DittofeedApiError, DittofeedInputError } = await loadServerHelper();

const ENDPOINT = 'http://app.test/api/dittofeed/session';

const post = (body, headers = {}) =>
  new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function expectJson(response, status) {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  return response.json();
}

describe('createSessionHandler', () => {
  const documented = documentedFetch();
  let dittofeed;
  let admin;
  let acme;
  let globex;
  /** The signed-in customer of the fake host app, chosen by a header standing in for a cookie. */
  const authorize = (request) => {
    const who = request.headers.get('x-test-user');
    if (who === 'acme') return { workspaceId: acme.id, occupantId: 'alice@acme' };
    if (who === 'globex') return { workspaceId: globex.id };
    return null;
  };

  before(async () => {
    dittofeed = await startDittofeed();
    admin = createDittofeedAdmin({ apiKey: dittofeed.adminKey, baseUrl: dittofeed.baseUrl, fetch: documented.fetch });
    acme = await createChild(dittofeed, 'Acme');
    globex = await createChild(dittofeed, 'Globex');
  });
  after(async () => {
    await dittofeed.close();
    assert.deepEqual(documented.violations, [], 'sessions minted as Dittofeed documents them');
  });

  it('answers { token, workspaceId, expiresIn } with no-store for the authorized workspace', async () => {
    const handler = createSessionHandler({ admin, authorize });
    const body = await expectJson(await handler(post({ workspaceId: acme.id }, { 'x-test-user': 'acme' })), 200);
    assert.deepEqual(Object.keys(body).sort(), ['expiresIn', 'token', 'workspaceId']);
    assert.equal(body.workspaceId, acme.id);
    // Until the token's own exp, to the second: a fresh one-hour token.
    const { exp } = jwtPayload(body.token);
    assert.ok(body.expiresIn <= 3600 && body.expiresIn >= 3599, String(body.expiresIn));
    assert.ok(Date.now() / 1000 + body.expiresIn - 1 <= exp, 'never a second longer than the token lives');
    const payload = jwtPayload(body.token);
    assert.equal(payload.workspaceId, acme.id);
    assert.equal(payload.occupantId, 'alice@acme');
    // The token really opens the workspace's data.
    const data = await fetch(`${dittofeed.baseUrl}/api-l/embedded/journeys/?workspaceId=${acme.id}`, {
      headers: { Authorization: `Bearer ${body.token}` },
    });
    assert.equal(data.status, 200);
  });

  it('accepts an empty body and {} (the workspace comes from authorize)', async () => {
    const handler = createSessionHandler({ admin, authorize });
    for (const body of ['', '{}']) {
      const answer = await expectJson(await handler(post(body, { 'x-test-user': 'globex' })), 200);
      assert.equal(answer.workspaceId, globex.id);
      assert.equal(jwtPayload(answer.token).workspaceId, globex.id);
    }
  });

  it('supports GET with ?workspaceId= and without', async () => {
    const handler = createSessionHandler({ admin, authorize });
    const withQuery = await handler(new Request(`${ENDPOINT}?workspaceId=${acme.id}`, { headers: { 'x-test-user': 'acme' } }));
    assert.equal((await expectJson(withQuery, 200)).workspaceId, acme.id);
    const without = await handler(new Request(ENDPOINT, { headers: { 'x-test-user': 'acme' } }));
    assert.equal((await expectJson(without, 200)).workspaceId, acme.id);
  });

  it('reports the configured lifetimeSeconds as expiresIn', async () => {
    const handler = createSessionHandler({ admin, authorize, lifetimeSeconds: 120 });
    assert.equal((await expectJson(await handler(post({}, { 'x-test-user': 'acme' })), 200)).expiresIn, 120);
  });

  it("reports the token's own expiry when it comes before lifetimeSeconds: never longer than the truth", async () => {
    dittofeed.setTokenTtl(60);
    try {
      const handler = createSessionHandler({ admin, authorize });
      const body = await expectJson(await handler(post({}, { 'x-test-user': 'acme' })), 200);
      assert.ok(body.expiresIn <= 60 && body.expiresIn >= 59, String(body.expiresIn));
    } finally {
      dittofeed.setTokenTtl(3600);
    }
  });

  it('reports lifetimeSeconds for a token that is not a JWT, and 502 for one that has already expired', async () => {
    const opaque = createSessionHandler({ admin: { createSession: async () => ({ token: 'opaque-session' }) }, authorize, lifetimeSeconds: 900 });
    assert.equal((await expectJson(await opaque(post({}, { 'x-test-user': 'acme' })), 200)).expiresIn, 900);
    const expiredToken = await dittofeed.mintToken({ workspaceId: acme.id, expiresInSeconds: -30 });
    const errors = [];
    const stale = createSessionHandler({
      admin: { createSession: async () => ({ token: expiredToken }) },
      authorize,
      onError: (error) => errors.push(error),
    });
    const body = await expectJson(await stale(post({}, { 'x-test-user': 'acme' })), 502);
    assert.equal(body.token, undefined);
    assert.ok(errors[0] instanceof DittofeedApiError);
    assert.match(errors[0].message, /expired/);
    assert.ok(!JSON.stringify(errors[0]).includes(expiredToken));
  });

  it('answers 401 { error } when authorize returns null', async () => {
    const handler = createSessionHandler({ admin, authorize });
    const body = await expectJson(await handler(post({ workspaceId: acme.id })), 401);
    assert.equal(typeof body.error, 'string');
    assert.equal(body.token, undefined);
  });

  it('answers 403 when the browser asks for another workspace (body or query)', async () => {
    const handler = createSessionHandler({ admin, authorize });
    await expectJson(await handler(post({ workspaceId: globex.id }, { 'x-test-user': 'acme' })), 403);
    await expectJson(await handler(new Request(`${ENDPOINT}?workspaceId=${globex.id}`, { headers: { 'x-test-user': 'acme' } })), 403);
  });

  it('answers 400 for a malformed body', async () => {
    const handler = createSessionHandler({ admin, authorize });
    for (const body of ['{not json', '[]', '"acme"', 'null', JSON.stringify({ workspaceId: 42 })]) {
      const answer = await expectJson(await handler(post(body, { 'x-test-user': 'acme' })), 400);
      assert.equal(typeof answer.error, 'string');
    }
  });

  it('answers 405 with Allow for other methods', async () => {
    const handler = createSessionHandler({ admin, authorize });
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await handler(new Request(ENDPOINT, { method, headers: { 'x-test-user': 'acme' } }));
      await expectJson(response, 405);
      assert.match(response.headers.get('allow') ?? '', /GET/);
      assert.match(response.headers.get('allow') ?? '', /POST/);
    }
  });

  it('answers 502 with a safe message when Dittofeed refuses, and reports the error to onError', async () => {
    const wrongKey = makeAdminKey();
    const errors = [];
    const handler = createSessionHandler({
      admin: createDittofeedAdmin({ apiKey: wrongKey, baseUrl: dittofeed.baseUrl }),
      authorize,
      onError: (error) => errors.push(error),
    });
    const response = await handler(post({}, { 'x-test-user': 'acme' }));
    const text = await response.clone().text();
    await expectJson(response, 502);
    assert.ok(!text.includes(wrongKey));
    assert.ok(!text.includes(dittofeed.adminKey));
    assert.ok(!text.includes('API key not valid'), "Dittofeed's answer stays on the server");
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof DittofeedApiError);
    assert.equal(errors[0].status, 401);
  });

  it('answers 500 with a safe message when authorize throws, and never rejects', async () => {
    const handler = createSessionHandler({
      admin,
      authorize: () => {
        throw new Error('database password is hunter2');
      },
    });
    const response = await handler(post({}));
    const text = await response.clone().text();
    await expectJson(response, 500);
    assert.ok(!text.includes('hunter2'));

    const rejecting = createSessionHandler({ admin, authorize: () => Promise.reject(new Error('boom')) });
    await expectJson(await rejecting(post({})), 500);

    const invalid = createSessionHandler({ admin, authorize: () => ({ workspaceId: 42 }) });
    await expectJson(await invalid(post({})), 500);
  });

  it('survives a throwing onError', async () => {
    const handler = createSessionHandler({
      admin,
      authorize: () => {
        throw new Error('x');
      },
      onError: () => {
        throw new Error('logger down');
      },
    });
    await expectJson(await handler(post({})), 500);
  });

  it('leaves the request body unread for authorize', async () => {
    let seen;
    const handler = createSessionHandler({
      admin,
      authorize: async (request) => {
        seen = await request.json();
        return { workspaceId: acme.id };
      },
    });
    await expectJson(await handler(post({ workspaceId: acme.id, csrf: 'abc' })), 200);
    assert.deepEqual(seen, { workspaceId: acme.id, csrf: 'abc' });
  });

  it('validates its options', () => {
    for (const [options, field] of [
      [undefined, 'options'],
      [{ authorize }, 'admin'],
      [{ admin: {}, authorize }, 'admin'],
      [{ admin }, 'authorize'],
      [{ admin, authorize, lifetimeSeconds: 0 }, 'lifetimeSeconds'],
      [{ admin, authorize, lifetimeSeconds: Number.NaN }, 'lifetimeSeconds'],
      [{ admin, authorize, onError: 'log' }, 'onError'],
    ]) {
      assert.throws(() => createSessionHandler(options), (error) => error instanceof DittofeedInputError && error.field === field);
    }
  });
});
