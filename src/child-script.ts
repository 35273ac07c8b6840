/**
 * Entry of `dist/dittofeed-embed-child.min.js`, a classic script for proxies that add it to stock
 * Dittofeed pages (examples/nginx/):
 *
 *   <script src="/_dittofeed-embed/child.js" data-allowed-origins="https://app.example.com"></script>
 *
 * first in `<head>`, so that it runs before the page's own scripts. Not an ES module on purpose:
 * a module would run after them, and could not find its own tag.
 */
import { connectFromScriptTag } from './inject/auto-connect.js';

if (typeof document != 'undefined') {
  const script = document.currentScript;
  if (script instanceof HTMLScriptElement) connectFromScriptTag({ ...script.dataset });
  else console.error('[dittofeed-embed/child] needs a classic <script src>; not connected.');
}
