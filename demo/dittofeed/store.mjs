// The local Dittofeed's in-memory store: workspaces and, per workspace, plausible seeded content
// (journeys, broadcasts, templates, segments, deliveries, analysis). Content is derived from the
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

function seedContent(workspace, now = Date.now()) {
  const random = prng(`${workspace.name}|${workspace.externalId ?? ''}`);
  const brand = workspace.name;
  const domain = workspace.domain ?? `${brand.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'example'}.example`;

  const segments = [
    {
      id: id(),
      name: `${brand} trial users`,
      operator: 'And',
      rules: [
        { kind: 'Trait', path: 'plan', operator: 'Equals', value: 'trial' },
        { kind: 'Performed', event: 'Signed Up', operator: 'Within', value: '14 days' },
      ],
    },
    {
      id: id(),
      name: 'Inactive for 30 days',
      operator: 'And',
      rules: [{ kind: 'LastPerformed', event: 'Session Started', operator: 'Before', value: '30 days ago' }],
    },
    {
      id: id(),
      name: `${brand} power users`,
      operator: 'Or',
      rules: [
        { kind: 'Performed', event: 'Report Exported', operator: 'At least', value: '5 times' },
        { kind: 'Trait', path: 'seats', operator: 'Greater than', value: '10' },
        { kind: 'Trait', path: 'role', operator: 'Equals', value: 'admin' },
      ],
    },
  ].map((segment) => ({ ...segment, users: int(random, 40, 4000), updatedAt: now - int(random, 1, 30) * DAY }));

  const templates = [
    {
      id: id(),
      name: `Welcome to ${brand}`,
      channel: 'Email',
      from: `hello@${domain}`,
      subject: `Welcome to ${brand}, {{ user.firstName }}!`,
      body: `Hi {{ user.firstName }},\n\nThanks for joining ${brand}. Here are three things to try first.\n\n— The ${brand} team`,
    },
    {
      id: id(),
      name: 'Trial ending soon',
      channel: 'Email',
      from: `billing@${domain}`,
      subject: 'Your trial ends in 3 days',
      body: `Hi {{ user.firstName }},\n\nYour ${brand} trial ends on {{ user.trialEndsAt }}. Upgrade to keep your data.`,
    },
    {
      id: id(),
      name: 'We miss you',
      channel: 'Email',
      from: `hello@${domain}`,
      subject: `What's new at ${brand}`,
      body: `Hi {{ user.firstName }},\n\nA lot has changed since your last visit. Come and see.`,
    },
    {
      id: id(),
      name: 'Login code',
      channel: 'Sms',
      body: `${brand}: your login code is {{ user.code }}. It expires in 10 minutes.`,
    },
    {
      id: id(),
      name: 'Trial reminder (SMS)',
      channel: 'Sms',
      body: `${brand}: your trial ends in 3 days. Reply STOP to opt out.`,
    },
  ].map((template) => ({ ...template, updatedAt: now - int(random, 1, 20) * DAY }));

  const [welcome, trialEnding, missYou, , trialSms] = templates;
  const journeys = [
    {
      id: id(),
      name: `${brand} onboarding`,
      status: 'Running',
      nodes: [
        { id: id(), type: 'EntryNode', label: `Entry: ${segments[0].name}` },
        { id: id(), type: 'MessageNode', label: `Email: ${welcome.name}` },
        { id: id(), type: 'DelayNode', label: 'Wait 2 days' },
        { id: id(), type: 'SegmentSplitNode', label: 'Has invited a teammate?' },
        { id: id(), type: 'MessageNode', label: `Email: ${trialEnding.name}` },
        { id: id(), type: 'ExitNode', label: 'Exit' },
      ],
    },
    {
      id: id(),
      name: 'Win-back',
      status: 'Paused',
      nodes: [
        { id: id(), type: 'EntryNode', label: `Entry: ${segments[1].name}` },
        { id: id(), type: 'MessageNode', label: `Email: ${missYou.name}` },
        { id: id(), type: 'ExitNode', label: 'Exit' },
      ],
    },
    {
      id: id(),
      name: 'Trial expiry reminders',
      status: 'NotStarted',
      nodes: [
        { id: id(), type: 'EntryNode', label: 'Entry: trial ends in 3 days' },
        { id: id(), type: 'MessageNode', label: `SMS: ${trialSms.name}` },
        { id: id(), type: 'DelayNode', label: 'Wait 1 day' },
        { id: id(), type: 'MessageNode', label: `Email: ${trialEnding.name}` },
        { id: id(), type: 'ExitNode', label: 'Exit' },
      ],
    },
  ].map((journey) => ({ ...journey, updatedAt: now - int(random, 1, 10) * DAY }));

  const broadcasts = [
    { name: `${brand} product update`, status: 'Completed', segment: segments[2], template: missYou },
    { name: 'Spring sale', status: 'Scheduled', segment: segments[0], template: welcome },
    { name: 'Maintenance notice', status: 'Draft', segment: segments[1], template: trialEnding },
  ].map((broadcast) => ({
    id: id(),
    name: broadcast.name,
    status: broadcast.status,
    segmentId: broadcast.segment.id,
    segmentName: broadcast.segment.name,
    templateId: broadcast.template.id,
    templateName: broadcast.template.name,
    recipients: broadcast.segment.users,
    scheduledAt: broadcast.status === 'Scheduled' ? now + int(random, 1, 9) * DAY : null,
    updatedAt: now - int(random, 1, 15) * DAY,
  }));

  const statuses = ['Sent', 'Delivered', 'Delivered', 'Opened', 'Opened', 'Clicked', 'Bounced', 'Failed'];
  const deliveries = Array.from({ length: 12 }, (_, index) => {
    const template = pick(random, templates);
    const origin = pick(random, [...journeys, ...broadcasts]);
    const user = pick(random, FIRST_NAMES);
    return {
      id: id(),
      userId: `user-${int(random, 100, 999)}`,
      to: template.channel === 'Email' ? `${user}@customer.example` : `+1555${int(random, 1000000, 9999999)}`,
      channel: template.channel,
      status: pick(random, statuses),
      templateId: template.id,
      templateName: template.name,
      originId: origin.id,
      originName: origin.name,
      sentAt: now - index * int(random, 1, 5) * 3_600_000,
      snippet: template.channel === 'Email' ? template.subject : template.body.slice(0, 80),
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

  return { journeys, broadcasts, templates, segments, deliveries, analysis };
}

/** The node types a user can add in the journey editor. */
export const ADDABLE_NODE_TYPES = {
  DelayNode: 'Wait 1 day',
  MessageNode: 'Email: follow-up',
  SegmentSplitNode: 'Split: opened last email?',
  WaitForNode: 'Wait for event: Purchase Completed',
};

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
