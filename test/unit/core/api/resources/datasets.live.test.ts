import assert from 'node:assert/strict';
import { isPlatformError } from '../../../../../extension/core/api/errors';
import { type Sample, sampleChangedErrorCode } from '../../../../../extension/core/api/resources/datasets';
import { pngBytes } from '../../../../helpers/images';
import { type Live, rejection, startLive } from './liveHarness';

describe('core/api/resources against the local daemon: datasets and labeling (live)', function () {
  this.timeout(60_000);
  let live: Live;
  before(async () => {
    live = await startLive();
    const objects: Record<string, Buffer> = {};
    for (let i = 0; i < 5; i++) objects[`pets/img-${i}.png`] = pngBytes(20 + i, 10 + i);
    await live.put('data', objects);
    await live.put('work', {});
  });
  after(async () => {
    await live?.close();
  });

  it('create over uploaded PNGs → samples → updateAnnotations → labels and counts → delete', async () => {
    const { datasets } = live.api;
    const { dataset_id: id } = await datasets.create({
      dataset_name: 'res-pets',
      dataset_type: 1,
      data_sources: [{ data_path: '/data/pets/' }],
      work_path: '/work/pets/',
      labels: [{ name: 'cat' }, { name: 'dog', property: { '@modelarts:color': '#ff0000' } }],
    });
    assert.match(id, /^[0-9a-f]+$/);
    const ds = await datasets.get(id);
    assert.equal(ds.total_sample_count, 5);
    assert.deepEqual(
      ds.labels?.map((l) => l.name),
      ['cat', 'dog'],
    );
    assert.deepEqual(
      (await datasets.listAll({ name: 'res-pe', pageSize: 1 })).map((d) => d.dataset_id),
      [id],
    );

    const samples: Sample[] = [];
    for await (const s of datasets.samples(id, { pageSize: 2 })) samples.push(s);
    assert.equal(samples.length, 5);
    const first = samples[0] as Sample;
    const second = samples[1] as Sample;
    const size = first.metadata?.['@modelarts:size'] as number[];
    const content = await datasets.sampleContent(id, first.sample_id);
    assert.equal(content.content_type, 'image/png');
    assert.equal(content.data.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal((await datasets.getSample(id, first.sample_id)).sample_id, first.sample_id);

    const box = (name: string) => ({
      name,
      type: 1,
      property: {
        '@modelarts:shape': 'bndbox',
        '@modelarts:feature': [
          [1, 1],
          [5, 6],
        ],
      },
    });
    const result = await datasets.updateAnnotations(id, [
      { sample_id: first.sample_id, labels: [box('cat'), box('dog')] },
      { sample_id: second.sample_id, labels: [box('cat')], sample_usage: 'TRAIN' },
    ]);
    assert.equal(result.success, true);
    assert.ok(size[0]! > 5);

    const labelled: string[] = [];
    for await (const s of datasets.samples(id, { state: '__ALL__' })) labelled.push(s.sample_id);
    assert.deepEqual(labelled.sort(), [first.sample_id, second.sample_id].sort());
    let unlabelled = 0;
    for await (const _ of datasets.samples(id, { state: '__NONE__', pageSize: 1 })) unlabelled++;
    assert.equal(unlabelled, 3);

    await datasets.addLabels(id, [{ name: 'bird' }]);
    assert.deepEqual(
      (await datasets.labels(id)).map((l) => l.name),
      ['cat', 'dog', 'bird'],
    );
    const stats = await datasets.stats(id);
    const counts = Object.fromEntries(stats.label_stats.map((l) => [l.name, [l.count, l.sample_count]]));
    assert.deepEqual(counts, { cat: [2, 2], dog: [1, 1], bird: [0, 0] });
    assert.deepEqual(stats.sample_stats, { __ALL__: 2, __NONE__: 3 });
    assert.equal((await datasets.get(id)).annotated_sample_count, 2);

    // A box on an undefined label is refused whole, naming the item.
    const bad = await rejection(datasets.updateAnnotations(id, [{ sample_id: second.sample_id, labels: [box('horse')] }]));
    assert.ok(isPlatformError(bad) && bad.errorCode === 'ModelArts.4410', String(bad));

    await datasets.update(id, { description: 'pets' });
    assert.equal((await datasets.get(id)).description, 'pets');
    await live.put('data', { 'pets/img-9.png': pngBytes(8, 8) });
    await datasets.syncData(id);
    assert.equal((await datasets.get(id)).total_sample_count, 6);

    await datasets.delete(id);
    const gone = await rejection(datasets.get(id));
    assert.ok(isPlatformError(gone) && gone.errorCode === 'ModelArts.4352');
  });

  it('searchConditions filters by name and hard marks; a stale annotation_revision rejects naming the changed sample', async () => {
    const { datasets } = live.api;
    const { dataset_id: id } = await datasets.create({
      dataset_name: 'res-search',
      dataset_type: 0,
      data_sources: [{ data_path: '/data/pets/' }],
      work_path: '/work/search/',
      labels: [{ name: 'cat' }],
    });
    const all: Sample[] = [];
    for await (const s of datasets.samples(id)) all.push(s);
    const [a, b] = all as [Sample, Sample];
    const named: string[] = [];
    for await (const s of datasets.samples(id, { searchConditions: [{ sample_name: 'IMG-3' }] })) named.push(s.sample_name ?? '');
    assert.deepEqual(named, ['img-3.png']);
    const saved = await datasets.updateAnnotations(id, [
      { sample_id: b.sample_id, labels: [{ name: 'cat' }], metadata: { '@modelarts:hard': 1 }, annotation_revision: b.annotation_revision },
    ]);
    const revision = saved.results?.[0]?.annotation_revision;
    assert.ok(revision !== undefined && revision > (b.annotation_revision ?? 0));
    const hard: string[] = [];
    for await (const s of datasets.samples(id, { searchConditions: [{ hard: '1' }], state: '__ALL__' })) hard.push(s.sample_id);
    assert.deepEqual(hard, [b.sample_id]);

    const stale = await rejection(
      datasets.updateAnnotations(id, [
        { sample_id: a.sample_id, labels: [], annotation_revision: a.annotation_revision },
        { sample_id: b.sample_id, labels: [], annotation_revision: b.annotation_revision },
      ]),
    );
    assert.ok(isPlatformError(stale) && stale.errorCode === sampleChangedErrorCode, String(stale));
    assert.match(stale.message, new RegExp(`samples\\[1\\] \\(${b.sample_id}\\).*revision ${revision}`));
    assert.equal((await datasets.getSample(id, b.sample_id)).annotation_revision, revision, 'nothing was saved');
  });
});
