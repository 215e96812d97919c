import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliHarness, startCliHarness } from '../../helpers/cli';
import { ensureCommand } from '../../helpers/peers';

describe('cli: modelarts workspace, image, keypair, notebook, job and dataset (local mode)', function () {
  this.timeout(180_000);
  let cli: CliHarness;
  before(async () => {
    ensureCommand('ssh', 'openssh-client');
    cli = await startCliHarness();
  });
  after(() => cli.close());

  it('workspace list shows the default workspace; image list filters by engine and chip', () => {
    assert.deepEqual(
      cli.json(['workspace', 'list']).map((w: { id: string }) => w.id),
      ['0'],
    );
    const gpu = cli.json(['image', 'list', '--engine', 'tensorflow', '--chip', 'GPU']);
    assert.ok(
      gpu.length > 0 &&
        gpu.every(
          (i: { engine: string; resource_categories: string[] }) => i.engine === 'TensorFlow' && i.resource_categories.includes('GPU'),
        ),
    );
    const bad = cli.run(['image', 'list', '--chip', 'TPU']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--chip must be CPU, GPU or ASCEND/);
  });

  let keyFile: string;
  it('keypair create writes the private key 0600 and registers the public key; a taken name writes nothing', () => {
    const created = cli.json(['keypair', 'create', 'laptop']);
    keyFile = created.private_key_file;
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(cli.json(['keypair', 'list'])[0].name, 'laptop');
    const again = cli.run(['keypair', 'create', 'laptop', '--out', path.join(cli.home, 'other-key')]);
    assert.equal(again.code, 1);
    assert.throws(() => statSync(path.join(cli.home, 'other-key')), 'no key file for a refused name');
  });

  it('notebook create --wait reaches RUNNING, OpenSSH gets in with the key, stop/start/delete by name', () => {
    const nb = cli.json(['notebook', 'create', '--name', 'nb-cli', '--key-pair', 'laptop', '--auto-stop', '2', '--wait']);
    assert.equal(nb.status, 'RUNNING');
    assert.equal(nb.lease.duration, 2 * 3_600_000);
    const port = nb.endpoints[0].uri.split(':').pop();
    const out = execFileSync(
      'ssh',
      [
        '-F',
        '/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        `UserKnownHostsFile=${path.join(cli.home, 'kh')}`,
        '-i',
        keyFile,
        '-p',
        port,
        'ma-user@127.0.0.1',
        'echo $NOTEBOOK_NAME',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(out.trim(), 'nb-cli');
    assert.equal(cli.json(['notebook', 'stop', 'nb-cli', '--wait']).status, 'STOPPED');
    assert.equal(cli.json(['notebook', 'start', nb.id, '--wait']).status, 'RUNNING');
    assert.equal(cli.run(['notebook', 'delete', 'nb-cli']).code, 0);
    const gone = cli.run(['notebook', 'get', 'no-such-notebook']);
    assert.equal(gone.code, 1);
    assert.match(gone.err, /no notebook with id or name 'no-such-notebook'/);
  });

  it('notebook create reports API errors with exit 1 and usage errors with exit 2', () => {
    const noKey = cli.run(['notebook', 'create', '--name', 'nb-x', '--key-pair', 'missing']);
    assert.equal(noKey.code, 1);
    assert.match(noKey.err, /ModelArts\.6789/);
    assert.equal(cli.run(['notebook', 'create']).code, 2);
    assert.equal(cli.run(['notebook', 'create', '--name', 'n', '--auto-stop', '100']).code, 2);
    assert.equal(
      cli.run(['notebook', 'create', '--name', 'n', '--image', 'no-such-image']).code,
      1,
      'an unknown image, as any unknown resource',
    );
  });

  it('job submit uploads a local code dir, --wait ends Completed, logs and list show it', () => {
    const dir = path.join(cli.home, 'job');
    mkdirSync(path.join(dir, 'code'), { recursive: true });
    writeFileSync(path.join(dir, 'code', 'train.py'), 'import sys\nprint("args", sys.argv[1:])\nprint("MA_METRIC loss=0.25 step=3")\n');
    const spec = `kind: job
metadata:
  name: cli-job
algorithm:
  code_dir: ./code
  boot_file: train.py
  engine:
    engine_name: PyTorch
    engine_version: "1.8"
  parameters:
    - name: epochs
      value: "2"
spec:
  resource:
    flavor_id: modelarts.vm.cpu.2u
    node_count: 1
`;
    writeFileSync(path.join(dir, 'spec.yaml'), spec);
    const job = cli.json(['job', 'submit', path.join(dir, 'spec.yaml'), '--wait']);
    assert.equal(job.status.phase, 'Completed');
    const id = job.metadata.id as string;
    const logs = cli.run(['job', 'logs', id]);
    assert.equal(logs.code, 0);
    assert.match(logs.out, /args \['--epochs=2'\]/);
    assert.match(cli.run(['job', 'logs', id, '--follow']).out, /MA_METRIC loss=0\.25 step=3/);
    assert.equal(cli.json(['job', 'list', '--name', 'cli-job'])[0].metadata.id, id);
    assert.equal(cli.json(['job', 'get', id]).metadata.name, 'cli-job');
    // job metrics: every point of the job, as the metrics panel reads it.
    const metrics = cli.json(['job', 'metrics', id, '--tag', '^loss$']);
    assert.deepEqual(metrics, {
      runs: [{ run: id, series: [{ tag: 'loss', step: [3], wall_time: metrics.runs[0].series[0].wall_time, value: [0.25] }] }],
    });
    const csv = cli.run(['job', 'metrics', id, '--tag', '^loss$', '--output', 'csv']);
    assert.equal(csv.code, 0);
    assert.match(csv.out, /^run,tag,step,wall_time,value\r\n/);
    assert.match(csv.out, new RegExp(`${id},loss,3,[0-9.]+,0\\.25\\r\\n`));
    assert.match(cli.run(['job', 'metrics', id]).out, /^TAG +POINTS.*\nloss +1 +3 +3 +0\.25/m);
    const none = cli.run(['job', 'metrics', id, '--tag', 'nothing-like-this']);
    assert.equal(none.code, 1);
    assert.match(none.err, /Run without --tag/);
  });

  it('job stop terminates a running job; job delete removes it; bad specs are usage errors', () => {
    const dir = path.join(cli.home, 'sleeper');
    mkdirSync(path.join(dir, 'code'), { recursive: true });
    writeFileSync(path.join(dir, 'code', 'run.sh'), 'sleep 1000\n');
    writeFileSync(
      path.join(dir, 'spec.yaml'),
      'metadata: {name: sleeper}\nalgorithm: {code_dir: ./code, boot_file: run.sh, engine: {engine_name: PyTorch, engine_version: "1.8"}}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u, node_count: 1}}\n',
    );
    const job = cli.json(['job', 'submit', path.join(dir, 'spec.yaml')]);
    const id = job.metadata.id as string;
    assert.equal(cli.run(['job', 'stop', id]).code, 0);
    assert.equal(cli.run(['job', 'delete', id]).code, 0);
    writeFileSync(path.join(dir, 'bad.yaml'), 'metadata: [unclosed\n');
    const bad = cli.run(['job', 'submit', path.join(dir, 'bad.yaml')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not valid YAML/);
    assert.equal(cli.run(['job', 'submit', path.join(dir, 'missing.yaml')]).code, 2);
    const unknown = cli.run(['job', 'get', 'ffffffffffffffffffffffffffffffff']);
    assert.equal(unknown.code, 1);
  });

  it('dataset list and samples read what the platform holds', async () => {
    assert.deepEqual(cli.json(['dataset', 'list']), []);
    // Datasets are made in the editor (or the API); here through the typed client on the same daemon.
    const discovery = JSON.parse(cli.run(['local', 'status']).out);
    const { createPlatformClient, localPlatformConfig } = await import('../../../extension/core/api/client');
    const { ModelArtsApi } = await import('../../../extension/core/api/resources/modelArtsApi');
    const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const { pngBytes } = await import('../../helpers/images');
    const s3 = new S3Client({
      endpoint: discovery.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: discovery.ak, secretAccessKey: discovery.sk },
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'pets' }));
    for (const name of ['a.png', 'b.png'])
      await s3.send(new PutObjectCommand({ Bucket: 'pets', Key: `imgs/${name}`, Body: pngBytes(8, 6) }));
    s3.destroy();
    const client = createPlatformClient(localPlatformConfig(discovery));
    const api = new ModelArtsApi(client);
    const { dataset_id: id } = await api.datasets.create({
      dataset_name: 'pets',
      dataset_type: 0,
      data_sources: [{ data_type: 0, data_path: '/pets/imgs/' }],
      work_path: '/pets/work/',
      labels: [{ name: 'cat' }],
    });
    client.close();
    const listed = cli.json(['dataset', 'list']);
    assert.equal(listed[0].dataset_id, id);
    assert.equal(listed[0].total_sample_count, 2);
    const table = cli.run(['dataset', 'samples', id, '--state', 'unlabelled']);
    assert.equal(table.code, 0);
    assert.equal(table.out.trim().split('\n').length, 3, 'a header and two samples');
    assert.match(table.out, /obs:\/\/pets\/imgs\/a\.png/);
    assert.equal(cli.run(['dataset', 'samples', id, '--state', 'weird']).code, 2);
  });
});
