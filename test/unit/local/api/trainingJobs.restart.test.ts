import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandJob, getText, groupMembers, jobRecord, putObjects, s3Of, startSplitDaemon, until, waitPhase } from './trainingJobs/helpers';

describe('local daemon: training jobs across daemon restarts', function () {
  this.timeout(90_000);
  let dataDir: string;
  let tmp: string;
  let d: Awaited<ReturnType<typeof startSplitDaemon>>;
  const started: number[] = [];

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-local-'));
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-train-restart-'));
    d = await startSplitDaemon(dataDir);
    const s3 = s3Of(d.discovery);
    await putObjects(s3, 'out', {});
    s3.destroy();
  });
  after(async () => {
    await d.stopDaemon();
    // Whatever a failed test left running is ended here, never left behind.
    for (const pid of started) for (const p of groupMembers(pid)) process.kill(p, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  const waitLoop = (stop: string) => `while [ ! -f "${stop}" ]; do sleep 0.05; done; echo finished > "$MA_OUTPUT_OUT/result.txt"`;

  it('adopts a job that kept running through a restart and finishes it properly', async () => {
    const stop = path.join(tmp, 'stop-adopt');
    const created = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('survivor', waitLoop(stop), {
        algorithm: { outputs: [{ name: 'out', remote: { obs: { obs_url: 'obs://out/survivor/' } } }] },
      }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.metadata.id;
    await waitPhase(d, id, 'Running');
    const pid = await until('the job process', async () => jobRecord(dataDir, id)?.process?.pid);
    started.push(pid);

    await d.stopDaemon();
    assert.ok(groupMembers(pid).length > 0, 'the job outlives the daemon');
    await d.startAgain();

    const running = await d.call('GET', `/v2/{p}/training-jobs/${id}`);
    assert.equal(running.json.status.phase, 'Running');
    const events = await d.call('GET', `/v2/{p}/training-jobs/${id}/events?order=asc&pattern=Re-attached`);
    assert.equal(events.json.total, 1);

    writeFileSync(stop, '');
    const done = await waitPhase(d, id, 'Completed', 'Failed', 'Abnormal');
    assert.equal(done.status.phase, 'Completed', done.status.task_statuses[0].message);
    assert.equal(done.status.task_statuses[0].exit_code, 0);
    const s3 = s3Of(d.discovery);
    assert.equal(await getText(s3, 'out', 'survivor/result.txt'), 'finished\n');
    s3.destroy();
  });

  it('marks a job whose process died while no daemon ran as Failed, with the reason', async () => {
    const created = await d.call('POST', '/v2/{p}/training-jobs', commandJob('victim', 'sleep 1000'));
    const id = created.json.metadata.id;
    await waitPhase(d, id, 'Running');
    const pid = await until('the job process', async () => jobRecord(dataDir, id)?.process?.pid);
    started.push(pid);

    await d.stopDaemon();
    process.kill(-pid, 'SIGKILL');
    await until('the job to be gone', async () => (groupMembers(pid).length === 0 ? true : undefined));
    await d.startAgain();

    const done = await waitPhase(d, id, 'Failed', 'Abnormal', 'Completed');
    assert.ok(['Failed', 'Abnormal'].includes(done.status.phase), done.status.phase);
    assert.match(done.status.task_statuses[0].message, /SIGKILL|lost|unknown/);
    assert.match(done.status.task_statuses[0].message, /not running/);
  });

  it('queues waiting jobs again after a restart and runs them', async () => {
    const stop = path.join(tmp, 'stop-queue');
    const spec = { resource: { flavor_id: 'modelarts.vm.cpu.8u', node_count: 1 } };
    const first = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('holder', `while [ ! -f "${stop}" ]; do sleep 0.05; done`, { spec }),
    );
    const second = await d.call('POST', '/v2/{p}/training-jobs', commandJob('waiter', 'echo ran', { spec }));
    await waitPhase(d, first.json.metadata.id, 'Running');
    await waitPhase(d, second.json.metadata.id, 'Pending');
    started.push(await until('the holder process', async () => jobRecord(dataDir, first.json.metadata.id)?.process?.pid));

    await d.stopDaemon();
    await d.startAgain();
    const waiting = await d.call('GET', `/v2/{p}/training-jobs/${second.json.metadata.id}`);
    assert.equal(waiting.json.status.phase, 'Pending');
    assert.equal(waiting.json.status.queue_position, 1);
    writeFileSync(stop, '');
    await waitPhase(d, first.json.metadata.id, 'Completed');
    assert.equal((await waitPhase(d, second.json.metadata.id, 'Completed', 'Failed')).status.phase, 'Completed');
  });
});
