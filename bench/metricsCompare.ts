/**
 * Compare Runs end to end in code-server: 100 local training jobs that each printed 4 tags ×
 * 10,000 points as MA_METRIC lines, all picked in Compare Runs' quick pick; from the OK to the
 * first chart drawn (goal ≤ 1.5 s) and to every point read. The floor beside it: the same panel
 * for one of those jobs alone (Show Metrics), which pays VS Code's webview creation too.
 * Usage: npx tsx bench/metricsCompare.ts [--runs 100] [--points 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createPlatformClient, localPlatformConfig } from '../extension/core/api/client';
import { ModelArtsApi } from '../extension/core/api/resources/modelArtsApi';
import { resolveDataDir } from '../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../extension/local/lifecycle';
import { acceptPicks, pickRow, quickInputBox } from '../test/e2e/quickInput';
import { modelArtsEntry } from '../test/e2e/sidebar';
import { openWorkbench, runCommand, startCodeServer } from '../test/tools/codeServer';
import { packageVsix } from '../test/tools/packageVsix';
import { repoRoot } from '../test/tools/paths';
import { type FramePhases, framePhases, panelProgress } from './metricsPage';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 100);
const points = arg('points', 10_000);

/** From `start` until a chart has drawn, and until a chart's note counts `total` points. */
async function timeToDraw(page: Page, start: number, total: number): Promise<{ firstMs?: number; allMs?: number; phases?: FramePhases }> {
  let firstMs: number | undefined;
  let phases: FramePhases | undefined;
  for (;;) {
    const s = await panelProgress(page).catch(() => ({ drawn: false, total: 0 }));
    if (s.drawn && firstMs === undefined) {
      firstMs = Date.now() - start;
      phases = await framePhases(page).catch(() => undefined);
    }
    if (s.total >= total) return { firstMs, allMs: Date.now() - start, phases };
    if (Date.now() - start > 300_000) return { firstMs, phases };
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  console.log(`${runs} local jobs × 4 tags × ${points.toLocaleString('en-US')} points`);
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-compare-'));
  const vsix = (await packageVsix()).file;
  const discovery = await startDaemonDetached({
    dataDir: resolveDataDir(localHome),
    daemonScript: path.join(repoRoot, 'dist', 'daemon.js'),
  });
  const api = new ModelArtsApi(createPlatformClient(localPlatformConfig(discovery)));
  const server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: localHome } });
  const workbench = await openWorkbench(server.url, { viewport: { width: 1400, height: 1000 } });
  try {
    const ids: string[] = [];
    for (let r = 0; r < runs; r++) {
      const job = await api.trainingJobs.create({
        metadata: { name: `cmp-${String(r).padStart(3, '0')}` },
        algorithm: {
          command: `awk 'BEGIN { for (i = 0; i < ${points}; i++) printf "MA_METRIC train/loss=%g train/acc=%g eval/loss=%g eval/acc=%g step=%d\\n", ${r + 1}/(i+1), 1-1/(i+2), 2/(i+1), 1-2/(i+3), i }'`,
          engine: { engine_name: 'PyTorch', engine_version: '1.8' },
          parameters: [{ name: 'lr', value: String(0.001 * (r + 1)) }],
        },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      });
      ids.push(job.metadata.id);
    }
    for (const id of ids) await api.trainingJobs.waitFor(id, ['Completed', 'Failed'], { pollMs: 500, timeoutMs: 600_000 });
    const page = workbench.page;
    await modelArtsEntry(page).click({ timeout: 60_000 });

    // The floor: one of those jobs in its own panel.
    await runCommand(page, 'ModelArts: Show Metrics');
    // The list is virtual and newest first: filter it to bring the first job into view.
    await quickInputBox(page).fill('cmp-000');
    const one = pickRow(page, 'cmp-000');
    await one.waitFor({ timeout: 30_000 });
    const t1 = Date.now();
    await one.click();
    const single = await timeToDraw(page, t1, points);
    await runCommand(page, 'View: Close All Editors');

    await runCommand(page, 'ModelArts: Compare Runs');
    await pickRow(page, 'cmp-099').waitFor({ timeout: 30_000 });
    // Every job: the quick pick's own "select all" box.
    await page.locator('.quick-input-widget .quick-input-header [role="checkbox"]').first().click();
    await quickInputBox(page).waitFor();
    const t0 = Date.now();
    await acceptPicks(page);
    const compare = await timeToDraw(page, t0, runs * points);
    const f = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`);
    console.log(`  Compare Runs, OK → first chart drawn: ${f(compare.firstMs)} (goal ≤ 1,500 ms); every point read: ${f(compare.allMs)}`);
    console.log(`  floor, Show Metrics on one of them → first chart drawn: ${f(single.firstMs)}; every point read: ${f(single.allMs)}`);
    for (const [name, r, t] of [
      ['Compare Runs', compare, t0],
      ['one job', single, t1],
    ] as const) {
      if (!r.phases) continue;
      const marks = Object.entries(r.phases.marks).sort((a, b) => a[1] - b[1]);
      console.log(
        `  ${name}: webview document began ${(r.phases.timeOrigin - t).toFixed(0)} ms after the pick; then ${marks.map(([n, v]) => `${n.replace('metrics:', '')} ${v.toFixed(0)}`).join(', ')}`,
      );
    }
  } finally {
    api.client.close();
    await workbench.close();
    await server.stop();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
