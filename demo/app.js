// The demo host page. It runs under a strict CSP with Trusted Types enforced, so it builds every
// node with the DOM API (never innerHTML) and keeps all styling in app.css.

/** The eleven embed types (docs/protocol.md), grouped as a product's navigation would be. */
const PAGES = [
  { type: 'journeys', label: 'Journeys', group: 'Journeys', blurb: 'Every journey of this customer.' },
  { type: 'journey', label: 'Journey editor', group: 'Journeys', editor: true, blurb: 'Edit one journey.' },
  { type: 'broadcasts', label: 'Broadcasts', group: 'Broadcasts', blurb: 'One-off messages to a segment.' },
  { type: 'broadcast', label: 'Broadcast editor', group: 'Broadcasts', editor: true, blurb: 'Edit one broadcast.' },
  { type: 'templates', label: 'Templates', group: 'Templates', blurb: 'Email and SMS templates.' },
  { type: 'email-template', label: 'Email template', group: 'Templates', editor: true, blurb: 'Edit one email template.' },
  { type: 'sms-template', label: 'SMS template', group: 'Templates', editor: true, blurb: 'Edit one SMS template.' },
  { type: 'segments', label: 'Segments', group: 'Audience', blurb: 'Groups of users by traits and events.' },
  { type: 'segment', label: 'Segment editor', group: 'Audience', editor: true, blurb: 'Edit one segment.' },
  { type: 'deliveries', label: 'Deliveries', group: 'Insights', blurb: 'Every message sent, and what happened to it.' },
  { type: 'analysis', label: 'Analysis', group: 'Insights', blurb: 'Delivery and engagement over time.' },
];

/** Embedded routes (docs/protocol.md, "Pages"), to follow `dittofeed-navigate` paths. */
const ROUTE_TYPES = {
  '/dashboard-l/embedded/journeys': 'journeys',
  '/dashboard-l/embedded/journeys/v2': 'journey',
  '/dashboard-l/embedded/broadcasts': 'broadcasts',
  '/dashboard-l/embedded/broadcasts/v2': 'broadcast',
  '/dashboard-l/embedded/templates': 'templates',
  '/dashboard-l/embedded/templates/email': 'email-template',
  '/dashboard-l/embedded/templates/sms': 'sms-template',
  '/dashboard-l/embedded/segments': 'segments',
  '/dashboard-l/embedded/segments/v1': 'segment',
  '/dashboard-l/embedded/deliveries/v2': 'deliveries',
  '/dashboard-l/embedded/analysis-chart': 'analysis',
};

const EVENTS = [
  'dittofeed-session',
  'dittofeed-load',
  'dittofeed-ready',
  'dittofeed-resize',
  'dittofeed-navigate',
  'dittofeed-before-reload',
  'dittofeed-session-expiring',
  'dittofeed-session-end',
  'dittofeed-error',
];

const MAX_LOG_ENTRIES = 200;
const shortId = (id) => (id.length > 13 ? `${id.slice(0, 8)}…` : id);
const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });
const $ = (id) => document.getElementById(id);

/** Demo knobs from the page URL, e.g. `/?type=segments&refresh-margin=2&debug`. */
const query = new URLSearchParams(location.search);
const resourceIds = {};
let embed = null;
let me = null;
/** The page the frame shows now; differs from the element's `type` after a link inside the frame. */
let frameType = null;
let currentType = PAGES.some((page) => page.type === query.get('type')) ? query.get('type') : 'journeys';

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && key !== 'role') node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

function signInForm(customer, className) {
  return el(
    'form',
    { method: 'post', action: '/api/sign-in', className: 'inline-form' },
    el('input', { type: 'hidden', name: 'customer', value: customer.id }),
    el('button', { type: 'submit', className, dataset: { customer: customer.id } }, customer.name),
  );
}

function renderSignedOut(me) {
  $('signed-out').hidden = false;
  const options = $('sign-in-options');
  options.replaceChildren(
    ...me.customers.map((customer) => signInForm(customer, 'button primary large')),
  );
}

function renderAccount(me) {
  $('account').hidden = false;
  $('customer-switcher').replaceChildren(
    ...me.customers.map((customer) => {
      const form = signInForm(customer, 'switch-option');
      const button = form.querySelector('button');
      if (customer.id === me.customer.id) {
        button.setAttribute('aria-pressed', 'true');
        button.disabled = true;
      } else {
        button.setAttribute('aria-pressed', 'false');
      }
      return form;
    }),
  );
}

function renderTabs() {
  const tabs = $('tabs');
  const nodes = [];
  let group = '';
  for (const page of PAGES) {
    if (page.group !== group) {
      group = page.group;
      nodes.push(el('div', { className: 'nav-group', role: 'presentation' }, group));
    }
    nodes.push(
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${page.type}`,
          className: page.editor ? 'tab editor' : 'tab',
          dataset: { type: page.type },
          'aria-selected': String(page.type === currentType),
          'aria-controls': 'embed-slot',
        },
        page.label,
        page.editor ? el('span', { className: 'tab-note' }, 'editor') : null,
      ),
    );
  }
  tabs.replaceChildren(...nodes);
  tabs.addEventListener('click', (event) => {
    const button = event.target.closest('button[role="tab"]');
    if (button) selectType(button.dataset.type);
  });
}

function describePage(shownType = currentType) {
  const page = PAGES.find((candidate) => candidate.type === shownType);
  $('page-title').textContent = page.label;
  const id = resourceIds[shownType];
  const subtitle = $('page-subtitle');
  if (page.editor && id) {
    subtitle.replaceChildren(`${page.blurb} `, el('code', { className: 'chip', title: id }, shortId(id)));
  } else if (page.editor) {
    subtitle.textContent = `${page.blurb} Open one from the list first.`;
  } else {
    subtitle.textContent = page.blurb;
  }
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.setAttribute('aria-selected', String(tab.dataset.type === shownType));
  }
}

/** Point the element at another page: same session, so no new token request. */
function selectType(type) {
  currentType = type;
  const url = new URL(location.href);
  url.searchParams.set('type', type);
  history.replaceState(null, '', url);
  describePage();
  logLine('demo', `tab → ${type}`);
  const page = PAGES.find((candidate) => candidate.type === type);
  const resourceId = page.editor ? resourceIds[type] : undefined;
  if (embed.getAttribute('type') === type && (embed.getAttribute('resource-id') ?? undefined) === resourceId) {
    // Same configuration, but the user moved inside the frame: a fresh element opens the tab's page
    // again (elements with the same token-url share one session, so no new token is needed).
    if (frameType !== type) createEmbed();
    return;
  }
  if (resourceId) embed.setAttribute('resource-id', resourceId);
  else embed.removeAttribute('resource-id');
  embed.setAttribute('type', type);
  frameType = type;
}

function createEmbed() {
  frameType = currentType;
  embed = document.createElement('dittofeed-embed');
  embed.id = 'embed';
  embed.setAttribute('type', currentType);
  embed.setAttribute('token-url', '/api/dittofeed/session');
  embed.setAttribute('base-url', me.dittofeed.baseUrl);
  if (resourceIds[currentType]) embed.setAttribute('resource-id', resourceIds[currentType]);
  for (const knob of ['refresh-margin', 'token-lifetime', 'height', 'loading', 'idle-after']) {
    if (query.has(knob)) embed.setAttribute(knob, query.get(knob));
  }
  if (query.has('debug')) embed.setAttribute('debug', '');
  if (query.has('idle-reload')) embed.setAttribute('idle-reload', '');
  for (const name of EVENTS) embed.addEventListener(name, onEmbedEvent);
  new MutationObserver(showState).observe(embed, { attributes: true, attributeFilter: ['state'] });
  $('embed-slot').replaceChildren(embed);
  showState();
}

function showState() {
  const state = embed.getAttribute('state') ?? 'idle';
  const badge = $('state-badge');
  badge.dataset.state = state;
  badge.textContent = state;
}

/** A copy of an event detail that is safe to show: no token, ever (events never carry one). */
function safeDetail(detail) {
  return JSON.parse(
    JSON.stringify(detail ?? {}, (key, value) => {
      if (/token/i.test(key)) return undefined;
      return typeof value === 'string' ? value.replace(/([?&]token=)[^&#]*/g, '$1***') : value;
    }),
  );
}

function onEmbedEvent(event) {
  const detail = safeDetail(event.detail);
  if (event.type === 'dittofeed-resize') $('frame-height').textContent = `${Math.round(detail.height)} px`;
  if (event.type === 'dittofeed-navigate') followNavigation(detail.path);
  if (event.type === 'dittofeed-session') tickSession();
  // Shown with a readable expiry time; the data attributes keep the raw values for tests.
  const shown = typeof detail.expiresAt === 'number' ? { ...detail, expiresAt: clock(detail.expiresAt) } : detail;
  logLine(event.type, JSON.stringify(shown), {
    event: event.type,
    delivery: detail.delivery,
    code: detail.code,
  });
}

/** The frame moved by itself (a link inside Dittofeed): show where, and remember editor ids. */
function followNavigation(path) {
  let url;
  try {
    url = new URL(path, location.origin);
  } catch {
    return; // a malformed path is only shown in the log
  }
  const type = ROUTE_TYPES[url.pathname.replace(/\/+$/, '')];
  if (!type) return;
  frameType = type;
  const id = url.searchParams.get('id');
  if (id && PAGES.some((page) => page.type === type && page.editor)) resourceIds[type] = id;
  describePage(type);
}

function logLine(name, text, data = {}) {
  const log = $('event-log');
  const time = clock(Date.now());
  const dataset = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
  const kind = name === 'dittofeed-error' ? 'error' : name === 'demo' ? 'demo' : 'event';
  log.prepend(
    el(
      'li',
      { className: `log-entry ${kind}`, dataset },
      el('time', {}, time),
      el('span', { className: 'log-name' }, name.replace(/^dittofeed-/, '')),
      el('code', { className: 'log-detail' }, text),
    ),
  );
  while (log.children.length > MAX_LOG_ENTRIES) log.lastElementChild.remove();
}

function tickSession() {
  const session = embed?.session ?? null;
  if (!session) {
    $('session-workspace').textContent = '—';
    $('session-expiry').textContent = '—';
    $('expiry-meter').dataset.level = 'empty';
    return;
  }
  const workspace = $('session-workspace');
  workspace.textContent = `${me.customer.name} · ${shortId(session.workspaceId)}`;
  workspace.title = session.workspaceId;
  workspace.dataset.workspaceId = session.workspaceId;
  const seconds = Math.max(0, Math.round((session.expiresAt - Date.now()) / 1000));
  const minutes = Math.floor(seconds / 60);
  $('session-expiry').textContent = `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
  $('session-expiry').dataset.seconds = String(seconds);
  // Ten buckets, styled in app.css, instead of an inline width (style-src has no 'unsafe-inline').
  const meter = $('expiry-meter');
  const lifetime = Number(meter.dataset.lifetime) || seconds || 1;
  if (seconds > lifetime) meter.dataset.lifetime = String(seconds);
  meter.dataset.level = String(Math.min(10, Math.ceil((seconds / Math.max(lifetime, seconds)) * 10)));
}

function wireControls(me) {
  const toggle = $('network-broken');
  toggle.checked = me.network.broken;
  toggle.addEventListener('change', async () => {
    const broken = toggle.checked;
    try {
      const response = await fetch('/api/demo/network', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ broken }),
      });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      document.body.dataset.network = broken ? 'broken' : 'ok';
      logLine('demo', broken ? 'session endpoint broken (503)' : 'session endpoint fixed');
    } catch (error) {
      toggle.checked = !broken;
      logLine('demo', `network toggle failed: ${error.message}`);
    }
  });
  document.body.dataset.network = me.network.broken ? 'broken' : 'ok';
  $('refresh-token').addEventListener('click', () => {
    logLine('demo', 'refresh()');
    embed.refresh().catch((error) => logLine('demo', `refresh() failed: ${error?.message ?? error}`));
  });
  $('reload-frame').addEventListener('click', () => {
    logLine('demo', 'reload()');
    embed.reload();
  });
  $('clear-log').addEventListener('click', () => $('event-log').replaceChildren());
}

async function main() {
  me = await getJson('/api/me');
  if (!me.customer) {
    renderSignedOut(me);
    document.body.dataset.ready = 'signed-out';
    return;
  }
  document.body.dataset.customer = me.customer.id;
  renderAccount(me);
  $('signed-in').hidden = false;
  try {
    Object.assign(resourceIds, (await getJson('/api/demo/resources')).resources);
  } catch {
    // Editor tabs then wait for ids learned from navigation inside the frame.
  }
  renderTabs();
  describePage();
  wireControls(me);
  createEmbed();
  tickSession();
  setInterval(tickSession, 1000);
  document.body.dataset.ready = 'signed-in';
}

main().catch((error) => {
  document.body.dataset.ready = 'failed';
  document.body.append(el('p', { className: 'fatal' }, `The demo failed to start: ${error.message}`));
});
