import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { commandJob, getText, groupMembers, jobRecord, putObjects, s3Of, until, waitPhase } from './trainingJobs/helpers';

// The training script: reads its input, reports scalars until the test drops a stop file (so the
// test can look at a running job without racing it), then writes its output.
const trainPy = `
import argparse, os, time
p = argparse.ArgumentParser()
p.add_argument('--epochs', type=int)
p.add_argument('--data_url')
p.add_argument('--train_url')
a = p.parse_args()
total = sum(int(x) for x in open(os.path.join(a.data_url, 'numbers.txt')).read().split())
print('sum is', total, 'héllo')
step = 0
deadline = time.time() + 60
while not os.path.exists(os.environ['STOP_FILE']) and time.time() < deadline:
    if step < a.epochs:
        print(f'MA_METRIC loss={1.0 / (step + 1)} step={step}')
        step += 1
    t = time.time()
    while time.time() - t < 0.05:
        pass
with open(os.path.join(a.train_url, 'result.txt'), 'w') as f:
    f.write(f"sum={total} gpus={os.environ['MA_NUM_GPUS']} hosts={os.environ['MA_NUM_HOSTS']} job={os.environ['JOB_ID']}\\n")
print('done')
`;

describe('local daemon: training jobs', function () {
  this.timeout(120_000);
  let d: TestDaemon;
  let s3: S3Client;
  let tmp: string;

  before(async () => {
    d = await startTestDaemon();
    s3 = s3Of(d.daemon.discovery);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-train-'));
    await putObjects(s3, 'code', { 'mnist/train.py': trainPy, 'mnist/lib/util.py': '' });
    await putObjects(s3, 'data', { 'mnist/numbers.txt': '1 2 3 4' });
    await putObjects(s3, 'out', {});
  });
  after(async () => {
    // Nothing may outlive the suite: terminate whatever still runs, then drop the data dir.
    const all = await d.call('POST', '/v2/{p}/training-job-searches', { limit: 50 });
    for (const job of all.json?.items ?? [])
      if (['Running', 'Pending', 'Creating'].includes(job.status.phase))
        await d.call('POST', `/v2/{p}/training-jobs/${job.metadata.id}/actions`, { action_type: 'terminate' });
    for (const job of all.json?.items ?? [])
      await waitPhase(d, job.metadata.id, 'Completed', 'Failed', 'Terminated', 'Abnormal').catch(() => undefined);
    s3.destroy();
    await d.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists local flavors with capacities and engines matching the preset images', async () => {
    const flavors = await d.call('GET', '/v2/{p}/training-job-flavors');
    assert.equal(flavors.status, 200);
    assert.equal(flavors.json.total_count, flavors.json.flavors.length);
    const two = flavors.json.flavors.find((f: { flavor_id: string }) => f.flavor_id === 'modelarts.vm.cpu.2u');
    assert.equal(two.capacity, 2);
    assert.equal(two.flavor_info.cpu.core_num, 2);
    assert.equal((await d.call('GET', '/v2/{p}/training-job-flavors?flavor_type=GPU')).json.total_count, 0);
    const engines = await d.call('GET', '/v2/{p}/training-job-engines');
    assert.equal(engines.status, 200);
    const names = new Set(engines.json.items.map((e: { engine_name: string }) => e.engine_name));
    for (const n of ['PyTorch', 'TensorFlow', 'MindSpore']) assert.ok(names.has(n), `engine ${n} listed`);
    assert.match(engines.json.items[0].image_info.cpu_image_url, /^swr\.local\//);
  });

  it('runs a python job from storage to Completed: inputs, outputs, logs, metrics, events', async () => {
    const stopFile = path.join(tmp, 'stop-main');
    const created = await d.call('POST', '/v2/{p}/training-jobs', {
      kind: 'job',
      metadata: { name: 'mnist-local', description: 'first run' },
      algorithm: {
        code_dir: 'obs://code/mnist/',
        boot_file: 'train.py',
        engine: { engine_name: 'PyTorch', engine_version: '1.8' },
        parameters: [{ name: 'epochs', value: '5' }],
        inputs: [{ name: 'data_url', remote: { obs: { obs_url: 'obs://data/mnist/' } } }],
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: 'obs://out/mnist-run/' } } }],
        environments: { STOP_FILE: stopFile },
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 }, log_export_path: { obs_url: 'obs://out/logs/' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal(created.json.status.phase, 'Creating');
    assert.match(created.json.metadata.id, /^[0-9a-f]{32}$/);
    assert.equal(created.json.spec.resource.flavor_id, 'modelarts.vm.cpu.2u');
    const id = created.json.metadata.id;

    await waitPhase(d, id, 'Running');
    // Metrics while it runs: resource samples from the sampler, scalars from MA_METRIC lines.
    const metrics = await until('metrics with samples and 5 loss points', async () => {
      const m = await d.call('GET', `/v2/{p}/training-jobs/${id}/metrics/worker-0`);
      assert.equal(m.status, 200);
      const loss = m.json.scalars.find((s: { name: string }) => s.name === 'loss');
      return m.json.metrics[0].value.length > 0 && loss?.value.length === 5 ? m.json : undefined;
    });
    assert.deepEqual(
      metrics.metrics.map((m: { metric: string }) => m.metric),
      ['cpuUsage', 'memUsage', 'gpuUtil', 'gpuMemUsage', 'npuUtil', 'npuMemUsage'],
    );
    assert.equal(metrics.timestamps.length, metrics.metrics[0].value.length);
    assert.ok(metrics.samples[0].memory_bytes > 0);
    const loss = metrics.scalars.find((s: { name: string }) => s.name === 'loss');
    assert.deepEqual(loss.step, [0, 1, 2, 3, 4]);
    assert.equal(loss.value[1], 0.5);

    writeFileSync(stopFile, '');
    const done = await waitPhase(d, id, 'Completed', 'Failed');
    assert.equal(done.status.phase, 'Completed', done.status.task_statuses[0].message);
    assert.equal(done.status.task_statuses[0].exit_code, 0);
    assert.ok(done.status.duration > 0);
    assert.deepEqual(done.status.tasks, ['worker-0']);
    assert.equal(await getText(s3, 'out', 'mnist-run/result.txt'), `sum=10 gpus=0 hosts=1 job=${id}\n`);

    // Logs: the whole log, then the same bytes tailed 7 at a time with offsets.
    const full = await d.call('GET', `/v2/{p}/training-jobs/${id}/tasks/worker-0/logs/preview`);
    assert.equal(full.status, 200);
    assert.match(full.json.content, /sum is 10 héllo/);
    assert.match(full.json.content, /MA_METRIC loss=1\.0 step=0/);
    assert.equal(full.json.current_size, full.json.full_size);
    let tailed = '';
    for (let offset = 0; offset < full.json.full_size;) {
      const part = await d.call('GET', `/v2/{p}/training-jobs/${id}/tasks/worker-0/logs/preview?offset=${offset}&limit=7`);
      assert.ok(part.json.current_size > offset, 'every slice makes progress');
      tailed += part.json.content;
      offset = part.json.current_size;
    }
    assert.equal(tailed, full.json.content);
    // Without an offset: the latest `limit` bytes (the platform's upload lines come after 'done').
    const tail = await d.call('GET', `/v2/{p}/training-jobs/${id}/tasks/worker-0/logs/preview?limit=40`);
    assert.equal(tail.json.content, full.json.content.slice(-40));
    assert.equal(tail.json.current_size, full.json.full_size);
    assert.match(full.json.content, /^done$/m);
    assert.equal((await d.call('GET', `/v2/{p}/training-jobs/${id}/tasks/worker-1/logs/preview`)).status, 400);
    // The log was exported at the end, and the url endpoint points at it.
    const url = await d.call('GET', `/v2/{p}/training-jobs/${id}/tasks/worker-0/logs/url`);
    assert.equal(url.json.obs_url, `obs://out/logs/modelarts-job-${id}-worker-0.log`);
    assert.match(await getText(s3, 'out', `logs/modelarts-job-${id}-worker-0.log`), /sum is 10/);

    const events = await d.call('GET', `/v2/{p}/training-jobs/${id}/events?order=asc`);
    assert.equal(events.status, 200);
    const messages: string[] = events.json.events.map((e: { message: string }) => e.message);
    assert.equal(messages[0], 'Training job created.');
    assert.ok(messages.includes('Training job is running.'));
    assert.ok(messages.includes('[worker-0] training started.'));
    assert.match(messages.at(-1) ?? '', /^Training job completed/);
    assert.match(events.json.events[0].time, /^\d{4}-\d\d-\d\dT/);
    const errorsOnly = await d.call('GET', `/v2/{p}/training-jobs/${id}/events?level=Error`);
    assert.equal(errorsOnly.json.total, 0);

    assert.equal((await d.call('PUT', `/v2/{p}/training-jobs/${id}`, { description: 'renamed' })).status, 200);
    assert.equal((await d.call('GET', `/v2/{p}/training-jobs/${id}`)).json.metadata.description, 'renamed');
    assert.equal(
      (await d.call('POST', `/v2/{p}/training-jobs/${id}/actions`, { action_type: 'terminate' })).json.error_code,
      'ModelArts.2796',
    );
  });

  it('gives the job the ModelArts environment and passes arguments to a command', async () => {
    const created = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('env-check', 'env | sort > "$MA_OUTPUT_RESULT/env.txt"; echo "args:$*" >> "$MA_OUTPUT_RESULT/env.txt"', {
        algorithm: {
          parameters: [{ name: 'lr', value: "it's 0.1" }],
          outputs: [{ name: 'result', remote: { obs: { obs_url: '/out/env/' } } }],
          environments: { MY_VAR: 'x y' },
        },
      }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const done = await waitPhase(d, created.json.metadata.id, 'Completed', 'Failed');
    assert.equal(done.status.phase, 'Completed', done.status.task_statuses[0].message);
    const env = await getText(s3, 'out', 'env/env.txt');
    for (const line of [
      'MA_NUM_GPUS=0',
      'VC_TASK_INDEX=0',
      'MA_NUM_HOSTS=1',
      'MA_CURRENT_IP=127.0.0.1',
      `JOB_ID=${created.json.metadata.id}`,
      'MY_VAR=x y',
    ])
      assert.ok(env.split('\n').includes(line), `${line} in the job env`);
    assert.ok(!/^(ELECTRON_RUN_AS_NODE|MODELARTS_LOCAL_HOME|PYENV_ROOT)=/m.test(env), 'nothing of the daemon env leaks');
    // Parameters and channels reach a command as its positional parameters ("$@").
    assert.match(env, new RegExp(`^args:--lr=it's 0\\.1 --result=${d.dataDir}/jobs/${created.json.metadata.id}/outputs/result/$`, 'm'));
  });

  it('ends a failing job Failed with its exit code', async () => {
    const created = await d.call('POST', '/v2/{p}/training-jobs', commandJob('fails', 'echo about to fail; exit 3'));
    const done = await waitPhase(d, created.json.metadata.id, 'Completed', 'Failed');
    assert.equal(done.status.phase, 'Failed');
    assert.equal(done.status.task_statuses[0].exit_code, 3);
    assert.match(done.status.task_statuses[0].message, /Exit code 3/);
    const events = await d.call('GET', `/v2/{p}/training-jobs/${created.json.metadata.id}/events?level=Error`);
    assert.equal(events.json.total, 1);
  });

  it('terminates a running job with its whole process tree, then deletes it', async () => {
    const created = await d.call('POST', '/v2/{p}/training-jobs', commandJob('sleeper', 'sleep 1000 & sleep 1000; wait'));
    const id = created.json.metadata.id;
    await waitPhase(d, id, 'Running');
    const pid = await until('the job process', async () => jobRecord(d.dataDir, id)?.process?.pid);
    const members = await until('both sleeps', async () => {
      const m = groupMembers(pid);
      return m.length >= 3 ? m : undefined;
    });
    const terminated = await d.call('POST', `/v2/{p}/training-jobs/${id}/actions`, { action_type: 'terminate' });
    assert.equal(terminated.status, 202);
    assert.ok(['Terminating', 'Terminated'].includes(terminated.json.status.phase));
    const done = await waitPhase(d, id, 'Terminated', 'Failed', 'Completed');
    assert.equal(done.status.phase, 'Terminated');
    for (const p of members) assert.ok(!existsSync(`/proc/${p}`) || groupMembers(pid).length === 0, `process ${p} is gone`);
    assert.deepEqual(groupMembers(pid), []);

    const deleted = await d.call('DELETE', `/v2/{p}/training-jobs/${id}`);
    assert.equal(deleted.status, 202);
    const gone = await d.call('GET', `/v2/{p}/training-jobs/${id}`);
    assert.equal(gone.status, 400);
    assert.equal(gone.json.error_code, 'ModelArts.2775');
    assert.ok(gone.json.error_solution);
    await until('the job dir to go', async () => (existsSync(path.join(d.dataDir, 'jobs', id)) ? undefined : true));
  });

  it('deletes a running job: terminated, files and record removed', async () => {
    const created = await d.call('POST', '/v2/{p}/training-jobs', commandJob('deleted-running', 'sleep 1000'));
    const id = created.json.metadata.id;
    await waitPhase(d, id, 'Running');
    const pid = await until('the job process', async () => jobRecord(d.dataDir, id)?.process?.pid);
    assert.equal((await d.call('DELETE', `/v2/{p}/training-jobs/${id}`)).status, 202);
    await until('record removed', async () => (jobRecord(d.dataDir, id) ? undefined : true));
    assert.deepEqual(groupMembers(pid), []);
    assert.ok(!existsSync(path.join(d.dataDir, 'jobs', id)));
  });

  it('queues a second job on a capacity-1 flavor until the first ends', async () => {
    const stopFile = path.join(tmp, 'stop-queue');
    const spec = { resource: { flavor_id: 'modelarts.vm.cpu.8u', node_count: 1 } };
    const first = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('q-first', 'while [ ! -f "$STOP_FILE" ]; do sleep 0.05; done', {
        spec,
        algorithm: { environments: { STOP_FILE: stopFile } },
      }),
    );
    const second = await d.call('POST', '/v2/{p}/training-jobs', commandJob('q-second', 'echo second', { spec }));
    await waitPhase(d, first.json.metadata.id, 'Running');
    const pending = await waitPhase(d, second.json.metadata.id, 'Pending');
    assert.equal(pending.status.secondary_phase, 'Queuing');
    assert.equal(pending.status.queue_position, 1);
    // It stays queued while the first one runs.
    assert.equal((await d.call('GET', `/v2/{p}/training-jobs/${second.json.metadata.id}`)).json.status.phase, 'Pending');
    writeFileSync(stopFile, '');
    const a = await waitPhase(d, first.json.metadata.id, 'Completed');
    const b = await waitPhase(d, second.json.metadata.id, 'Completed', 'Failed');
    assert.equal(b.status.phase, 'Completed');
    assert.ok(b.status.start_time >= a.status.start_time + a.status.duration, 'the second started after the first ended');
  });

  it('terminates a queued job without ever starting it', async () => {
    const stopFile = path.join(tmp, 'stop-queue-2');
    const spec = { resource: { flavor_id: 'modelarts.vm.cpu.8u', node_count: 1 } };
    const first = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('q2-first', 'while [ ! -f "$STOP_FILE" ]; do sleep 0.05; done', {
        spec,
        algorithm: { environments: { STOP_FILE: stopFile } },
      }),
    );
    const second = await d.call('POST', '/v2/{p}/training-jobs', commandJob('q2-second', 'echo never', { spec }));
    await waitPhase(d, second.json.metadata.id, 'Pending');
    const res = await d.call('POST', `/v2/{p}/training-jobs/${second.json.metadata.id}/actions`, { action_type: 'terminate' });
    assert.equal(res.status, 202);
    assert.equal(res.json.status.phase, 'Terminated');
    writeFileSync(stopFile, '');
    await waitPhase(d, first.json.metadata.id, 'Completed');
    const after = await d.call('GET', `/v2/{p}/training-jobs/${second.json.metadata.id}`);
    assert.equal(after.json.status.phase, 'Terminated');
    assert.equal(after.json.status.start_time, undefined);
  });
});
