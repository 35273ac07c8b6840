// npm run size: the size budgets (issue 2; the injected script: issue 12), gzip -9 as `gzip -9 < file | wc -c` counts them.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgets = [
  ['dist/dittofeed-embed.min.js', 11100, 'the CDN bundle, Lit included'],
  ['dist/child.min.js', 1500, 'dittofeed-embed/child alone'],
  ['dist/dittofeed-embed-child.min.js', 2500, 'the script a proxy injects into stock Dittofeed pages'],
];

let failed = false;
for (const [file, budget, what] of budgets) {
  const bytes = gzipSync(readFileSync(file), { level: 9 }).length;
  const ok = bytes <= budget;
  failed ||= !ok;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${file}  ${bytes} B gzip -9  (budget ${budget} B; ${what})`);
}
process.exit(failed ? 1 : 0);
