// One plain node:http server, reached as two origins on the same port:
//   http://localhost:<port>   the host page (?instrument=1: with bench/page/instrument.js first), the CDN
//                             bundle and the token endpoint
//   http://127.0.0.1:<port>   the embedded page under /dashboard-l/embedded/* (?stock=1: a stock page)
// The token endpoint counts requests per path: POST /token/<scenario>[?expiresIn=s&delayMs=ms
// &holdEmbed=1]; with holdEmbed the embedded page for those tokens waits for releaseEmbeds().
import http from 'node:http';

const HOST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench host</title>
<script type="module" src="/dist/dittofeed-embed.min.js"></script>
</head><body></body></html>`;

// The same host page with the instrumentation first, for engines without an init-script hook
// (bench/scenarios/engines.mjs): a classic script runs before the module bundle.
const INSTRUMENTED_HOST_PAGE = HOST_PAGE.replace('<script type="module"', '<script src="/bench/instrument.js"></script>\n<script type="module"');

const EMBEDDED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench embedded</title>
<script src="/bench/embedded.js"></script>
</head><body><main style="height:600px">embedded</main></body></html>`;

// A stock page (like Dittofeed's own): no protocol script, and a field the user types into.
const STOCK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench stock page</title></head>
<body><main style="height:600px"><input id="draft" aria-label="Unsaved note"></main></body></html>`;

export async function startServer({ bundle, embeddedScript, instrumentScript }) {
  const tokenRequests = new Map(); // path -> count
  const heldTokens = new Set(); // tokens whose embedded page waits for releaseEmbeds()
  let held = []; // answers waiting
  let serial = 0;

  const handler = (req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      res.end(body);
    };
    if (url.pathname.startsWith('/token/')) {
      if (req.method === 'OPTIONS') return send(204, 'text/plain', '');
      // Drain the body before answering.
      req.resume();
      req.on('end', () => {
        tokenRequests.set(url.pathname, (tokenRequests.get(url.pathname) ?? 0) + 1);
        serial += 1;
        const expiresIn = Number(url.searchParams.get('expiresIn') ?? 3600);
        const delayMs = Number(url.searchParams.get('delayMs') ?? 0);
        const token = `bench-token-${serial}`;
        if (url.searchParams.get('holdEmbed') === '1') heldTokens.add(token);
        const body = JSON.stringify({ token, workspaceId: 'ws-bench', expiresIn });
        const answer = () => send(200, 'application/json', body);
        if (delayMs > 0) setTimeout(answer, delayMs);
        else answer();
      });
      return undefined;
    }
    if (url.pathname === '/host.html') {
      return send(200, 'text/html; charset=utf-8', url.searchParams.get('instrument') === '1' ? INSTRUMENTED_HOST_PAGE : HOST_PAGE);
    }
    if (url.pathname === '/bench/instrument.js') return send(200, 'text/javascript', instrumentScript ?? '');
    if (url.pathname === '/dist/dittofeed-embed.min.js') return send(200, 'text/javascript', bundle);
    if (url.pathname === '/bench/embedded.js') return send(200, 'text/javascript', embeddedScript);
    if (url.pathname.startsWith('/dashboard-l/embedded/')) {
      const page = url.searchParams.get('stock') === '1' ? STOCK_PAGE : EMBEDDED_PAGE;
      const answer = () => send(200, 'text/html; charset=utf-8', page);
      if (heldTokens.has(url.searchParams.get('token'))) held.push(answer);
      else answer();
      return undefined;
    }
    return send(404, 'text/plain', 'not found');
  };

  const servers = [http.createServer(handler)];
  await new Promise((resolve, reject) => {
    servers[0].once('error', reject);
    servers[0].listen(0, '127.0.0.1', resolve);
  });
  const { port } = servers[0].address();
  // "localhost" may resolve to ::1 first; answer there too when the machine has IPv6 loopback.
  const v6 = http.createServer(handler);
  await new Promise((resolve) => {
    v6.once('error', () => resolve());
    v6.listen(port, '::1', () => {
      servers.push(v6);
      resolve();
    });
  });
  for (const s of servers) s.keepAliveTimeout = 1000;

  return {
    port,
    hostOrigin: `http://localhost:${port}`,
    embedOrigin: `http://127.0.0.1:${port}`,
    tokenCount: (path) => tokenRequests.get(path) ?? 0,
    releaseEmbeds() {
      heldTokens.clear();
      const waiting = held;
      held = [];
      for (const answer of waiting) answer();
    },
    async close() {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
    },
  };
}
