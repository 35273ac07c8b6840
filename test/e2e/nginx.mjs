// Debian's nginx, started for one test with examples/nginx/dittofeed-embed.conf as its server
// block: only the lines the example marks CHANGE are replaced (port, upstream, script path, allowed
// origin). Everything it writes lives in a temporary directory that stop() removes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE = path.join(root, 'examples/nginx/dittofeed-embed.conf');
const SCRIPT = path.join(root, 'dist/dittofeed-embed-child.min.js');

export const nginxPath = process.env.NGINX_PATH ?? ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file));

export function assertNginx() {
  if (!nginxPath) throw new Error('nginx is missing: apt-get install -y nginx (or set NGINX_PATH); .ci/run installs it');
}

/** A port nobody listens on right now. */
export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The example with its CHANGE lines filled in; throws if the example no longer has one of them. */
export function exampleServerBlock({ port, upstream, scriptPath, allowedOrigin }) {
  let text = readFileSync(EXAMPLE, 'utf8');
  const replace = (pattern, value, times) => {
    const found = text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
    if (found !== times) throw new Error(`examples/nginx: expected ${times} × ${pattern}, found ${found}`);
    text = text.replace(new RegExp(pattern.source, 'g'), value);
  };
  replace(/listen 8080;/, `listen 127.0.0.1:${port};`, 1);
  replace(/proxy_pass http:\/\/127\.0\.0\.1:3001;/, `proxy_pass ${new URL(upstream).origin};`, 2);
  replace(/alias \/srv\/dittofeed-embed\/dittofeed-embed-child\.min\.js;/, `alias ${scriptPath};`, 1);
  replace(/data-allowed-origins="https:\/\/app\.example\.com"/, `data-allowed-origins="${allowedOrigin}"`, 1);
  return text;
}

/**
 * Starts nginx on `port` in front of `upstream`, injecting the built child script for pages
 * embedded by `allowedOrigin`. Resolves once it answers; `stop()` ends it and cleans up.
 */
export async function startNginx({ port, upstream, allowedOrigin }) {
  assertNginx();
  if (!existsSync(SCRIPT)) throw new Error('dist/dittofeed-embed-child.min.js is missing: run npm run build');
  const dir = mkdtempSync(path.join(tmpdir(), 'dittofeed-embed-nginx-'));
  // As root nginx's workers run as www-data: they must be able to read the script and temp dirs.
  chmodSync(dir, 0o755);
  const scriptPath = path.join(dir, 'dittofeed-embed-child.min.js');
  copyFileSync(SCRIPT, scriptPath);
  chmodSync(scriptPath, 0o644);
  writeFileSync(path.join(dir, 'server.conf'), exampleServerBlock({ port, upstream, scriptPath, allowedOrigin }));
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${asRoot ? 'user www-data;\n' : ''}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/server.conf;
}
`,
  );
  const child = spawn(nginxPath, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : '';
      await stop();
      throw new Error(`nginx exited (${child.exitCode}): ${stderr}${log}`);
    }
    const answer = await fetch(`${url}/_dittofeed-embed/child.js`).catch(() => null);
    if (answer?.ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not answer on ${url}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop };
}
