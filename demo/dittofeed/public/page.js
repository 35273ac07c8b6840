// The embedded pages of the local Dittofeed. Each page is a shell (server.mjs) that this script fills
// from the data API with the session token, like Dittofeed's own embedded pages: Dittofeed's routes
// and shapes (GET /api-l/embedded/journeys/, broadcasts/, segments/, content/templates,
// deliveries/, resources/; PUT journeys/ and content/templates), with Authorization: Bearer <token>.
// Two reads are ours (server.mjs, dataApi): `workspace` (name, component configurations) and
// `analysis`.
// An expired token (401) shows an expired state and reports `auth-error` to the host; a token
// delivered by the host (`connectToHost({ onToken })`) is used from then on, without a reload.
//
// Hooks the end-to-end tests rely on: main[data-page][data-workspace], #df-status
// (ok | expired | forbidden | loading), #df-reload-data, body[data-fetches], [data-expand],
// #df-add-node (journey editor), a[data-open] (list → editor), #df-draft (an input that stands for
// unsaved edits: a reload loses what was typed there).

const main = document.querySelector('main[data-page]');
const pageType = main.dataset.page;
const query = new URLSearchParams(location.search);
const workspaceId = query.get('workspaceId') ?? '';
const resourceId = query.get('id');
const protocolOn = document.documentElement.dataset.protocol === 'on';
let token = query.get('token') ?? '';

const statusEl = document.getElementById('df-status');
const nameEl = document.getElementById('df-workspace-name');
const noticeEl = document.getElementById('df-notice');
const contentEl = document.getElementById('df-content');
const reloadButton = document.getElementById('df-reload-data');

const REFETCH_MS = 3000;
const EMBEDDED = '/dashboard-l/embedded';

/** Dittofeed's resources route, asked for the names a page shows in place of ids. */
const ALL_NAMES = { segments: 'true', messageTemplates: 'true', journeys: 'true', broadcasts: 'true' };

/**
 * page type → what it reads: Dittofeed's route, the list in its answer, whether the page edits one
 * item of it (the `id` in the URL; `byIds`: the route takes `ids=`, journeys/ does not), whether
 * it shows other resources by name, and any fixed query (`params`).
 */
const READS = {
  journeys: { route: 'journeys/', list: (body) => body.journeys, names: true },
  journey: { route: 'journeys/', list: (body) => body.journeys, editor: true, names: true },
  broadcasts: { route: 'broadcasts/', list: (body) => body, names: true },
  broadcast: { route: 'broadcasts/', list: (body) => body, editor: true, byIds: true, names: true },
  templates: { route: 'content/templates', list: (body) => body.templates },
  'email-template': { route: 'content/templates', list: (body) => body.templates.filter((t) => t.type === 'Email'), editor: true, byIds: true, creates: 'Email' },
  'sms-template': { route: 'content/templates', list: (body) => body.templates.filter((t) => t.type === 'Sms'), editor: true, byIds: true, creates: 'Sms' },
  segments: { route: 'segments/', list: (body) => body.segments },
  segment: { route: 'segments/', list: (body) => body.segments, editor: true, byIds: true },
  deliveries: { route: 'deliveries/', list: (body) => body.items, names: true, params: { limit: '20' } },
  analysis: { route: 'analysis' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A v4 UUID for a new journey node (crypto.randomUUID needs a secure context; this does not). */
function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const expanded = new Set();
let fetches = 0;
let sequence = 0;
let lastRenderKey = '';
let authErrorReportedFor = null;
let reportAuthErrorToHost = null;

// ------------------------------------------------------------------------------------------------
// DOM helpers (no innerHTML: workspace and resource names come from API callers)

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children.flat(Infinity)) if (child) el.append(child instanceof Node ? child : String(child));
  return el;
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const formatDate = (ms) => (ms ? dateFormat.format(new Date(ms)) : '—');
const formatNumber = (n) => new Intl.NumberFormat('en').format(n);

const statusPill = (status) => h('span', { class: `df-pill df-pill-${String(status).toLowerCase()}` }, status);

/** A link inside Dittofeed carries the token and workspace, as Dittofeed's own links do. */
function embeddedHref(path, id) {
  const url = new URL(EMBEDDED + path, location.origin);
  url.searchParams.set('token', token);
  url.searchParams.set('workspaceId', workspaceId);
  if (id) url.searchParams.set('id', id);
  return url.pathname + url.search;
}

const openLink = (path, id, label = 'Open') =>
  h('a', { class: 'df-link', href: embeddedHref(path, id), dataset: { open: id } }, label);
const backLink = (path, label) => h('a', { class: 'df-back', href: embeddedHref(path), dataset: { back: '' } }, `← ${label}`);

/** A button that shows or hides `panel`; the state survives re-renders. */
function expander(key, panel, labels = ['Details', 'Hide details']) {
  const open = expanded.has(key);
  panel.hidden = !open;
  const panelId = `df-panel-${key.replace(/[^\w-]/g, '')}`;
  panel.id = panelId;
  const button = h(
    'button',
    { type: 'button', class: 'df-button df-button-small', 'aria-expanded': String(open), 'aria-controls': panelId, dataset: { expand: key } },
    open ? labels[1] : labels[0],
  );
  button.addEventListener('click', () => {
    const nowOpen = panel.hidden;
    panel.hidden = !nowOpen;
    if (nowOpen) expanded.add(key);
    else expanded.delete(key);
    button.setAttribute('aria-expanded', String(nowOpen));
    button.textContent = nowOpen ? labels[1] : labels[0];
  });
  return button;
}

/** A table whose rows can expand into a detail row. */
function expandableTable(columns, items, cells, detail, actions) {
  const body = h('tbody');
  for (const item of items) {
    const detailCell = h('td', { colspan: columns.length + 1 }, detail(item));
    const detailRow = h('tr', { class: 'df-detail' }, detailCell);
    const toggle = expander(item.id, detailRow);
    body.append(h('tr', { dataset: { id: item.id } }, cells(item).map((c) => h('td', {}, c)), h('td', { class: 'df-actions' }, toggle, actions?.(item))));
    body.append(detailRow);
  }
  return h(
    'table',
    { class: 'df-table' },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col' }, h('span', { class: 'df-sr' }, 'Actions')))),
    body,
  );
}

const card = (title, ...children) => h('section', { class: 'df-card' }, title ? h('h2', { class: 'df-card-title' }, title) : null, children);

// ------------------------------------------------------------------------------------------------
// Pages. Each renderer gets { items | item, names, configuration, analysis }: Dittofeed's resources
// as its API answers them, and `names` (id → name) from its resources route.

const DAY_SECONDS = 86_400;
const EXIT_NODE_ID = 'ExitNode';

const NODE_LABELS = {
  EntryNode: 'Entry',
  MessageNode: 'Message',
  DelayNode: 'Delay',
  SegmentSplitNode: 'Split',
  WaitForNode: 'Wait for',
  ExitNode: 'Exit',
};

const nameOf = (names, id) => names.get(id) ?? 'a deleted resource';

function delayLabel(variant) {
  if (variant?.type !== 'Second') return 'Wait';
  const days = variant.seconds / DAY_SECONDS;
  return Number.isInteger(days) ? `Wait ${days} day${days === 1 ? '' : 's'}` : `Wait ${Math.round(variant.seconds / 3600)} h`;
}

function nodeLabel(node, names) {
  switch (node.type) {
    case 'MessageNode':
      return node.name ?? `${node.variant?.type ?? 'Message'}: ${nameOf(names, node.variant?.templateId)}`;
    case 'DelayNode':
      return delayLabel(node.variant);
    case 'SegmentSplitNode':
      return node.name ?? `Split: ${nameOf(names, node.variant?.segment)}`;
    case 'WaitForNode':
      return `Wait for: ${nameOf(names, node.segmentChildren?.[0]?.segmentId)}`;
    default:
      return NODE_LABELS[node.type] ?? node.type;
  }
}

/** The node a step leads on to on its main path (a split's true branch, a wait's segment branch). */
const nextOf = (node) => node.child ?? node.variant?.trueChild ?? node.segmentChildren?.[0]?.id ?? node.timeoutChild;

function setNext(node, id) {
  if (node.type === 'SegmentSplitNode') node.variant.trueChild = id;
  else if (node.type === 'WaitForNode') node.segmentChildren[0].id = id;
  else node.child = id;
}

/** The nodes of a definition's main path, from the entry on (a cycle ends it). */
function mainPath(definition) {
  const byId = new Map(definition.nodes.map((node) => [node.id, node]));
  const path = new Set();
  for (let id = definition.entryNode.child; byId.has(id) && !path.has(byId.get(id)); id = nextOf(byId.get(id))) path.add(byId.get(id));
  return path;
}

/** A journey's steps in order: entry, the main path, any node off it, exit. */
function journeySteps(journey, names) {
  const definition = journey.definition;
  if (!definition) return [];
  const path = mainPath(definition);
  const ordered = [...path, ...definition.nodes.filter((node) => !path.has(node))];
  const entry = definition.entryNode;
  return [
    { id: 'EntryNode', type: 'EntryNode', label: entry.type === 'EntryNode' ? `Entry: ${nameOf(names, entry.segment)}` : `Entry: event ${entry.event}` },
    ...ordered.map((node) => ({ id: node.id, type: node.type, label: nodeLabel(node, names) })),
    { id: EXIT_NODE_ID, type: 'ExitNode', label: 'Exit' },
  ];
}

function nodeChain(steps) {
  return h('ol', { class: 'df-chain' }, steps.map((n) => h('li', { class: `df-chain-node df-node-${n.type}` }, n.label)));
}

const TRAIT_OPERATORS = { Equals: 'Equals', NotEquals: 'Not equal to', GreaterThanOrEqual: 'At least', LessThan: 'Less than', Exists: 'Exists', NotExists: 'Does not exist', Within: 'Within' };

/** A segment's rules: the entry node's children for And/Or, else the entry node itself. */
function segmentRules(segment) {
  const { entryNode, nodes } = segment.definition;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const grouped = entryNode.type === 'And' || entryNode.type === 'Or';
  return { operator: grouped ? entryNode.type : 'And', rules: grouped ? entryNode.children.map((id) => byId.get(id)).filter(Boolean) : [entryNode] };
}

function ruleParts(rule) {
  const within = rule.withinSeconds ? ` within ${Math.round(rule.withinSeconds / DAY_SECONDS)} days` : '';
  switch (rule.type) {
    case 'Trait':
      return [rule.type, rule.path, TRAIT_OPERATORS[rule.operator.type] ?? rule.operator.type, rule.operator.value ?? ''];
    case 'Performed':
      if (rule.times === 0 && rule.timesOperator === '=') return ['Not performed', rule.event, 'Ever', within];
      return [rule.type, rule.event, rule.times ? `${rule.timesOperator ?? '>='} ${rule.times} times` : 'At least once', within];
    default:
      return [rule.type, rule.event ?? rule.path ?? '', '', ''];
  }
}

function rulesList(segment) {
  const { operator, rules } = segmentRules(segment);
  return h(
    'ul',
    { class: 'df-rules' },
    rules.map((rule, index) => {
      const [kind, subject, op, value] = ruleParts(rule);
      return h(
        'li',
        {},
        index > 0 ? h('span', { class: 'df-operator' }, operator.toUpperCase()) : null,
        h('span', { class: 'df-rule-kind' }, kind),
        ` ${subject} `,
        h('span', { class: 'df-rule-op' }, op),
        ` ${value}`,
      );
    }),
  );
}

const timeOf = (value) => (typeof value === 'string' ? Date.parse(value) : value);
/** DFEmailDelivered → Delivered, DFInternalMessageSent → Sent. */
const deliveryStatus = (status) => status.replace(/^DF(Email|Sms|InternalMessage|Webhook)?/, '') || status;

/** The steps the journey editor adds, in Dittofeed's node shapes, leading on to `next`. */
const NEW_STEPS = {
  DelayNode: ['Delay', (next) => ({ id: newId(), type: 'DelayNode', variant: { type: 'Second', seconds: DAY_SECONDS }, child: next })],
  MessageNode: ['Message', (next, { templateId }) => ({ id: newId(), type: 'MessageNode', name: 'Email: follow-up', variant: { type: 'Email', templateId }, child: next })],
  SegmentSplitNode: ['Segment split', (next, { segmentId }) => ({ id: newId(), type: 'SegmentSplitNode', name: 'Split: opened last email?', variant: { type: 'Boolean', segment: segmentId, trueChild: next, falseChild: EXIT_NODE_ID } })],
  WaitForNode: ['Wait for segment', (next, { segmentId }) => ({ id: newId(), type: 'WaitForNode', timeoutSeconds: 3 * DAY_SECONDS, timeoutChild: EXIT_NODE_ID, segmentChildren: [{ id: next, segmentId }] })],
};

const renderers = {
  journeys: ({ items, names }) =>
    card(
      null,
      expandableTable(
        ['Name', 'Status', 'Steps', 'Updated'],
        items,
        (j) => [h('strong', {}, j.name), statusPill(j.status), j.definition?.nodes.length ?? 0, formatDate(j.updatedAt)],
        (j) => nodeChain(journeySteps(j, names)),
        (j) => openLink('/journeys/v2', j.id),
      ),
    ),

  journey: ({ item: journey, names }) => {
    const select = h(
      'select',
      { id: 'df-node-type', class: 'df-select', 'aria-label': 'Step type' },
      Object.entries(NEW_STEPS).map(([value, [label]]) => h('option', { value }, label)),
    );
    const add = h('button', { type: 'button', id: 'df-add-node', class: 'df-button df-button-primary', disabled: !journey.definition }, 'Add step');
    add.addEventListener('click', () => addStep(journey, select.value, add));
    const steps = journeySteps(journey, names);
    return [
      backLink('/journeys', 'All journeys'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, journey.name), statusPill(journey.status)),
        h('div', { class: 'df-toolbar-row' }, select, add),
        h(
          'ol',
          { class: 'df-flow', dataset: { nodes: steps.length } },
          steps.map((node) => {
            const details = h('dl', { class: 'df-node-details' }, h('dt', {}, 'Type'), h('dd', {}, node.type), h('dt', {}, 'Step id'), h('dd', {}, h('code', {}, node.id)));
            return h(
              'li',
              { class: `df-flow-node df-node-${node.type}`, dataset: { nodeId: node.id } },
              h('span', { class: 'df-node-kind' }, NODE_LABELS[node.type] ?? node.type),
              h('span', { class: 'df-node-label' }, node.label),
              node.type === 'ExitNode' ? null : [expander(`node-${node.id}`, details, ['Details', 'Hide']), details],
            );
          }),
        ),
      ),
    ];
  },

  broadcasts: ({ items, names }) =>
    card(
      null,
      expandableTable(
        ['Name', 'Status', 'Audience', 'Content', 'Scheduled'],
        items,
        (b) => [h('strong', {}, b.name), statusPill(b.status), nameOf(names, b.segmentId), nameOf(names, b.messageTemplateId), formatDate(timeOf(b.scheduledAt))],
        (b) => h('p', {}, `Sends “${nameOf(names, b.messageTemplateId)}” to “${nameOf(names, b.segmentId)}”. Last changed ${formatDate(b.updatedAt)}.`),
        (b) => openLink('/broadcasts/v2', b.id),
      ),
    ),

  broadcast: ({ item: b, names }) => {
    const audience = nameOf(names, b.segmentId);
    const estimate = h(
      'div',
      {},
      h('p', {}, `Users in “${audience}” when the broadcast starts receive it.`),
      h('p', {}, 'Users who unsubscribed from this channel are skipped at send time.'),
    );
    return [
      backLink('/broadcasts', 'All broadcasts'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, b.name), statusPill(b.status)),
        h(
          'ol',
          { class: 'df-steps' },
          h('li', { class: 'df-step' }, h('h3', {}, '1. Recipients'), h('p', {}, audience), expander(`estimate-${b.id}`, estimate, ['Show estimate', 'Hide estimate']), estimate),
          h('li', { class: 'df-step' }, h('h3', {}, '2. Content'), h('p', {}, nameOf(names, b.messageTemplateId))),
          h('li', { class: 'df-step' }, h('h3', {}, '3. Configuration'), h('p', {}, b.scheduledAt ? `Scheduled for ${formatDate(timeOf(b.scheduledAt))}` : 'Send immediately')),
        ),
      ),
    ];
  },

  templates: ({ items }) =>
    card(
      null,
      expandableTable(
        ['Name', 'Channel', 'Updated'],
        items,
        (t) => [h('strong', {}, t.name), statusPill(t.type), formatDate(t.updatedAt)],
        (t) => h('pre', { class: 'df-pre' }, t.type === 'Email' ? `Subject: ${t.definition?.subject ?? ''}\n\n${t.definition?.body ?? ''}` : (t.definition?.body ?? '')),
        (t) => openLink(t.type === 'Email' ? '/templates/email' : '/templates/sms', t.id),
      ),
    ),

  'email-template': ({ item: t }) => {
    const { from = '', subject = '', body = '' } = t.definition ?? {};
    const preview = h('div', { class: 'df-email-preview' }, h('p', { class: 'df-email-subject' }, fill(subject)), h('pre', { class: 'df-pre' }, fill(body)));
    return [
      backLink('/templates', 'All templates'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, t.name), statusPill('Email')),
        h('dl', { class: 'df-fields' }, h('dt', {}, 'From'), h('dd', {}, from), h('dt', {}, 'Subject'), h('dd', {}, subject)),
        h('pre', { class: 'df-pre df-code' }, body),
        expander(`preview-${t.id}`, preview, ['Preview for Ada', 'Hide preview']),
        preview,
      ),
    ];
  },

  'sms-template': ({ item: t }) => {
    const body = t.definition?.body ?? '';
    const parts = Math.max(1, Math.ceil(body.length / 160));
    const preview = h('div', { class: 'df-phone' }, h('p', { class: 'df-bubble' }, fill(body)));
    return [
      backLink('/templates', 'All templates'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, t.name), statusPill('Sms')),
        h('pre', { class: 'df-pre df-code' }, body),
        h('p', { class: 'df-muted' }, `${body.length} characters · ${parts} SMS part${parts > 1 ? 's' : ''}`),
        expander(`preview-${t.id}`, preview, ['Preview on a phone', 'Hide preview']),
        preview,
      ),
    ];
  },

  segments: ({ items }) =>
    card(
      null,
      expandableTable(
        ['Name', 'Rules', 'Updated'],
        items,
        (sg) => [h('strong', {}, sg.name), segmentRules(sg).rules.length, formatDate(sg.updatedAt)],
        (sg) => rulesList(sg),
        (sg) => openLink('/segments/v1', sg.id),
      ),
    ),

  segment: ({ item: sg }) => {
    const { operator, rules } = segmentRules(sg);
    const definition = h('pre', { class: 'df-pre df-code' }, JSON.stringify(sg.definition, null, 2));
    return [
      backLink('/segments', 'All segments'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, sg.name), h('span', { class: 'df-muted' }, `${rules.length} rule${rules.length === 1 ? '' : 's'}`)),
        h('p', {}, `Users match ${operator === 'And' ? 'all' : 'any'} of these rules:`),
        rulesList(sg),
        expander(`definition-${sg.id}`, definition, ['Show definition', 'Hide definition']),
        definition,
      ),
    ];
  },

  deliveries: ({ items, names, configuration }) => {
    // A DeliveriesTable component configuration picks the columns and links them into the host app.
    const link = (template, placeholder, value, text) => {
      const href = template && value ? template.split(`{${placeholder}}`).join(encodeURIComponent(value)) : null;
      return href && /^(https?:\/\/|\/)/.test(href) ? h('a', { href, target: '_top', class: 'df-link', dataset: { link: placeholder } }, text) : text;
    };
    const config = configuration ?? {};
    const originId = (d) => d.journeyId ?? d.broadcastId;
    const columns = {
      to: ['To', (d) => d.variant.to],
      from: ['From', (d) => d.variant.from ?? '—'],
      userId: ['User', (d) => link(config.userUriTemplate, 'userId', d.userId, d.userId)],
      channel: ['Channel', (d) => d.variant.type],
      status: ['Status', (d) => statusPill(deliveryStatus(d.status))],
      template: ['Template', (d) => link(config.templateUriTemplate, 'templateId', d.templateId, nameOf(names, d.templateId))],
      origin: ['Origin', (d) => link(config.originUriTemplate, 'originId', originId(d), originId(d) ? nameOf(names, originId(d)) : '—')],
      snippet: ['Snippet', (d) => d.variant.subject ?? d.variant.body?.slice(0, 80) ?? ''],
      sentAt: ['Sent', (d) => formatDate(timeOf(d.sentAt))],
      updatedAt: ['Updated', (d) => formatDate(timeOf(d.updatedAt))],
    };
    const shown = (config.columnAllowList ?? ['to', 'channel', 'status', 'template', 'origin', 'sentAt']).filter((key) => Object.hasOwn(columns, key));
    const rows = items.map((d) => ({ ...d, id: d.originMessageId }));
    return card(
      null,
      expandableTable(
        shown.map((key) => columns[key][0]),
        rows,
        (d) => shown.map((key) => columns[key][1](d)),
        (d) => h('dl', { class: 'df-fields' }, h('dt', {}, 'User'), h('dd', {}, d.userId), h('dt', {}, 'Snippet'), h('dd', {}, columns.snippet[1](d)), h('dt', {}, 'Message id'), h('dd', {}, h('code', {}, d.originMessageId))),
      ),
    );
  },

  analysis: ({ analysis }) => {
    const totals = analysis.days.reduce(
      (sum, day) => ({ sent: sum.sent + day.sent, delivered: sum.delivered + day.delivered, opened: sum.opened + day.opened, clicked: sum.clicked + day.clicked }),
      { sent: 0, delivered: 0, opened: 0, clicked: 0 },
    );
    const percent = (a, b) => (b ? `${((a / b) * 100).toFixed(1)}%` : '—');
    const breakdown = h(
      'table',
      { class: 'df-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'Sent'), h('th', { scope: 'col' }, 'Share'))),
      h('tbody', {}, analysis.byChannel.map((c) => h('tr', {}, h('td', {}, c.channel), h('td', {}, formatNumber(c.sent)), h('td', {}, percent(c.sent, totals.sent))))),
    );
    return [
      h(
        'div',
        { class: 'df-stats' },
        [
          ['Sent', formatNumber(totals.sent)],
          ['Delivered', percent(totals.delivered, totals.sent)],
          ['Opened', percent(totals.opened, totals.delivered)],
          ['Clicked', percent(totals.clicked, totals.opened)],
        ].map(([label, value]) => h('div', { class: 'df-stat' }, h('span', { class: 'df-stat-label' }, label), h('strong', { class: 'df-stat-value' }, value))),
      ),
      card('Messages per day', chart(analysis.days), h('div', { class: 'df-toolbar-row' }, expander('by-channel', breakdown, ['Breakdown by channel', 'Hide breakdown'])), breakdown),
    ];
  },
};

const fill = (text) => text.replaceAll('{{ user.firstName }}', 'Ada').replaceAll(/\{\{[^}]*\}\}/g, '…');

function chart(days) {
  const width = 640;
  const height = 220;
  const pad = { left: 44, right: 24, top: 12, bottom: 28 };
  const max = Math.max(1, ...days.map((d) => d.sent));
  const x = (i) => pad.left + (i * (width - pad.left - pad.right)) / Math.max(1, days.length - 1);
  const y = (v) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const series = [
    ['sent', 'df-series-sent', 'Sent'],
    ['opened', 'df-series-opened', 'Opened'],
    ['clicked', 'df-series-clicked', 'Clicked'],
  ];
  const grid = [0, 0.5, 1].map((f) =>
    s('g', {}, s('line', { x1: pad.left, x2: width - pad.right, y1: y(max * f), y2: y(max * f), class: 'df-grid' }), s('text', { x: pad.left - 6, y: y(max * f) + 4, 'text-anchor': 'end', class: 'df-axis' }, formatNumber(Math.round(max * f)))),
  );
  const labels = days
    .map((d, i) => (i % 3 === 0 || i === days.length - 1 ? s('text', { x: x(i), y: height - 8, 'text-anchor': 'middle', class: 'df-axis' }, d.date.slice(5)) : null))
    .filter(Boolean);
  const lines = series.map(([key, cls]) => s('polyline', { class: `df-line ${cls}`, points: days.map((d, i) => `${x(i).toFixed(1)},${y(d[key]).toFixed(1)}`).join(' ') }));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'df-chart', role: 'img', 'aria-label': 'Messages sent, opened and clicked per day over the last 14 days' }, grid, labels, lines);
  const legend = h('ul', { class: 'df-legend' }, series.map(([, cls, label]) => h('li', { class: cls }, label)));
  return [svg, legend];
}

// ------------------------------------------------------------------------------------------------
// Data

function setStatus(state) {
  statusEl.textContent = state;
  statusEl.dataset.state = state;
}

function notice(text, kind) {
  noticeEl.hidden = !text;
  noticeEl.textContent = text ?? '';
  noticeEl.dataset.kind = kind ?? '';
}

const read = READS[pageType];

function apiUrl(route, params = {}) {
  const url = new URL(`/api-l/embedded/${route}`, location.origin);
  url.searchParams.set('workspaceId', workspaceId);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
}

/** What a load reads: our workspace route, the page's route (an editor asks for its id), the names. */
function readUrls() {
  const editorIds = read.byIds && resourceId ? { ids: resourceId } : {};
  return [apiUrl('workspace'), apiUrl(read.route, { ...read.params, ...editorIds }), read.names ? apiUrl('resources/', ALL_NAMES) : null].filter(Boolean);
}

function reportAuthError() {
  if (!protocolOn || authErrorReportedFor === token) return;
  authErrorReportedFor = token; // once per token: the host answers with a new one
  if (reportAuthErrorToHost) reportAuthErrorToHost();
  else if (window.parent !== window) window.parent.postMessage({ dittofeed: 1, type: 'auth-error' }, '*');
}

/** Shows what a refused answer means. Returns true when every answer was a success. */
function acceptable(answers) {
  if (answers.some(({ response }) => response.status === 401)) {
    setStatus('expired');
    notice('Your session has expired. Waiting for a new one…', 'expired');
    contentEl.dataset.stale = '';
    reportAuthError();
    return false;
  }
  if (answers.some(({ response }) => response.status === 403)) {
    setStatus('forbidden');
    notice('This session cannot open this workspace.', 'forbidden');
    contentEl.replaceChildren();
    lastRenderKey = '';
    return false;
  }
  const failed = answers.find(({ response, body }) => !response.ok || body === null);
  if (failed) {
    setStatus('ok');
    notice(failed.response.status === 404 ? 'Not found in this workspace.' : `Could not load data (${failed.response.status}).`, 'error');
    return false;
  }
  return true;
}

function showNotFound() {
  setStatus('ok');
  notice('Not found in this workspace.', 'error');
  contentEl.replaceChildren();
  lastRenderKey = '';
}

/** Renders a successful load: the workspace, the page's resources, the names they refer to. */
function render([workspace, main, resources]) {
  fetches += 1;
  document.body.dataset.fetches = String(fetches);
  setStatus('ok');
  notice(null);
  delete contentEl.dataset.stale;
  nameEl.textContent = workspace.body.name;
  document.title = `${document.getElementById('df-title').textContent} · ${workspace.body.name}`;
  const names = new Map(Object.values(resources?.body ?? {}).flat().map(({ id, name }) => [id, name]));
  const view = { names, configuration: workspace.body.componentConfigurations?.DeliveriesTable ?? null };
  if (!read.list) view.analysis = main.body;
  else if (!read.editor) view.items = read.list(main.body);
  else {
    const items = read.list(main.body);
    // An editor opened without an id shows the first resource, like a fresh draft would.
    view.item = resourceId ? items.find((item) => item.id === resourceId) : items[0];
    if (!view.item) return void (read.creates && UUID.test(resourceId ?? '') ? createTemplate(read.creates) : showNotFound());
  }
  // Re-render only on change, so polling never disturbs what the user is looking at.
  const key = JSON.stringify([main.body, resources?.body, view.configuration, token]);
  if (key !== lastRenderKey) {
    lastRenderKey = key;
    contentEl.replaceChildren(...[renderers[pageType](view)].flat());
  }
}

const send = (url, init = {}) =>
  fetch(url, { ...init, cache: 'no-store', headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...init.headers } }).then(async (response) => ({
    response,
    body: await response.json().catch(() => null),
  }));

async function load() {
  const mine = ++sequence;
  let answers;
  try {
    answers = await Promise.all(readUrls().map((url) => send(url)));
  } catch {
    if (mine === sequence) notice('Network error; retrying…', 'error');
    return;
  }
  // A newer load (e.g. after a token arrived) has already been sent: drop this answer.
  if (mine !== sequence) return;
  if (acceptable(answers)) render(answers);
}

/** Writes through Dittofeed's PUT routes, then loads again to show what was stored. */
async function write(route, body) {
  let answer;
  try {
    answer = await send(apiUrl(route), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ workspaceId, ...body }) });
  } catch {
    notice('Network error; not saved.', 'error');
    return;
  }
  if (acceptable([answer])) await load();
}

let createTried = false;
/** Dittofeed's editors create the template the first time they open with a new id (once: a refusal stays shown). */
function createTemplate(type) {
  if (createTried) return void showNotFound();
  createTried = true;
  const definition = type === 'Email' ? { type, from: '', subject: '', body: '' } : { type, body: '' };
  void write('content/templates', { id: resourceId, name: type === 'Email' ? 'Untitled email' : 'Untitled SMS', definition });
}

/** Adds a step at the end of the journey's main path, before its exit, and saves the journey. */
function addStep(journey, type, button) {
  const definition = structuredClone(journey.definition);
  const last = [...mainPath(definition)].at(-1);
  const firstMessage = definition.nodes.find((node) => node.type === 'MessageNode');
  const step = NEW_STEPS[type][1](EXIT_NODE_ID, { templateId: firstMessage?.variant.templateId ?? '', segmentId: definition.entryNode.segment ?? '' });
  if (last) setNext(last, step.id);
  else definition.entryNode.child = step.id;
  definition.nodes.push(step);
  button.disabled = true;
  write('journeys/', { id: journey.id, name: journey.name, definition }).finally(() => {
    button.disabled = false;
  });
}

// ------------------------------------------------------------------------------------------------
// Start

/**
 * Starts the page; `child` is dittofeed-embed/child when the page speaks the protocol, else null.
 * The entry files import it statically (page-protocol.js): in WebKitGTK 2.50 removing a frame
 * while its page awaits a dynamic import() stops the host page, and hosts remove frames at will.
 */
export function start(child) {
  reloadButton.addEventListener('click', () => load());
  setInterval(load, REFETCH_MS);
  if (child) {
    reportAuthErrorToHost = () => child.reportAuthError();
    child.connectToHost({
      onToken(newToken) {
        token = newToken;
        authErrorReportedFor = null;
        load();
      },
    });
  }
  load();
}
