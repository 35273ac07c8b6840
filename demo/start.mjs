// `npm start`: the whole demo with one command.
//   - a local Dittofeed on http://127.0.0.1:3001 (or a real one: DITTOFEED_BASE_URL + DITTOFEED_API_KEY
//     + DITTOFEED_WORKSPACE_ID), with a freshly generated admin key that stays in this process;
//   - the host app on http://localhost:3000, a second origin, with two customers' workspaces
//     provisioned idempotently through dittofeed-embed/server.
// Options: --port <host port> --dittofeed-port <port> --token-ttl <seconds> --no-protocol
//          --sessions-need-write-key --embed-base-url <url> --help
// The e2e tests import startDemo() and run everything on free ports.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createHostServer } from './host/server.mjs';
import { createCookieSigner } from './host/cookie.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverEntry = `${root}dist/server/index.js`;
const cdnBundle = `${root}dist/dittofeed-embed.min.js`;

/** The demo's two customers. `externalId` is how we find their workspaces again after a restart. */
export const CUSTOMERS = [
  { id: 'acme', name: 'Acme Inc.', externalId: 'demo-customer-acme' },
  { id: 'globex', name: 'Globex', externalId: 'demo-customer-globex' },
];

/** Missing build outputs, as a message for humans, or null when everything is there. */
export function missingBuild() {
  const missing = [serverEntry, cdnBundle].filter((file) => !existsSync(file));
  return missing.length
    ? `missing ${missing.map((file) => file.slice(root.length)).join(', ')}: run \`npm run build\` first`
    : null;
}

/**
 * Finds or creates each customer's child workspace (ensureCustomerWorkspace: a lookup by
 * externalId, a create when missing; idempotent across restarts and against a real Dittofeed).
 */
export async function provisionCustomers(admin, parentWorkspaceId, customers = CUSTOMERS) {
  const provisioned = [];
  for (const customer of customers) {
    const workspace = await admin.ensureCustomerWorkspace({ parentWorkspaceId, externalId: customer.externalId, name: customer.name });
    provisioned.push({ id: customer.id, name: customer.name, workspaceId: workspace.id });
  }
  return provisioned;
}

/** The deliveries table's columns in the demo (a DeliveriesTable component configuration). */
export const DEMO_DELIVERIES_COLUMNS = ['to', 'channel', 'status', 'template', 'sentAt'];

/** Editor type → Dittofeed's embedded route that lists its resources, to give editor tabs an id. */
const EDITOR_COLLECTIONS = {
  journey: 'journeys/',
  broadcast: 'broadcasts/',
  'email-template': 'content/templates',
  'sms-template': 'content/templates',
  segment: 'segments/',
};

/**
 * One resource id per editor type for a workspace, read from Dittofeed's embedded routes (the local
 * Dittofeed's or a real one's) with a session of that workspace (server-side: the browser only
 * ever sees the ids).
 */
function resourceLister(admin, baseUrl) {
  return async (workspaceId) => {
    const { token } = await admin.createSession({ workspaceId });
    const ids = {};
    const lists = new Map();
    for (const [type, collection] of Object.entries(EDITOR_COLLECTIONS)) {
      if (!lists.has(collection)) {
        const url = new URL(`/api-l/embedded/${collection}`, baseUrl);
        url.searchParams.set('workspaceId', workspaceId);
        const response = await fetch(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          signal: AbortSignal.timeout(5000),
        });
        lists.set(collection, response.ok ? await response.json() : null);
      }
      const id = pickId(lists.get(collection), type);
      if (id) ids[type] = id;
    }
    return ids;
  };
}

/** The first item's id of a list answer (`[...]` or `{ <name>: [...] }`), of the right type for templates. */
function pickId(answer, type) {
  const list = Array.isArray(answer)
    ? answer
    : Object.values(answer ?? {}).find((value) => Array.isArray(value)) ?? [];
  const wanted = type === 'email-template' ? /email/i : type === 'sms-template' ? /sms/i : null;
  const item = list.find(
    (candidate) =>
      candidate &&
      typeof candidate.id === 'string' &&
      (!wanted || wanted.test(String(candidate.type ?? ''))),
  );
  return item?.id ?? null;
}

async function listen(server, port, host) {
  server.listen(port, host);
  await once(server, 'listening');
  return server.address().port;
}

/**
 * Starts the local Dittofeed (unless `dittofeed` names a real one) and the host app.
 * @param {object} [options]
 * @param {number} [options.hostPort] 0 = a free port
 * @param {number} [options.dittofeedPort] 0 = a free port
 * @param {number} [options.tokenTtlSeconds] lifetime of the local Dittofeed's tokens (default 3600)
 * @param {boolean} [options.protocol] whether the local Dittofeed's pages speak the postMessage protocol
 * @param {string} [options.adminKey] the local Dittofeed's admin key (default: random, never printed)
 * @param {{ baseUrl: string, apiKey: string, workspaceId: string }} [options.dittofeed] a real Dittofeed
 * @param {string} [options.embedBaseUrl] the Dittofeed URL the browser uses (`base-url`), when a
 *   proxy stands in front of it (examples/nginx/); the backend keeps calling Dittofeed directly
 * @returns {Promise<{ url: string, dittofeed: object | null, dittofeedBaseUrl: string, customers: object[],
 *   close(): Promise<void>, setNetworkBroken(broken: boolean, mode?: 'status' | 'drop'): void }>}
 */
export async function startDemo({
  hostPort = 0,
  dittofeedPort = 0,
  tokenTtlSeconds,
  protocol,
  sessionsNeedWriteKey,
  adminKey = randomBytes(24).toString('base64url'),
  dittofeed: remote,
  embedBaseUrl,
} = {}) {
  const problem = missingBuild();
  if (problem) throw new Error(`dittofeed-embed demo: ${problem}`);
  const { createDittofeedAdmin, createSessionHandler } = await import(pathToFileURL(serverEntry).href);

  let local = null;
  let host = null;
  const close = async () => {
    if (host) {
      host.server.closeAllConnections();
      await new Promise((resolve) => host.server.close(() => resolve()));
      host = null;
    }
    if (local) {
      await local.close();
      local = null;
    }
  };

  try {
    let baseUrl;
    let apiKey;
    let parentWorkspaceId;
    if (remote) {
      ({ baseUrl, apiKey, workspaceId: parentWorkspaceId } = remote);
    } else {
      const { startLocalDittofeed } = await import('./dittofeed/server.mjs');
      local = await startLocalDittofeed({
        port: dittofeedPort,
        host: '127.0.0.1',
        adminKey,
        ...(tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds }),
        ...(protocol === undefined ? {} : { protocol }),
        ...(sessionsNeedWriteKey === undefined ? {} : { sessionsNeedWriteKey }),
      });
      baseUrl = local.baseUrl;
      apiKey = adminKey;
      parentWorkspaceId = local.parentWorkspaceId;
    }

    const admin = createDittofeedAdmin({ apiKey, baseUrl });
    const customers = await provisionCustomers(admin, parentWorkspaceId);
    // A component configuration, as a product would set one: the deliveries table shows only
    // the columns this product's users need (DEMO_DELIVERIES_COLUMNS).
    if (!remote) {
      for (const customer of customers) {
        await admin.putComponentConfiguration({
          workspaceId: customer.workspaceId,
          definition: { type: 'DeliveriesTable', columnAllowList: DEMO_DELIVERIES_COLUMNS },
        });
      }
    }
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    const cookies = createCookieSigner();
    const sessionHandler = createSessionHandler({
      admin,
      // The cookie names the customer; the customer's workspace is ours to decide, never the browser's.
      authorize: (request) => {
        const customer = byId.get(cookies.read(request.headers.get('cookie')));
        return customer ? { workspaceId: customer.workspaceId, occupantId: `demo-user-${customer.id}` } : null;
      },
      // The local Dittofeed's tokens really expire after tokenTtlSeconds; a real one's after an hour.
      lifetimeSeconds: remote ? 3600 : tokenTtlSeconds ?? 3600,
      onError: (error) => console.error(`[demo] session endpoint: ${error?.message ?? error}`),
    });

    host = createHostServer({
      customers,
      dittofeedBaseUrl: embedBaseUrl ?? baseUrl,
      sessionHandler,
      listResources: resourceLister(admin, baseUrl),
      cookies,
    });
    const port = await listen(host.server, hostPort, '127.0.0.1');
    const demoHost = host;
    return {
      // localhost, while Dittofeed is on 127.0.0.1: two origins, as in production.
      url: `http://localhost:${port}`,
      dittofeed: local,
      dittofeedBaseUrl: baseUrl,
      customers,
      setNetworkBroken: (broken, mode) => demoHost.setNetworkBroken(broken, mode),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

const USAGE = `Usage: npm start -- [--port 3000] [--dittofeed-port 3001] [--token-ttl 3600] [--no-protocol] [--sessions-need-write-key]
                    [--embed-base-url http://127.0.0.1:8080]

Starts a local Dittofeed and the demo host app. To use a real Dittofeed instead, set
DITTOFEED_BASE_URL, DITTOFEED_API_KEY and DITTOFEED_WORKSPACE_ID (the parent workspace).`;

function parsePort(value, name) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--${name} must be a port number`);
  return port;
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'dittofeed-port': { type: 'string', default: '3001' },
      'token-ttl': { type: 'string' },
      'no-protocol': { type: 'boolean', default: false },
      // The local Dittofeed refuses the admin key for sessions, as the guide's flow expects.
      'sessions-need-write-key': { type: 'boolean', default: false },
      // The embeds load Dittofeed through this URL (a proxy such as examples/nginx/).
      'embed-base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const tokenTtlSeconds = values['token-ttl'] === undefined ? undefined : Number(values['token-ttl']);
  if (tokenTtlSeconds !== undefined && !(Number.isFinite(tokenTtlSeconds) && tokenTtlSeconds >= 6)) {
    throw new Error('--token-ttl must be a number of seconds, at least 6');
  }

  const embedBaseUrl = values['embed-base-url'];
  if (embedBaseUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(embedBaseUrl)) {
    throw new Error('--embed-base-url must be an http(s) origin, e.g. http://127.0.0.1:8080');
  }

  if (missingBuild()) {
    console.log('Building dittofeed-embed first (dist/ is missing)…');
    const { run } = await import('../scripts/run.mjs');
    await run('npm', ['run', 'build'], { cwd: root });
  }

  const { DITTOFEED_BASE_URL, DITTOFEED_API_KEY, DITTOFEED_WORKSPACE_ID } = process.env;
  let remote;
  if (DITTOFEED_BASE_URL || DITTOFEED_API_KEY) {
    if (!DITTOFEED_BASE_URL || !DITTOFEED_API_KEY || !DITTOFEED_WORKSPACE_ID) {
      throw new Error('set all of DITTOFEED_BASE_URL, DITTOFEED_API_KEY and DITTOFEED_WORKSPACE_ID, or none');
    }
    remote = { baseUrl: DITTOFEED_BASE_URL, apiKey: DITTOFEED_API_KEY, workspaceId: DITTOFEED_WORKSPACE_ID };
  }

  const demo = await startDemo({
    hostPort: parsePort(values.port, 'port'),
    dittofeedPort: parsePort(values['dittofeed-port'], 'dittofeed-port'),
    tokenTtlSeconds,
    protocol: values['no-protocol'] ? false : undefined,
    sessionsNeedWriteKey: values['sessions-need-write-key'] || undefined,
    dittofeed: remote,
    embedBaseUrl: values['embed-base-url'],
  });
  console.log(`\n  Dittofeed   ${demo.dittofeedBaseUrl}${remote ? ' (yours)' : ' (local)'}`);
  if (values['embed-base-url']) console.log(`  Embeds via  ${values['embed-base-url']}`);
  console.log(`  Customers   ${demo.customers.map((customer) => customer.name).join(', ')}`);
  console.log(`\n  Demo        ${demo.url}\n`);
  console.log('  Ctrl+C to stop.');

  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`dittofeed-embed demo: ${error?.message ?? error}`);
    process.exit(1);
  });
}
