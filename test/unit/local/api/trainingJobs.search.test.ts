import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { commandJob, putObjects, s3Of, waitPhase } from './trainingJobs/helpers';

describe('local daemon: training job search and validation', function () {
  this.timeout(60_000);
  let d: TestDaemon;
  let s3: S3Client;
  let teamWs: string;
  const ids: string[] = [];

  before(async () => {
    d = await startTestDaemon();
    s3 = s3Of(d.daemon.discovery);
    await putObjects(s3, 'code', { 'src/train.py': 'print(1)\n' });
    const ws = await d.call('POST', '/v1/{p}/workspaces', { name: 'team-space' });
    teamWs = ws.json.id;
    // Five jobs, created in order: three in the default workspace (one failing), two in team-space.
    const specs: [string, string, string | undefined][] = [
      ['alpha-1', 'true', undefined],
      ['alpha-2', 'exit 1', undefined],
      ['beta-1', 'true', undefined],
      ['alpha-3', 'true', teamWs],
      ['gamma-1', 'true', teamWs],
    ];
    for (const [name, command, workspace] of specs) {
      const res = await d.call(
        'POST',
        '/v2/{p}/training-jobs',
        commandJob(name, command, { metadata: workspace ? { workspace_id: workspace } : {} }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.json));
      ids.push(res.json.metadata.id);
      await new Promise((r) => setTimeout(r, 5)); // distinct create times, so the order is known
    }
    for (const id of ids) await waitPhase(d, id, 'Completed', 'Failed');
  });
  after(async () => {
    s3.destroy();
    await d.stop();
  });

  const search = (body: unknown) => d.call('POST', '/v2/{p}/training-job-searches', body);
  const names = (res: { json: { items: { metadata: { name: string } }[] } }) => res.json.items.map((j) => j.metadata.name);

  it('lists newest first by default, with total and count', async () => {
    const res = await search({});
    assert.equal(res.status, 200);
    assert.equal(res.json.total, 5);
    assert.equal(res.json.count, 5);
    assert.deepEqual(names(res), ['gamma-1', 'alpha-3', 'beta-1', 'alpha-2', 'alpha-1']);
    assert.deepEqual(names(await search({ sort_by: 'create_time', order: 'asc' })), ['alpha-1', 'alpha-2', 'beta-1', 'alpha-3', 'gamma-1']);
  });

  it('filters by name, phase and workspace', async () => {
    const alpha = await search({ filters: [{ key: 'name', operator: 'like', value: ['alpha'] }], order: 'asc' });
    assert.deepEqual(names(alpha), ['alpha-1', 'alpha-2', 'alpha-3']);
    assert.equal(alpha.json.total, 5);
    assert.equal(alpha.json.count, 3);
    assert.deepEqual(names(await search({ filters: [{ key: 'phase', operator: 'in', value: ['Failed'] }] })), ['alpha-2']);
    assert.deepEqual(names(await search({ workspace_id: teamWs, order: 'asc' })), ['alpha-3', 'gamma-1']);
    assert.deepEqual(
      names(
        await search({
          filters: [
            { key: 'workspace_id', operator: 'in', value: [teamWs] },
            { key: 'name', operator: 'like', value: ['alpha'] },
          ],
        }),
      ),
      ['alpha-3'],
    );
    assert.deepEqual(names(await search({ filters: [{ key: 'phase', operator: 'not', value: ['Completed'] }] })), ['alpha-2']);
  });

  it('pages with offset as a page number', async () => {
    const pages = [];
    for (let page = 0; page < 3; page++) {
      const res = await search({ limit: 2, offset: page, order: 'asc' });
      assert.equal(res.json.offset, page);
      assert.equal(res.json.limit, 2);
      pages.push(names(res));
    }
    assert.deepEqual(pages, [['alpha-1', 'alpha-2'], ['beta-1', 'alpha-3'], ['gamma-1']]);
    assert.deepEqual(names(await search({ limit: 2, offset: 3 })), []);
  });

  it('refuses bad search bodies', async () => {
    for (const body of [
      { limit: 51 },
      { limit: 0 },
      { offset: -1 },
      { order: 'up' },
      { sort_by: 'color' },
      { filters: [{ key: 'owner', operator: 'in', value: ['x'] }] },
      { filters: [{ key: 'phase', operator: 'like', value: ['x'] }] },
      '{nope',
    ]) {
      const res = await search(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.error_code, /^ModelArts\./);
    }
  });

  it('keeps a workspace with jobs from being deleted', async () => {
    const res = await d.call('DELETE', `/v1/{p}/workspaces/${teamWs}`);
    assert.equal(res.status, 409);
    assert.match(res.json.error_msg, /2 training job/);
  });

  it('answers bad create requests with ModelArts 400s and creates nothing', async () => {
    const base = () => ({
      kind: 'job',
      metadata: { name: 'bad-job' },
      algorithm: { code_dir: 'obs://code/src/', boot_file: 'train.py', engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    type Body = ReturnType<typeof base>;
    const cases: [string, (b: Body) => unknown, string][] = [
      ['malformed JSON', () => '{"kind":', 'ModelArts.0104'],
      ['body not an object', () => '[1]', 'ModelArts.0104'],
      ['missing metadata', (b) => ({ ...b, metadata: undefined }), 'ModelArts.0104'],
      ['missing name', (b) => ({ ...b, metadata: {} }), 'ModelArts.0104'],
      ['bad name', (b) => ({ ...b, metadata: { name: 'a/../b' } }), 'ModelArts.0104'],
      ['name too long', (b) => ({ ...b, metadata: { name: 'x'.repeat(65) } }), 'ModelArts.0104'],
      ['unknown kind', (b) => ({ ...b, kind: 'visualization_job' }), 'ModelArts.0104'],
      ['missing algorithm', (b) => ({ ...b, algorithm: undefined }), 'ModelArts.0104'],
      ['no boot_file nor command', (b) => ({ ...b, algorithm: { ...b.algorithm, boot_file: undefined } }), 'ModelArts.2806'],
      ['both boot_file and command', (b) => ({ ...b, algorithm: { ...b.algorithm, command: 'true' } }), 'ModelArts.0104'],
      ['dot-dot storage path', (b) => ({ ...b, algorithm: { ...b.algorithm, code_dir: 'obs://code/../x/' } }), 'ModelArts.0104'],
      ['local path as code_dir', (b) => ({ ...b, algorithm: { ...b.algorithm, code_dir: '/home/me/code' } }), 'ModelArts.0104'],
      ['not a storage path', (b) => ({ ...b, algorithm: { ...b.algorithm, code_dir: 'http://x/y' } }), 'ModelArts.0104'],
      ['missing bucket', (b) => ({ ...b, algorithm: { ...b.algorithm, code_dir: 'obs://nosuchbucket/src/' } }), 'ModelArts.0104'],
      ['boot file not uploaded', (b) => ({ ...b, algorithm: { ...b.algorithm, boot_file: 'missing.py' } }), 'ModelArts.0104'],
      ['boot file escaping', (b) => ({ ...b, algorithm: { ...b.algorithm, boot_file: '../train.py' } }), 'ModelArts.0104'],
      ['boot file type', (b) => ({ ...b, algorithm: { ...b.algorithm, boot_file: 'train.exe' } }), 'ModelArts.0104'],
      [
        'unknown engine',
        (b) => ({ ...b, algorithm: { ...b.algorithm, engine: { engine_name: 'Caffe', engine_version: '1' } } }),
        'ModelArts.2780',
      ],
      ['no engine', (b) => ({ ...b, algorithm: { ...b.algorithm, engine: undefined } }), 'ModelArts.2780'],
      [
        'input bad path',
        (b) => ({
          ...b,
          algorithm: { ...b.algorithm, inputs: [{ name: 'data', remote: { obs: { obs_url: 'obs://code/a/../../etc' } } }] },
        }),
        'ModelArts.0104',
      ],
      [
        'input nothing stored',
        (b) => ({ ...b, algorithm: { ...b.algorithm, inputs: [{ name: 'data', remote: { obs: { obs_url: 'obs://code/empty/' } } }] } }),
        'ModelArts.0104',
      ],
      [
        'input bad name',
        (b) => ({ ...b, algorithm: { ...b.algorithm, inputs: [{ name: '../x', remote: { obs: { obs_url: 'obs://code/src/' } } }] } }),
        'ModelArts.0104',
      ],
      [
        'duplicate channel names',
        (b) => ({
          ...b,
          algorithm: {
            ...b.algorithm,
            parameters: [{ name: 'data', value: '1' }],
            inputs: [{ name: 'data', remote: { obs: { obs_url: 'obs://code/src/' } } }],
          },
        }),
        'ModelArts.0104',
      ],
      ['bad environments', (b) => ({ ...b, algorithm: { ...b.algorithm, environments: { 'A-B': 'x' } } }), 'ModelArts.0104'],
      ['non-string env value', (b) => ({ ...b, algorithm: { ...b.algorithm, environments: { A: 1 } } }), 'ModelArts.0104'],
      ['saved algorithm id', (b) => ({ ...b, algorithm: { id: 'abc' } }), 'ModelArts.2755'],
      ['missing spec', (b) => ({ ...b, spec: undefined }), 'ModelArts.0104'],
      ['missing flavor', (b) => ({ ...b, spec: { resource: {} } }), 'ModelArts.0104'],
      ['unknown flavor', (b) => ({ ...b, spec: { resource: { flavor_id: 'modelarts.p3.large.public.free' } } }), 'ModelArts.2781'],
      ['node_count 2', (b) => ({ ...b, spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 2 } } }), 'ModelArts.2793'],
      ['node_count 0', (b) => ({ ...b, spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 0 } } }), 'ModelArts.0104'],
      ['unknown workspace', (b) => ({ ...b, metadata: { name: 'x', workspace_id: 'nope' } }), 'ModelArts.0102'],
      [
        'bad log export path',
        (b) => ({ ...b, spec: { ...b.spec, log_export_path: { obs_url: 'obs://nosuchbucket/logs/' } } }),
        'ModelArts.0104',
      ],
    ];
    const stateDir = path.join(d.dataDir, 'state', 'training-jobs');
    const before = readdirSync(stateDir).length;
    for (const [what, make, code] of cases) {
      const res = await d.call('POST', '/v2/{p}/training-jobs', make(base()));
      assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.json)}`);
      assert.equal(res.json.error_code, code, `${what}: ${res.json.error_msg}`);
      assert.ok(res.json.error_msg, what);
    }
    assert.equal(readdirSync(stateDir).length, before);
    assert.equal((await search({})).json.total, 5);
    // The same body, fixed, is accepted.
    const ok = await d.call('POST', '/v2/{p}/training-jobs', { ...base(), metadata: { name: 'good-job' } });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    assert.equal((await waitPhase(d, ok.json.metadata.id, 'Completed', 'Failed')).status.phase, 'Completed');
  });

  it('answers unknown jobs and bad actions with 400s', async () => {
    const missing = await d.call('GET', '/v2/{p}/training-jobs/0123456789abcdef0123456789abcdef');
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error_code, 'ModelArts.2775');
    assert.equal((await d.call('DELETE', '/v2/{p}/training-jobs/0123456789abcdef0123456789abcdef')).json.error_code, 'ModelArts.2775');
    const bad = await d.call('POST', `/v2/{p}/training-jobs/${ids[0]}/actions`, { action_type: 'restart' });
    assert.equal(bad.status, 400);
    assert.equal((await d.call('GET', `/v2/{p}/training-jobs/${ids[0]}/events?limit=101`)).status, 400);
    assert.equal((await d.call('GET', `/v2/{p}/training-jobs/${ids[0]}/tasks/worker-0/logs/preview?offset=-1`)).status, 400);
    assert.equal((await d.call('GET', `/v2/{p}/training-jobs/${ids[0]}/metrics/worker-9`)).status, 400);
  });
});
