// Bundles the already-compiled ES modules in dist/ (tsc runs first, see scripts/build.mjs)
// into the single self-contained CDN file, and the child script alone for its size budget.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// Members used only inside the bundle (controller and session plumbing, never public API, never
// DOM names): terser shortens them like local variables. A name missing here only costs bytes; a
// public or DOM name added here would break the element, which the component tests would show.
const INTERNAL_MEMBERS = [
  'latest', 'shown', 'holdsValidToken', 'offer', 'reconfigure', 'flush', 'near', 'watch', 'use',
  'setState', 'fail', 'config', 'margin', 'onSession', 'onError', 'onMessage', 'urgency',
  'frameSession', 'acceptsTokens', 'failed', 'fixedHeight', 'lazy', 'lifetime', 'dateHeader',
  'receivedAt', 'subscribe', 'unsubscribe', 'defaulted', 'problem', 'frame', 'post', 'reset',
  'cancel', 'key', 'init', 'lastPath', 'dueAt', 'dittofeedOrigin', 'requestToken', 'render', 'onResize', 'box', 'loadingView', 'errorView', 'errorText',
  // the embedded side (src/child/, src/inject/)
  'heightSource', 'tokenOrigins', 'postOrigins', 'measure',
  'inUse', 'held', 'restore',
  'reloadForOptions', 'isCssHeight', 'isReferrerPolicy', 'isSandboxFlag', 'keep', 'onEnd',
  'shareTabs', 'armed', 'track', 'arm', 'disarm', 'idleQuietMs', 'leftAt', 'quietMs', 'pointerInside', 'focused',
];

const minify = () =>
  terser({
    ecma: 2022,
    module: true, // also right for the classic script: its IIFE keeps every name local
    compress: { passes: 5, unsafe_arrows: true, keep_fargs: false },
    mangle: { properties: { builtins: true, regex: new RegExp(`^(${INTERNAL_MEMBERS.join('|')})$`) } },
    format: { comments: false },
  });

/** Terser leaves template literals alone; collapse the whitespace of our css`` blocks. */
const minifyCss = () => ({
  name: 'minify-css',
  transform(code, id) {
    if (!id.endsWith('styles.js')) return null;
    return {
      code: code.replace(/(css |cssText = )`([^`]*)`/g, (_, head, text) =>
        head + "`" + text.replace(/\s+/g, ' ').replace(/\s*([{}:;,>+])\s*/g, '$1').replace(/;}/g, '}').trim() + '`',
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
  // A classic script (not a module) for proxies that inject it into stock Dittofeed pages: it must
  // run before the page's own scripts and find its own <script> tag (src/child-script.ts).
  {
    input: 'dist/child-script.js',
    output: { file: 'dist/dittofeed-embed-child.min.js', format: 'iife', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), minify()],
  },
];
