/**
 * `npm run bench:labeling`: the data labeling figures, each beside its floor, one part per script
 * (each also runs alone with `npx tsx bench/<part>.ts`):
 *   1. bench/labelingStore.ts: the daemon's dataset store: one annotation saved round trip at 100
 *      and at 100,000 samples beside a signed GET and a bare fdatasync; pages and searches at
 *      100,000; loading the store.
 *   2. bench/labelingFormats.ts: export and import of 100,000 annotated samples in each format,
 *      samples per second, beside JSON.stringify/parse of the same samples.
 *   3. bench/labelingPanel.ts: the panel: Label… to the first page of thumbnails (warm and cold
 *      cache), the next image shown, and dragging a box on an image with 1,000 boxes.
 * Usage: npm run bench:labeling [-- --skip-store] [--skip-formats] [--skip-panel]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../test/tools/paths';

function runPart(title: string, script: string, args: readonly string[] = []): boolean {
  console.log(`\n== ${title}`);
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script, ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) console.log(`(${script} exited ${r.status})`);
  return r.status === 0;
}

const parts: [flag: string, title: string, script: string][] = [
  ['--skip-store', 'the dataset store in the local daemon', 'bench/labelingStore.ts'],
  ['--skip-formats', 'annotation formats: export and import of 100,000 samples', 'bench/labelingFormats.ts'],
  ['--skip-panel', 'the labeling panel', 'bench/labelingPanel.ts'],
];
let ok = true;
for (const [flag, title, script] of parts) if (!process.argv.includes(flag)) ok = runPart(title, script) && ok;
process.exit(ok ? 0 : 1);
