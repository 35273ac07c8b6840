// Bundles the already-compiled ES modules in dist/ (tsc runs first, see scripts/build.mjs)
// into the single self-contained CDN file, and the child script alone for its size budget.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const minify = terser({
  ecma: 2020,
  module: true,
  compress: { passes: 2, unsafe_arrows: true },
  format: { comments: false },
});

export default [
  {
    input: 'dist/index.js',
    output: { file: 'dist/dittofeed-embed.min.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true, exportConditions: ['production'] }), minify],
  },
  {
    input: 'dist/child.js',
    output: { file: 'dist/child.min.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), minify],
  },
];
