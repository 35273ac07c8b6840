// The local Dittofeed (demo/dittofeed/server.mjs): admin API, tokens, data API, pages, CLI.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDittofeed, createChild, sessionToken, adminHeaders, jwtPayload, sleep } from './support.mjs';
import { documentedFetch } from './openapi.mjs';

// Every answer to a well-formed request on a documented route is checked against Dittofeed's API
// description (malformed requests here are on purpose; their answers are checked by hand).
const documented = documentedFetch({ checkRequests: false });
const fetch = documented.fetch;

const PAGES = {
  '/journeys': 'journeys',
  '/journeys/v2': 'journey',
  '/broadcasts': 'broadcasts',
  '/broadcasts/v2': 'broadcast',
  '/templates': 'templates',
  '/templates/email': 'email-template',
  '/templates/sms': 'sms-template',
  '/segments': 'segments',
  '/segments/v1': 'segment',
  '/deliveries/v2': 'deliveries',
  '/analysis-chart': 'analysis',
};
// Dittofeed's routes for its embedded pages (answers checked against its API description), then our two.
const DATA = ['journeys/', 'broadcasts/', 'content/templates', 'segments/', 'deliveries/', 'resources/', 'workspace', 'analysis'];
const ALL_NAMES = '&segments=true&messageTemplates=true&journeys=true&broadcasts=true';
const CHILD_SCRIPT = '<script type="module" src="/_embed/child.min.js"></script>';

describe('local Dittofeed', () => {
  let dittofeed;
  let acme;
  let globex;
  /** Every response body the pages, assets and data API sent, to check the key never leaks. */
  const bodies = [];
  const get = async (path, headers = {}) => {
    const response = await fetch(dittofeed.baseUrl + path, { headers });
    const text = await response.text();
    bodies.push(text);
    return { response, text };
  };
  const data = (resource, token, workspaceId, extra = '') =>
    get(`/api-l/embedded/${resource}?workspaceId=${workspaceId}${extra}`, token ? { Authorization: `Bearer ${token}` } : {});

  before(async () => {
    dittofeed = await startDittofeed();
    acme = await createChild(dittofeed, 'Acme');
    globex = await createChild(dittofeed, 'Globex');
  });
  after(async () => {
    for (const body of bodies) assert.ok(!body.includes(dittofeed.adminKey), 'no response body contains the admin key');
    await dittofeed.close();
    assert.deepEqual(documented.violations, [], 'answers as Dittofeed documents them');
  });

  it('answers the module API shape', () => {
    assert.match(dittofeed.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(dittofeed.baseUrl, `http://127.0.0.1:${dittofeed.port}`);
    assert.match(dittofeed.parentWorkspaceId, /^[0-9a-f-]{36}$/);
    for (const method of ['close', 'setTokenTtl', 'setProtocol']) assert.equal(typeof dittofeed[method], 'function');
    assert.throws(() => dittofeed.setTokenTtl(0), TypeError);
  });

  describe('admin API', () => {
    it("answers 401 { message } with Dittofeed's messages without the admin key", async () => {
      const url = `${dittofeed.baseUrl}/api-l/sessions/`;
      const body = JSON.stringify({ workspaceId: acme.id });
      const cases = [
        [{ 'Content-Type': 'application/json' }, 'No authorization header'],
        [{ 'Content-Type': 'application/json', Authorization: 'Token abc' }, 'Invalid authorization header'],
        // A write key that is none of the workspaces' (sessions also take write keys).
        [{ 'Content-Type': 'application/json', Authorization: 'Basic abc' }, 'API key not valid'],
        [adminHeaders('wrong-key'), 'API key not valid'],
      ];
      for (const [headers, message] of cases) {
        const response = await fetch(url, { method: 'POST', headers, body });
        assert.equal(response.status, 401);
        assert.deepEqual(await response.json(), { message });
      }
      for (const [method, path] of [['PUT', '/api-l/admin/workspaces/child'], ['GET', '/api-l/admin/workspaces/child'], ['POST', '/api/workspaces'], ['POST', '/api/embedded/session']]) {
        const response = await fetch(dittofeed.baseUrl + path, { method, headers: adminHeaders('wrong-key'), body: method === 'GET' ? undefined : '{}' });
        assert.equal(response.status, 401, `${method} ${path}`);
      }
    });

    it('creates child workspaces and refuses duplicates with { type: "WorkspaceAlreadyExists" }', async () => {
      const url = `${dittofeed.baseUrl}/api-l/admin/workspaces/child`;
      const response = await fetch(url, {
        method: 'PUT',
        headers: adminHeaders(dittofeed.adminKey),
        body: JSON.stringify({ name: 'Initech', workspaceId: dittofeed.parentWorkspaceId, externalId: 'initech' }),
      });
      assert.equal(response.status, 200);
      const workspace = await response.json();
      assert.equal(workspace.type, 'Child');
      assert.equal(workspace.status, 'Active');
      for (const duplicate of [{ name: 'Initech', externalId: 'other' }, { name: 'Other', externalId: 'initech' }]) {
        const again = await fetch(url, {
          method: 'PUT',
          headers: adminHeaders(dittofeed.adminKey),
          body: JSON.stringify({ ...duplicate, workspaceId: dittofeed.parentWorkspaceId }),
        });
        assert.equal(again.status, 400);
        assert.deepEqual(await again.json(), { type: 'WorkspaceAlreadyExists' });
      }
      const invalidDomain = await fetch(url, {
        method: 'PUT',
        headers: adminHeaders(dittofeed.adminKey),
        body: JSON.stringify({ name: 'Bad domain', workspaceId: dittofeed.parentWorkspaceId, externalId: 'bad-domain', domain: 'not a domain' }),
      });
      assert.equal(invalidDomain.status, 400);
      assert.deepEqual(await invalidDomain.json(), { type: 'InvalidDomain' });
      const list = await (await fetch(`${url}?workspaceId=${dittofeed.parentWorkspaceId}`, { headers: adminHeaders(dittofeed.adminKey) })).json();
      assert.deepEqual(list.workspaces.map((w) => w.name).sort(), ['Acme', 'Globex', 'Initech']);
    });

    it('requires externalId on create, finds and tombstones workspaces by externalId, and pages the child list', async () => {
      const base = dittofeed.baseUrl;
      const headers = adminHeaders(dittofeed.adminKey);
      const missing = await fetch(`${base}/api-l/admin/workspaces/child`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ name: 'No external id', workspaceId: dittofeed.parentWorkspaceId }),
      });
      assert.equal(missing.status, 400);
      assert.deepEqual(await missing.json(), { message: "body must have required property 'externalId'" });
      const byExternalId = (externalId, method = 'GET') =>
        fetch(`${base}/api-l/admin/workspaces/?workspaceId=${dittofeed.parentWorkspaceId}&externalId=${externalId}`, { method, headers });
      assert.equal((await (await byExternalId('acme')).json()).id, acme.id);
      const none = await byExternalId('nobody');
      assert.equal(none.status, 200);
      assert.equal(await none.json(), null);
      const noExternalId = await fetch(`${base}/api-l/admin/workspaces/?workspaceId=${dittofeed.parentWorkspaceId}`, { headers });
      assert.equal(noExternalId.status, 400);
      const doomed = await createChild(dittofeed, 'Doomed');
      assert.equal((await byExternalId('doomed', 'DELETE')).status, 201);
      assert.equal(await (await byExternalId('doomed')).json(), null);
      assert.equal((await byExternalId('doomed', 'DELETE')).status, 404);
      const page = await (await fetch(`${base}/api-l/admin/workspaces/child?workspaceId=${dittofeed.parentWorkspaceId}&limit=1&offset=1`, { headers })).json();
      assert.equal(page.workspaces.length, 1);
      assert.equal(page.workspaces[0].id, globex.id);
      const badLimit = await fetch(`${base}/api-l/admin/workspaces/child?workspaceId=${dittofeed.parentWorkspaceId}&limit=-1`, { headers });
      assert.equal(badLimit.status, 400);
      assert.notEqual(doomed.id, undefined);
    });

    it("mints sessions with a workspace's write key, as Bearer <write key> or the key itself, for that workspace only", async () => {
      const url = `${dittofeed.baseUrl}/api-l/sessions/`;
      const mint = (authorization, workspaceId) =>
        fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: authorization }, body: JSON.stringify({ workspaceId }) });
      for (const authorization of [`Bearer ${acme.writeKey}`, acme.writeKey]) {
        const response = await mint(authorization, acme.id);
        assert.equal(response.status, 200, authorization.split(' ')[0]);
        assert.equal(jwtPayload((await response.json()).token).workspaceId, acme.id);
      }
      const other = await mint(`Bearer ${acme.writeKey}`, globex.id);
      assert.equal(other.status, 401);
      assert.deepEqual(await other.json(), { message: 'API key not valid' });
      const strict = await startDittofeed({ sessionsNeedWriteKey: true });
      try {
        const child = await createChild(strict, 'Strict');
        const refused = await fetch(`${strict.baseUrl}/api-l/sessions/`, { method: 'POST', headers: adminHeaders(strict.adminKey), body: JSON.stringify({ workspaceId: child.id }) });
        assert.equal(refused.status, 401);
        const accepted = await fetch(`${strict.baseUrl}/api-l/sessions/`, { method: 'POST', headers: { Authorization: `Bearer ${child.writeKey}` }, body: JSON.stringify({ workspaceId: child.id, memberId: 'm-1' }) });
        assert.equal(accepted.status, 200);
        assert.equal(jwtPayload((await accepted.json()).token).occupantId, 'm-1');
      } finally {
        await strict.close();
      }
    });

    it('refuses mismatched workspace ids like Dittofeed', async () => {
      const response = await fetch(`${dittofeed.baseUrl}/api-l/sessions/`, {
        method: 'POST',
        headers: adminHeaders(dittofeed.adminKey, { 'df-workspace-id': globex.id }),
        body: JSON.stringify({ workspaceId: acme.id }),
      });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { message: 'Mismatched workspaceIds in request.' });
    });

    it('mints HS256 tokens scoped to one workspace, with the configured lifetime', async () => {
      dittofeed.setTokenTtl(90);
      try {
        const payload = jwtPayload(await sessionToken(dittofeed, acme.id, 'bob'));
        assert.equal(payload.workspaceId, acme.id);
        assert.equal(payload.occupantId, 'bob');
        assert.equal(payload.exp - payload.iat, 90);
      } finally {
        dittofeed.setTokenTtl(3600);
      }
    });

    describe("the integration guide's paths", () => {
      it('POST /api/workspaces creates a child workspace', async () => {
        const response = await fetch(`${dittofeed.baseUrl}/api/workspaces`, {
          method: 'POST',
          headers: adminHeaders(dittofeed.adminKey),
          body: JSON.stringify({ name: 'Umbrella', externalId: 'umbrella', parentWorkspaceId: dittofeed.parentWorkspaceId }),
        });
        assert.equal(response.status, 201);
        const workspace = await response.json();
        assert.equal(workspace.externalId, 'umbrella');
        const again = await fetch(`${dittofeed.baseUrl}/api/workspaces`, {
          method: 'POST',
          headers: adminHeaders(dittofeed.adminKey),
          body: JSON.stringify({ name: 'Umbrella 2', externalId: 'umbrella', parentWorkspaceId: dittofeed.parentWorkspaceId }),
        });
        assert.equal(again.status, 400);
        assert.equal((await again.json()).type, 'WorkspaceAlreadyExists');
      });

      it('POST /api/embedded/session answers { token, expiresAt } honouring expiresIn and the workspace headers', async () => {
        const url = `${dittofeed.baseUrl}/api/embedded/session`;
        const byBody = await fetch(url, { method: 'POST', headers: adminHeaders(dittofeed.adminKey), body: JSON.stringify({ workspaceId: acme.id, expiresIn: 120 }) });
        assert.equal(byBody.status, 200);
        const session = await byBody.json();
        assert.deepEqual(Object.keys(session).sort(), ['expiresAt', 'token']);
        const payload = jwtPayload(session.token);
        assert.equal(payload.workspaceId, acme.id);
        assert.equal(payload.exp - payload.iat, 120);
        assert.equal(Date.parse(session.expiresAt), payload.exp * 1000);

        const byHeader = await fetch(url, { method: 'POST', headers: adminHeaders(dittofeed.adminKey, { 'X-Workspace-Id': globex.id }), body: '{}' });
        assert.equal(jwtPayload((await byHeader.json()).token).workspaceId, globex.id);

        const byExternalId = await fetch(url, { method: 'POST', headers: adminHeaders(dittofeed.adminKey, { 'X-Workspace-External-Id': 'acme' }), body: '{}' });
        assert.equal(jwtPayload((await byExternalId.json()).token).workspaceId, acme.id);

        const mismatch = await fetch(url, {
          method: 'POST',
          headers: adminHeaders(dittofeed.adminKey, { 'X-Workspace-Id': globex.id }),
          body: JSON.stringify({ workspaceId: acme.id }),
        });
        assert.equal(mismatch.status, 400);

        const badExpiry = await fetch(url, { method: 'POST', headers: adminHeaders(dittofeed.adminKey), body: JSON.stringify({ workspaceId: acme.id, expiresIn: -5 }) });
        assert.equal(badExpiry.status, 400);
      });
    });
  });

  describe('data API', () => {
    it("answers Dittofeed's embedded routes in Dittofeed's shapes for a valid token, and our workspace route", async () => {
      const token = await sessionToken(dittofeed, acme.id);
      const before = documented.violations.length;
      const answers = {};
      for (const resource of DATA) {
        const { response, text } = await data(resource, token, acme.id, resource === 'resources/' ? ALL_NAMES : '');
        assert.equal(response.status, 200, resource);
        answers[resource] = JSON.parse(text);
      }
      // documentedFetch checked each answer against the description: none strayed from it.
      assert.deepEqual(documented.violations.slice(before), []);
      assert.deepEqual(documented.calls.filter((call) => call.includes('/api-l/embedded/')).length >= DATA.length, true);
      assert.deepEqual({ id: answers.workspace.id, name: answers.workspace.name }, { id: acme.id, name: 'Acme' });
      const { journeys } = answers['journeys/'];
      assert.ok(journeys.length > 0 && journeys.every((j) => j.workspaceId === acme.id && j.definition.nodes.length > 0));
      assert.ok(answers['broadcasts/'].every((b) => b.version === 'V2' && b.workspaceId === acme.id));
      assert.equal(answers['deliveries/'].workspaceId, acme.id);
      // The resources route names every segment and template a page refers to by id.
      const named = new Set(Object.values(answers['resources/']).flat().map((r) => r.id));
      assert.ok(answers['segments/'].segments.every((s) => named.has(s.id)));
      assert.ok(answers['content/templates'].templates.every((t) => named.has(t.id)));
      // ids=… narrows broadcasts, segments and templates to the ones asked for (an array in the query).
      const [first, second] = answers['content/templates'].templates;
      const some = JSON.parse((await data('content/templates', token, acme.id, `&ids=${first.id}&ids=${second.id}`)).text);
      assert.deepEqual(some.templates.map((t) => t.id), [first.id, second.id]);
      const none = JSON.parse((await data('broadcasts/', token, acme.id, '&ids=00000000-0000-4000-8000-000000000000')).text);
      assert.deepEqual(none, []);
      assert.equal((await data('nothing-here', token, acme.id)).response.status, 404);
      assert.deepEqual(documented.violations.slice(before), []);
    });

    it('pages deliveries with limit and an opaque cursor', async () => {
      const token = await sessionToken(dittofeed, acme.id);
      const all = JSON.parse((await data('deliveries/', token, acme.id, '&limit=100')).text).items;
      const first = JSON.parse((await data('deliveries/', token, acme.id, '&limit=5')).text);
      assert.equal(first.items.length, 5);
      assert.equal(typeof first.cursor, 'string');
      const second = JSON.parse((await data('deliveries/', token, acme.id, `&limit=5&cursor=${first.cursor}`)).text);
      assert.deepEqual([...first.items, ...second.items], all.slice(0, 10));
      assert.equal(typeof second.previousCursor, 'string');
      const template = all[0].templateId;
      const filtered = JSON.parse((await data('deliveries/', token, acme.id, `&limit=100&templateIds=${template}`)).text).items;
      assert.ok(filtered.length > 0 && filtered.every((d) => d.templateId === template));
      assert.deepEqual(documented.violations, []);
    });

    it('seeds different content per workspace', async () => {
      const acmeJourneys = JSON.parse((await data('journeys/', await sessionToken(dittofeed, acme.id), acme.id)).text).journeys;
      const globexJourneys = JSON.parse((await data('journeys/', await sessionToken(dittofeed, globex.id), globex.id)).text).journeys;
      assert.ok(acmeJourneys.some((j) => j.name.includes('Acme')));
      assert.ok(!globexJourneys.some((j) => j.name.includes('Acme')));
      assert.ok(!acmeJourneys.some((j) => globexJourneys.some((g) => g.id === j.id)));
    });

    it('answers 401 without a token, with a forged one, and with an expired one', async () => {
      assert.equal((await data('journeys/', null, acme.id)).response.status, 401);
      const token = await sessionToken(dittofeed, acme.id);
      const [header, payload] = token.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ ...jwtPayload(token), workspaceId: globex.id })).toString('base64url');
      assert.equal((await data('journeys/', `${header}.${forgedPayload}.${token.split('.')[2]}`, globex.id)).response.status, 401);
      assert.equal((await data('journeys/', `${header}.${payload}.AAAA`, acme.id)).response.status, 401);
      const expired = await dittofeed.mintToken({ workspaceId: acme.id, expiresInSeconds: -30 });
      const { response, text } = await data('journeys/', expired, acme.id);
      assert.equal(response.status, 401);
      assert.equal(JSON.parse(text).message, 'Session token expired');
    });

    it('lets a token expire after the configured TTL', async () => {
      dittofeed.setTokenTtl(1);
      let token;
      try {
        token = await sessionToken(dittofeed, acme.id);
      } finally {
        dittofeed.setTokenTtl(3600);
      }
      await sleep(2100); // exp has one-second resolution: wait past it
      assert.equal((await data('journeys/', token, acme.id)).response.status, 401);
    });

    it('answers 403 when a token for one workspace asks for another', async () => {
      const token = await sessionToken(dittofeed, acme.id);
      for (const resource of DATA) {
        assert.equal((await data(resource, token, globex.id)).response.status, 403, resource);
      }
      for (const route of ['journeys/', 'content/templates']) {
        const write = await fetch(`${dittofeed.baseUrl}/api-l/embedded/${route}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ workspaceId: globex.id, name: 'Not mine' }),
        });
        assert.equal(write.status, 403, route);
      }
    });

    it("stores a journey a page PUTs in Dittofeed's shape, and refuses a malformed one", async () => {
      const token = await sessionToken(dittofeed, globex.id);
      const [journey] = JSON.parse((await data('journeys/', token, globex.id)).text).journeys;
      const put = (body) =>
        fetch(`${dittofeed.baseUrl}/api-l/embedded/journeys/`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ workspaceId: globex.id, id: journey.id, name: journey.name, ...body }),
        });
      const delay = { id: '11111111-1111-4111-8111-111111111111', type: 'DelayNode', variant: { type: 'Second', seconds: 60 }, child: 'ExitNode' };
      const definition = { ...journey.definition, nodes: [...journey.definition.nodes, delay] };
      const response = await put({ definition });
      assert.equal(response.status, 200);
      const stored = await response.json();
      assert.equal(stored.id, journey.id);
      assert.deepEqual(stored.definition.nodes.at(-1), delay);
      const listed = JSON.parse((await data('journeys/', token, globex.id)).text).journeys.find((j) => j.id === journey.id);
      assert.equal(listed.definition.nodes.length, journey.definition.nodes.length + 1);
      for (const [bad, message] of [
        [{ definition: { ...definition, nodes: [{ id: 'x', type: 'TeleportNode' }] } }, 'unknown node type TeleportNode'],
        [{ definition: { ...definition, nodes: [delay, delay] } }, `duplicate node id ${delay.id}`],
        [{ definition: { ...definition, exitNode: null } }, 'definition.exitNode must be { type: "ExitNode" }'],
        [{ definition: { ...definition, nodes: Array.from({ length: 61 }, (_, i) => ({ ...delay, id: `n${i}` })) } }, 'a journey has at most 60 nodes here'],
        [{ name: '' }, 'name must be a non-empty string'],
        [{ id: 'not-a-uuid' }, 'id must be a UUID'],
      ]) {
        const refused = await put(bad);
        assert.equal(refused.status, 400);
        assert.equal((await refused.json()).message, message);
      }
      assert.deepEqual(documented.violations, []);
    });

    it('creates a template on its first PUT with a new UUID, as an editor opening it does', async () => {
      const token = await sessionToken(dittofeed, globex.id);
      const put = (body) =>
        fetch(`${dittofeed.baseUrl}/api-l/embedded/content/templates`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ workspaceId: globex.id, ...body }),
        });
      const id = '22222222-2222-4222-8222-222222222222';
      const created = await put({ id, name: 'Untitled SMS', definition: { type: 'Sms', body: '' } });
      assert.equal(created.status, 200);
      assert.deepEqual({ ...(await created.json()), updatedAt: 0 }, { workspaceId: globex.id, id, type: 'Sms', name: 'Untitled SMS', definition: { type: 'Sms', body: '' }, updatedAt: 0 });
      const { templates } = JSON.parse((await data('content/templates', token, globex.id, `&ids=${id}`)).text);
      assert.equal(templates.length, 1);
      for (const [bad, message] of [
        [{ id: 'not-a-uuid', name: 'x', definition: { type: 'Sms', body: '' } }, 'id must be a UUID'],
        [{ id, name: 'x', definition: { type: 'Email', from: '', subject: '', body: '' } }, `template ${id} is Sms`],
        [{ name: 'x', definition: { type: 'Email', subject: '', body: '' } }, 'definition.from must be a string'],
        [{ name: 'x' }, 'a new template needs a definition'],
      ]) {
        const refused = await put(bad);
        assert.equal(refused.status, 400);
        assert.equal((await refused.json()).message, message);
      }
      // The store lives in memory: a page cannot grow it without bound.
      let answer;
      for (let i = 0; i < 250; i += 1) {
        answer = await put({ name: `t${i}`, definition: { type: 'Sms', body: '' } });
        if (answer.status !== 200) break;
      }
      assert.equal(answer.status, 400);
      assert.equal((await answer.json()).message, 'a workspace has at most 200 templates here');
      const { templates: all } = JSON.parse((await data('content/templates', token, globex.id)).text);
      assert.equal(all.length, 200);
      assert.deepEqual(documented.violations, []);
    });
  });

  describe('embedded pages', () => {
    it('serves every page of the route table as HTML with the child script and test hooks', async () => {
      const token = await sessionToken(dittofeed, acme.id);
      for (const [path, type] of Object.entries(PAGES)) {
        const { response, text } = await get(`/dashboard-l/embedded${path}?token=${token}&workspaceId=${acme.id}&id=x`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors [^;]*http:\/\/localhost:\*/);
        assert.ok(text.includes(CHILD_SCRIPT), `${path} loads dittofeed-embed/child`);
        assert.ok(text.includes('<script type="module" src="/_df/page-protocol.js"></script>'), `${path}: the entry that imports it`);
        assert.ok(text.includes(`<main data-page="${type}" data-workspace="${acme.id}">`), path);
        assert.ok(text.includes('id="df-status"') && text.includes('id="df-reload-data"'), path);
        assert.ok(!text.includes(token), 'the page does not echo the token');
      }
    });

    it('loads no child script with the protocol off', async () => {
      dittofeed.setProtocol(false);
      try {
        for (const path of Object.keys(PAGES)) {
          const { response, text } = await get(`/dashboard-l/embedded${path}?workspaceId=${acme.id}`);
          assert.equal(response.status, 200);
          assert.ok(!text.includes('/_embed/'), path);
          assert.ok(text.includes('data-protocol="off"'), path);
          assert.ok(text.includes('<script type="module" src="/_df/page-plain.js"></script>'), path);
        }
      } finally {
        dittofeed.setProtocol(true);
      }
    });

    it('escapes the workspaceId it echoes', async () => {
      const { text } = await get(`/dashboard-l/embedded/journeys?workspaceId=${encodeURIComponent('"><script>x</script>')}`);
      assert.ok(!text.includes('<script>x</script>'));
    });

    it('answers 404 for an unknown embedded page', async () => {
      assert.equal((await get('/dashboard-l/embedded/nope')).response.status, 404);
    });

    it('serves its page script and stylesheet with nosniff', async () => {
      for (const [path, type] of [['/_df/page.js', /javascript/], ['/_df/page-protocol.js', /javascript/], ['/_df/page-plain.js', /javascript/], ['/_df/style.css', /css/]]) {
        const { response } = await get(path);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', type);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      }
      assert.equal((await get('/_df/..%2Fserver.mjs')).response.status, 404);
      assert.equal((await get('/_embed/..%2Fpackage.json')).response.status, 404);
    });

    // The pages load the one-file build: dist/child.js imports dist/child/connect.js, a path
    // /_embed/ does not serve.
    const childBuilt = existsSync(fileURLToPath(new URL('../../dist/child.min.js', import.meta.url)));
    it('serves the built dittofeed-embed/child', { skip: !childBuilt && 'dist/child.min.js not built' }, async () => {
      const { response, text } = await get('/_embed/child.min.js');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /javascript/);
      assert.match(text, /connectToHost/);
    });
  });

  describe('CLI', () => {
    it('starts, says a key was generated without printing it, and stops on SIGTERM', async () => {
      const script = fileURLToPath(new URL('../../demo/dittofeed/server.mjs', import.meta.url));
      const env = { ...process.env };
      delete env.DITTOFEED_ADMIN_KEY;
      const child = spawn(process.execPath, [script, '--port', '0', '--token-ttl', '60', '--no-protocol'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      try {
        for (let i = 0; i < 100 && !output.includes('admin key'); i += 1) await sleep(50);
        assert.match(output, /Local Dittofeed on http:\/\/127\.0\.0\.1:\d+/);
        assert.match(output, /admin key:\s+generated for this run \(not shown/);
        assert.match(output, /protocol v1 off/);
        const baseUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(output)[0];
        const page = await (await fetch(`${baseUrl}/dashboard-l/embedded/journeys`)).text();
        assert.ok(!page.includes('/_embed/'));
      } finally {
        child.kill('SIGTERM');
      }
      const { code } = await exited;
      assert.equal(code, 0);
    });
  });
});
