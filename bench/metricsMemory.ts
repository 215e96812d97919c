/**
 * What the extension host holds for a metrics panel, measured where it can be measured exactly:
 * this Node process runs the panel's own data path (JobMetricsSource → MetricsSession, the
 * classes the host builds for Show Metrics) against the real local daemon, for a job that printed
 * 4 tags × N points, and weighs the heap after a full garbage collection, before and after.
 * Resident memory (RSS) is printed too, but it only grows: V8 keeps freed pages, so RSS counts
 * the transient JSON answers as much as the points kept.
 * Floor: SeriesStore.bytes(), the typed arrays alone (16 bytes a point: step, wall time, value).
 * Usage: npx tsx --expose-gc bench/metricsMemory.ts [--points 1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatformClient, localPlatformConfig } from '../extension/core/api/client';
import { ModelArtsApi } from '../extension/core/api/resources/modelArtsApi';
import { JobMetricsSource } from '../extension/core/metrics/jobSource';
import { MetricsSession } from '../extension/core/metrics/session';
import { resolveDataDir } from '../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../extension/local/lifecycle';
import { repoRoot } from '../test/tools/paths';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const points = Number(arg('points') ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after two full collections (the second frees what the first's finalisers let go). */
function retained(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<void> {
  if (!gc) {
    console.log('run with --expose-gc (npx tsx --expose-gc bench/metricsMemory.ts)');
    process.exit(2);
  }
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-metrics-mem-'));
  const discovery = await startDaemonDetached({
    dataDir: resolveDataDir(localHome),
    daemonScript: path.join(repoRoot, 'dist', 'daemon.js'),
  });
  const api = new ModelArtsApi(createPlatformClient(localPlatformConfig(discovery)));
  try {
    const job = await api.trainingJobs.create({
      metadata: { name: 'bench-metrics-memory' },
      algorithm: {
        command: `awk 'BEGIN { for (i = 0; i < ${points}; i++) printf "MA_METRIC train/loss=%g train/acc=%g eval/loss=%g eval/acc=%g step=%d\\n", 1/(i+1), 1-1/(i+2), 2/(i+1), 1-2/(i+3), i }'`,
        engine: { engine_name: 'PyTorch', engine_version: '1.8' },
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    await api.trainingJobs.waitFor(job.metadata.id, ['Completed', 'Failed'], { pollMs: 500 });

    const before = retained();
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const session = new MetricsSession('bench', [new JobMetricsSource(api, job.metadata.id, 'bench', undefined)]).start();
    await session.settled();
    const readMs = performance.now() - t0;
    const held = retained() - before;
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    const total = session.store.pointCount;
    const perMillion = (bytes: number) => (bytes / 1e6 / (total / 1e6)).toFixed(1);
    console.log(`4 tags × ${points.toLocaleString('en-US')} points of MA_METRIC lines, read by the panel's own classes from the daemon`);
    console.log(
      `  every point read in ${(readMs / 1000).toFixed(2)} s (${Math.round(total / (readMs / 1000)).toLocaleString('en-US')} points/s)`,
    );
    console.log(
      `  held after a full GC: ${(held / 1e6).toFixed(1)} MB for ${total.toLocaleString('en-US')} points = ${perMillion(held)} MB per million (goal ≤ 20)`,
    );
    console.log(`  floor, the store's typed arrays: ${perMillion(session.store.bytes())} MB per million`);
    console.log(`  RSS growth meanwhile (transient answers included; V8 keeps freed pages): ${perMillion(rssGrowth)} MB per million`);
    session.dispose();
  } finally {
    api.client.close();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
