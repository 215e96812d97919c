/**
 * `npm run bench:metrics`: the training metrics panel's figures, each beside its floor.
 *
 * 1. Event-file parsing (bench/metricsParse.ts): MB/s and points/s on a ~100 MB file, beside a
 *    plain read of the same file; and the store's memory per million points.
 * 2. The webview alone in Chromium (bench/metricsWebview.ts): first chart for 4 tags × 1,000,000
 *    points beside uPlot alone drawing the same points; live appends at 10 Hz (main-thread time
 *    per append); 100 runs × 4 tags × 10,000 points to first draw.
 * 3. End to end in code-server: Show Metrics on a local job that printed 4 tags × 1,000,000
 *    points, from the command to the first chart drawn and to every point read, and the
 *    extension host's memory held for them.
 *
 * 4. Memory (bench/metricsMemory.ts): what the host's classes hold per million points after a GC.
 * 5. Compare Runs in code-server (bench/metricsCompare.ts): 100 local jobs × 4 tags × 10,000 points.
 * 6. Chart views in the host (bench/metricsViews.ts): buildView over the summary index beside the
 *    pass over every point it replaced, for 1,000,000 points, live appends and 100 runs.
 *
 * Usage: npm run bench:metrics [-- --points 1000000] [--skip-parse] [--skip-views] [--skip-webview] [--skip-memory] [--skip-compare]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatformClient, localPlatformConfig } from '../extension/core/api/client';
import { ModelArtsApi } from '../extension/core/api/resources/modelArtsApi';
import { resolveDataDir } from '../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../extension/local/lifecycle';
import { pickRow } from '../test/e2e/quickInput';
import { extensionHostRss, type FramePhases, framePhases, panelProgress } from './metricsPage';
import { modelArtsEntry } from '../test/e2e/sidebar';
import { openWorkbench, runCommand, startCodeServer } from '../test/tools/codeServer';
import { packageVsix } from '../test/tools/packageVsix';
import { repoRoot } from '../test/tools/paths';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const points = Number(arg('points') ?? 1_000_000);

function runPart(title: string, script: string, nodeFlags: readonly string[] = []): void {
  console.log(`\n== ${title}`);
  // tsx passes its own node flags (before the script) on to the process that runs it.
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), ...nodeFlags, script], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) console.log(`(${script} exited ${r.status})`);
}

async function endToEnd(): Promise<void> {
  console.log(`\n== end to end in code-server: Show Metrics on a job with 4 tags × ${points.toLocaleString('en-US')} points`);
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-metrics-'));
  const vsix = (await packageVsix()).file;
  const discovery = await startDaemonDetached({
    dataDir: resolveDataDir(localHome),
    daemonScript: path.join(repoRoot, 'dist', 'daemon.js'),
  });
  const api = new ModelArtsApi(createPlatformClient(localPlatformConfig(discovery)));
  const server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: localHome } });
  const workbench = await openWorkbench(server.url, { viewport: { width: 1400, height: 1000 } });
  try {
    const job = await api.trainingJobs.create({
      metadata: { name: 'bench-metrics-4m' },
      algorithm: {
        command: `awk 'BEGIN { for (i = 0; i < ${points}; i++) printf "MA_METRIC train/loss=%g train/acc=%g eval/loss=%g eval/acc=%g step=%d\\n", 1/(i+1), 1-1/(i+2), 2/(i+1), 1-2/(i+3), i }'`,
        engine: { engine_name: 'PyTorch', engine_version: '1.8' },
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    await api.trainingJobs.waitFor(job.metadata.id, ['Completed', 'Failed'], { pollMs: 500 });
    const page = workbench.page;
    await modelArtsEntry(page).click({ timeout: 60_000 });
    const rssBefore = extensionHostRss();
    await runCommand(page, 'ModelArts: Show Metrics');
    // The clock starts when the job is picked: what a click on the job's Show Metrics action costs.
    const row = pickRow(page, 'bench-metrics-4m');
    await row.waitFor({ timeout: 30_000 });
    const t0 = Date.now();
    await row.click();
    let phases: FramePhases | undefined;
    let firstMs: number | undefined;
    let allMs: number | undefined;
    for (;;) {
      const s = await panelProgress(page).catch(() => ({ drawn: false, total: 0 }));
      if (s.drawn && firstMs === undefined) {
        firstMs = Date.now() - t0;
        phases = await framePhases(page).catch(() => undefined);
      }
      if (s.total >= points) {
        allMs = Date.now() - t0;
        break;
      }
      if (Date.now() - t0 > 600_000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 3000));
    const rssAfter = extensionHostRss();
    console.log(`  job picked → first chart drawn: ${firstMs ?? '—'} ms`);
    if (phases && firstMs !== undefined) {
      const frameStart = phases.timeOrigin - t0;
      console.log(
        `    of which VS Code creating the webview until its document starts loading: ${frameStart.toFixed(0)} ms (the floor: any webview panel pays it)`,
      );
      console.log(`    the document and the panel's script loaded and run: ${phases.domContentLoaded.toFixed(0)} ms`);
      console.log(
        `    from then, the first answers and the chart drawn: ${(firstMs - frameStart - phases.domContentLoaded).toFixed(0)} ms`,
      );
      const at = Object.entries(phases.marks).sort((a, b) => a[1] - b[1]);
      console.log(
        `    the panel's marks, ms after its document began: ${at.map(([n, v]) => `${n.replace('metrics:', '')} ${v.toFixed(0)}`).join(', ')}`,
      );
    }
    console.log(
      `  command → every point read (the chart note counts ${points.toLocaleString('en-US')}): ${allMs ?? 'not within 10 min'} ms`,
    );
    if (rssBefore && rssAfter) {
      const held = (rssAfter - rssBefore) / 1e6;
      console.log(
        `  extension host RSS: ${(rssBefore / 1e6).toFixed(0)} → ${(rssAfter / 1e6).toFixed(0)} MB, ${(held / ((4 * points) / 1e6)).toFixed(1)} MB per million points held`,
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

async function main(): Promise<void> {
  if (!process.argv.includes('--skip-parse')) runPart('event-file parsing', 'bench/metricsParse.ts');
  if (!process.argv.includes('--skip-views')) runPart('chart views in the extension host', 'bench/metricsViews.ts');
  if (!process.argv.includes('--skip-webview')) runPart('the webview alone in Chromium', 'bench/metricsWebview.ts');
  if (!process.argv.includes('--skip-memory'))
    runPart('extension host memory per million points', 'bench/metricsMemory.ts', ['--expose-gc']);
  await endToEnd();
  if (!process.argv.includes('--skip-compare')) runPart('Compare Runs end to end in code-server', 'bench/metricsCompare.ts');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
