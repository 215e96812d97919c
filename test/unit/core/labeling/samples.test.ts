import assert from 'node:assert/strict';
import type { Dataset, Sample } from '../../../../extension/core/api/resources/datasetTypes';
import { dataFolders, describeSample, SampleMatcher, sampleLocation } from '../../../../extension/core/labeling/samples';

const dataset = (...paths: string[]): Dataset => ({
  dataset_id: 'd',
  dataset_name: 'd',
  dataset_type: 1,
  status: 1,
  data_sources: paths.map((data_path) => ({ data_path })),
});

const image = (key: string, extra: Partial<Sample> = {}): Sample => ({
  sample_id: key.replace(/\W/g, ''),
  sample_type: 0,
  source: `obs://data/${key}`,
  metadata: { '@modelarts:size': [64, 48, 3] },
  ...extra,
});

describe('core/labeling/samples: where samples live, and which one a record names', () => {
  it("reads a sample's place from local obs:// sources, the cloud's sample_dir, or its signed URL", () => {
    assert.deepEqual(sampleLocation(image('pets/a.jpg')), { bucket: 'data', key: 'pets/a.jpg' });
    assert.deepEqual(
      sampleLocation({ sample_id: 'x', sample_type: 0, sample_dir: '/test-obs/image/', sample_name: 'a.jpg', source: 'https://x' }),
      {
        bucket: 'test-obs',
        key: 'image/a.jpg',
      },
    );
    // The cloud's get-sample example: a virtual-hosted OBS URL with a percent-encoded CJK key.
    const signed =
      'https://test-obs.obs.xxx.com:443/image/aifood/%E5%86%B0%E6%BF%80%E5%87%8C/36502.jpg?AccessKeyId=RciyO7RHmhNTfOZVryUH&Expires=1606297079&Signature=Ju4FYpEu973ii%2FAdUVLTfpLCTbg%3D';
    assert.deepEqual(sampleLocation({ sample_id: 'x', sample_type: 0, source: signed }), {
      bucket: 'test-obs',
      key: 'image/aifood/冰激凌/36502.jpg',
    });
    const d = describeSample(image('more/sub/b.png'), dataFolders(dataset('/data/pets/', '/data/more')));
    assert.equal(d.path, 'sub/b.png', 'relative to the data folder it is in');
    assert.deepEqual(d.size, { width: 64, height: 48, depth: 3 });
    const t = describeSample(
      { sample_id: 't', sample_type: 1, sample_name: 'r.txt#L3', source: 'content://hello', sample_data: ['hello'] },
      [],
    );
    assert.deepEqual([t.path, t.text, t.location], ['r.txt#L3', 'hello', undefined]);
  });

  it('matches by id, object, path, path without extension, then file name; stops at an ambiguous level', () => {
    const folders = dataFolders(dataset('/data/'));
    const samples = ['train/a.jpg', 'val/a.jpg', 'train/b.jpg', 'c.png'].map((k) => describeSample(image(k), folders));
    const m = new SampleMatcher(samples);
    const hit = (ref: Parameters<SampleMatcher['match']>[0]) => {
      const r = m.match(ref);
      return r.kind === 'match' ? r.sample.path : r.kind === 'ambiguous' ? `ambiguous by ${r.by}` : 'none';
    };
    assert.equal(hit({ sampleId: 'trainbjpg', path: 'c.png' }), 'train/b.jpg');
    assert.equal(hit({ location: { bucket: 'data', key: 'val/a.jpg' }, path: 'x/a.jpg' }), 'val/a.jpg');
    assert.equal(hit({ path: 'train/a.jpg' }), 'train/a.jpg');
    assert.equal(hit({ path: 'a.jpg' }), 'ambiguous by file name a.jpg');
    assert.equal(hit({ path: 'elsewhere/b.jpg' }), 'train/b.jpg');
    assert.equal(hit({ stems: ['labels/c', 'c'] }), 'c.png');
    assert.equal(hit({ stems: ['val/a'] }), 'val/a.jpg');
    assert.equal(hit({ path: 'nothing.jpg' }), 'none');
  });

  it('matches identical text lines in order', () => {
    const text = (id: string, t: string) =>
      describeSample({ sample_id: id, sample_type: 1, sample_name: `f.txt#L${id}`, source: `content://${t}` }, []);
    const m = new SampleMatcher([text('1', 'same'), text('2', 'other'), text('3', 'same')]);
    const ids = ['same', 'same', 'other'].map((t) => {
      const r = m.match({ text: t });
      return r.kind === 'match' ? r.sample.id : r.kind;
    });
    assert.deepEqual(ids, ['1', '3', '2']);
    assert.equal(m.match({ text: 'missing' }).kind, 'none');
  });
});
