// Serves the fixture embedded pages, so that base-url="http://127.0.0.1:<port>" makes the element
// load them from the other origin:
//   /dashboard-l/embedded/*?fixture-mode=stock  test/fixtures/stock-page.html, a stock Dittofeed
//                                  page with the injected script (dist/dittofeed-embed-child.min.js)
//   /dashboard-l/embedded/*        test/fixtures/embedded.html, a page running dittofeed-embed/child
//   /stock-api/echo                answers { authorization } with the header it received (any
//                                  origin may call it, with an Authorization header)
import { readFile } from 'node:fs/promises';

const page = new URL('../fixtures/embedded.html', import.meta.url);
const stockPage = new URL('../fixtures/stock-page.html', import.meta.url);

const escapeAttribute = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The script tag a proxy would inject, from the fixture-* query parameters. */
function injectedScript(query) {
  if (query['fixture-inject'] === '0') return '';
  const attributes = {
    'data-allowed-origins': query['fixture-allowed'],
    'data-api-origin': query['fixture-api-origin'],
    'data-content': query['fixture-content'],
    'data-token': query['fixture-token-swap'],
  };
  const data = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  return `<script src="/dist/dittofeed-embed-child.min.js"${data}></script>`;
}

export function embeddedFixtureMiddleware() {
  return async function embeddedFixture(ctx, next) {
    if (ctx.path === '/stock-api/echo') {
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.set('Access-Control-Allow-Headers', 'authorization');
      ctx.set('Cache-Control', 'no-store');
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204;
        return;
      }
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ authorization: ctx.get('authorization') || null });
      return;
    }
    if (!ctx.path.startsWith('/dashboard-l/embedded/')) return next();
    // fixture-stall=1: never answer in time, so the frame never fires `load` (frame-error tests).
    if (ctx.query['fixture-stall'] === '1') await new Promise((resolve) => setTimeout(resolve, 40_000));
    ctx.type = 'text/html';
    ctx.set('Cache-Control', 'no-store');
    if (ctx.query['fixture-mode'] === 'stock') {
      ctx.body = (await readFile(stockPage, 'utf8')).replace('<!--INJECTED-->', injectedScript(ctx.query));
      return;
    }
    ctx.body = await readFile(page, 'utf8');
  };
}
