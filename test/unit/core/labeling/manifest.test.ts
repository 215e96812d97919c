import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { memorySource } from '../../../../extension/core/labeling/formats';
import { readManifest } from '../../../../extension/core/labeling/formats/manifest';
import { formatProblem } from '../../../../extension/core/labeling/formats/model';
import { localSource } from '../../../../extension/core/labeling/sources';
import { copyFixture, fixture, skipWithoutFixtures, tempDir } from './helpers';

const read = async (rel: string) => readManifest(await localSource(fixture(`manifest/modelarts-sdk/${rel}`)));

describe('core/labeling/formats/manifest: ModelArts manifest (JSON Lines)', () => {
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  it('reads the V002 image classification export: s3:// sources, usage, property written as a JSON string', async () => {
    const { samples, problems, records } = await read('V002.manifest');
    assert.deepEqual(problems, []);
    assert.equal(records, 10);
    assert.deepEqual(
      samples.map((s) => s.labels.map((l) => l.name).join()),
      ['sunflowers', 'sunflowers', 'daisy', 'daisy', 'tulips', 'dandelion', 'sunflowers', 'tulips', 'dandelion', 'daisy'],
    );
    const first = samples[0];
    assert.deepEqual(first?.ref.location, { bucket: 'modelartscarbon', key: 'flowers/8705462313_4458d64cd4.jpg' });
    assert.equal(first?.usage, 'TRAIN');
    assert.deepEqual(first?.labels[0], { name: 'sunflowers', type: 0, annotated_by: 'human', property: {} });
  });

  it('reads multi-label classification with confidence, hard and property', async () => {
    const { samples, problems } = await read('classification-multi-xy-V201902220937263726.manifest');
    assert.deepEqual(problems, []);
    assert.equal(samples.length, 19, 'the last line has no newline and still counts');
    const last = samples[18];
    assert.deepEqual(
      last?.labels.map((l) => [l.name, l.score, l.property?.color, l.property?.['@modelarts:hard']]),
      [
        ['Cat', 0.8, 'black', true],
        ['Dog', 0.8, 'black', true],
      ],
    );
    assert.equal(samples[0]?.labels[0]?.property?.['@modelarts:hard'], true, '"hard": "true" is a string in the file');
  });

  it('reads named entities with their character offsets and content:// text', async () => {
    const { samples, problems } = await read('text_entity.manifest');
    assert.deepEqual(problems, []);
    assert.equal(samples.length, 6);
    assert.equal(samples[0]?.ref.text, 'Bob is from Shenzhen');
    assert.equal(samples[0]?.ref.sampleId, '865c2aee2138c524716d6fa4273e9369.000000001');
    assert.deepEqual(samples[0]?.labels[0], {
      name: 'name',
      type: 101,
      annotated_by: 'human',
      property: { '@modelarts:start_index': 0, '@modelarts:end_index': 3 },
    });
    assert.equal(samples[4]?.labels[0]?.property?.['@modelarts:end_index'], 8, 'Jennifer');
  });

  it('reads object detection through annotation-loc, finding the s3:// VOC file beside the manifest by its path tail', async () => {
    const { samples, problems, records } = await read('detect-multi-s3-voc.manifest');
    assert.equal(records, 8);
    // Line 8 also points at a second VOC file the SDK did not ship beside this manifest.
    assert.deepEqual(problems.map(formatProblem), [
      'detect-multi-s3-voc.manifest:8 annotation[1].annotation-loc: annotation-loc s3://carbonsouth/manifest/voc/000000115967_1556247179208.xml was not found in ' +
        `${fixture('manifest/modelarts-sdk/detect-multi-s3-voc.manifest').replace(/\/detect-multi-s3-voc\.manifest$/, '')} (nor in OBS)`,
    ]);
    assert.equal(samples.length, 7);
    const s = samples[0];
    assert.equal(s?.ref.path, 'test/label-0220/datafiles/1 (15)_1550632618199.jpg');
    assert.deepEqual(s?.size, { width: 486, height: 500, depth: 3 });
    assert.deepEqual(
      s?.labels.map((l) => [l.name, l.type, l.score, l.property?.['@modelarts:feature']]),
      [
        [
          'person',
          1,
          0.8,
          [
            [174, 101],
            [349, 351],
          ],
        ],
      ],
    );
  });

  it('reads audio annotations as their own type (the dataset decides whether they fit)', async () => {
    const { samples } = await read('audio_classification.manifest');
    assert.equal(samples.length, 7);
    assert.deepEqual(new Set(samples.map((s) => s.labels[0]?.type)), new Set([200]));
    assert.equal(samples[0]?.usage, 'TRAIN', 'usage "train" is normalised');
  });

  it('names the line and field of every bad line: truncated JSON, unknown type, offsets past the text, bad confidence', async () => {
    const t = tempDir();
    try {
      const dir = copyFixture('manifest/modelarts-sdk', t.dir);
      const lines = [
        '{"source":"content://Bob is from Shenzhen","annotation":[{"type":"modelarts/text_entity","name":"name","property":{"@modelarts:start_index":0,"@modelarts:end_index":3}}]}',
        '{"source":"content://short","annotation":[{"type":"modelarts/text_entity","name":"name","property":{"@modelarts:start_index":2,"@modelarts:end_index":40}}]}',
        '',
        '{"source":"s3://bkt/x.jpg","annotation":[{"type":"modelarts/whatever","name":"x"}]}',
        '{"source":"s3://bkt/y.jpg","annotation":[{"type":"modelarts/image_classification","name":"y","confidence":2}]}',
        '{"source":"s3://bkt/z.jpg","annotation":[{"type":"modelarts/image_classif',
      ];
      writeFileSync(path.join(dir, 'bad.manifest'), lines.join('\n'));
      const { samples, problems } = await readManifest(await localSource(path.join(dir, 'bad.manifest')));
      assert.deepEqual(
        samples.map((s) => s.origin.line),
        [1],
      );
      const text = problems.map(formatProblem);
      assert.equal(text.length, 4, text.join('\n'));
      assert.equal(text[0], 'bad.manifest:2 annotation[0].property: @modelarts:end_index 40 is past the end of the 5-character text');
      assert.equal(
        text[1],
        'bad.manifest:4 annotation[0].type: "modelarts/whatever" is not a ModelArts annotation type (e.g. modelarts/image_classification)',
      );
      assert.equal(text[2], 'bad.manifest:5 annotation[0].confidence: must be a number from 0 to 1, not 2');
      assert.match(text[3] as string, /^bad\.manifest:6: not valid JSON \(the file ends in the middle of a value: truncated\?\)/);
    } finally {
      t.remove();
    }
  });

  it('finds annotation-loc files relative to the manifest', async () => {
    const voc =
      '<annotation><filename>a.jpg</filename><size><width>8</width><height>6</height></size><object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>4</xmax><ymax>5</ymax></bndbox></object></annotation>';
    const src = memorySource(
      new Map([
        [
          'out/pets.manifest',
          '{"source":"s3://pets/imgs/a.jpg","annotation":[{"type":"modelarts/object_detection","annotation-loc":"Annotations/a.xml","annotation-format":"PASCAL VOC"}]}\n',
        ],
        ['out/Annotations/a.xml', voc],
      ]),
    );
    const { samples, problems } = await readManifest(src);
    assert.deepEqual(problems, []);
    assert.deepEqual(samples[0]?.labels[0]?.property?.['@modelarts:feature'], [
      [1, 1],
      [4, 5],
    ]);
  });
});
