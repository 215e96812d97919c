import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';

/**
 * Data dirs of earlier versions keep each dataset's labels and samples as one record,
 * `state/dataset-samples/<id>.json` (a SampleSet). The first start moves them into the journalled
 * store; these are such files as that version wrote them.
 */
describe('local daemon: datasets from an earlier version are moved into the journalled store', () => {
  let d: TestDaemon;
  const good = 'a'.repeat(32);
  const damaged = 'b'.repeat(32);
  const stray = 'c'.repeat(32);
  const record = (id: string, name: string) => ({
    id,
    dataset_name: name,
    dataset_type: 0,
    description: '',
    data_sources: [{ data_type: 0, data_path: '/data/pets/' }],
    work_path: '/out/pets/',
    workspace_id: '0',
    create_time: 1_700_000_000_000,
    update_time: 1_700_000_000_000,
    deleted_sample_count: 0,
  });
  const sample = (n: number, labels: unknown[]) => ({
    sample_id: `${n}`.repeat(32).slice(0, 32),
    sample_type: 0,
    bucket: 'data',
    key: `pets/${n}.png`,
    size: 120,
    sha256: 'f'.repeat(64),
    width: 40,
    height: 30,
    depth: 3,
    format: 'png',
    sample_time: 1_700_000_000_000,
    labels,
    ...(labels.length ? { annotated_time: 1_700_000_100_000, sample_usage: 'TRAIN' } : {}),
  });
  const legacyDir = () => path.join(d.dataDir, 'state', 'dataset-samples');

  before(async () => {
    d = await startTestDaemon();
    const records = path.join(d.dataDir, 'state', 'datasets');
    writeFileSync(path.join(records, `${good}.json`), JSON.stringify(record(good, 'old-pets')));
    writeFileSync(path.join(records, `${damaged}.json`), JSON.stringify(record(damaged, 'old-broken')));
    mkdirSync(legacyDir(), { recursive: true });
    const cat = { name: 'cat', type: 0, annotated_by: 'human', property: {} };
    writeFileSync(
      path.join(legacyDir(), `${good}.json`),
      JSON.stringify({
        id: good,
        labels: [
          { name: 'cat', type: 0, property: { '@modelarts:color': '#3399ff' }, attributes: [] },
          { name: 'dog', type: 0, property: { '@modelarts:color': '#ff6633' }, attributes: [] },
        ],
        samples: [sample(3, []), sample(1, [cat]), sample(2, [])],
      }),
    );
    writeFileSync(path.join(legacyDir(), `${damaged}.json`), '{"id": "bbbb", "labels": [], "samples": [');
    writeFileSync(path.join(legacyDir(), `${stray}.json`), JSON.stringify({ id: stray, labels: [], samples: [] }));
    await d.restart();
  });
  after(() => d.stop());

  it('serves the old samples, labels and annotations at revision 1, and removes the old files', async () => {
    const ds = (await d.call('GET', `/v2/{p}/datasets/${good}`)).json;
    assert.deepEqual([ds.total_sample_count, ds.annotated_sample_count], [3, 1]);
    assert.deepEqual(
      ds.labels.map((l: { name: string }) => l.name),
      ['cat', 'dog'],
    );
    const res = await d.call('GET', `/v2/{p}/datasets/${good}/data-annotations/samples?limit=10`);
    assert.deepEqual(
      res.json.samples.map((s: { sample_name: string }) => s.sample_name),
      ['1.png', '2.png', '3.png'],
      'in storage order',
    );
    const first = res.json.samples[0];
    assert.deepEqual(first.labels, [{ name: 'cat', type: 0, annotated_by: 'human', property: {} }]);
    assert.equal(first.sample_usage, 'TRAIN');
    assert.equal(first.annotation_revision, 1);
    assert.equal(first.update_time, 1_700_000_100_000, 'the time it was annotated');
    assert.deepEqual(first.metadata['@modelarts:size'], [40, 30, 3]);
    assert.match(d.logs.join('\n'), new RegExp(`dataset ${good}: moved 3 samples to the journalled store`));
    assert.deepEqual(
      readdirSync(legacyDir()).filter((f) => !f.includes('.corrupt-')),
      [],
      'migrated and stray sets are gone',
    );
  });

  it('sets an unreadable old set aside, logs it, and serves its dataset empty rather than failing to start', async () => {
    const ds = (await d.call('GET', `/v2/{p}/datasets/${damaged}`)).json;
    assert.equal(ds.total_sample_count, 0);
    assert.match(
      d.logs.join('\n'),
      new RegExp(`dataset ${damaged}: its sample set is not valid JSON; set aside as ${damaged}\\.json\\.corrupt-`),
    );
    assert.equal(readdirSync(legacyDir()).filter((f) => f.includes('.corrupt-')).length, 1);
  });

  it('keeps changes made after the move across a restart, and does not move anything twice', async () => {
    const res = await d.call('GET', `/v2/{p}/datasets/${good}/data-annotations/samples?limit=10&sample_state=__NONE__`);
    const target = res.json.samples[0].sample_id as string;
    const saved = await d.call('PUT', `/v2/{p}/datasets/${good}/data-annotations/samples`, {
      samples: [{ sample_id: target, labels: [{ name: 'dog' }], annotation_revision: 1 }],
    });
    assert.equal(saved.json.success, true, JSON.stringify(saved.json));
    const logged = d.logs.length;
    await d.restart();
    const after = (await d.call('GET', `/v2/{p}/datasets/${good}/data-annotations/samples/${target}`)).json;
    assert.deepEqual(
      after.labels.map((l: { name: string }) => l.name),
      ['dog'],
    );
    assert.equal((await d.call('GET', `/v2/{p}/datasets/${good}`)).json.annotated_sample_count, 2);
    assert.doesNotMatch(d.logs.slice(logged).join('\n'), /moved|set aside/);
    assert.ok(existsSync(path.join(d.dataDir, 'state', 'dataset-store', good, 'snapshot.jsonl')));
  });
});
