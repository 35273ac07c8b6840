// The embedded pages of the local Dittofeed. Each page is a shell (server.mjs) that this script fills
// from the data API with the session token, like Dittofeed's own embedded pages:
//   GET /api-l/embedded/<resource>?workspaceId=…  with  Authorization: Bearer <token>
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

/** page type → [data API resource, is an editor, channel filter] */
const ENDPOINTS = {
  journeys: ['journeys', false],
  journey: ['journeys', true],
  broadcasts: ['broadcasts', false],
  broadcast: ['broadcasts', true],
  templates: ['templates', false],
  'email-template': ['templates', true, 'Email'],
  'sms-template': ['templates', true, 'Sms'],
  segments: ['segments', false],
  segment: ['segments', true],
  deliveries: ['deliveries', false],
  analysis: ['analysis', false],
};

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
// Pages

const NODE_LABELS = {
  EntryNode: 'Entry',
  MessageNode: 'Message',
  DelayNode: 'Delay',
  SegmentSplitNode: 'Split',
  WaitForNode: 'Wait for',
  ExitNode: 'Exit',
};

function nodeChain(nodes) {
  return h('ol', { class: 'df-chain' }, nodes.map((n) => h('li', { class: `df-chain-node df-node-${n.type}` }, n.label)));
}

function rulesList(segment) {
  return h(
    'ul',
    { class: 'df-rules' },
    segment.rules.map((rule, index) =>
      h(
        'li',
        {},
        index > 0 ? h('span', { class: 'df-operator' }, segment.operator.toUpperCase()) : null,
        h('span', { class: 'df-rule-kind' }, rule.kind),
        ` ${rule.path ?? rule.event} `,
        h('span', { class: 'df-rule-op' }, rule.operator),
        ` ${rule.value}`,
      ),
    ),
  );
}

const renderers = {
  journeys: ({ items }) =>
    card(
      null,
      expandableTable(
        ['Name', 'Status', 'Steps', 'Updated'],
        items,
        (j) => [h('strong', {}, j.name), statusPill(j.status), j.nodes.length, formatDate(j.updatedAt)],
        (j) => nodeChain(j.nodes),
        (j) => openLink('/journeys/v2', j.id),
      ),
    ),

  journey: ({ item: journey }) => {
    const select = h(
      'select',
      { id: 'df-node-type', class: 'df-select', 'aria-label': 'Step type' },
      Object.entries({ DelayNode: 'Delay', MessageNode: 'Message', SegmentSplitNode: 'Segment split', WaitForNode: 'Wait for event' }).map(([value, label]) =>
        h('option', { value }, label),
      ),
    );
    const add = h('button', { type: 'button', id: 'df-add-node', class: 'df-button df-button-primary' }, 'Add step');
    add.addEventListener('click', () => addNode(journey.id, select.value, add));
    return [
      backLink('/journeys', 'All journeys'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, journey.name), statusPill(journey.status)),
        h('div', { class: 'df-toolbar-row' }, select, add),
        h(
          'ol',
          { class: 'df-flow', dataset: { nodes: journey.nodes.length } },
          journey.nodes.map((node) => {
            const details = h('dl', { class: 'df-node-details' }, h('dt', {}, 'Type'), h('dd', {}, node.type), h('dt', {}, 'Step id'), h('dd', {}, h('code', {}, node.id)));
            return h(
              'li',
              { class: `df-flow-node df-node-${node.type}`, dataset: { nodeId: node.id } },
              h('span', { class: 'df-node-kind' }, NODE_LABELS[node.type] ?? node.type),
              h('span', { class: 'df-node-label' }, node.label),
              node.type === 'ExitNode' ? null : expander(`node-${node.id}`, details, ['Details', 'Hide']),
              details,
            );
          }),
        ),
      ),
    ];
  },

  broadcasts: ({ items }) =>
    card(
      null,
      expandableTable(
        ['Name', 'Status', 'Audience', 'Recipients', 'Scheduled'],
        items,
        (b) => [h('strong', {}, b.name), statusPill(b.status), b.segmentName, formatNumber(b.recipients), formatDate(b.scheduledAt)],
        (b) => h('p', {}, `Sends “${b.templateName}” to “${b.segmentName}”. Last changed ${formatDate(b.updatedAt)}.`),
        (b) => openLink('/broadcasts/v2', b.id),
      ),
    ),

  broadcast: ({ item: b }) => {
    const estimate = h(
      'div',
      {},
      h('p', {}, `${formatNumber(b.recipients)} users are in “${b.segmentName}” right now.`),
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
          h('li', { class: 'df-step' }, h('h3', {}, '1. Recipients'), h('p', {}, b.segmentName), expander(`estimate-${b.id}`, estimate, ['Show estimate', 'Hide estimate']), estimate),
          h('li', { class: 'df-step' }, h('h3', {}, '2. Content'), h('p', {}, b.templateName)),
          h('li', { class: 'df-step' }, h('h3', {}, '3. Configuration'), h('p', {}, b.scheduledAt ? `Scheduled for ${formatDate(b.scheduledAt)}` : 'Send immediately')),
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
        (t) => [h('strong', {}, t.name), statusPill(t.channel), formatDate(t.updatedAt)],
        (t) => h('pre', { class: 'df-pre' }, t.channel === 'Email' ? `Subject: ${t.subject}\n\n${t.body}` : t.body),
        (t) => openLink(t.channel === 'Email' ? '/templates/email' : '/templates/sms', t.id),
      ),
    ),

  'email-template': ({ item: t }) => {
    const preview = h('div', { class: 'df-email-preview' }, h('p', { class: 'df-email-subject' }, fill(t.subject)), h('pre', { class: 'df-pre' }, fill(t.body)));
    return [
      backLink('/templates', 'All templates'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, t.name), statusPill('Email')),
        h('dl', { class: 'df-fields' }, h('dt', {}, 'From'), h('dd', {}, t.from), h('dt', {}, 'Subject'), h('dd', {}, t.subject)),
        h('pre', { class: 'df-pre df-code' }, t.body),
        expander(`preview-${t.id}`, preview, ['Preview for Ada', 'Hide preview']),
        preview,
      ),
    ];
  },

  'sms-template': ({ item: t }) => {
    const parts = Math.max(1, Math.ceil(t.body.length / 160));
    const preview = h('div', { class: 'df-phone' }, h('p', { class: 'df-bubble' }, fill(t.body)));
    return [
      backLink('/templates', 'All templates'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, t.name), statusPill('Sms')),
        h('pre', { class: 'df-pre df-code' }, t.body),
        h('p', { class: 'df-muted' }, `${t.body.length} characters · ${parts} SMS part${parts > 1 ? 's' : ''}`),
        expander(`preview-${t.id}`, preview, ['Preview on a phone', 'Hide preview']),
        preview,
      ),
    ];
  },

  segments: ({ items }) =>
    card(
      null,
      expandableTable(
        ['Name', 'Users', 'Rules', 'Updated'],
        items,
        (sg) => [h('strong', {}, sg.name), formatNumber(sg.users), sg.rules.length, formatDate(sg.updatedAt)],
        (sg) => rulesList(sg),
        (sg) => openLink('/segments/v1', sg.id),
      ),
    ),

  segment: ({ item: sg }) => {
    const definition = h('pre', { class: 'df-pre df-code' }, JSON.stringify({ operator: sg.operator, rules: sg.rules }, null, 2));
    return [
      backLink('/segments', 'All segments'),
      card(
        null,
        h('div', { class: 'df-editor-head' }, h('h2', { class: 'df-card-title' }, sg.name), h('span', { class: 'df-muted' }, `${formatNumber(sg.users)} users`)),
        h('p', {}, `Users match ${sg.operator === 'And' ? 'all' : 'any'} of these rules:`),
        rulesList(sg),
        expander(`definition-${sg.id}`, definition, ['Show definition', 'Hide definition']),
        definition,
      ),
    ];
  },

  deliveries: ({ items, configuration }) => {
    // A DeliveriesTable component configuration picks the columns and links them into the host app.
    const link = (template, placeholder, value, text) => {
      const href = template ? template.split(`{${placeholder}}`).join(encodeURIComponent(value)) : null;
      return href && /^(https?:\/\/|\/)/.test(href) ? h('a', { href, target: '_top', class: 'df-link', dataset: { link: placeholder } }, text) : text;
    };
    const config = configuration ?? {};
    const columns = {
      to: ['To', (d) => d.to],
      from: ['From', (d) => (d.channel === 'Email' ? 'hello@dittofeed.example' : '+15550100')],
      userId: ['User', (d) => link(config.userUriTemplate, 'userId', d.userId, d.userId)],
      channel: ['Channel', (d) => d.channel],
      status: ['Status', (d) => statusPill(d.status)],
      template: ['Template', (d) => link(config.templateUriTemplate, 'templateId', d.templateId, d.templateName)],
      origin: ['Origin', (d) => link(config.originUriTemplate, 'originId', d.originId, d.originName)],
      snippet: ['Snippet', (d) => d.snippet],
      sentAt: ['Sent', (d) => formatDate(d.sentAt)],
      updatedAt: ['Updated', (d) => formatDate(d.sentAt)],
    };
    const shown = (config.columnAllowList ?? ['to', 'channel', 'status', 'template', 'origin', 'sentAt']).filter((key) => Object.hasOwn(columns, key));
    return card(
      null,
      expandableTable(
        shown.map((key) => columns[key][0]),
        items,
        (d) => shown.map((key) => columns[key][1](d)),
        (d) => h('dl', { class: 'df-fields' }, h('dt', {}, 'User'), h('dd', {}, d.userId), h('dt', {}, 'Snippet'), h('dd', {}, d.snippet), h('dt', {}, 'Delivery id'), h('dd', {}, h('code', {}, d.id))),
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

function dataUrl() {
  const [resource, editor, channel] = ENDPOINTS[pageType];
  const url = new URL(`/api-l/embedded/${resource}`, location.origin);
  url.searchParams.set('workspaceId', workspaceId);
  if (editor) url.searchParams.set('id', resourceId ?? '');
  if (channel) url.searchParams.set('channel', channel);
  return url;
}

function reportAuthError() {
  if (!protocolOn || authErrorReportedFor === token) return;
  authErrorReportedFor = token; // once per token: the host answers with a new one
  if (reportAuthErrorToHost) reportAuthErrorToHost();
  else if (window.parent !== window) window.parent.postMessage({ dittofeed: 1, type: 'auth-error' }, '*');
}

/** Applies an answer of the data API. Returns true when it was a success. */
function apply(response, body) {
  if (response.status === 401) {
    setStatus('expired');
    notice('Your session has expired. Waiting for a new one…', 'expired');
    contentEl.dataset.stale = '';
    reportAuthError();
    return false;
  }
  if (response.status === 403) {
    setStatus('forbidden');
    notice('This session cannot open this workspace.', 'forbidden');
    contentEl.replaceChildren();
    lastRenderKey = '';
    return false;
  }
  if (!response.ok || !body) {
    setStatus('ok');
    notice(response.status === 404 ? 'Not found in this workspace.' : `Could not load data (${response.status}).`, 'error');
    return false;
  }
  fetches += 1;
  document.body.dataset.fetches = String(fetches);
  setStatus('ok');
  notice(null);
  delete contentEl.dataset.stale;
  nameEl.textContent = body.workspace.name;
  document.title = `${document.getElementById('df-title').textContent} · ${body.workspace.name}`;
  // Re-render only on change, so polling never disturbs what the user is looking at.
  const key = JSON.stringify([body, token]);
  if (key !== lastRenderKey) {
    lastRenderKey = key;
    contentEl.replaceChildren(...[renderers[pageType](body)].flat());
  }
  return true;
}

async function request(url, init = {}) {
  const mine = ++sequence;
  let response;
  let body = null;
  try {
    response = await fetch(url, {
      ...init,
      cache: 'no-store',
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...init.headers },
    });
    body = await response.json().catch(() => null);
  } catch {
    if (mine === sequence) notice('Network error; retrying…', 'error');
    return;
  }
  // A newer request (e.g. after a token arrived) has already been sent: drop this answer.
  if (mine !== sequence) return;
  apply(response, body);
}

const load = () => request(dataUrl());

function addNode(journeyId, type, button) {
  button.disabled = true;
  request(new URL('/api-l/embedded/journeys/nodes', location.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ workspaceId, journeyId, type }),
  }).finally(() => {
    button.disabled = false;
  });
}

// ------------------------------------------------------------------------------------------------
// Start

reloadButton.addEventListener('click', () => load());
setInterval(load, REFETCH_MS);

if (protocolOn) {
  try {
    const child = await import('/_embed/child.min.js');
    reportAuthErrorToHost = typeof child.reportAuthError === 'function' ? () => child.reportAuthError() : null;
    child.connectToHost({
      onToken(newToken) {
        token = newToken;
        authErrorReportedFor = null;
        load();
      },
    });
  } catch (error) {
    console.warn('[local-dittofeed] dittofeed-embed/child is not available (run npm run build):', error);
  }
}

load();
