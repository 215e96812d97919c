import assert from 'node:assert/strict';
import { createPlatformClient, type PlatformClient } from '../../../../../extension/core/api/client';
import { ModelArtsApi } from '../../../../../extension/core/api/resources/modelArtsApi';
import { type Fixture, json, startFixture } from '../fixtureServer';
import { rejection } from './liveHarness';

/** Caller mistakes fail with a TypeError before anything is sent; cancellation stops at once. */
describe('core/api/resources: argument checks and cancellation', () => {
  let fixture: Fixture;
  let client: PlatformClient;
  let api: ModelArtsApi;

  before(async () => {
    fixture = await startFixture((_req, res) => json(res, 200, {}));
    client = createPlatformClient({
      region: 'local',
      endpoints: { modelarts: fixture.url, obs: fixture.url, iam: fixture.url },
      credentials: { kind: 'aksk', ak: 'VALIDATIONAK0001', sk: 'validation-secret' },
      projectId: 'p1',
      proxy: {},
    });
    api = new ModelArtsApi(client);
  });
  after(async () => {
    client?.close();
    await fixture?.close();
  });

  const cases: [string, () => Promise<unknown> | AsyncGenerator<unknown>, RegExp][] = [
    ['workspaces.get("")', () => api.workspaces.get(''), /workspace id must be a non-empty string/],
    ['workspaces.create without name', () => api.workspaces.create({ name: ' ' }), /workspace name is required/],
    ['workspaces.update without changes', () => api.workspaces.update('w', {}), /at least one field/],
    ['images.get("")', () => api.images.get(''), /image id/],
    ['images.register without swr_path', () => api.images.register({ swr_path: '' }), /swr_path is required/],
    ['images.findImage("")', () => api.images.findImage(''), /image id or name/],
    [
      'keyPairs.create with a private key',
      () => api.keyPairs.create({ name: 'k', public_key: '-----BEGIN OPENSSH PRIVATE KEY-----' }),
      /private key/,
    ],
    ['keyPairs.delete("")', () => api.keyPairs.delete(''), /key pair name/],
    ['notebooks.start("")', () => api.notebooks.start(''), /notebook id/],
    ['notebooks.start with a fractional duration', () => api.notebooks.start('n', { duration: 1.5 }), /duration/],
    ['notebooks.create without image', () => api.notebooks.create({ name: 'n', flavor: 'f', image_id: '' }), /image_id is required/],
    [
      'notebooks.create SSH without key pair',
      () => api.notebooks.create({ name: 'n', flavor: 'f', image_id: 'i', endpoints: [{ service: 'SSH' }] }),
      /key_pair_names/,
    ],
    ['notebooks.renewLease(0)', () => api.notebooks.renewLease('n', 0), /lease duration/],
    ['notebooks.waitFor("")', () => api.notebooks.waitFor('', 'RUNNING'), /notebook id/],
    [
      'trainingJobs.create without flavor',
      () => api.trainingJobs.create({ metadata: { name: 'j' }, algorithm: { command: 'true' }, spec: { resource: { flavor_id: '' } } }),
      /flavor_id is required/,
    ],
    [
      'trainingJobs.create without code or command',
      () => api.trainingJobs.create({ metadata: { name: 'j' }, algorithm: {}, spec: { resource: { flavor_id: 'f' } } }),
      /algorithm needs/,
    ],
    ['trainingJobs.logPreview without task', () => api.trainingJobs.logPreview('j', ''), /task id/],
    ['trainingJobs.events with half a range', () => api.trainingJobs.events('j', { startTime: 1 }), /together/],
    ['trainingJobs.searchPages over 50', () => api.trainingJobs.searchPages({ pageSize: 51 }).next(), /at most 50/],
    ['trainingJobs.tailLogs("")', () => api.trainingJobs.tailLogs('', 'worker-0').next(), /training job id/],
    [
      'datasets.create without sources',
      () => api.datasets.create({ dataset_name: 'd', dataset_type: 0, data_sources: [], work_path: '/b/w/' }),
      /data_sources/,
    ],
    ['datasets.updateAnnotations with no samples', () => api.datasets.updateAnnotations('d', []), /at least one/],
    [
      'datasets.updateAnnotations without sample id',
      () => api.datasets.updateAnnotations('d', [{ sample_id: '', labels: [] }]),
      /samples\[0\]\.sample_id/,
    ],
    ['datasets.sampleContent("d", "")', () => api.datasets.sampleContent('d', ''), /sample id/],
  ];
  for (const [what, call, message] of cases) {
    it(`${what} → TypeError, nothing sent`, async () => {
      const err = await rejection(Promise.resolve().then(() => call()));
      assert.ok(err instanceof TypeError, String(err));
      assert.match(err.message, message);
      assert.equal(fixture.requests.length, 0);
    });
  }

  it('an aborted signal rejects with an AbortError and sends nothing', async () => {
    const signal = AbortSignal.abort();
    const err = await rejection(api.workspaces.listAll({ signal }));
    assert.ok(err instanceof Error && err.name === 'AbortError', String(err));
    const err2 = await rejection(api.notebooks.get('n', { signal }));
    assert.ok(err2 instanceof Error && err2.name === 'AbortError', String(err2));
    assert.equal(fixture.requests.length, 0);
  });
});
