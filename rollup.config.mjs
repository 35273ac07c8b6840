// Bundles the already-compiled ES modules in dist/ (tsc runs first, see scripts/build.mjs)
// into the single self-contained CDN file, and the child script alone for its size budget.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const minify = () =>
  terser({
    ecma: 2022,
    module: true,
    compress: { passes: 5, unsafe_arrows: true },
    format: { comments: false },
  });

/** Terser leaves template literals alone; collapse the whitespace of our css`` blocks. */
const minifyCss = () => ({
  name: 'minify-css',
  transform(code, id) {
    if (!id.endsWith('styles.js')) return null;
    return {
      code: code.replace(/(css |cssText = )`([^`]*)`/g, (_, head, text) =>
        head + "`" + text.replace(/\s+/g, ' ').replace(/\s*([{}:;,>])\s*/g, '$1').replace(/;}/g, '}').trim() + '`',
      ),
      map: null,
    };
  },
});

export default [
  {
    input: 'dist/index.js',
    output: { file: 'dist/dittofeed-embed.min.js', format: 'es', sourcemap: true },
    plugins: [minifyCss(), nodeResolve({ browser: true }), minify()],
  },
  {
    input: 'dist/child.js',
    output: { file: 'dist/child.min.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), minify()],
  },
];
