// Row 1: transfer sizes of the CDN bundle and the child script, and Lit's own share of the
// bundle: the parts of Lit the element imports, bundled alone with the project's rollup plugins
// (nodeResolve + terser exactly as in rollup.config.mjs), so the element's own weight is visible.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { rollup } from 'rollup';

export const gzipBytes = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
export const brotliBytes = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;

async function listJs(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listJs(full)));
    else if (entry.name.endsWith('.js') && !entry.name.endsWith('.min.js')) out.push(full);
  }
  return out;
}

// What the compiled element imports from lit (`import { a, b as c } from 'lit'`, 'lit/...').
export async function litImports(distDir) {
  const imports = new Map(); // specifier -> Set(names) | '*'
  const pattern = /\b(?:import|export)\s*([^'";]*?)\s*from\s*['"](lit(?:\/[^'"]*)?|@lit\/[^'"]+|lit-html[^'"]*|lit-element[^'"]*)['"]/g;
  for (const file of await listJs(distDir)) {
    if (path.basename(file) === 'child.js') continue; // the child script must not use Lit at all
    const code = await readFile(file, 'utf8');
    for (const [, clause, specifier] of code.matchAll(pattern)) {
      const names = imports.get(specifier) ?? new Set();
      if (names === '*') continue;
      if (/\*/.test(clause)) {
        imports.set(specifier, '*');
        continue;
      }
      const braces = /\{([^}]*)\}/.exec(clause);
      for (const part of (braces?.[1] ?? '').split(',')) {
        const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
        if (name) names.add(name);
      }
      imports.set(specifier, names);
    }
  }
  return imports;
}

async function bundleLitShare(root, distDir) {
  const imports = await litImports(distDir);
  let entry = '';
  for (const [specifier, names] of imports) {
    entry +=
      names === '*'
        ? `export * from '${specifier}';\n`
        : `export { ${[...names].join(', ')} } from '${specifier}';\n`;
  }
  if (!entry) entry = "export * from 'lit';\n"; // nothing found: the whole of Lit, an upper bound
  const config = (await import(pathToFileURL(path.join(root, 'rollup.config.mjs')).href)).default;
  const cdn = (Array.isArray(config) ? config : [config]).find((c) => String(c.output?.file ?? '').endsWith('dittofeed-embed.min.js'));
  const VIRTUAL = '\0bench-lit-share';
  const bundle = await rollup({
    input: VIRTUAL,
    plugins: [
      { name: 'bench-lit-share', resolveId: (id) => (id === VIRTUAL ? id : null), load: (id) => (id === VIRTUAL ? entry : null) },
      ...(cdn?.plugins ?? []),
    ],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    return { code: Buffer.from(output[0].code), entry };
  } finally {
    await bundle.close();
  }
}

// Which modules the CDN bundle is made of, by rendered (tree-shaken, not yet minified) length,
// largest first: where to look when the size budget fails.
// A package path from node_modules, else relative to the project (never a machine path).
const moduleName = (root, id) => {
  const marker = `node_modules${path.sep}`;
  const at = id.lastIndexOf(marker);
  return at >= 0 ? id.slice(at + marker.length) : path.relative(root, id);
};

async function moduleBreakdown(root, distDir) {
  const config = (await import(pathToFileURL(path.join(root, 'rollup.config.mjs')).href)).default;
  const cdn = (Array.isArray(config) ? config : [config]).find((c) => String(c.output?.file ?? '').endsWith('dittofeed-embed.min.js'));
  const resolvers = (cdn?.plugins ?? []).filter((p) => p && p.name !== 'terser');
  const bundle = await rollup({ input: path.join(distDir, 'index.js'), plugins: resolvers, onwarn: () => {} });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const modules = Object.entries(output[0].modules)
      .map(([id, m]) => ({ module: moduleName(root, id), renderedBytes: m.renderedLength }))
      .filter((m) => m.renderedBytes > 0)
      .sort((a, b) => b.renderedBytes - a.renderedBytes);
    return modules;
  } finally {
    await bundle.close();
  }
}

export async function measureSizes({ root, distDir, bundle, child, injected }) {
  const lit = await bundleLitShare(root, distDir);
  const modules = await moduleBreakdown(root, distDir).catch(() => []);
  const bundleGz = gzipBytes(bundle);
  const litGz = gzipBytes(lit.code);
  return {
    bundleRaw: bundle.length,
    bundleGz,
    bundleBr: brotliBytes(bundle),
    childRaw: child.length,
    childGz: gzipBytes(child),
    injectedGz: gzipBytes(injected),
    litRaw: lit.code.length,
    litGz,
    litImports: lit.entry.trim().split('\n'),
    ownGz: bundleGz - litGz,
    modules,
  };
}
