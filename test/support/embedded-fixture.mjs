// Serves the fixture embedded page for every /dashboard-l/embedded/* path, so that
// base-url="http://127.0.0.1:<port>" makes the element load it from the other origin.
// (Owned by the child-script work; see test/fixtures/embedded.html.)
import { readFile } from 'node:fs/promises';

const page = new URL('../fixtures/embedded.html', import.meta.url);

export function embeddedFixtureMiddleware() {
  return async function embeddedFixture(ctx, next) {
    if (!ctx.path.startsWith('/dashboard-l/embedded/')) return next();
    // fixture-stall=1: never answer in time, so the frame never fires `load` (frame-error tests).
    if (ctx.query['fixture-stall'] === '1') await new Promise((resolve) => setTimeout(resolve, 40_000));
    ctx.type = 'text/html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await readFile(page, 'utf8');
  };
}
