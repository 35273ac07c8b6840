// One HTTP server for the framework tests, on 127.0.0.1 and reached under two origins:
//   http://localhost:<port>   the host app: /<framework>/ (a built example), /api/dittofeed/session
//                             (a token endpoint that records each request), /ssr/ (set by a test)
//   http://127.0.0.1:<port>   "Dittofeed": /dashboard-l/embedded/* is a tiny page that runs
//                             connectToHost() from dist/child.js and whose content has a known height
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { outputDir, root } from './build-examples.mjs';

/** The embedded page's content height by path, so a test can tell which page was measured. */
export const EMBEDDED_HEIGHTS = { '/dashboard-l/embedded/journeys': 720, '/dashboard-l/embedded/journeys/v2': 960 };
export const WORKSPACE_ID = 'ws-example';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.json': 'application/json' };

function embeddedPage(pathname) {
  const height = EMBEDDED_HEIGHTS[pathname] ?? 500;
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Dittofeed ${pathname}</title></head>
  <body style="margin: 0">
    <div style="height: ${height}px">Embedded ${pathname}</div>
    <script type="module">
      import { connectToHost } from '/dist/child.js';
      connectToHost();
    </script>
  </body>
</html>`;
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startServer() {
  const tokenRequests = [];
  const pages = new Map();
  let served = 0;
  let port = 0;

  async function sendFile(response, file, transform) {
    let body = await readFile(file);
    if (transform) body = transform(body.toString('utf8'));
    response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    response.end(body);
  }

  async function handle(request, response) {
    const url = new URL(request.url, 'http://x');
    const host = (request.headers.host ?? '').split(':')[0];
    const { pathname } = url;

    if (host === '127.0.0.1' && pathname.startsWith('/dashboard-l/embedded/')) {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
      return response.end(embeddedPage(pathname));
    }
    if (pathname.startsWith('/dist/') && !pathname.includes('..')) {
      return sendFile(response, path.join(root, pathname));
    }
    if (host === 'localhost' && pathname === '/api/dittofeed/session') {
      const body = await readBody(request);
      served += 1;
      const token = `token-${served}`;
      tokenRequests.push({ method: request.method, csrf: request.headers['x-csrf-token'] ?? null, body, token });
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return response.end(JSON.stringify({ token, workspaceId: WORKSPACE_ID, expiresIn: 3600 }));
    }
    if (host === 'localhost' && pages.has(pathname)) {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
      return response.end(pages.get(pathname));
    }
    const app = /^\/(vue|react18|react|svelte|angular)(\/.*)$/.exec(pathname);
    if (host === 'localhost' && app && !pathname.includes('..')) {
      const [, name, rest] = app;
      const dir = outputDir(name);
      const file = path.join(dir, rest === '/' ? 'index.html' : rest);
      if (file.endsWith('.html')) {
        // What the host's server renders into the page: the Dittofeed origin and a CSRF token.
        return sendFile(response, file, (html) =>
          html
            .replace(/(name="dittofeed-base-url" content=")[^"]*/, `$1http://127.0.0.1:${port}`)
            .replace(/(name="csrf-token" content=")[^"]*/, `$1csrf-${name}`),
        );
      }
      return sendFile(response, file);
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;

  return {
    port,
    appOrigin: `http://localhost:${port}`,
    dittofeedOrigin: `http://127.0.0.1:${port}`,
    /** Token requests since the last reset. */
    tokenRequests: () => [...tokenRequests],
    reset() {
      tokenRequests.length = 0;
    },
    /** Serves `html` at http://localhost:<port><pathname>. */
    setPage(pathname, html) {
      pages.set(pathname, html);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
