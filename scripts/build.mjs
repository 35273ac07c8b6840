// npm run build: compile TypeScript to dist/ (ES modules + .d.ts), then bundle the CDN file.
import { rmSync } from 'node:fs';
import { run } from './run.mjs';

rmSync('dist', { recursive: true, force: true });
await run('tsc', ['-p', 'tsconfig.json']);
await run('rollup', ['-c', 'rollup.config.mjs', '--silent']);
await run('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs']); // custom-elements.json (issue 4)
