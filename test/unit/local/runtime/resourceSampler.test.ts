import assert from 'node:assert/strict';
import path from 'node:path';
import { startManagedProcess, type ManagedProcess } from '../../../../extension/local/runtime/processRunner';
import { ResourceSampler, sampleProcessTree } from '../../../../extension/local/runtime/resourceSampler';
import { baseEnv, cleanup, makeTempDir, requireLinux, track, waitFor } from './helpers';

describe('local/runtime/resourceSampler', () => {
  let dir: string;
  before(function () {
    requireLinux(this);
  });
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(cleanup);

  function busy(): Promise<ManagedProcess> {
    // A shell busy loop plus a sleeping child: the tree has two processes, one of them burning CPU.
    return startManagedProcess({
      command: 'sleep 1000 & while :; do :; done',
      cwd: dir,
      env: baseEnv,
      logFile: path.join(dir, 'log'),
    }).then(track);
  }

  it('sees CPU and memory of a busy process tree', async () => {
    const p = await busy();
    const usage = await waitFor('a sample with CPU use', async () => {
      const u = await sampleProcessTree(p.pid, 200);
      return u && u.cpuPercent > 0 && u.processCount >= 2 ? u : undefined;
    });
    assert.ok(usage.memoryBytes > 0);
    await p.terminate(2000);
  });

  it('returns undefined for a pid that is gone', async () => {
    const p = track(await startManagedProcess({ command: 'true', cwd: dir, env: baseEnv, logFile: path.join(dir, 'log') }));
    await p.exited;
    await waitFor('pid gone', async () => (await sampleProcessTree(p.pid, 10)) === undefined);
  });

  it('keeps a bounded ring of samples, oldest first, and stops on stop()', async () => {
    const p = await busy();
    const sampler = new ResourceSampler(p.pid, { intervalMs: 20, capacity: 3 }).start();
    await waitFor('ring full', () => sampler.samples().length === 3);
    const first = sampler.samples()[0];
    await waitFor('ring wrapped', () => sampler.samples()[0] !== first);
    const samples = sampler.samples();
    assert.equal(samples.length, 3);
    for (let i = 1; i < samples.length; i++)
      assert.ok((samples[i] as { timestamp_ms: number }).timestamp_ms >= (samples[i - 1] as { timestamp_ms: number }).timestamp_ms);
    assert.deepEqual(sampler.latest(), samples[2]);
    assert.ok(samples.some((s) => s.memory_bytes > 0));
    sampler.stop();
    assert.equal(sampler.stopped, true);
    await p.terminate(2000);
  });

  it('stops when its AbortSignal aborts', async () => {
    const p = await busy();
    const controller = new AbortController();
    const sampler = new ResourceSampler(p.pid, { intervalMs: 20, signal: controller.signal }).start();
    await waitFor('a sample', () => sampler.samples().length > 0);
    controller.abort();
    assert.equal(sampler.stopped, true);
    await p.terminate(2000);
  });

  it('stops by itself when the process tree is gone, keeping its samples', async () => {
    const p = await busy();
    const sampler = new ResourceSampler(p.pid, { intervalMs: 20 }).start();
    await waitFor('a sample', () => sampler.samples().length > 0);
    await p.terminate(2000);
    await waitFor('sampler stopped', () => sampler.stopped);
    assert.ok(sampler.samples().length > 0);
  });
});
