import assert from 'node:assert/strict';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { jpegBytes, pngBytes } from '../../../helpers/images';

/** Samples of a dataset, all pages' worth for the small sets used here. */
interface Sample {
  sample_id: string;
  sample_name: string;
  sample_type: number;
  sample_status: string;
  source: string;
  labels: { name: string; type: number; annotated_by: string; property: Record<string, unknown> }[];
  metadata: Record<string, unknown>;
  sample_data?: string[];
}

describe('local daemon: datasets', () => {
  let d: TestDaemon;
  let s3: S3Client;
  const put = (bucket: string, key: string, body: string | Buffer) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const samples = async (id: string, query = 'limit=100'): Promise<{ sample_count: number; samples: Sample[] }> => {
    const res = await d.call('GET', `/v2/{p}/datasets/${id}/data-annotations/samples?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    return res.json;
  };
  const byName = async (id: string, name: string) => (await samples(id)).samples.find((s) => s.sample_name === name) as Sample;
  const dataset = async (id: string) => (await d.call('GET', `/v2/{p}/datasets/${id}`)).json;

  before(async () => {
    d = await startTestDaemon();
    const { s3_endpoint: endpoint, ak, sk } = d.daemon.discovery;
    s3 = new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials: { accessKeyId: ak, secretAccessKey: sk } });
    for (const bucket of ['data', 'out']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await put('data', 'pets/cat1.png', pngBytes(40, 30));
    await put('data', 'pets/cat2.JPG', jpegBytes(64, 48));
    await put('data', 'pets/sub/dog.png', pngBytes(10, 10));
    await put('data', 'pets/readme.md', 'not a sample');
    await put('data', 'pets/broken.png', 'not really a png');
    await put('data', 'pets2/elsewhere.png', pngBytes(5, 5));
    await put('data', 'reviews/a.txt', '\uFEFFgood movie\r\nbad movie\n\n   \ngood movie\n');
    await put('data', 'reviews/notes.csv', 'ignored,column\n');
  });
  after(async () => {
    s3.destroy();
    await d.stop();
  });

  let classId = '';
  let detectId = '';
  let textId = '';

  it('creates an image classification dataset from a storage prefix (201 {dataset_id}) with its samples indexed', async () => {
    const res = await d.call('POST', '/v2/{p}/datasets', {
      dataset_name: 'pets',
      dataset_type: 0,
      data_sources: [{ data_type: 0, data_path: 'obs://data/pets' }],
      work_path: '/out/pets/',
      work_path_type: 0,
      labels: [{ name: 'cat', type: 0, property: { '@modelarts:color': '#112233' } }, { name: 'dog' }],
      description: 'cats and dogs',
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.match(res.json.dataset_id, /^[0-9a-f]{32}$/);
    classId = res.json.dataset_id;
    const got = await dataset(classId);
    assert.equal(got.dataset_name, 'pets');
    assert.equal(got.dataset_type, 0);
    assert.equal(got.status, 1);
    assert.equal(got.workspace_id, '0');
    assert.deepEqual(got.data_sources, [{ data_type: 0, data_path: '/data/pets' }]);
    assert.equal(got.work_path, '/out/pets/');
    // cat1.png, cat2.JPG and sub/dog.png; not readme.md, not the broken PNG, not pets2/.
    assert.equal(got.total_sample_count, 3);
    assert.equal(got.annotated_sample_count, 0);
    assert.deepEqual(
      got.labels.map((l: { name: string }) => l.name),
      ['cat', 'dog'],
    );
    assert.equal(got.labels[0].property['@modelarts:color'], '#112233');
    assert.match(got.labels[1].property['@modelarts:color'], /^#[0-9a-f]{6}$/, 'a colour is assigned when none is given');
  });

  it('lists samples with ids, storage source and image size, paged with sample_count', async () => {
    const all = await samples(classId);
    assert.equal(all.sample_count, 3);
    assert.deepEqual(all.samples.map((s) => s.sample_name).sort(), ['cat1.png', 'cat2.JPG', 'dog.png']);
    const cat = all.samples.find((s) => s.sample_name === 'cat1.png') as Sample;
    assert.match(cat.sample_id, /^[0-9a-f]{32}$/);
    assert.equal(cat.sample_type, 0);
    assert.equal(cat.sample_status, 'UN_ANNOTATION');
    assert.equal(cat.source, 'obs://data/pets/cat1.png');
    assert.deepEqual(cat.metadata['@modelarts:size'], [40, 30, 3]);
    assert.deepEqual((all.samples.find((s) => s.sample_name === 'cat2.JPG') as Sample).metadata['@modelarts:size'], [64, 48, 1]);
    const page = await samples(classId, 'offset=1&limit=1');
    assert.equal(page.sample_count, 3);
    assert.equal(page.samples.length, 1);
    assert.equal(page.samples[0]?.sample_id, all.samples[1]?.sample_id);
    const one = await d.call('GET', `/v2/{p}/datasets/${classId}/data-annotations/samples/${cat.sample_id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.json, cat);
  });

  it('round-trips classification labels; counts, state filters and stats follow', async () => {
    const cat = await byName(classId, 'cat1.png');
    const dog = await byName(classId, 'dog.png');
    const res = await d.call('PUT', `/v2/{p}/datasets/${classId}/data-annotations/samples`, {
      samples: [
        { sample_id: cat.sample_id, labels: [{ name: 'cat', type: 0 }] },
        { sample_id: dog.sample_id, labels: [{ name: 'dog' }], sample_usage: 'TRAIN' },
      ],
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    // Local extension: each result carries the samples' new revision (one change, one revision).
    const revision = res.json.results[0].annotation_revision;
    assert.ok(Number.isSafeInteger(revision) && revision > 1, JSON.stringify(res.json));
    assert.deepEqual(res.json, {
      success: true,
      results: [
        { success: true, annotation_revision: revision },
        { success: true, annotation_revision: revision },
      ],
    });
    const after = await byName(classId, 'cat1.png');
    assert.equal(after.sample_status, 'MANUAL_ANNOTATION');
    assert.deepEqual(after.labels, [{ name: 'cat', type: 0, annotated_by: 'human', property: {} }]);
    const got = await dataset(classId);
    assert.equal(got.annotated_sample_count, 2);
    assert.equal((await samples(classId, 'sample_state=__ALL__')).sample_count, 2);
    assert.deepEqual(
      (await samples(classId, 'sample_state=__NONE__')).samples.map((s) => s.sample_name),
      ['cat2.JPG'],
    );
    assert.equal((await samples(classId, 'sample_state=__UNCHECK__')).sample_count, 0);
    assert.deepEqual(
      (await samples(classId, 'label_name=dog')).samples.map((s) => s.sample_name),
      ['dog.png'],
    );
    const stats = await d.call('GET', `/v2/{p}/datasets/${classId}/data-annotations/stats`);
    assert.deepEqual(stats.json.sample_stats, { __ALL__: 2, __NONE__: 1 });
    assert.deepEqual(
      stats.json.label_stats.map((l: { name: string; count: number; sample_count: number }) => [l.name, l.count, l.sample_count]),
      [
        ['cat', 1, 1],
        ['dog', 1, 1],
      ],
    );
    // An empty list removes the labels again.
    await d.call('PUT', `/v2/{p}/datasets/${classId}/data-annotations/samples`, { samples: [{ sample_id: dog.sample_id, labels: [] }] });
    assert.equal((await dataset(classId)).annotated_sample_count, 1);
  });

  it('round-trips object detection boxes and checks them against the image', async () => {
    const res = await d.call('POST', '/v2/{p}/datasets', {
      dataset_name: 'pets-boxes',
      dataset_type: 1,
      data_path: '/data/pets/',
      work_path: 'obs://out/boxes',
      labels: [{ name: 'cat' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    detectId = res.json.dataset_id;
    const labels = (await d.call('GET', `/v2/{p}/datasets/${detectId}/data-annotations/labels`)).json;
    assert.deepEqual(labels.labels[0].type, 1);
    assert.equal(labels.labels[0].property['@modelarts:default_shape'], 'bndbox');
    assert.equal(labels.total_number, 1);
    const cat = await byName(detectId, 'cat1.png'); // 40 x 30
    const box = (feature: unknown) => ({ name: 'cat', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': feature } });
    const ok = await d.call('PUT', `/v2/{p}/datasets/${detectId}/data-annotations/samples`, {
      samples: [
        {
          sample_id: cat.sample_id,
          labels: [
            box([
              [0, 10],
              [40, 30],
            ]),
            box([
              [1.5, 2],
              [3, 4.25],
            ]),
          ],
        },
      ],
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const after = await byName(detectId, 'cat1.png');
    assert.deepEqual(
      after.labels.map((l) => l.property['@modelarts:feature']),
      [
        [
          [0, 10],
          [40, 30],
        ],
        [
          [1.5, 2],
          [3, 4.25],
        ],
      ],
    );
    assert.equal(after.labels[0]?.property['@modelarts:shape'], 'bndbox');

    for (const [feature, why] of [
      [
        [
          [0, 0],
          [41, 30],
        ],
        /outside the image/,
      ],
      [
        [
          [10, 10],
          [5, 20],
        ],
        /xmin < xmax/,
      ],
      [
        [
          [10, 10],
          [20, 10],
        ],
        /ymin < ymax/,
      ],
      [
        [
          [-1, 0],
          [5, 5],
        ],
        /outside the image/,
      ],
      [[[0, 0]], /exactly 2/],
      [
        [
          [0, '1'],
          [5, 5],
        ],
        /two finite numbers/,
      ],
      [
        [
          [0, null],
          [5, 5],
        ],
        /two finite numbers/,
      ],
    ] as const) {
      const bad = await d.call('PUT', `/v2/{p}/datasets/${detectId}/data-annotations/samples`, {
        samples: [{ sample_id: cat.sample_id, labels: [box(feature)] }],
      });
      assert.equal(bad.status, 400, JSON.stringify(feature));
      assert.equal(bad.json.error_code, 'ModelArts.0104');
      assert.match(bad.json.error_msg, why);
      assert.match(bad.json.error_msg, /samples\[0\]/);
    }
    // JSON has no NaN; 1e999 is how a non-finite number arrives. It must not pass as a coordinate.
    const body = `{"samples":[{"sample_id":"${cat.sample_id}","labels":[{"name":"cat","property":{"@modelarts:shape":"bndbox","@modelarts:feature":[[0,0],[1e999,5]]}}]}]}`;
    const inf = await d.call('PUT', `/v2/{p}/datasets/${detectId}/data-annotations/samples`, body);
    assert.equal(inf.status, 400);
    const noShape = await d.call('PUT', `/v2/{p}/datasets/${detectId}/data-annotations/samples`, {
      samples: [{ sample_id: cat.sample_id, labels: [{ name: 'cat' }] }],
    });
    assert.equal(noShape.status, 400);
    assert.deepEqual((await byName(detectId, 'cat1.png')).labels, after.labels, 'no failed request changed the boxes');
  });

  it('applies a batch all or nothing, naming the bad item', async () => {
    const cat2 = await byName(classId, 'cat2.JPG');
    const dog = await byName(classId, 'dog.png');
    const before = await samples(classId);
    const cases: [unknown[], number, string, RegExp][] = [
      [
        [
          { sample_id: cat2.sample_id, labels: [{ name: 'cat' }] },
          { sample_id: dog.sample_id, labels: [{ name: 'horse' }] },
        ],
        400,
        'ModelArts.4410',
        /samples\[1\].*horse/,
      ],
      [
        [
          { sample_id: cat2.sample_id, labels: [{ name: 'cat' }] },
          { sample_id: 'f'.repeat(32), labels: [] },
        ],
        400,
        'ModelArts.4420',
        /samples\[1\]/,
      ],
      [
        [
          { sample_id: cat2.sample_id, labels: [{ name: 'cat' }] },
          { sample_id: cat2.sample_id, labels: [] },
        ],
        400,
        'ModelArts.0104',
        /twice/,
      ],
      [[{ sample_id: cat2.sample_id, labels: [{ name: 'cat', type: 1 }] }], 400, 'ModelArts.0104', /type must be 0/],
      [[{ sample_id: cat2.sample_id, labels: [{ name: 'cat' }, { name: 'cat' }] }], 400, 'ModelArts.0104', /twice/],
      [[{ sample_id: cat2.sample_id, labels: 'cat' }], 400, 'ModelArts.0104', /labels must be an array/],
      [[{ sample_id: cat2.sample_id, labels: [{ name: 'cat', score: 2 }] }], 400, 'ModelArts.0104', /score/],
      [[{ sample_id: cat2.sample_id, sample_usage: 'PLAY' }], 400, 'ModelArts.0104', /sample_usage/],
      [[], 400, 'ModelArts.0104', /samples must be/],
    ];
    for (const [items, status, code, msg] of cases) {
      const res = await d.call('PUT', `/v2/{p}/datasets/${classId}/data-annotations/samples`, { samples: items });
      assert.equal(res.status, status, JSON.stringify(items));
      assert.equal(res.json.error_code, code, JSON.stringify(res.json));
      assert.match(res.json.error_msg, msg);
    }
    const malformed = await d.call('PUT', `/v2/{p}/datasets/${classId}/data-annotations/samples`, '{"samples": [');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.error_code, 'ModelArts.0104');
    assert.deepEqual(await samples(classId), before, 'nothing changed');
  });

  it('makes each line of a .txt file a text classification sample, with stable ids across edits', async () => {
    const res = await d.call('POST', '/v2/{p}/datasets', {
      dataset_name: 'reviews',
      dataset_type: 100,
      data_sources: [{ data_path: '/data/reviews/' }],
      work_path: '/out/reviews/',
      labels: [{ name: 'positive' }, { name: 'negative', type: 100 }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    textId = res.json.dataset_id;
    const list = await samples(textId);
    assert.deepEqual(
      list.samples.map((s) => s.sample_data?.[0]),
      ['good movie', 'bad movie', 'good movie'],
    );
    assert.deepEqual(
      list.samples.map((s) => s.sample_name),
      ['a.txt#L1', 'a.txt#L2', 'a.txt#L5'],
    );
    assert.equal(new Set(list.samples.map((s) => s.sample_id)).size, 3, 'identical lines are distinct samples');
    assert.ok(list.samples.every((s) => s.sample_type === 1));
    assert.equal(list.samples[1]?.source, 'content://bad movie');
    assert.equal(list.samples[1]?.metadata['@modelarts:source_file'], 'obs://data/reviews/a.txt');
    const bad = list.samples[1];
    const labelled = await d.call('PUT', `/v2/{p}/datasets/${textId}/data-annotations/samples`, {
      samples: [{ sample_id: bad.sample_id, labels: [{ name: 'negative', type: 100 }] }],
    });
    assert.equal(labelled.status, 200, JSON.stringify(labelled.json));

    // A line inserted at the top moves every line down; ids and labels stay with their text.
    await put('data', 'reviews/a.txt', 'great plot\ngood movie\nbad movie\n\ngood movie\n');
    const synced = await d.call('POST', `/v2/{p}/datasets/${textId}/sync-data`);
    assert.equal(synced.status, 200);
    assert.equal(synced.json.added_sample_count, 1);
    const after = await samples(textId);
    assert.equal(after.sample_count, 4);
    const moved = after.samples.find((s) => s.sample_id === bad.sample_id) as Sample;
    assert.equal(moved.sample_name, 'a.txt#L3');
    assert.deepEqual(
      moved.labels.map((l) => l.name),
      ['negative'],
    );
    const content = await d.call('GET', `/v2/{p}/datasets/${textId}/data-annotations/samples/${bad.sample_id}/content`);
    assert.equal(Buffer.from(content.json.data, 'base64').toString('utf8'), 'bad movie');
  });

  it("serves a sample's bytes for the labeling panel", async () => {
    const cat = await byName(classId, 'cat1.png');
    const res = await d.call('GET', `/v2/{p}/datasets/${classId}/data-annotations/samples/${cat.sample_id}/content`);
    assert.equal(res.status, 200);
    assert.equal(res.json.content_type, 'image/png');
    assert.equal(res.json.encoding, 'base64');
    assert.deepEqual(Buffer.from(res.json.data, 'base64'), pngBytes(40, 30));
  });

  it('syncs objects added to and removed from the prefix, keeping other annotations', async () => {
    await put('data', 'pets/new.png', pngBytes(8, 9));
    await s3.send(new DeleteObjectCommand({ Bucket: 'data', Key: 'pets/cat2.JPG' }));
    const res = await d.call('POST', `/v2/{p}/datasets/${classId}/sync-data`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual([res.json.added_sample_count, res.json.removed_sample_count], [1, 1]);
    assert.deepEqual(
      res.json.skipped.map((s: { object: string }) => s.object),
      ['obs://data/pets/broken.png'],
    );
    const got = await dataset(classId);
    assert.equal(got.total_sample_count, 3);
    assert.equal(got.deleted_sample_count, 1);
    assert.deepEqual(
      (await byName(classId, 'cat1.png')).labels.map((l) => l.name),
      ['cat'],
    );
    assert.deepEqual((await byName(classId, 'new.png')).metadata['@modelarts:size'], [8, 9, 3]);
  });

  it('adds, renames and deletes labels; annotations follow', async () => {
    const base = `/v2/{p}/datasets/${classId}/data-annotations/labels`;
    assert.equal((await d.call('POST', base, { labels: [{ name: 'bird', property: { '@modelarts:color': '#00ff00' } }] })).status, 200);
    const dup = await d.call('POST', base, { labels: [{ name: 'bird' }] });
    assert.equal(dup.json.error_code, 'ModelArts.4411');
    const badColour = await d.call('POST', base, { labels: [{ name: 'fish', property: { '@modelarts:color': 'blue' } }] });
    assert.equal(badColour.status, 400);
    const renamed = await d.call('PUT', base, {
      labels: [{ name: 'cat', property: { '@modelarts:rename_to': 'kitten', '@modelarts:shortcut': 'k' } }],
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
    assert.deepEqual(
      (await byName(classId, 'cat1.png')).labels.map((l) => l.name),
      ['kitten'],
    );
    const list = (await d.call('GET', base)).json;
    assert.deepEqual(
      list.labels.map((l: { name: string }) => l.name),
      ['kitten', 'dog', 'bird'],
    );
    assert.equal(list.labels[0].property['@modelarts:shortcut'], 'k');
    assert.equal(list.labels[0].property['@modelarts:rename_to'], undefined);
    const unknown = await d.call('POST', `${base}/delete`, { labels: [{ name: 'cat' }] });
    assert.equal(unknown.json.error_code, 'ModelArts.4410');
    assert.equal((await d.call('POST', `${base}/delete?delete_policy=1`, { labels: [{ name: 'kitten' }] })).status, 400);
    assert.equal((await d.call('POST', `${base}/delete`, { labels: [{ name: 'kitten' }] })).status, 200);
    assert.deepEqual((await byName(classId, 'cat1.png')).labels, []);
    assert.equal((await dataset(classId)).annotated_sample_count, 0);
  });

  it('keeps datasets, labels and annotations across a daemon restart', async () => {
    const cat = await byName(detectId, 'cat1.png');
    const before = {
      list: (await d.call('GET', '/v2/{p}/datasets?limit=100&with_labels=true')).json,
      samples: await samples(detectId),
      text: await samples(textId),
    };
    await d.restart();
    assert.deepEqual((await d.call('GET', '/v2/{p}/datasets?limit=100&with_labels=true')).json, before.list);
    assert.deepEqual(await samples(detectId), before.samples);
    assert.deepEqual(await samples(textId), before.text);
    assert.equal((await byName(detectId, 'cat1.png')).labels.length, cat.labels.length);
  });

  it('lists datasets with filters, sorting and paging ({datasets, total_number})', async () => {
    const all = (await d.call('GET', '/v2/{p}/datasets?limit=100')).json;
    assert.equal(all.total_number, 3);
    assert.deepEqual(
      all.datasets.map((x: { dataset_name: string }) => x.dataset_name),
      ['reviews', 'pets-boxes', 'pets'],
      'newest first by default',
    );
    assert.equal(all.datasets[0].labels, undefined, 'labels only with with_labels=true');
    const page = (await d.call('GET', '/v2/{p}/datasets?offset=1&limit=1&sort_by=dataset_name&order=asc')).json;
    assert.deepEqual([page.total_number, page.datasets.map((x: { dataset_name: string }) => x.dataset_name)], [3, ['pets-boxes']]);
    const det = (await d.call('GET', '/v2/{p}/datasets?dataset_type=1')).json;
    assert.deepEqual(
      det.datasets.map((x: { dataset_id: string }) => x.dataset_id),
      [detectId],
    );
    assert.equal((await d.call('GET', '/v2/{p}/datasets?search_content=BOX')).json.total_number, 1);
    assert.equal((await d.call('GET', '/v2/{p}/datasets?limit=101')).status, 400);
  });

  it('refuses bad datasets with ModelArts codes and creates nothing', async () => {
    const good = { dataset_name: 'x1', dataset_type: 0, data_sources: [{ data_type: 0, data_path: '/data/pets/' }], work_path: '/out/x/' };
    const cases: [unknown, string, RegExp?][] = [
      [{ ...good, dataset_type: 3 }, 'ModelArts.0104', /not served in local mode/],
      [{ ...good, dataset_type: '0' }, 'ModelArts.0104'],
      [{ ...good, dataset_name: 'pets' }, 'ModelArts.4351'],
      [{ ...good, dataset_name: 'has space' }, 'ModelArts.0104'],
      [{ ...good, data_sources: [{ data_path: '/data/pets/../secret/' }] }, 'ModelArts.0104', /'\.\.'/],
      [{ ...good, data_sources: [{ data_path: '/nosuchbucket/pets/' }] }, 'ModelArts.4312'],
      [{ ...good, data_sources: [{ data_type: 1, data_path: '/data/pets/' }] }, 'ModelArts.0104'],
      [{ ...good, data_sources: [] }, 'ModelArts.0104'],
      [{ ...good, data_sources: undefined }, 'ModelArts.0104', /data_sources/],
      [{ ...good, work_path: '/out/' }, 'ModelArts.4205'],
      [{ ...good, work_path: '/nosuchbucket/x/' }, 'ModelArts.4312'],
      [{ ...good, labels: [{ name: 'a' }, { name: 'a' }] }, 'ModelArts.4411'],
      [{ ...good, labels: [{ name: 'a', type: 1 }] }, 'ModelArts.0104'],
      [{ ...good, workspace_id: 'nope' }, 'ModelArts.0102'],
      ['{"dataset_name": "x1",', 'ModelArts.0104', /JSON/],
    ];
    for (const [body, code, msg] of cases) {
      const res = await d.call('POST', '/v2/{p}/datasets', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error_code, code, `${JSON.stringify(body)} -> ${JSON.stringify(res.json)}`);
      if (msg) assert.match(res.json.error_msg, msg);
    }
    assert.equal((await d.call('GET', '/v2/{p}/datasets')).json.total_number, 3);
    for (const path of [
      '/v2/{p}/datasets/nope',
      '/v2/{p}/datasets/nope/data-annotations/samples',
      '/v2/{p}/datasets/nope/data-annotations/labels',
    ]) {
      const res = await d.call('GET', path);
      assert.deepEqual([res.status, res.json.error_code], [400, 'ModelArts.4352'], path);
    }
    const noSample = await d.call('GET', `/v2/{p}/datasets/${classId}/data-annotations/samples/${'0'.repeat(32)}`);
    assert.equal(noSample.json.error_code, 'ModelArts.4420');
    assert.equal((await d.call('GET', `/v2/{p}/datasets/${classId}/data-annotations/samples?sample_state=LABELLED`)).status, 400);
    assert.equal((await d.call('GET', `/v2/{p}/datasets/${classId}/data-annotations/samples?limit=101`)).status, 400);
  });

  it('updates and deletes a dataset; a workspace holding one cannot be deleted', async () => {
    const ws = await d.call('POST', '/v1/{p}/workspaces', { name: 'vision-team' });
    assert.equal(ws.status, 200);
    const res = await d.call('POST', '/v2/{p}/datasets', {
      dataset_name: 'team-pets',
      dataset_type: 0,
      data_path: '/data/pets/',
      work_path: '/out/team/',
      workspace_id: ws.json.id,
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const id = res.json.dataset_id;
    const blocked = await d.call('DELETE', `/v1/{p}/workspaces/${ws.json.id}`);
    assert.equal(blocked.status, 409);
    assert.match(blocked.json.error_msg, /1 dataset/);

    const upd = await d.call('PUT', `/v2/{p}/datasets/${id}`, {
      description: 'renamed',
      dataset_name: 'team-pets-2',
      add_labels: [{ name: 'cat' }],
    });
    assert.deepEqual([upd.status, upd.json], [200, { dataset_id: id }]);
    const got = await dataset(id);
    assert.deepEqual(
      [got.dataset_name, got.description, got.labels.map((l: { name: string }) => l.name)],
      ['team-pets-2', 'renamed', ['cat']],
    );
    assert.equal((await d.call('PUT', `/v2/{p}/datasets/${id}`, { dataset_name: 'pets' })).json.error_code, 'ModelArts.4351');
    assert.equal((await d.call('PUT', `/v2/{p}/datasets/${id}`, { description: 'a<b' })).status, 400);

    assert.equal((await d.call('DELETE', `/v2/{p}/datasets/${id}`)).status, 204);
    assert.equal((await d.call('GET', `/v2/{p}/datasets/${id}`)).json.error_code, 'ModelArts.4352');
    assert.equal((await d.call('DELETE', `/v1/{p}/workspaces/${ws.json.id}`)).status, 200);
  });
});
