import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JobEvent, TrainingJob } from '../../../../extension/core/api/resources/trainingJobTypes';
import { eventViews, jobView, linkedUrls, storageLink } from '../../../../extension/host/panels/jobDetails/detailsView';
import { maxEvents } from '../../../../webviews/protocol/jobDetails';
import { repoRoot } from '../../../helpers/repo';

/** The API reference's own example answer for GET a training job (read in place; absent outside CI's layout). */
const getExample = path.resolve(repoRoot, '..', 'shared', 'reference', 'api-examples', 'training-jobs', 'get.response.json');

/** A failed cloud job as the API answers it (reference §6.2, api-examples/training-jobs/get.response.json, filled in). */
const cloudJob = {
  kind: 'job',
  metadata: { id: 'job-1', name: 'resnet', description: 'baseline', create_time: 1_700_000_000_000, workspace_id: '0' },
  status: {
    phase: 'Failed',
    secondary_phase: 'Failed',
    duration: 61_000,
    start_time: 1_700_000_030_000,
    tasks: ['worker-0'],
    task_statuses: [{ task: 'worker-0', exit_code: 1, message: 'Training finished. Exit code 1.' }],
  },
  algorithm: {
    code_dir: '/bucket/code/',
    boot_file: 'train.py',
    engine: { engine_id: 'pytorch-cp36-1.4.0-v2', engine_name: 'PyTorch', engine_version: 'PyTorch-1.4.0-python3.6-v2' },
    parameters: [
      { name: 'lr', value: '0.01', description: 'learning rate', constraint: { sensitive: false } },
      { name: 'hub_token', value: 'tok-123', constraint: { sensitive: true } },
    ],
    inputs: [
      { name: 'data_url', local_dir: '/home/ma-user/modelarts/inputs/data_url_0', remote: { obs: { obs_url: '/bucket/data/' } } },
      { name: 'set', remote: { dataset: { id: 'ds-1', version_id: 'v2' } } },
    ],
    outputs: [
      { name: 'train_url', local_dir: '/home/ma-user/modelarts/outputs/train_url_0', remote: { obs: { obs_url: 'obs://bucket/out/' } } },
    ],
    environments: [
      { EPOCHS: '3', HF_TOKEN: 'secret-value' },
      { OBS_SK: 'sk-value', MY_ACCESS_KEY: 'ak-value' },
    ],
  },
  spec: {
    resource: {
      flavor_id: 'modelarts.vm.pnt1.large.eco',
      flavor_name: 'GPU: 1*NVIDIA-P4(8GB) | CPU: 8 vCPUs 64GB',
      node_count: 1,
      flavor_detail: {
        flavor_type: 'GPU',
        flavor_info: {
          cpu: { arch: 'x86', core_num: 8 },
          gpu: { unit_num: 1, product_name: 'NVIDIA-P4', memory: '8GB' },
          memory: { size: 64, unit: 'GB' },
        },
      },
    },
    log_export_path: { obs_url: '/bucket/logs/' },
  },
} as unknown as TrainingJob;

/** Events as the API answers them (api-examples/training-jobs/events.response.json), newest first. */
const cloudEvents: JobEvent[] = [
  { time: '2023-11-14T22:15:01+00:00', level: 'Error', message: 'Training job failed.', source: 'Job' },
  { time: '2023-11-14T22:15:00+00:00', level: 'Info', message: '[worker-0] Training finished. Exit code 1.', source: 'Task' },
  { time: '2023-11-14T22:13:50+00:00', level: 'Info', message: '[worker-0] training started.', source: 'Task' },
  { time: '2023-11-14T22:13:50+00:00', level: 'Info', message: 'Training job is running.', source: 'Job' },
];

describe('host/panels/jobDetails: what the panel shows of a job and its events', () => {
  it('spec: engine, flavor with its resources, nodes, code and boot file as storage links, log export', () => {
    const v = jobView(cloudJob, cloudEvents);
    assert.equal(v.name, 'resnet');
    assert.equal(v.description, 'baseline');
    assert.deepEqual(v.engine, { name: 'PyTorch', version: 'PyTorch-1.4.0-python3.6-v2', id: 'pytorch-cp36-1.4.0-v2' });
    assert.deepEqual(v.flavor, {
      id: 'modelarts.vm.pnt1.large.eco',
      name: 'GPU: 1*NVIDIA-P4(8GB) | CPU: 8 vCPUs 64GB',
      type: 'GPU',
      cpuCores: 8,
      memory: '64 GB',
      gpu: { count: 1, product: 'NVIDIA-P4', memory: '8GB' },
    });
    assert.equal(v.nodeCount, 1);
    assert.deepEqual(v.codeDir, { text: '/bucket/code/', url: 'obs://bucket/code/' });
    // A boot file relative to code_dir points inside it.
    assert.deepEqual(v.bootFile, { text: 'train.py', url: 'obs://bucket/code/train.py' });
    assert.deepEqual(v.logExport, { text: '/bucket/logs/', url: 'obs://bucket/logs/' });
  });

  it('status: phase, the task’s reason and exit code, duration, and a history of created, started and ended', () => {
    const v = jobView(cloudJob, cloudEvents);
    assert.equal(v.phase, 'Failed');
    assert.equal(v.secondaryPhase, undefined, 'a secondary phase equal to the phase says nothing more');
    assert.equal(v.ended, true);
    assert.equal(v.reason, 'Training finished. Exit code 1.');
    assert.equal(v.exitCode, 1);
    assert.equal(v.durationMs, 61_000);
    assert.equal(v.startedAt, 1_700_000_030_000);
    assert.equal(v.endedAt, 1_700_000_091_000);
    assert.deepEqual(v.history, [
      { step: 'created', phase: 'Creating', at: 1_700_000_000_000 },
      { step: 'started', phase: 'Running', at: 1_700_000_030_000 },
      { step: 'ended', phase: 'Failed', at: 1_700_000_091_000 },
    ]);
  });

  it('a cloud job restarted after a fault: each running record after the first is a restart, with why the run before ended', function () {
    if (!existsSync(getExample)) this.skip(); // the reference is beside the project in CI; see the path above
    const example = JSON.parse(readFileSync(getExample, 'utf8')) as { body?: TrainingJob } & TrainingJob;
    const job = example.body ?? example;
    assert.ok((job.status.running_records?.length ?? 0) >= 2, 'the example has two runs');
    const v = jobView(job, []);
    const restarts = v.history.filter((s) => s.step === 'restarted');
    assert.deepEqual(restarts, [{ step: 'restarted', phase: 'Running', run: 2, at: 1_701_323_345_000, reason: 'exit with 127, worker-2' }]);
    assert.deepEqual(
      v.history.map((s) => s.step),
      ['created', 'restarted', 'ended'],
      'in order: a job the example never shows starting still lists its restart before its end',
    );
  });

  it('a job that never started ends at its last event; one that waits says where it is now', () => {
    const refused = {
      ...cloudJob,
      status: { phase: 'Abnormal', secondary_phase: 'CreateFailed', duration: 0, start_time: 0 },
    } as unknown as TrainingJob;
    const v = jobView(refused, cloudEvents);
    assert.equal(v.startedAt, undefined);
    assert.equal(v.durationMs, undefined, 'no running time for a job that never ran');
    assert.equal(v.secondaryPhase, 'CreateFailed');
    assert.deepEqual(v.history.at(-1), { step: 'ended', phase: 'Abnormal', at: Date.parse('2023-11-14T22:15:01+00:00') });
    const queued = { ...cloudJob, status: { phase: 'Pending', queue_position: 2 } } as unknown as TrainingJob;
    const q = jobView(queued, []);
    assert.equal(q.ended, false);
    assert.equal(q.queuePosition, 2);
    assert.deepEqual(
      q.history.map((s) => `${s.step}:${s.phase}`),
      ['created:Creating', 'now:Pending'],
    );
    const running = { ...cloudJob, status: { phase: 'Running', start_time: 5, duration: 10 } } as unknown as TrainingJob;
    assert.deepEqual(
      jobView(running, []).history.map((s) => s.step),
      ['created', 'started'],
      'a running job’s last step is its start',
    );
  });

  it('parameters and environment: a sensitive parameter and a secret-named variable cross without their value', () => {
    const v = jobView(cloudJob, []);
    assert.deepEqual(v.parameters, [
      { name: 'lr', value: '0.01', hidden: false, description: 'learning rate' },
      { name: 'hub_token', value: '', hidden: true },
    ]);
    // Both forms of `environments` (a map, or an array of maps) read the same, sorted by name.
    assert.deepEqual(v.environment, [
      { name: 'EPOCHS', value: '3', hidden: false },
      { name: 'HF_TOKEN', value: '', hidden: true },
      { name: 'MY_ACCESS_KEY', value: '', hidden: true },
      { name: 'OBS_SK', value: '', hidden: true },
    ]);
    const json = JSON.stringify(v);
    for (const secret of ['tok-123', 'secret-value', 'sk-value', 'ak-value'])
      assert.ok(!json.includes(secret), `${secret} stays on the host`);
  });

  it('inputs and outputs: storage paths in either spelling become obs:// links; a dataset stays a dataset', () => {
    const v = jobView(cloudJob, []);
    assert.deepEqual(v.inputs, [
      {
        name: 'data_url',
        localDir: '/home/ma-user/modelarts/inputs/data_url_0',
        storage: { text: '/bucket/data/', url: 'obs://bucket/data/' },
      },
      { name: 'set', dataset: { id: 'ds-1', versionId: 'v2' } },
    ]);
    assert.deepEqual(v.outputs[0]?.storage, { text: 'obs://bucket/out/', url: 'obs://bucket/out/' });
    assert.deepEqual([...linkedUrls(v)].sort(), [
      'obs://bucket/code/',
      'obs://bucket/code/train.py',
      'obs://bucket/data/',
      'obs://bucket/logs/',
      'obs://bucket/out/',
    ]);
    assert.deepEqual(storageLink('not a path'), { text: 'not a path' });
    assert.equal(storageLink(''), undefined);
  });

  it('events: newest first whatever order they came in, plain-string events kept, levels checked, capped at the newest', () => {
    const asc = [...cloudEvents].reverse();
    const v = jobView(cloudJob, asc);
    assert.deepEqual(
      v.events.map((e) => e.message),
      cloudEvents.map((e) => (typeof e === 'string' ? e : e.message)),
      'the same as the platform’s newest-first order, ties included',
    );
    assert.equal(v.events[0]?.level, 'Error');
    assert.equal(v.events[0]?.source, 'Job');
    assert.equal(v.events[0]?.time, Date.parse('2023-11-14T22:15:01+00:00'));
    assert.deepEqual(eventViews(['Job created.']), [{ level: 'Info', message: 'Job created.' }]);
    assert.equal(eventViews([{ time: 'x', level: 'Loud' as never, source: 'Job', message: 'm' }])[0]?.level, 'Info');
    const many: JobEvent[] = Array.from({ length: maxEvents + 20 }, (_, i) => ({
      time: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      level: 'Info',
      source: 'Task',
      message: `line ${i}`,
    }));
    const capped = jobView(cloudJob, many);
    assert.equal(capped.events.length, maxEvents);
    assert.equal(capped.eventsTotal, maxEvents + 20);
    assert.equal(capped.events[0]?.message, `line ${maxEvents + 19}`, 'the newest are kept');
  });
});
