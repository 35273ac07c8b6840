// The local Dittofeed's in-memory store: workspaces and, per workspace, plausible seeded content
// (journeys, broadcasts, templates, segments, deliveries, analysis), each resource in the shape of
// Dittofeed's API description (test/fixtures/dittofeed-openapi-subset.json). Content is derived from the
// workspace's name with a small deterministic PRNG, so two customers see visibly different data
// and the same customer sees the same data after a restart.
import { randomUUID, randomBytes } from 'node:crypto';

/** mulberry32: tiny, deterministic, good enough for demo data. */
function prng(seedText) {
  let seed = 2166136261;
  for (const char of seedText) seed = Math.imul(seed ^ char.charCodeAt(0), 16777619) >>> 0;
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random, list) => list[Math.floor(random() * list.length)];
const int = (random, min, max) => min + Math.floor(random() * (max - min + 1));
const DAY = 86_400_000;

/** A short id in the shape Dittofeed uses for resources (UUIDs). */
const id = () => randomUUID();

const FIRST_NAMES = ['ada', 'grace', 'linus', 'margaret', 'alan', 'barbara', 'ken', 'radia', 'tim', 'frances'];

const DAY_SECONDS = 86_400;

// Journey steps, laid out in a line by journeyDefinition.
const messageStep = (template) => ({ type: 'MessageNode', name: `${template.type === 'Email' ? 'Email' : 'SMS'}: ${template.name}`, variant: { type: template.type, templateId: template.id } });
const delayStep = (days) => ({ type: 'DelayNode', variant: { type: 'Second', seconds: days * DAY_SECONDS } });
const splitStep = (segment, name) => ({ type: 'SegmentSplitNode', name, segment: segment.id });

/**
 * A JourneyDefinition (Dittofeed's shape) whose steps run one after the other: each node's child is
 * the next step, the last one's is Dittofeed's exit node id, and a split's false branch exits.
 */
function journeyDefinition(entrySegmentId, steps) {
  const ids = steps.map(() => id());
  const next = (index) => ids[index + 1] ?? EXIT_NODE_ID;
  const nodes = steps.map((step, index) =>
    step.type === 'SegmentSplitNode'
      ? { id: ids[index], type: step.type, name: step.name, variant: { type: 'Boolean', segment: step.segment, trueChild: next(index), falseChild: EXIT_NODE_ID } }
      : { id: ids[index], ...step, child: next(index) },
  );
  return { entryNode: { type: 'EntryNode', segment: entrySegmentId, child: ids[0] ?? EXIT_NODE_ID }, exitNode: { type: 'ExitNode' }, nodes };
}

/** The id Dittofeed gives a journey's exit node. */
export const EXIT_NODE_ID = 'ExitNode';

function seedContent(workspace, now = Date.now()) {
  const random = prng(`${workspace.name}|${workspace.externalId ?? ''}`);
  const brand = workspace.name;
  const workspaceId = workspace.id;
  const domain = workspace.domain ?? `${brand.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'example'}.example`;
  const daysAgo = (min, max) => now - int(random, min, max) * DAY;

  // Segments: Dittofeed's SegmentResource, a tree of nodes under one entry node.
  const segment = (name, entryNode, nodes) => ({ id: id(), workspaceId, name, definition: { entryNode, nodes }, status: 'Running', updatedAt: daysAgo(1, 30) });
  const trialId = id();
  const signedUpId = id();
  const powerChildren = [id(), id(), id()];
  const segments = [
    segment(`${brand} trial users`, { type: 'And', id: id(), children: [trialId, signedUpId] }, [
      { type: 'Trait', id: trialId, path: 'plan', operator: { type: 'Equals', value: 'trial' } },
      { type: 'Performed', id: signedUpId, event: 'Signed Up', withinSeconds: 14 * DAY_SECONDS },
    ]),
    segment('Inactive for 30 days', { type: 'Performed', id: id(), event: 'Session Started', times: 0, timesOperator: '=', withinSeconds: 30 * DAY_SECONDS }, []),
    segment(`${brand} power users`, { type: 'Or', id: id(), children: powerChildren }, [
      { type: 'Performed', id: powerChildren[0], event: 'Report Exported', times: 5, timesOperator: '>=' },
      { type: 'Trait', id: powerChildren[1], path: 'seats', operator: { type: 'GreaterThanOrEqual', value: 10 } },
      { type: 'Trait', id: powerChildren[2], path: 'role', operator: { type: 'Equals', value: 'admin' } },
    ]),
  ];

  // Templates: Dittofeed's MessageTemplateResource.
  const email = (name, from, subject, body) => ({ name, type: 'Email', definition: { type: 'Email', from, subject, body } });
  const sms = (name, body) => ({ name, type: 'Sms', definition: { type: 'Sms', body } });
  const templates = [
    email(`Welcome to ${brand}`, `hello@${domain}`, `Welcome to ${brand}, {{ user.firstName }}!`,
      `Hi {{ user.firstName }},\n\nThanks for joining ${brand}. Here are three things to try first.\n\n— The ${brand} team`),
    email('Trial ending soon', `billing@${domain}`, 'Your trial ends in 3 days',
      `Hi {{ user.firstName }},\n\nYour ${brand} trial ends on {{ user.trialEndsAt }}. Upgrade to keep your data.`),
    email('We miss you', `hello@${domain}`, `What's new at ${brand}`, 'Hi {{ user.firstName }},\n\nA lot has changed since your last visit. Come and see.'),
    sms('Login code', `${brand}: your login code is {{ user.code }}. It expires in 10 minutes.`),
    sms('Trial reminder (SMS)', `${brand}: your trial ends in 3 days. Reply STOP to opt out.`),
  ].map((template) => ({ workspaceId, id: id(), ...template, updatedAt: daysAgo(1, 20) }));

  const [welcome, trialEnding, missYou, , trialSms] = templates;
  const [trialUsers, inactive, powerUsers] = segments;
  // Journeys: Dittofeed's JourneyResource; the steps run in a line (see journeyDefinition).
  const journey = (name, status, entrySegment, steps) => ({
    id: id(), workspaceId, name, status, canRunMultiple: false, definition: journeyDefinition(entrySegment.id, steps), createdAt: daysAgo(20, 40), updatedAt: daysAgo(1, 10),
  });
  const journeys = [
    journey(`${brand} onboarding`, 'Running', trialUsers, [
      messageStep(welcome), delayStep(2), splitStep(powerUsers, 'Has invited a teammate?'), messageStep(trialEnding),
    ]),
    journey('Win-back', 'Paused', inactive, [messageStep(missYou)]),
    journey('Trial expiry reminders', 'NotStarted', trialUsers, [messageStep(trialSms), delayStep(1), messageStep(trialEnding)]),
  ];

  // Broadcasts: Dittofeed's BroadcastResourceV2.
  const broadcasts = [
    [`${brand} product update`, 'Completed', powerUsers, missYou],
    ['Spring sale', 'Scheduled', trialUsers, welcome],
    ['Maintenance notice', 'Draft', inactive, trialEnding],
  ].map(([name, status, audience, template]) => ({
    id: id(),
    workspaceId,
    name,
    segmentId: audience.id,
    messageTemplateId: template.id,
    config: { type: 'V2', message: { type: template.type } },
    status,
    ...(status === 'Scheduled' ? { scheduledAt: new Date(now + int(random, 1, 9) * DAY).toISOString() } : {}),
    createdAt: daysAgo(16, 30),
    updatedAt: daysAgo(1, 15),
    version: 'V2',
  }));

  // Deliveries: Dittofeed's search-deliveries items (the message as sent, and its latest status).
  const emailStatuses = ['DFInternalMessageSent', 'DFEmailDelivered', 'DFEmailDelivered', 'DFEmailOpened', 'DFEmailOpened', 'DFEmailClicked', 'DFEmailBounced', 'DFEmailDropped'];
  const smsStatuses = ['DFInternalMessageSent', 'DFSmsDelivered', 'DFSmsDelivered', 'DFSmsFailed'];
  const deliveries = Array.from({ length: 12 }, (_, index) => {
    const template = pick(random, templates);
    const origin = pick(random, [...journeys, ...broadcasts]);
    const user = pick(random, FIRST_NAMES);
    const sentAt = new Date(now - index * int(random, 1, 5) * 3_600_000).toISOString();
    const variant =
      template.type === 'Email'
        ? { type: 'Email', provider: { type: 'Test' }, from: template.definition.from, to: `${user}@customer.example`, subject: template.definition.subject, body: template.definition.body }
        : { type: 'Sms', provider: { type: 'Test' }, to: `+1555${int(random, 1000000, 9999999)}`, body: template.definition.body };
    return {
      status: pick(random, template.type === 'Email' ? emailStatuses : smsStatuses),
      variant,
      sentAt,
      updatedAt: sentAt,
      [broadcasts.includes(origin) ? 'broadcastId' : 'journeyId']: origin.id,
      userId: `user-${int(random, 100, 999)}`,
      originMessageId: id(),
      templateId: template.id,
    };
  });

  const base = int(random, 80, 400);
  const analysis = {
    days: Array.from({ length: 14 }, (_, index) => {
      const sent = Math.round(base * (0.7 + random() * 0.6));
      const delivered = Math.round(sent * (0.9 + random() * 0.08));
      const opened = Math.round(delivered * (0.3 + random() * 0.3));
      const clicked = Math.round(opened * (0.1 + random() * 0.2));
      return { date: new Date(now - (13 - index) * DAY).toISOString().slice(0, 10), sent, delivered, opened, clicked };
    }),
    byChannel: [],
  };
  const totalSent = analysis.days.reduce((sum, day) => sum + day.sent, 0);
  const emailShare = 0.6 + random() * 0.3;
  analysis.byChannel = [
    { channel: 'Email', sent: Math.round(totalSent * emailShare) },
    { channel: 'Sms', sent: totalSent - Math.round(totalSent * emailShare) },
  ];

  return { workspaceId, journeys, broadcasts, templates, segments, deliveries, analysis };
}

export class WorkspaceStore {
  /** @type {Map<string, object>} */
  #workspaces = new Map();

  constructor({ parentName = 'Local parent workspace' } = {}) {
    this.parent = this.#add({ name: parentName, type: 'Parent' });
  }

  #add({ name, type, externalId, parentWorkspaceId, domain }) {
    const workspace = {
      id: randomUUID(),
      name,
      type,
      status: 'Active',
      externalId,
      parentWorkspaceId,
      domain,
      writeKey: `Basic ${randomBytes(24).toString('base64')}`,
      createdAt: Date.now(),
      /** identify and track events received through the public apps API. */
      events: [],
      /** Component configurations by name (one per component type, as Dittofeed keeps them). */
      componentConfigurations: new Map(),
    };
    workspace.content = seedContent(workspace);
    this.#workspaces.set(workspace.id, workspace);
    return workspace;
  }

  get(workspaceId) {
    return typeof workspaceId === 'string' ? this.#workspaces.get(workspaceId) : undefined;
  }

  children(parentWorkspaceId) {
    return [...this.#workspaces.values()].filter((w) => w.parentWorkspaceId === parentWorkspaceId);
  }

  /** The active child of `parentWorkspaceId` with this externalId (a tombstoned one is gone). */
  byExternalId(externalId, parentWorkspaceId = this.parent.id) {
    return this.children(parentWorkspaceId).find((w) => w.externalId === externalId && w.status === 'Active');
  }

  /** The workspace whose write key this is (as issued: `Basic …`), if any. */
  byWriteKey(writeKey) {
    return [...this.#workspaces.values()].find((w) => w.writeKey === writeKey);
  }

  /** Tombstones a workspace: it stays known but is no longer active. */
  tombstone(workspace) {
    workspace.status = 'Tombstoned';
  }

  /** Creates a child workspace, or returns `{ error }` with Dittofeed's error type. */
  createChild({ name, externalId, parentWorkspaceId, domain }) {
    const siblings = this.children(parentWorkspaceId).filter((w) => w.status === 'Active');
    if (siblings.some((w) => w.name === name || (externalId !== undefined && w.externalId === externalId))) {
      return { error: { type: 'WorkspaceAlreadyExists' } };
    }
    return { workspace: this.#add({ name, externalId, parentWorkspaceId, domain, type: 'Child' }) };
  }

  /** May a key of `ownerId` act on `workspaceId`? Dittofeed: the workspace itself or one of its children. */
  isManagedBy(workspaceId, ownerId) {
    const workspace = this.get(workspaceId);
    return Boolean(workspace && workspace.status === 'Active' && (workspace.id === ownerId || workspace.parentWorkspaceId === ownerId));
  }
}

/** A workspace as the admin API describes it (Dittofeed's WorkspaceResourceExtended). */
export function describeWorkspace(workspace) {
  const out = { id: workspace.id, name: workspace.name, type: workspace.type, status: workspace.status, writeKey: workspace.writeKey };
  if (workspace.externalId !== undefined) out.externalId = workspace.externalId;
  if (workspace.domain !== undefined) out.domain = workspace.domain;
  if (workspace.parentWorkspaceId !== undefined) out.parentWorkspaceId = workspace.parentWorkspaceId;
  return out;
}
