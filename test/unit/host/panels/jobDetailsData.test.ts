import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TrainingJob } from '../../../../extension/core/api/resources/trainingJobTypes';
import { JobDetailsData, type JobReader } from '../../../../extension/host/panels/jobDetails/jobDetailsData';
import type { JobDetailsStateParams } from '../../../../webviews/protocol/jobDetails';
import { type Live, startLive } from '../../core/api/resources/liveHarness';
import { until } from '../../local/api/trainingJobs/helpers';

const t = (message: string, ...args: (string | number)[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/**
 * The job details panel's host data against a real local daemon: a job read with its events,
 * followed live from Running to Completed, then left alone; a deleted job; a platform that is not
 * connected; a failed read that keeps the last good one.
 */
describe('host/panels/jobDetails: the panel’s data against the local daemon', function () {
  this.timeout(60_000);
  let live: Live;
  let dir: string;
  const open: JobDetailsData[] = [];

  before(async () => {
    live = await startLive();
    dir = mkdtempSync(path.join(os.tmpdir(), 'ma-details-'));
    await live.put('team', { 'code/train.sh': 'echo hi\n', 'data/a.txt': 'a\n' });
    await live.put('results', {});
  });

  afterEach(() => {
    for (const d of open.splice(0)) d.dispose();
  });

  after(async () => {
    await live?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function follow(job: TrainingJob, reader: () => JobReader | undefined = () => live.api.trainingJobs) {
    const data = new JobDetailsData(
      { platform: 'local', jobId: job.metadata.id, jobName: job.metadata.name },
      { reader, disconnected: () => 'connect local mode' },
      t,
      { pollMs: 100 },
    );
    open.push(data);
    const states: JobDetailsStateParams[] = [];
    data.onDidChange(() => states.push(data.state()));
    return { data, states };
  }

  it('reads the job with its events and follows it live until it ended, then stops reading', async () => {
    const go = path.join(dir, 'go');
    const job = await live.api.trainingJobs.create({
      metadata: { name: 'details-live' },
      algorithm: {
        command: 'while [ ! -f "$GO" ]; do sleep 0.05; done; echo done',
        environments: { GO: go, API_TOKEN: 'never-shown' },
        parameters: [{ name: 'epochs', value: '3' }],
        engine: { engine_name: 'PyTorch', engine_version: '1.8' },
        inputs: [{ name: 'data_url', remote: { obs: { obs_url: '/team/data/' } } }],
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: 'obs://results/run-1/' } } }],
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    const { data, states } = follow(job);
    assert.equal(data.state().loading, true, 'loading until the first read');
    assert.equal(data.state().name, 'details-live', 'named before the first read');
    await data.refresh(true);
    await until('the job running', async () => (data.state().job?.phase === 'Running' ? true : undefined));
    const running = data.state().job;
    assert.ok(running);
    assert.equal(running.ended, false);
    assert.ok(running.startedAt && running.durationMs !== undefined);
    assert.deepEqual(
      running.history.map((s) => s.step),
      ['created', 'started'],
    );
    assert.deepEqual(running.parameters, [{ name: 'epochs', value: '3', hidden: false }]);
    assert.deepEqual(
      running.environment.find((e) => e.name === 'API_TOKEN'),
      { name: 'API_TOKEN', value: '', hidden: true },
    );
    assert.equal(running.inputs[0]?.storage?.url, 'obs://team/data/');
    assert.equal(running.outputs[0]?.storage?.url, 'obs://results/run-1/');
    // The daemon's own events, newest first: created, then running.
    assert.ok(running.events.some((e) => e.message === 'Training job created.' && e.source === 'Job'));
    assert.ok(running.events.some((e) => e.message === 'Training job is running.'));

    writeFileSync(go, '');
    await until('the job completed, with its last events', async () =>
      data.state().job?.phase === 'Completed' && data.state().job?.events.some((e) => /completed/i.test(e.message)) ? true : undefined,
    );
    const ended = data.state().job;
    assert.ok(ended?.ended);
    assert.equal(ended.history.at(-1)?.step, 'ended');
    assert.equal(ended.history.at(-1)?.phase, 'Completed');
    assert.ok(ended.endedAt && ended.startedAt && ended.endedAt >= ended.startedAt);
    // Once ended (and read once more), nothing is read again: the states stop coming.
    await new Promise((r) => setTimeout(r, 500));
    const settled = states.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(states.length, settled, 'no more reads of an ended job');
    assert.ok(!JSON.stringify(states).includes('never-shown'), 'the secret never reached a state');
  });

  it('a deleted job says so and stops; a platform not connected says which to connect', async () => {
    const job = await live.api.trainingJobs.create({
      metadata: { name: 'details-gone' },
      algorithm: { command: 'true', engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    const { data } = follow(job);
    await data.refresh();
    assert.equal(data.state().job?.id, job.metadata.id);
    await live.api.trainingJobs.delete(job.metadata.id);
    await until('the deletion seen', async () => {
      await data.refresh();
      return data.state().problem?.kind === 'gone' ? true : undefined;
    });
    assert.match(data.state().problem?.message ?? '', /details-gone no longer exists/);
    assert.equal(data.state().job?.id, job.metadata.id, 'the last read stays on show');

    const elsewhere = follow(job, () => undefined).data;
    await elsewhere.refresh();
    assert.deepEqual(elsewhere.state().problem, { kind: 'disconnected', message: 'connect local mode' });
    assert.equal(elsewhere.state().job, undefined);
    assert.equal(elsewhere.state().loading, false);
  });

  it('a failed read keeps the last good one and says what went wrong', async () => {
    const job = await live.api.trainingJobs.create({
      metadata: { name: 'details-flaky' },
      algorithm: { command: 'true', engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    let fail = false;
    const flaky: JobReader = {
      get: (id, o) => (fail ? Promise.reject(new Error('connection refused')) : live.api.trainingJobs.get(id, o)),
      events: (id, o) => live.api.trainingJobs.events(id, o),
    };
    const { data } = follow(job, () => flaky);
    await data.refresh();
    fail = true;
    await data.refresh();
    assert.equal(data.state().problem?.kind, 'failed');
    assert.match(data.state().problem?.message ?? '', /connection refused/);
    assert.equal(data.state().job?.name, 'details-flaky');
    fail = false;
    await data.refresh();
    assert.equal(data.state().problem, undefined, 'the next good read clears it');
  });
});
