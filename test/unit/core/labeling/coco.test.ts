import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCocoText, readCoco } from '../../../../extension/core/labeling/formats/coco';
import { type AnnotatedSample, formatProblem } from '../../../../extension/core/labeling/formats/model';
import { localSource } from '../../../../extension/core/labeling/sources';
import { copyFixture, fixture, skipWithoutFixtures, tempDir } from './helpers';

const box = (s: AnnotatedSample | undefined, i: number) => s?.labels[i]?.property?.['@modelarts:feature'];

describe('core/labeling/formats/coco: COCO instances JSON', () => {
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  it("reads Datumaro's train and val files: boxes in pixels, polygon and RLE segmentation tolerated, attributes and iscrowd kept", async () => {
    const { samples, problems, labelNames, records } = await readCoco(await localSource(fixture('coco/datumaro')));
    assert.deepEqual(problems, []);
    assert.equal(records, 2);
    assert.deepEqual(labelNames, ['a', 'b', 'c']);
    const a = samples.find((s) => s.ref.path === 'a.jpg');
    const b = samples.find((s) => s.ref.path === 'b.jpg');
    assert.deepEqual(a?.size, { width: 10, height: 5 });
    assert.deepEqual(
      a?.labels.map((l) => l.name),
      ['b'],
    );
    assert.deepEqual(box(a, 0), [
      [2, 2],
      [5, 3],
    ]);
    assert.deepEqual(b?.size, { width: 5, height: 10 });
    assert.deepEqual(
      b?.labels.map((l) => [l.name, l.property?.x, l.property?.y, l.property?.iscrowd]),
      [
        ['a', 1, 'hello', undefined],
        ['b', undefined, undefined, 1],
      ],
    );
    assert.deepEqual(box(b, 1), [
      [0, 0],
      [1, 9],
    ]);
  });

  it('reads the real COCO val2017 annotations of panopticapi: 2 images, 50 boxes, 133 categories', async () => {
    const { samples, problems, labelNames } = await readCoco(
      await localSource(fixture('coco/panopticapi/panoptic_coco_detection_format.json')),
    );
    assert.deepEqual(problems, []);
    assert.equal(labelNames.length, 133);
    assert.deepEqual(labelNames.slice(0, 3), ['person', 'bicycle', 'car']);
    assert.deepEqual(
      samples.map((s) => [s.ref.path, s.size?.width, s.size?.height]),
      [
        ['000000142238.jpg', 640, 427],
        ['000000439180.jpg', 640, 360],
      ],
    );
    assert.equal(
      samples.reduce((n, s) => n + s.labels.length, 0),
      50,
    );
    const first = samples[0] as AnnotatedSample;
    assert.equal(first.labels[0]?.name, 'person');
    assert.deepEqual(
      box(first, 0),
      [
        [282, 207],
        [330, 356],
      ],
      'bbox [282, 207, 48, 149] is [[x, y], [x + w, y + h]]',
    );
  });

  it('refuses panoptic and Label Studio files as a whole, saying what they are', async () => {
    const panoptic = await readCoco(await localSource(fixture('coco/panopticapi/panoptic_examples.json')));
    assert.equal(panoptic.samples.length, 0);
    assert.match(formatProblem(panoptic.problems[0]!), /^panoptic_examples\.json annotations\[0\]: is COCO panoptic/);
    const ls = await readCoco(await localSource(fixture('label-studio/label-studio-converter/rectangles/data.json')));
    assert.match(formatProblem(ls.problems[0]!), /^data\.json: is a JSON list, not a COCO object .*Label Studio/);
  });

  it('names the line of truncated JSON, and the element of an unknown category, a bad box, an unknown image', async () => {
    const t = tempDir();
    try {
      const dir = copyFixture('coco/datumaro/annotations', t.dir);
      const val = readFileSync(path.join(dir, 'instances_val.json'), 'utf8');
      writeFileSync(path.join(dir, 'instances_val.json'), val.slice(0, val.indexOf('"annotations"') + 40));
      const train = JSON.parse(readFileSync(path.join(dir, 'instances_train.json'), 'utf8'));
      train.annotations.push({ id: 2, image_id: 5, category_id: 9, bbox: [1, 1, 2, 2] });
      train.annotations.push({ id: 3, image_id: 5, category_id: 1, bbox: [1, 1, -2, 2] });
      train.annotations.push({ id: 4, image_id: 77, category_id: 1, bbox: [1, 1, 2, 2] });
      train.annotations.push({ id: 5, image_id: 5, category_id: 1, bbox: [8, 1, 5, 2] });
      writeFileSync(path.join(dir, 'instances_train.json'), JSON.stringify(train, null, 2));
      const { samples, problems } = await readCoco(await localSource(dir));
      const text = problems.map(formatProblem);
      assert.equal(samples.length, 0, 'a.jpg has bad boxes and the val file is unreadable: no record survives');
      assert.ok(
        text.some((p) => /^instances_val\.json:\d+: not valid JSON \(the file ends in the middle of a value: truncated\?\)/.test(p)),
        text.join('\n'),
      );
      const lastLine = val.slice(0, val.indexOf('"annotations"') + 40).split('\n').length;
      assert.ok(
        text.some((p) => p.startsWith(`instances_val.json:${lastLine}: `)),
        `the truncation is at the last line, ${lastLine}: ${text.join('\n')}`,
      );
      assert.ok(
        text.includes('instances_train.json annotations[1].category_id: category_id 9 is not in categories (image a.jpg)'),
        text.join('\n'),
      );
      assert.ok(
        text.includes('instances_train.json annotations[2].bbox: width and height must be positive: [1, 1, -2, 2] (image a.jpg)'),
        text.join('\n'),
      );
      assert.ok(text.includes('instances_train.json annotations[3].image_id: image_id 77 is not in images'), text.join('\n'));
      assert.ok(
        text.includes('instances_train.json annotations[4].bbox: [8, 1, 5, 2] lies outside the 10x5 image (image a.jpg)'),
        text.join('\n'),
      );
    } finally {
      t.remove();
    }
  });

  it('clamps float overshoot of up to 1 px to the image edge', () => {
    const doc = {
      images: [{ id: 1, file_name: 'x.jpg', width: 100, height: 50 }],
      categories: [{ id: 1, name: 'car' }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [90.5, -0.25, 10.4, 50.3] }],
    };
    const { samples, problems } = parseCocoText(JSON.stringify(doc), 'x.json');
    assert.deepEqual(problems, []);
    assert.deepEqual(box(samples[0], 0), [
      [90.5, 0],
      [100, 50],
    ]);
  });
});
