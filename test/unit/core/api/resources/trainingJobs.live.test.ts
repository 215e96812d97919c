import assert from 'node:assert/strict';
import { isPlatformError } from '../../../../../extension/core/api/errors';
import { WaitFailedError } from '../../../../../extension/core/api/resources/common';
import type { JobEventRecord, TrainingJob, TrainingJobCreateRequest } from '../../../../../extension/core/api/resources/trainingJobs';
import { type Live, rejection, startLive } from './liveHarness';

// Prints numbered lines (and scalars) over a moment, so tailing sees the log grow.
const trainPy = `
import time
for i in range(1, 6):
    print(f'line {i}', flush=True)
    print(f'MA_METRIC loss={1.0 / i} step={i}', flush=True)
    time.sleep(0.2)
print('done training')
`;

const engine = { engine_name: 'PyTorch', engine_version: '1.8' };
const flavor = { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 };
const commandJob = (name: string, command: string): TrainingJobCreateRequest => ({
  metadata: { name },
  algorithm: { command, engine },
  spec: { resource: flavor },
});

describe('core/api/resources against the local daemon: training jobs (live)', function () {
  this.timeout(120_000);
  let live: Live;
  before(async () => {
    live = await startLive();
    await live.put('code', { 'demo/train.py': trainPy });
  });
  after(async () => {
    if (live) {
      for await (const job of live.api.trainingJobs.search({ phases: ['Creating', 'Pending', 'Running'] }))
        await live.api.trainingJobs.terminate(job.metadata.id).catch(() => undefined);
      await live.close();
    }
  });

  it('flavors and engines', async () => {
    const { trainingJobs } = live.api;
    const flavors = await trainingJobs.flavors();
    assert.ok(flavors.some((f) => f.flavor_id === 'modelarts.vm.cpu.2u'));
    assert.deepEqual(await trainingJobs.flavors({ flavorType: 'GPU' }), []);
    const engines = await trainingJobs.engines();
    assert.ok(engines.some((e) => e.engine_name === 'PyTorch'));
  });

  it('runs code from storage: tailLogs follows the log until the job ends; metrics, events, waitFor', async () => {
    const { trainingJobs } = live.api;
    const job = await trainingJobs.create({
      kind: 'job',
      metadata: { name: 'res-train', description: 'typed' },
      algorithm: { code_dir: 'obs://code/demo/', boot_file: 'train.py', engine },
      spec: { resource: flavor },
    });
    assert.equal(job.status.phase, 'Creating');
    const id = job.metadata.id;

    let text = '';
    let next = 0;
    for await (const chunk of trainingJobs.tailLogs(id, 'worker-0', { pollMs: 50, chunkBytes: 16 })) {
      assert.equal(chunk.offset, next, 'chunks are contiguous');
      next = chunk.nextOffset;
      text += chunk.content;
    }
    const lines = text.split('\n').filter((l) => l.startsWith('line ') || l === 'done training');
    assert.deepEqual(lines, ['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'done training']);

    const done = await trainingJobs.waitFor(id, 'Completed', { pollMs: 50 });
    assert.equal(done.status.task_statuses?.[0]?.exit_code, 0);
    const whole = await trainingJobs.logPreview(id, 'worker-0');
    assert.equal(whole.content, text);
    assert.equal(whole.full_size, next);
    // Resuming from an offset yields only what follows it.
    const rest: string[] = [];
    for await (const chunk of trainingJobs.tailLogs(id, 'worker-0', { from: next - 'done training\n'.length })) rest.push(chunk.content);
    assert.deepEqual(rest, ['done training\n']);
    assert.match(await trainingJobs.logUrl(id, 'worker-0'), /^file:\/\//);

    const metrics = await trainingJobs.metrics(id, 'worker-0');
    assert.deepEqual(metrics.metrics.map((m) => m.metric).slice(0, 2), ['cpuUsage', 'memUsage']);
    assert.deepEqual(metrics.scalars?.find((s) => s.name === 'loss')?.step, [1, 2, 3, 4, 5]);

    const events = (await trainingJobs.events(id, { order: 'asc' })) as JobEventRecord[];
    assert.ok(events.length >= 2, JSON.stringify(events));
    assert.ok(events.every((e) => typeof e.message === 'string' && typeof e.time === 'string'));
    assert.ok((await trainingJobs.events(id, { level: 'Error' })).length <= events.length);

    await trainingJobs.updateDescription(id, 'changed');
    assert.equal((await trainingJobs.get(id)).metadata.description, 'changed');
  });

  it('waitFor rejects with the task message when the job fails; terminate and delete', async () => {
    const { trainingJobs } = live.api;
    const failing = await trainingJobs.create(commandJob('res-fail', 'exit 3'));
    const err = await rejection(trainingJobs.waitFor(failing.metadata.id, 'Completed', { pollMs: 50 }));
    assert.ok(err instanceof WaitFailedError, String(err));
    assert.equal(err.state, 'Failed');
    assert.equal((err.resource as TrainingJob).status.task_statuses?.[0]?.exit_code, 3);

    const long = await trainingJobs.create(commandJob('res-long', 'sleep 60'));
    await trainingJobs.waitFor(long.metadata.id, 'Running', { pollMs: 50 });
    assert.equal((await trainingJobs.terminate(long.metadata.id)).status.phase, 'Terminating');
    await trainingJobs.waitFor(long.metadata.id, 'Terminated', { pollMs: 50 });
    await trainingJobs.delete(long.metadata.id);
    const gone = await rejection(trainingJobs.get(long.metadata.id));
    assert.ok(isPlatformError(gone) && gone.errorCode === 'ModelArts.2775' && gone.errorSolution, String(gone));
  });

  it('search pages through several jobs with a small page size, with filters and sort', async () => {
    const { trainingJobs } = live.api;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await trainingJobs.create(commandJob(`res-page-${i}`, 'true'))).metadata.id);
    const pageSizes: number[] = [];
    for await (const page of trainingJobs.searchPages({ name: 'res-page-', pageSize: 2, sortBy: 'name', order: 'asc' }))
      pageSizes.push(page.items.length);
    assert.deepEqual(pageSizes, [2, 2, 1]);
    const names: string[] = [];
    for await (const job of trainingJobs.search({ name: 'res-page-', pageSize: 2, sortBy: 'name', order: 'asc' }))
      names.push(job.metadata.name);
    assert.deepEqual(names, ['res-page-0', 'res-page-1', 'res-page-2', 'res-page-3', 'res-page-4']);
    for (const id of ids) await trainingJobs.waitFor(id, ['Completed'], { pollMs: 50 });
    const completed: string[] = [];
    for await (const job of trainingJobs.search({
      filters: [{ key: 'name', operator: 'like', value: ['res-page-'] }],
      phases: ['Completed'],
      pageSize: 3,
    }))
      completed.push(job.metadata.id);
    assert.deepEqual(completed.sort(), [...ids].sort());
  });
});
