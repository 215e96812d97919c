import assert from 'node:assert/strict';
import type { TrainingJob } from '../../../../extension/core/api/resources/trainingJobTypes';
import { cloneName, cloneRequest, jobDescriptionProblem, jobNameProblem } from '../../../../extension/host/flows/jobClone';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { commandJob, putObjects, s3Of, waitPhase } from '../../local/api/trainingJobs/helpers';

const t = (m: string) => m;

/** A job as the cloud answers it (modelarts-api.md §6.2): resolved engine, constraints, flavor details. */
const cloudJob = {
  kind: 'job',
  metadata: {
    id: 'job-1',
    name: 'resnet',
    workspace_id: 'ws-1',
    description: 'baseline',
    create_time: 1,
    user_name: 'me',
    annotations: { 'fault-tolerance/job-retry-num': '1' },
    ai_project: 'default-ai-project',
  },
  status: { phase: 'Completed', duration: 1000, tasks: ['worker-0'] },
  algorithm: {
    code_dir: '/bucket/code/',
    boot_file: 'train.py',
    command: 'python /home/ma-user/modelarts/user-job-dir/code/train.py',
    engine: {
      engine_id: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64',
      engine_name: 'PyTorch',
      engine_version: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64',
      image_url: 'aip/pytorch_1_8:train',
    },
    parameters: [
      {
        name: 'lr',
        value: '0.01',
        description: 'learning rate',
        constraint: { type: 'Float', editable: true, required: false, sensitive: false },
      },
    ],
    inputs: [{ name: 'data_url', local_dir: '/home/ma-user/modelarts/inputs/data_url_0', remote: { obs: { obs_url: '/bucket/data/' } } }],
    outputs: [
      { name: 'train_url', local_dir: '/home/ma-user/modelarts/outputs/train_url_0', remote: { obs: { obs_url: '/bucket/out/' } } },
    ],
    environments: [{ EPOCHS: '3' }],
  },
  spec: {
    resource: {
      policy: 'regular',
      flavor_id: 'modelarts.vm.cpu.8u',
      flavor_name: 'CPU 8 cores',
      node_count: 1,
      flavor_detail: { flavor_type: 'CPU' },
    },
    log_export_path: { obs_url: '/bucket/logs/' },
    is_hosted_log: true,
  },
} as unknown as TrainingJob;

describe('host/flows: Clone Job', () => {
  it('names: 1 to 64 letters, digits, - and _; descriptions at most 256 characters', () => {
    assert.equal(jobNameProblem('resnet-copy_2', t), undefined);
    assert.equal(jobNameProblem('训练-1', t), undefined);
    assert.match(jobNameProblem('', t) ?? '', /Enter a name/);
    assert.ok(jobNameProblem('a b', t));
    assert.ok(jobNameProblem('x'.repeat(65), t));
    assert.ok(jobDescriptionProblem('x'.repeat(257), t));
    assert.equal(jobDescriptionProblem('', t), undefined);
  });

  it('suggests <name>-copy, then -copy-2 and on, always within 64 characters', () => {
    assert.equal(cloneName('resnet', new Set()), 'resnet-copy');
    assert.equal(cloneName('resnet', new Set(['resnet-copy', 'resnet-copy-2'])), 'resnet-copy-3');
    const long = cloneName('x'.repeat(64), new Set());
    assert.equal(long.length, 64);
    assert.ok(long.endsWith('-copy'));
    assert.equal(jobNameProblem(long, t), undefined);
  });

  it('copies a cloud job: engine by id, boot file over a derived command, no answer-only fields', () => {
    const req = cloneRequest(cloudJob, { name: 'resnet-copy' });
    assert.deepEqual(req.metadata, {
      name: 'resnet-copy',
      workspace_id: 'ws-1',
      description: 'baseline',
      annotations: { 'fault-tolerance/job-retry-num': '1' },
    });
    assert.deepEqual(req.algorithm, {
      code_dir: '/bucket/code/',
      boot_file: 'train.py',
      engine: { engine_id: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64' },
      parameters: [{ name: 'lr', value: '0.01', description: 'learning rate' }],
      inputs: [{ name: 'data_url', local_dir: '/home/ma-user/modelarts/inputs/data_url_0', remote: { obs: { obs_url: '/bucket/data/' } } }],
      outputs: [
        { name: 'train_url', local_dir: '/home/ma-user/modelarts/outputs/train_url_0', remote: { obs: { obs_url: '/bucket/out/' } } },
      ],
      environments: [{ EPOCHS: '3' }],
    });
    assert.deepEqual(req.spec, {
      resource: { flavor_id: 'modelarts.vm.cpu.8u', node_count: 1 },
      log_export_path: { obs_url: '/bucket/logs/' },
    });
  });

  it('takes a new description, or none when cleared; refers to a saved algorithm by id alone', () => {
    assert.equal(cloneRequest(cloudJob, { name: 'x', description: 'tuned' }).metadata.description, 'tuned');
    assert.equal(cloneRequest(cloudJob, { name: 'x', description: '' }).metadata.description, undefined);
    const saved = { ...cloudJob, algorithm: { ...cloudJob.algorithm, id: 'alg-1' } } as TrainingJob;
    const alg = cloneRequest(saved, { name: 'x' }).algorithm;
    assert.equal(alg.id, 'alg-1');
    assert.equal(alg.code_dir, undefined);
    assert.equal(alg.engine, undefined);
    assert.equal(alg.parameters?.length, 1);
  });

  it('names a custom image by its URL when the engine has no id', () => {
    const custom = {
      ...cloudJob,
      algorithm: {
        command: 'sh run.sh',
        engine: { engine_id: '', engine_name: 'Custom', engine_version: 'v1', image_url: 'team/trainer:v1' },
      },
    } as unknown as TrainingJob;
    assert.deepEqual(cloneRequest(custom, { name: 'x' }).algorithm, { command: 'sh run.sh', engine: { image_url: 'team/trainer:v1' } });
  });

  describe('against local mode', () => {
    let d: TestDaemon;
    before(async () => {
      d = await startTestDaemon();
      const s3 = s3Of(d.daemon.discovery);
      await putObjects(s3, 'code', { 'job/train.py': 'print("ok")\n' });
      await putObjects(s3, 'data', { 'set/a.txt': 'a\n' });
      await putObjects(s3, 'out', {});
      s3.destroy();
    });
    after(() => d.stop());

    /** Creates `body`, clones it through cloneRequest, and returns both as the daemon answers them. */
    async function createAndClone(body: object, name: string) {
      const created = await d.call('POST', '/v2/{p}/training-jobs', body);
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const original = await waitPhase(d, created.json.metadata.id, 'Completed', 'Failed');
      const copy = await d.call('POST', '/v2/{p}/training-jobs', cloneRequest(original, { name }));
      assert.equal(copy.status, 201, JSON.stringify(copy.json));
      return { original, copy: await waitPhase(d, copy.json.metadata.id, 'Completed', 'Failed') };
    }

    it('clones a command job with hyperparameters, channels and environment, and the copy runs the same', async function () {
      this.timeout(60_000);
      const body = commandJob('cmd-job', 'test "$LEVEL" = 3', {
        algorithm: {
          parameters: [{ name: 'lr', value: '0.1' }],
          inputs: [{ name: 'data_url', remote: { obs: { obs_url: 'obs://data/set/' } } }],
          outputs: [{ name: 'train_url', remote: { obs: { obs_url: 'obs://out/run/' } } }],
          environments: { LEVEL: '3' },
        },
      });
      const { original, copy } = await createAndClone(body, 'cmd-job-copy');
      assert.equal(copy.metadata.name, 'cmd-job-copy');
      assert.equal(copy.status.phase, 'Completed', 'the environment came along');
      for (const field of ['command', 'engine', 'parameters', 'inputs', 'outputs', 'environments'])
        assert.deepEqual(copy.algorithm[field], original.algorithm[field], field);
      assert.equal(copy.spec.resource.flavor_id, original.spec.resource.flavor_id);
      assert.equal(copy.metadata.description, original.metadata.description);
    });

    it('clones a code_dir + boot_file job on a preset engine', async function () {
      this.timeout(60_000);
      const engine = (await d.call('GET', '/v2/{p}/training-job-engines')).json.items[0].engine_id;
      const body = {
        kind: 'job',
        metadata: { name: 'boot-job' },
        algorithm: { code_dir: 'obs://code/job/', boot_file: 'train.py', engine: { engine_id: engine } },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      };
      const { original, copy } = await createAndClone(body, 'boot-job-copy');
      assert.equal(copy.status.phase, 'Completed');
      assert.equal(copy.algorithm.boot_file, original.algorithm.boot_file);
      assert.equal(copy.algorithm.engine.engine_id, engine);
    });

    it('clones a job on a registered custom image', async function () {
      this.timeout(60_000);
      const image = await d.call('POST', '/v1/{p}/images', { swr_path: 'swr.local/team/trainer:v1', service_type: 'TRAIN', services: [] });
      const body = {
        kind: 'job',
        metadata: { name: 'custom-job' },
        algorithm: { command: 'true', engine: { image_url: image.json.swr_path } },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      };
      const { copy } = await createAndClone(body, 'custom-job-copy');
      assert.equal(copy.status.phase, 'Completed');
      assert.equal(copy.algorithm.engine.image_url, 'swr.local/team/trainer:v1');
    });
  });
});
