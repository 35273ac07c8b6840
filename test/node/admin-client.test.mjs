// createDittofeedAdmin (dist/server/index.js) against the local Dittofeed over real HTTP.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { loadServerHelper, startDittofeed, makeAdminKey, jwtPayload, jwtHeader, errorTexts } from './support.mjs';
import { documentedFetch } from './openapi.mjs';

const { createDittofeedAdmin, DittofeedApiError, DittofeedInputError } = await loadServerHelper();

describe('createDittofeedAdmin', () => {
  let dittofeed;
  let admin;
  let acme;

  // Every request these clients send, and every answer to it, is checked against Dittofeed's API description.
  const documented = documentedFetch();
  before(async () => {
    dittofeed = await startDittofeed();
    admin = createDittofeedAdmin({ apiKey: dittofeed.adminKey, baseUrl: dittofeed.baseUrl, fetch: documented.fetch });
    acme = await admin.createChildWorkspace({ name: 'Acme', parentWorkspaceId: dittofeed.parentWorkspaceId, externalId: 'acme' });
  });
  after(async () => {
    await dittofeed.close();
    assert.ok(documented.calls.length > 20, 'the description was checked against real traffic');
    assert.deepEqual(documented.violations, [], 'requests and answers as Dittofeed documents them');
  });

  describe('createChildWorkspace', () => {
    it('creates a child workspace with the real PUT /api-l/admin/workspaces/child', () => {
      assert.match(acme.id, /^[0-9a-f-]{36}$/);
      assert.equal(acme.name, 'Acme');
      assert.equal(acme.externalId, 'acme');
      assert.equal(acme.type, 'Child');
      assert.equal(typeof acme.writeKey, 'string');
    });

    it('passes the domain through', async () => {
      const workspace = await admin.createChildWorkspace({
        name: 'Domain Co',
        parentWorkspaceId: dittofeed.parentWorkspaceId,
        externalId: 'domain-co',
        domain: 'domain.example',
      });
      assert.equal(workspace.domain, 'domain.example');
    });

    it('rejects a taken externalId with status 400 and type WorkspaceAlreadyExists', async () => {
      const error = await admin
        .createChildWorkspace({ name: 'Acme again', parentWorkspaceId: dittofeed.parentWorkspaceId, externalId: 'acme' })
        .then(() => assert.fail('expected a rejection'), (e) => e);
      assert.ok(error instanceof DittofeedApiError);
      assert.equal(error.name, 'DittofeedApiError');
      assert.equal(error.status, 400);
      assert.equal(error.code, 'http-error');
      assert.equal(error.type, 'WorkspaceAlreadyExists');
      assert.match(error.message, /WorkspaceAlreadyExists/);
      assert.equal(error.endpoint, 'PUT /api-l/admin/workspaces/child');
    });

    it('lists child workspaces for idempotent provisioning', async () => {
      const children = await admin.listChildWorkspaces({ parentWorkspaceId: dittofeed.parentWorkspaceId });
      assert.ok(Array.isArray(children));
      const found = children.find((w) => w.externalId === 'acme');
      assert.equal(found?.id, acme.id);
      assert.equal(found?.name, 'Acme');
    });
  });

  describe('createSession', () => {
    it('answers a signed JWT for the workspace that expires after the token lifetime', async () => {
      const before = Math.floor(Date.now() / 1000);
      const { token, ...rest } = await admin.createSession({ workspaceId: acme.id });
      const after = Math.ceil(Date.now() / 1000);
      assert.deepEqual(rest, {}, 'the real API answers { token } only');
      assert.equal(jwtHeader(token).alg, 'HS256');
      const payload = jwtPayload(token);
      assert.equal(payload.workspaceId, acme.id);
      assert.equal(payload.exp - payload.iat, 3600);
      assert.ok(payload.exp >= before + 3600 && payload.exp <= after + 3600);
    });

    it('sends occupantId', async () => {
      const { token } = await admin.createSession({ workspaceId: acme.id, occupantId: 'user-42' });
      assert.equal(jwtPayload(token).occupantId, 'user-42');
    });

    it('follows the configured token lifetime', async () => {
      dittofeed.setTokenTtl(60);
      try {
        const payload = jwtPayload((await admin.createSession({ workspaceId: acme.id })).token);
        assert.equal(payload.exp - payload.iat, 60);
      } finally {
        dittofeed.setTokenTtl(3600);
      }
    });

    it("reports Dittofeed's status and message for a bad key, never the key", async () => {
      const wrongKey = makeAdminKey();
      const bad = createDittofeedAdmin({ apiKey: wrongKey, baseUrl: dittofeed.baseUrl });
      const error = await bad.createSession({ workspaceId: acme.id }).then(() => assert.fail('expected a rejection'), (e) => e);
      assert.ok(error instanceof DittofeedApiError);
      assert.equal(error.status, 401);
      assert.equal(error.dittofeedMessage, 'API key not valid');
      assert.match(error.message, /401/);
      assert.match(error.message, /API key not valid/);
      const texts = errorTexts(error);
      assert.ok(!texts.includes(wrongKey), 'the key used must not appear');
      assert.ok(!texts.includes(dittofeed.adminKey));
      assert.equal(JSON.parse(JSON.stringify(error)).status, 401);
    });

    it('reports 400 for a workspace id Dittofeed rejects', async () => {
      const error = await admin.createSession({ workspaceId: 'not-a-uuid' }).then(() => assert.fail('expected a rejection'), (e) => e);
      assert.equal(error.status, 400);
      assert.equal(error.dittofeedMessage, 'Invalid workspaceId, not a valid UUID.');
    });

    it('reports 401 for a workspace the key does not manage', async () => {
      const error = await admin
        .createSession({ workspaceId: '00000000-0000-4000-8000-000000000000' })
        .then(() => assert.fail('expected a rejection'), (e) => e);
      assert.equal(error.status, 401);
    });

    it('redacts the key even when an upstream error message echoes it', async () => {
      const apiKey = makeAdminKey();
      const echoing = http.createServer((req, res) => {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `key ${req.headers.authorization} is not valid`, type: `Bad${apiKey}` }));
      });
      await new Promise((resolve) => echoing.listen(0, '127.0.0.1', resolve));
      try {
        const client = createDittofeedAdmin({ apiKey, baseUrl: `http://127.0.0.1:${echoing.address().port}` });
        const error = await client.createSession({ workspaceId: acme.id }).then(() => assert.fail('expected a rejection'), (e) => e);
        assert.equal(error.status, 401);
        assert.match(error.dittofeedMessage, /not valid/);
        assert.ok(!errorTexts(error).includes(apiKey));
        assert.ok(!String(error.type).includes(apiKey));
      } finally {
        echoing.closeAllConnections();
        await new Promise((resolve) => echoing.close(resolve));
      }
    });
  });

  describe('provisioning by externalId', () => {
    /** A client with the parent preset, and a log of the requests it sends (method, path, Authorization). */
    function recordingClient(options = {}) {
      const requests = [];
      const client = createDittofeedAdmin({
        apiKey: dittofeed.adminKey,
        baseUrl: dittofeed.baseUrl,
        parentWorkspaceId: dittofeed.parentWorkspaceId,
        fetch: (url, init) => {
          requests.push({ method: init.method, path: new URL(url).pathname, query: new URL(url).search, authorization: init.headers.Authorization });
          return documented.fetch(url, init);
        },
        ...options,
      });
      return { client, requests };
    }

    it('gets a workspace by externalId, or null', async () => {
      const { client } = recordingClient();
      const found = await client.getWorkspace({ externalId: 'acme' });
      assert.equal(found?.id, acme.id);
      assert.equal(await client.getWorkspace({ externalId: 'nobody' }), null);
    });

    it('ensureCustomerWorkspace creates once, then finds it; concurrent calls share one request', async () => {
      const { client, requests } = recordingClient();
      const [first, second] = await Promise.all([
        client.ensureCustomerWorkspace({ externalId: 'umbrella', name: 'Umbrella' }),
        client.ensureCustomerWorkspace({ externalId: 'umbrella', name: 'Umbrella' }),
      ]);
      assert.equal(first.id, second.id);
      assert.equal(requests.filter((r) => r.method === 'PUT').length, 1);
      const again = await client.ensureCustomerWorkspace({ externalId: 'umbrella', name: 'Umbrella' });
      assert.equal(again.id, first.id);
      assert.equal(requests.filter((r) => r.method === 'PUT').length, 1, 'found, not created again');
    });

    it('ensureCustomerWorkspace survives another process creating it first (WorkspaceAlreadyExists)', async () => {
      // Two clients stand for two server processes: each looks up, finds nothing, creates.
      const one = recordingClient().client;
      const two = recordingClient().client;
      const [a, b] = await Promise.all([
        one.ensureCustomerWorkspace({ externalId: 'hooli', name: 'Hooli' }),
        two.ensureCustomerWorkspace({ externalId: 'hooli', name: 'Hooli' }),
      ]);
      assert.equal(a.id, b.id);
      const children = await one.listChildWorkspaces();
      assert.equal(children.filter((w) => w.externalId === 'hooli').length, 1);
    });

    it('deletes (tombstones) a workspace by externalId; ensuring it again makes a new one', async () => {
      const { client } = recordingClient();
      const made = await client.ensureCustomerWorkspace({ externalId: 'soylent', name: 'Soylent' });
      await client.deleteWorkspace({ externalId: 'soylent' });
      assert.equal(await client.getWorkspace({ externalId: 'soylent' }), null);
      const remade = await client.ensureCustomerWorkspace({ externalId: 'soylent', name: 'Soylent' });
      assert.notEqual(remade.id, made.id);
    });

    it('lists every child, page by page', async () => {
      const { client, requests } = recordingClient();
      for (let i = 0; i < 103; i++) await client.createChildWorkspace({ name: `Bulk ${i}`, externalId: `bulk-${i}` });
      requests.length = 0;
      const children = await client.listChildWorkspaces();
      assert.ok(children.length >= 104, String(children.length));
      assert.equal(new Set(children.map((w) => w.id)).size, children.length, 'no workspace twice');
      assert.deepEqual(requests.map((r) => r.query.replace(/workspaceId=[^&]+&/, '')), ['?limit=100&offset=0', '?limit=100&offset=100']);
    });

    it('validates its arguments by name, without a request', async () => {
      const { client, requests } = recordingClient({ parentWorkspaceId: undefined });
      for (const [call, field] of [
        [() => client.getWorkspace({ externalId: 'acme' }), 'parentWorkspaceId'],
        [() => client.ensureCustomerWorkspace({ parentWorkspaceId: dittofeed.parentWorkspaceId, name: 'X' }), 'externalId'],
        [() => client.ensureCustomerWorkspace({ parentWorkspaceId: dittofeed.parentWorkspaceId, externalId: 'x' }), 'name'],
        [() => client.deleteWorkspace({ parentWorkspaceId: dittofeed.parentWorkspaceId, externalId: 3 }), 'externalId'],
        [() => client.createChildWorkspace({ name: 'No external id', parentWorkspaceId: dittofeed.parentWorkspaceId }), 'externalId'],
      ]) {
        await assert.rejects(call(), (error) => error instanceof DittofeedInputError && error.field === field, field);
      }
      assert.throws(() => createDittofeedAdmin({ apiKey: 'k', sessionAuth: 'cookie' }), (e) => e instanceof DittofeedInputError && e.field === 'sessionAuth');
      assert.throws(() => createDittofeedAdmin({ apiKey: 'k', writeKeyScheme: 'basic' }), (e) => e instanceof DittofeedInputError && e.field === 'writeKeyScheme');
      assert.equal(requests.length, 0);
    });
  });

  describe('sessions minted with the workspace write key (the guide)', () => {
    let strict;
    before(async () => {
      strict = await startDittofeed({ sessionsNeedWriteKey: true });
    });
    after(() => strict.close());

    function strictClient(options = {}) {
      const authorizations = [];
      const client = createDittofeedAdmin({
        apiKey: strict.adminKey,
        baseUrl: strict.baseUrl,
        fetch: (url, init) => {
          if (new URL(url).pathname === '/api-l/sessions/') authorizations.push(init.headers.Authorization);
          return documented.fetch(url, init);
        },
        ...options,
      });
      return { client, authorizations };
    }

    it('uses the write key of a workspace it provisioned, as Bearer <write key> by default', async () => {
      const { client, authorizations } = strictClient();
      const workspace = await client.createChildWorkspace({ name: 'Pied Piper', parentWorkspaceId: strict.parentWorkspaceId, externalId: 'pied-piper' });
      const { token } = await client.createSession({ workspaceId: workspace.id, occupantId: 'richard' });
      assert.equal(jwtPayload(token).workspaceId, workspace.id);
      assert.deepEqual(authorizations, [`Bearer ${workspace.writeKey}`]);
    });

    it('sends the write key as the whole header with writeKeyScheme raw', async () => {
      const { client, authorizations } = strictClient({ writeKeyScheme: 'raw' });
      const workspace = await client.createChildWorkspace({ name: 'Aviato', parentWorkspaceId: strict.parentWorkspaceId, externalId: 'aviato' });
      await client.createSession({ workspaceId: workspace.id });
      assert.deepEqual(authorizations, [workspace.writeKey]);
      assert.match(workspace.writeKey, /^Basic /);
    });

    it('takes a stored write key, or looks it up among the parent\'s children', async () => {
      const provisioner = strictClient().client;
      const workspace = await provisioner.createChildWorkspace({ name: 'Raviga', parentWorkspaceId: strict.parentWorkspaceId, externalId: 'raviga' });
      const stored = strictClient().client;
      assert.equal(jwtPayload((await stored.createSession({ workspaceId: workspace.id, writeKey: workspace.writeKey })).token).workspaceId, workspace.id);
      const looking = strictClient({ parentWorkspaceId: strict.parentWorkspaceId }).client;
      assert.equal(jwtPayload((await looking.createSession({ workspaceId: workspace.id })).token).workspaceId, workspace.id);
    });

    it('fails typed: write-key without a key to find, admin-key where Dittofeed wants the write key, never leaking either key', async () => {
      const workspace = await strictClient().client.createChildWorkspace({ name: 'Bachmanity', parentWorkspaceId: strict.parentWorkspaceId, externalId: 'bachmanity' });
      const needsKey = strictClient({ sessionAuth: 'write-key' }).client;
      await assert.rejects(needsKey.createSession({ workspaceId: workspace.id }), (e) => e instanceof DittofeedInputError && e.field === 'writeKey');
      const adminOnly = strictClient({ sessionAuth: 'admin-key' }).client;
      const refused = await adminOnly.createSession({ workspaceId: workspace.id }).then(() => assert.fail('expected a rejection'), (e) => e);
      assert.ok(refused instanceof DittofeedApiError);
      assert.equal(refused.status, 401);
      assert.ok(!errorTexts(refused).includes(strict.adminKey));
      const wrongKey = await strictClient()
        .client.createSession({ workspaceId: workspace.id, writeKey: 'Basic bm90LXRoZS1rZXk=' })
        .then(() => assert.fail('expected a rejection'), (e) => e);
      assert.equal(wrongKey.status, 401);
      assert.ok(!errorTexts(wrongKey).includes('bm90LXRoZS1rZXk='));
    });

    it("a write key opens its own workspace only", async () => {
      const client = strictClient().client;
      const mine = await client.createChildWorkspace({ name: 'Mine', parentWorkspaceId: strict.parentWorkspaceId, externalId: 'mine' });
      const theirs = await client.createChildWorkspace({ name: 'Theirs', parentWorkspaceId: strict.parentWorkspaceId, externalId: 'theirs' });
      await assert.rejects(client.createSession({ workspaceId: theirs.id, writeKey: mine.writeKey }), (e) => e instanceof DittofeedApiError && e.status === 401);
    });
  });

  describe('component configurations', () => {
    it('stores one configuration per component type, which the deliveries page then applies', async () => {
      const definition = {
        type: 'DeliveriesTable',
        columnAllowList: ['to', 'status', 'template'],
        templateUriTemplate: 'https://app.example.com/templates/{templateId}',
      };
      const stored = await admin.putComponentConfiguration({ workspaceId: acme.id, definition });
      assert.equal(stored.workspaceId, acme.id);
      assert.deepEqual(stored.definition, definition);
      // Put again: the same configuration is replaced, not a second one added.
      const replaced = await admin.putComponentConfiguration({ workspaceId: acme.id, definition: { ...definition, columnAllowList: ['to'] } });
      assert.equal(replaced.id, stored.id);
      await admin.putComponentConfiguration({ workspaceId: acme.id, definition: { type: 'Broadcast', hideRateLimit: true } });
      const listed = await admin.listComponentConfigurations({ workspaceId: acme.id });
      assert.deepEqual(listed.map((c) => c.definition.type).sort(), ['Broadcast', 'DeliveriesTable']);
      // The embedded deliveries page reads it with its session token.
      const { token } = await admin.createSession({ workspaceId: acme.id });
      const workspace = await (await fetch(`${dittofeed.baseUrl}/api-l/embedded/workspace?workspaceId=${acme.id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      assert.deepEqual(workspace.componentConfigurations.DeliveriesTable, { ...definition, columnAllowList: ['to'] });
      await admin.deleteComponentConfiguration({ workspaceId: acme.id, id: stored.id });
      assert.deepEqual((await admin.listComponentConfigurations({ workspaceId: acme.id })).map((c) => c.definition.type), ['Broadcast']);
      const gone = await admin.deleteComponentConfiguration({ workspaceId: acme.id, id: stored.id }).then(() => assert.fail('expected a rejection'), (e) => e);
      assert.ok(gone instanceof DittofeedApiError);
      assert.equal(gone.status, 404);
    });

    it('takes the template editor and analysis chart configurations of the guide', async () => {
      // Dittofeed's API description of 2025-05-17 predates these two types: checked by hand here.
      const client = createDittofeedAdmin({ apiKey: dittofeed.adminKey, baseUrl: dittofeed.baseUrl });
      const workspace = await client.createChildWorkspace({ name: 'Configured', parentWorkspaceId: dittofeed.parentWorkspaceId, externalId: 'configured' });
      for (const definition of [
        { type: 'MessageTemplate', allowedEmailContentsTypes: ['LowCode'], lowCodeEmailDefaultType: 'Empty' },
        { type: 'AnalysisChart', allowedGroupBy: ['journey'], hardcodedFilters: { channels: ['Email'] } },
      ]) {
        assert.deepEqual((await client.putComponentConfiguration({ workspaceId: workspace.id, definition })).definition, definition);
      }
    });

    it('validates the definition by name, without a request', async () => {
      let requests = 0;
      const client = createDittofeedAdmin({ apiKey: dittofeed.adminKey, baseUrl: dittofeed.baseUrl, fetch: (...args) => (requests++, fetch(...args)) });
      for (const [params, field] of [
        [{ workspaceId: acme.id }, 'definition'],
        [{ workspaceId: acme.id, definition: { type: 'JourneyEditor' } }, 'definition.type'],
        [{ definition: { type: 'Broadcast' } }, 'workspaceId'],
      ]) {
        await assert.rejects(client.putComponentConfiguration(params), (e) => e instanceof DittofeedInputError && e.field === field, field);
      }
      await assert.rejects(client.deleteComponentConfiguration({ workspaceId: acme.id }), (e) => e instanceof DittofeedInputError && e.field === 'id');
      assert.equal(requests, 0);
    });
  });

  describe('failures without an HTTP answer', () => {
    it('wraps a network error (connection refused) without the key', async () => {
      const closed = http.createServer();
      await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address();
      await new Promise((resolve) => closed.close(resolve));
      const apiKey = makeAdminKey();
      const unreachable = createDittofeedAdmin({ apiKey, baseUrl: `http://127.0.0.1:${port}` });
      const error = await unreachable.createSession({ workspaceId: acme.id }).then(() => assert.fail('expected a rejection'), (e) => e);
      assert.ok(error instanceof DittofeedApiError);
      assert.equal(error.code, 'network-error');
      assert.equal(error.status, 0);
      assert.ok(!errorTexts(error).includes(apiKey));
    });

    it('times out a request that never gets an answer', async () => {
      const silent = http.createServer(() => {
        /* never answers */
      });
      await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const apiKey = makeAdminKey();
        const slow = createDittofeedAdmin({ apiKey, baseUrl: `http://127.0.0.1:${silent.address().port}`, timeoutMs: 200 });
        const error = await slow.createSession({ workspaceId: acme.id }).then(() => assert.fail('expected a rejection'), (e) => e);
        assert.equal(error.code, 'timeout');
        assert.equal(error.status, 0);
        assert.ok(!errorTexts(error).includes(apiKey));
      } finally {
        silent.closeAllConnections();
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('rejects a 2xx answer that is not a session as invalid-response', async () => {
      // A baseUrl pointing at some other JSON service: 200, but no token.
      const wrongPlace = http.createServer((req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      });
      await new Promise((resolve) => wrongPlace.listen(0, '127.0.0.1', resolve));
      try {
        const client = createDittofeedAdmin({ apiKey: makeAdminKey(), baseUrl: `http://127.0.0.1:${wrongPlace.address().port}` });
        const error = await client.createSession({ workspaceId: acme.id }).then(() => assert.fail('expected a rejection'), (e) => e);
        assert.equal(error.code, 'invalid-response');
      } finally {
        wrongPlace.closeAllConnections();
        await new Promise((resolve) => wrongPlace.close(resolve));
      }
    });
  });

  describe('input validation', () => {
    it('throws DittofeedInputError for bad options', () => {
      for (const [options, field] of [
        [undefined, 'options'],
        [{}, 'apiKey'],
        [{ apiKey: '' }, 'apiKey'],
        [{ apiKey: 'has space' }, 'apiKey'],
        [{ apiKey: 'k', baseUrl: 'ftp://example.com' }, 'baseUrl'],
        [{ apiKey: 'k', baseUrl: 'not a url' }, 'baseUrl'],
        [{ apiKey: 'k', baseUrl: 'https://user:pass@example.com' }, 'baseUrl'],
        [{ apiKey: 'k', fetch: 'nope' }, 'fetch'],
        [{ apiKey: 'k', timeoutMs: -1 }, 'timeoutMs'],
      ]) {
        assert.throws(
          () => createDittofeedAdmin(options),
          (error) => error instanceof DittofeedInputError && error instanceof TypeError && error.field === field,
          `expected a DittofeedInputError on ${field}`,
        );
      }
    });

    it('never puts the key in an input error', () => {
      const apiKey = makeAdminKey();
      const error = (() => {
        try {
          createDittofeedAdmin({ apiKey, baseUrl: 'javascript:alert(1)' });
        } catch (e) {
          return e;
        }
        return null;
      })();
      assert.ok(error instanceof DittofeedInputError);
      assert.ok(!errorTexts(error).includes(apiKey));
    });

    it('rejects bad arguments without sending a request', async () => {
      let requests = 0;
      const counting = (...args) => {
        requests += 1;
        return fetch(...args);
      };
      const client = createDittofeedAdmin({ apiKey: dittofeed.adminKey, baseUrl: dittofeed.baseUrl, fetch: counting });
      const cases = [
        () => client.createSession(undefined),
        () => client.createSession({}),
        () => client.createSession({ workspaceId: '' }),
        () => client.createSession({ workspaceId: 42 }),
        () => client.createSession({ workspaceId: acme.id, occupantId: 7 }),
        () => client.createChildWorkspace({ name: 'X', parentWorkspaceId: dittofeed.parentWorkspaceId }),
        () => client.createChildWorkspace({ name: '', parentWorkspaceId: dittofeed.parentWorkspaceId, externalId: 'x' }),
        () => client.listChildWorkspaces({}),
      ];
      for (const call of cases) {
        await assert.rejects(call(), DittofeedInputError);
      }
      assert.equal(requests, 0);
      // The same client does send a well-formed request.
      await client.createSession({ workspaceId: acme.id });
      assert.equal(requests, 1);
    });
  });
});
