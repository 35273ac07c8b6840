// createDittofeedEvents (dist/server/index.js): events into one customer's workspace with its write
// key, against the local Dittofeed over real HTTP, every request checked against Dittofeed's API
// description.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadServerHelper, startDittofeed, createChild, errorTexts } from './support.mjs';
import { documentedFetch } from './openapi.mjs';

const { createDittofeedEvents, DittofeedApiError, DittofeedInputError } = await loadServerHelper();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createDittofeedEvents', () => {
  let dittofeed;
  let acme;
  let globex;
  const documented = documentedFetch();
  const eventsFor = (workspace, options = {}) =>
    createDittofeedEvents({ writeKey: workspace.writeKey, baseUrl: dittofeed.baseUrl, fetch: documented.fetch, ...options });

  before(async () => {
    dittofeed = await startDittofeed();
    acme = await createChild(dittofeed, 'Acme');
    globex = await createChild(dittofeed, 'Globex');
  });
  after(async () => {
    await dittofeed.close();
    assert.ok(documented.calls.length >= 4);
    assert.deepEqual(documented.violations, [], 'events sent as Dittofeed documents them');
  });

  it('identifies and tracks into the workspace of the write key, with a generated messageId', async () => {
    const events = eventsFor(acme);
    await events.identify({ userId: 'ada', traits: { email: 'ada@acme.example' } });
    await events.track({ anonymousId: 'visitor-1', event: 'Viewed pricing', properties: { plan: 'pro' }, messageId: 'm-fixed' });
    const received = dittofeed.eventsOf(acme.id);
    assert.equal(received.length, 2);
    assert.match(received[0].messageId, UUID);
    assert.deepEqual([received[0].type, received[0].userId, received[0].traits], ['identify', 'ada', { email: 'ada@acme.example' }]);
    assert.deepEqual([received[1].type, received[1].anonymousId, received[1].event, received[1].messageId], ['track', 'visitor-1', 'Viewed pricing', 'm-fixed']);
    assert.deepEqual(dittofeed.eventsOf(globex.id), [], 'another workspace gets none of them');
  });

  it('sends a batch in one request; a retried messageId is stored once', async () => {
    const events = eventsFor(globex);
    const before = documented.calls.length;
    const batch = [
      { type: 'identify', userId: 'grace', traits: { plan: 'team' }, messageId: 'b-1' },
      { type: 'track', userId: 'grace', event: 'Invoice paid', properties: { amount: 120 }, timestamp: '2026-12-01T10:00:00.000Z' },
    ];
    await events.batch(batch);
    await events.batch([batch[0]]);
    assert.equal(documented.calls.length - before, 2);
    const received = dittofeed.eventsOf(globex.id);
    assert.deepEqual(received.map((event) => [event.type, event.messageId === 'b-1' || UUID.test(event.messageId)]), [['identify', true], ['track', true]]);
    assert.equal(received[1].timestamp, '2026-12-01T10:00:00.000Z');
  });

  it("fails typed on a write key Dittofeed does not know, and never shows the key", async () => {
    const writeKey = 'Basic bm90LWEtcmVhbC1rZXk6c2VjcmV0';
    const events = createDittofeedEvents({ writeKey, baseUrl: dittofeed.baseUrl });
    const error = await events.track({ userId: 'u', event: 'x' }).then(() => assert.fail('expected a rejection'), (e) => e);
    assert.ok(error instanceof DittofeedApiError);
    assert.equal(error.status, 401);
    assert.equal(error.endpoint, 'POST /api/public/apps/track');
    assert.ok(!errorTexts(error).includes('bm90LWEtcmVhbC1rZXk6c2VjcmV0'));
  });

  it('validates its arguments by name before any request', async () => {
    const requests = [];
    const events = createDittofeedEvents({
      writeKey: acme.writeKey,
      baseUrl: dittofeed.baseUrl,
      fetch: (...args) => (requests.push(args), fetch(...args)),
    });
    for (const [call, field] of [
      [() => events.identify({ traits: {} }), 'userId'],
      [() => events.identify({ userId: 'a', anonymousId: 'b' }), 'userId'],
      [() => events.identify({ userId: 'a', traits: 'email' }), 'traits'],
      [() => events.track({ userId: 'a' }), 'event'],
      [() => events.track({ userId: 'a', event: 'x', timestamp: 'yesterday' }), 'timestamp'],
      [() => events.batch([]), 'events'],
      [() => events.batch(Array.from({ length: 101 }, () => ({ type: 'identify', userId: 'a' }))), 'events'],
      [() => events.batch([{ type: 'page', userId: 'a' }]), 'events[0].type'],
      [() => events.batch([{ type: 'track', userId: 'a' }]), 'events[0].event'],
    ]) {
      await assert.rejects(call(), (error) => error instanceof DittofeedInputError && error.field === field, field);
    }
    assert.equal(requests.length, 0);
    for (const [options, field] of [[undefined, 'options'], [{}, 'writeKey'], [{ writeKey: 'Basic a\nb' }, 'writeKey'], [{ writeKey: 'k', baseUrl: 'ftp://x' }, 'baseUrl'], [{ writeKey: 'k', timeoutMs: 0 }, 'timeoutMs']]) {
      assert.throws(() => createDittofeedEvents(options), (error) => error instanceof DittofeedInputError && error.field === field, field);
    }
  });
});
