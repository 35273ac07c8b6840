// A real token endpoint for the browser tests, served by web-test-runner's dev server.
// Each test uses its own scenario id so tests never share state:
//   POST /test-token/<id>/config   { status?, body?, rawBody?, delayMs?, headers?, expiresIn?, queue? }
//   GET  /test-token/<id>/stats    { count, requests: [{ method, body, query, headers }] }
//   *    /test-token/<id>          answers as configured (queue entries are used first, in order)
// The default answer is a fresh token (test-token-<id>-<n>) valid for an hour, or `expiresIn` s.

const scenarios = new Map();

function scenario(id) {
  let s = scenarios.get(id);
  if (!s) {
    s = { config: {}, queue: [], requests: [], serial: 0 };
    scenarios.set(id, s);
  }
  return s;
}

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function tokenEndpointMiddleware() {
  return async function tokenEndpoint(ctx, next) {
    const match = /^\/test-token\/([\w-]+)(?:\/(config|stats))?$/.exec(ctx.path);
    if (!match) return next();
    const [, id, action] = match;
    const s = scenario(id);
    // The embedded fixture page lives on the other origin; let it read these answers.
    ctx.set('Access-Control-Allow-Origin', ctx.get('Origin') || '*');
    ctx.set('Access-Control-Allow-Credentials', 'true');
    ctx.set('Access-Control-Allow-Headers', 'content-type, x-csrf-token');
    ctx.set('Access-Control-Expose-Headers', 'Date');
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    if (action === 'config') {
      const config = JSON.parse((await readBody(ctx)) || '{}');
      s.queue = config.queue ?? [];
      s.config = config;
      ctx.body = { ok: true };
      return;
    }
    if (action === 'stats') {
      ctx.body = { count: s.requests.length, requests: s.requests };
      return;
    }
    const raw = await readBody(ctx);
    let body;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    s.requests.push({
      method: ctx.method,
      body,
      query: Object.fromEntries(new URLSearchParams(ctx.querystring)),
      headers: {
        'content-type': ctx.get('content-type'),
        accept: ctx.get('accept'),
        'x-csrf-token': ctx.get('x-csrf-token'),
        cookie: ctx.get('cookie') ? 'present' : '',
      },
    });
    const answer = s.queue.length ? s.queue.shift() : s.config;
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    for (const [k, v] of Object.entries(answer.headers ?? {})) ctx.set(k, v);
    ctx.status = answer.status ?? 200;
    if (answer.rawBody !== undefined) {
      ctx.type = answer.contentType ?? 'text/plain';
      ctx.body = answer.rawBody;
      return;
    }
    s.serial += 1;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(
      answer.body ?? {
        token: `test-token-${id}-${s.serial}`,
        workspaceId: body?.workspaceId || ctx.query.workspaceId || 'ws-test',
        expiresIn: answer.expiresIn ?? 3600,
      },
    );
  };
}
