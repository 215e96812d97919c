import assert from 'node:assert/strict';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { pngBytes } from '../../../helpers/images';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';

/** What these tests read of a sample. */
interface Sample {
  sample_id: string;
  sample_name: string;
  labels: { name: string; type: number; property: Record<string, unknown> }[];
  metadata: Record<string, unknown>;
  sample_data?: string[];
  annotation_revision: number;
  update_time: number;
}

/**
 * What the labeling panel relies on beyond the platform's contract: revisions and conditional
 * saves, search by name and hard examples, named entity spans, and label renames.
 */
describe('local daemon: datasets for the labeling panel', () => {
  let d: TestDaemon;
  let s3: S3Client;
  let imagesId = '';
  let nerId = '';
  const put = (key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: 'data', Key: key, Body: body }));
  const samplesPath = (id: string) => `/v2/{p}/datasets/${id}/data-annotations/samples`;
  const list = async (id: string, query = ''): Promise<{ sample_count: number; samples: Sample[] }> => {
    const res = await d.call('GET', `${samplesPath(id)}?limit=100&${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return res.json;
  };
  const one = async (id: string, sampleId: string): Promise<Sample> => (await d.call('GET', `${samplesPath(id)}/${sampleId}`)).json;
  const named = async (id: string, name: string) => (await list(id)).samples.find((s) => s.sample_name === name) as Sample;
  const save = (id: string, samples: unknown[]) => d.call('PUT', samplesPath(id), { samples });
  const search = (conditions: unknown) => `search_conditions=${encodeURIComponent(JSON.stringify(conditions))}`;

  before(async () => {
    d = await startTestDaemon();
    const { s3_endpoint: endpoint, ak, sk } = d.daemon.discovery;
    s3 = new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials: { accessKeyId: ak, secretAccessKey: sk } });
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    for (const name of ['Cat-01.png', 'cat-02.png', 'dog-01.png', 'bird.png']) await put(`pics/${name}`, pngBytes(20, 10));
    // 我爱北京😀天安门: 8 code points (Python's len), 9 UTF-16 units (JavaScript's length).
    await put('ner/news.txt', '我爱北京😀天安门\nBarack Hussein Obama II (born on August 4, 1961) is an attorney.\n');
    const created = await d.call('POST', '/v2/{p}/datasets', {
      dataset_name: 'panel-pics',
      dataset_type: 0,
      data_path: '/data/pics/',
      work_path: '/data/out/pics/',
      labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    imagesId = created.json.dataset_id;
  });
  after(async () => {
    s3.destroy();
    await d.stop();
  });

  it('answers each sample with an annotation_revision and update_time that move on when it changes', async () => {
    const cat = await named(imagesId, 'Cat-01.png');
    const dog = await named(imagesId, 'dog-01.png');
    assert.ok(Number.isSafeInteger(cat.annotation_revision) && cat.annotation_revision >= 1);
    assert.ok(cat.update_time > 0);
    const res = await save(imagesId, [
      { sample_id: cat.sample_id, labels: [{ name: 'cat' }], annotation_revision: cat.annotation_revision },
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const revision = res.json.results[0].annotation_revision;
    assert.ok(revision > cat.annotation_revision);
    const after = await one(imagesId, cat.sample_id);
    assert.equal(after.annotation_revision, revision);
    assert.ok(after.update_time >= cat.update_time);
    assert.equal((await one(imagesId, dog.sample_id)).annotation_revision, dog.annotation_revision, 'other samples keep theirs');
    const ds = (await d.call('GET', `/v2/{p}/datasets/${imagesId}`)).json;
    assert.ok(ds.update_time >= after.update_time, 'the dataset shows the change too');
  });

  it('saves nothing when a sample changed since it was read, and says which, with the stored revision', async () => {
    const cat = await named(imagesId, 'Cat-01.png');
    const dog = await named(imagesId, 'dog-01.png');
    // Another window saves the cat first.
    const other = await save(imagesId, [{ sample_id: cat.sample_id, labels: [{ name: 'dog' }] }]);
    const stored = other.json.results[0].annotation_revision;
    const res = await save(imagesId, [
      { sample_id: dog.sample_id, labels: [{ name: 'dog' }], annotation_revision: dog.annotation_revision },
      { sample_id: cat.sample_id, labels: [{ name: 'bird' }], annotation_revision: cat.annotation_revision },
    ]);
    assert.equal(res.status, 200);
    assert.equal(res.json.success, false);
    assert.equal(res.json.error_code, 'ModelArts.4425');
    assert.match(res.json.error_msg, /1 of 2 samples changed since they were read/);
    const [first, second] = res.json.results;
    assert.equal(first.success, false);
    assert.equal(first.error_code, undefined, 'the unchanged one only was not saved');
    assert.match(first.error_msg, /not saved, because samples\[1\] changed/);
    assert.equal(first.annotation_revision, dog.annotation_revision);
    assert.deepEqual([second.success, second.error_code, second.annotation_revision], [false, 'ModelArts.4425', stored]);
    assert.match(second.error_msg, new RegExp(`revision ${stored}, not ${cat.annotation_revision}`));
    assert.deepEqual((await one(imagesId, dog.sample_id)).labels, [], 'all or nothing');
    assert.deepEqual(
      (await one(imagesId, cat.sample_id)).labels.map((l) => l.name),
      ['dog'],
      "the other window's save stands",
    );
    // Without annotation_revision a save is unconditional, as on the platform.
    assert.equal((await save(imagesId, [{ sample_id: cat.sample_id, labels: [] }])).json.success, true);
    const bad = await save(imagesId, [{ sample_id: cat.sample_id, labels: [], annotation_revision: 'x' }]);
    assert.deepEqual([bad.status, bad.json.error_code], [400, 'ModelArts.0104']);
    assert.match(bad.json.error_msg, /annotation_revision must be a whole number/);
  });

  it('keeps hard example marks from metadata, answers them, and filters on them with search_conditions', async () => {
    const dog = await named(imagesId, 'dog-01.png');
    const res = await save(imagesId, [
      {
        sample_id: dog.sample_id,
        // The answered metadata sent back unchanged, plus the marks.
        metadata: { ...dog.metadata, '@modelarts:hard': 1, '@modelarts:hard_coefficient': 0.8, '@modelarts:hard_reasons': [1, 3] },
      },
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const after = await one(imagesId, dog.sample_id);
    assert.deepEqual(
      [after.metadata['@modelarts:hard'], after.metadata['@modelarts:hard_coefficient'], after.metadata['@modelarts:hard_reasons']],
      [1, 0.8, [1, 3]],
    );
    assert.deepEqual(after.metadata['@modelarts:size'], [20, 10, 3]);
    assert.deepEqual(
      (await list(imagesId, search([{ hard: '1' }]))).samples.map((s) => s.sample_name),
      ['dog-01.png'],
    );
    assert.equal((await list(imagesId, search([{ hard: '0' }]))).sample_count, 3);
    assert.equal((await list(imagesId, search([{ hard: '1' }, { hard: 0 }]))).sample_count, 0, 'contradictions match nothing');
    for (const [metadata, why] of [
      [{ '@modelarts:size': [1, 1, 3] }, /read from the sample in storage and cannot be changed/],
      [{ '@modelarts:hard': 'yes' }, /must be 1 \(a hard example\)/],
      [{ '@modelarts:hard_coefficient': 2 }, /from 0 to 1/],
      [{ '@modelarts:mood': 'x' }, /is not kept in local mode/],
    ] as const) {
      const bad = await save(imagesId, [{ sample_id: dog.sample_id, metadata }]);
      assert.equal(bad.status, 400, JSON.stringify(metadata));
      assert.match(bad.json.error_msg, why);
      assert.match(bad.json.error_msg, /samples\[0\]/);
    }
    await save(imagesId, [{ sample_id: dog.sample_id, metadata: { '@modelarts:hard': null } }]);
    assert.equal((await one(imagesId, dog.sample_id)).metadata['@modelarts:hard'], undefined, 'null clears a mark');
    assert.equal((await list(imagesId, search([{ hard: '1' }]))).sample_count, 0);
  });

  it('searches by a part of the sample name in any case, combined with the other filters', async () => {
    assert.deepEqual(
      (await list(imagesId, search([{ sample_name: 'CAT' }]))).samples.map((s) => s.sample_name),
      ['Cat-01.png', 'cat-02.png'],
    );
    const cat2 = await named(imagesId, 'cat-02.png');
    await save(imagesId, [{ sample_id: cat2.sample_id, labels: [{ name: 'cat' }] }]);
    assert.deepEqual(
      (await list(imagesId, `sample_state=__NONE__&${search([{ sample_name: 'cat' }])}`)).samples.map((s) => s.sample_name),
      ['Cat-01.png'],
    );
    assert.deepEqual(
      (await list(imagesId, `label_name=cat&${search([{ sample_name: '-0' }, { sample_name: '2.PNG' }])}`)).samples.map(
        (s) => s.sample_name,
      ),
      ['cat-02.png'],
    );
    assert.equal((await list(imagesId, search([]))).sample_count, 4, 'no condition, no filter');
    for (const [raw, why] of [
      ['[{"sample_name": ', /must be URL-encoded JSON/],
      ['{"sample_name": "cat"}', /must be an array/],
      ['[{"labeler": "me"}]', /search_conditions\[0\]\.labeler is not served in local mode/],
      ['[{"sample_name": ""}]', /sample_name must be 1 to 256 characters/],
      ['[{"hard": "maybe"}]', /hard must be "1"/],
    ] as const) {
      const res = await d.call('GET', `${samplesPath(imagesId)}?search_conditions=${encodeURIComponent(raw)}`);
      assert.equal(res.status, 400, raw);
      assert.match(res.json.error_msg, why);
    }
  });

  it('renames a label twice in one request as one rename, and the annotations follow', async () => {
    const base = `/v2/{p}/datasets/${imagesId}/data-annotations/labels`;
    const res = await d.call('PUT', base, {
      labels: [
        { name: 'cat', property: { '@modelarts:rename_to': 'kitty' } },
        { name: 'kitty', property: { '@modelarts:rename_to': 'kitten' } },
      ],
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(
      (await named(imagesId, 'cat-02.png')).labels.map((l) => l.name),
      ['kitten'],
    );
    const stats = (await d.call('GET', `/v2/{p}/datasets/${imagesId}/data-annotations/stats`)).json;
    const counts = Object.fromEntries(stats.label_stats.map((l: { name: string; count: number }) => [l.name, l.count]));
    assert.deepEqual(counts, { kitten: 1, dog: 0, bird: 0 });
    assert.deepEqual(stats.sample_stats, { __ALL__: 1, __NONE__: 3 });
    const none = (await d.call('GET', `/v2/{p}/datasets/${imagesId}/data-annotations/stats?sample_state=__NONE__`)).json;
    assert.equal(none.label_stats[0].count, 0);
  });

  it('serves named entity datasets (type 101): spans in code points, checked against the text', async () => {
    const created = await d.call('POST', '/v2/{p}/datasets', {
      dataset_name: 'panel-ner',
      dataset_type: 101,
      data_path: '/data/ner/',
      work_path: '/data/out/ner/',
      labels: [{ name: 'place' }, { name: 'emoji', type: 101 }, { name: 'person' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    nerId = created.json.dataset_id;
    const ds = (await d.call('GET', `/v2/{p}/datasets/${nerId}`)).json;
    assert.deepEqual([ds.dataset_type, ds.total_sample_count, ds.labels[0].type], [101, 2, 101]);
    const [zh, en] = (await list(nerId)).samples;
    assert.ok(zh && en);
    assert.equal(zh.sample_data?.[0], '我爱北京😀天安门');
    const span = (name: string, start: unknown, end: unknown) => ({
      name,
      property: { '@modelarts:start_index': start, '@modelarts:end_index': end },
    });
    const ok = await save(nerId, [
      { sample_id: zh.sample_id, labels: [span('place', 2, 4), span('emoji', 4, 5), span('place', 5, 8), span('emoji', 2, 4)] },
      { sample_id: en.sample_id, labels: [span('person', 0, 23)] },
    ]);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const stored = await one(nerId, zh.sample_id);
    assert.deepEqual(
      stored.labels.map((l) => [l.name, l.type, l.property['@modelarts:start_index'], l.property['@modelarts:end_index']]),
      [
        ['place', 101, 2, 4],
        ['emoji', 101, 4, 5],
        ['place', 101, 5, 8],
        ['emoji', 101, 2, 4],
      ],
    );
    // [...text] slices by code points, as the offsets count.
    assert.equal([...(zh.sample_data?.[0] ?? '')].slice(5, 8).join(''), '天安门');
    for (const [labels, why] of [
      [[span('place', 5, 9)], /\[5, 9\) must have 0 ≤ start < end ≤ 8, the text's length in Unicode code points/],
      [[span('place', 3, 3)], /start < end/],
      [[span('place', -1, 2)], /0 ≤ start/],
      [[span('place', 1.5, 2)], /start_index"\] must be a whole number/],
      [[span('place', '1', 2)], /start_index"\] must be a whole number/],
      [[{ name: 'place', property: { '@modelarts:start_index': 0 } }], /end_index"\] must be a whole number/],
      [[span('place', 2, 4), span('place', 2, 4)], /given twice for the span \[2, 4\)/],
      [[{ ...span('place', 0, 1), type: 100 }], /type must be 101/],
    ] as const) {
      const bad = await save(nerId, [{ sample_id: zh.sample_id, labels }]);
      assert.equal(bad.status, 400, JSON.stringify(labels));
      assert.match(bad.json.error_msg, why);
    }
    assert.deepEqual((await one(nerId, zh.sample_id)).labels, stored.labels, 'no refused save changed the spans');
    const byLabel = await list(nerId, 'label_name=person');
    assert.deepEqual(
      byLabel.samples.map((s) => s.sample_id),
      [en.sample_id],
    );
  });

  it('keeps revisions, marks and spans across a restart', async () => {
    const before = { images: await list(imagesId), ner: await list(nerId) };
    await d.restart();
    assert.deepEqual(await list(imagesId), before.images);
    assert.deepEqual(await list(nerId), before.ner);
  });
});
