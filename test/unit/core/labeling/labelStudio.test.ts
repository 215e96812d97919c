import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { memorySource, readAnnotations } from '../../../../extension/core/labeling/formats';
import { imageRef } from '../../../../extension/core/labeling/formats/labelStudio';
import { type AnnotatedSample, formatProblem, roundPx } from '../../../../extension/core/labeling/formats/model';
import { localSource } from '../../../../extension/core/labeling/sources';
import { copyFixture, fixture, skipWithoutFixtures, tempDir } from './helpers';

const ls = (rel: string) => fixture(`label-studio/label-studio-converter/${rel}`);
const feature = (s: AnnotatedSample | undefined, i: number) => s?.labels[i]?.property?.['@modelarts:feature'];
/** A percent of a side in pixels, as the reader rounds it. */
const px = (percent: number, side: number) => roundPx((percent / 100) * side);

describe('core/labeling/formats/labelStudio: Label Studio JSON exports, read in place', () => {
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  it('rectangles: percent boxes in pixels of original_width/height, the latest of two annotators taken, labels in the config’s order', async () => {
    const { samples, problems, labelNames, records, filesRead } = await readAnnotations(
      'label-studio',
      await localSource(ls('rectangles')),
    );
    assert.deepEqual(problems, []);
    assert.equal(records, 2);
    assert.equal(filesRead, 2, 'data.json and label_config.xml');
    assert.deepEqual(labelNames, ['parasites', 'white']);
    assert.deepEqual(
      samples.map((s) => [s.origin.element, s.ref.path, s.ref.stems, s.size]),
      [
        ['tasks[0]', 'image1', ['image1'], { width: 2800, height: 2800 }],
        ['tasks[1]', 'image2', ['image2'], { width: 2800, height: 2800 }],
      ],
    );
    // Task 1 has annotation 1 (updated 21:04:40) and annotation 2 (21:05:03): the second is taken.
    const [first] = samples;
    assert.deepEqual(
      first?.labels.map((l) => [l.name, l.type, l.property?.['@modelarts:shape']]),
      [
        ['parasites', 1, 'bndbox'],
        ['white', 1, 'bndbox'],
      ],
    );
    const [x, y, w, h] = [37.88706739526412, 71.76684881602914, 3.8251366120218573, 4.553734061930784];
    assert.deepEqual(feature(first, 0), [
      [px(x, 2800), px(y, 2800)],
      [px(x + w, 2800), px(y + h, 2800)],
    ]);
    assert.deepEqual(feature(first, 0), [
      [1060.837887, 2009.471767],
      [1167.941712, 2136.976321],
    ]);
  });

  it('polygons: a 37-point polygon kept as a polygon, in pixels of a 640x426 image', async () => {
    const { samples, problems, labelNames } = await readAnnotations('label-studio', await localSource(ls('polygons')));
    assert.deepEqual(problems, []);
    assert.deepEqual(labelNames, ['Airplane', 'Car']);
    const [s] = samples;
    assert.equal(s?.labels.length, 1);
    assert.equal(s?.labels[0]?.property?.['@modelarts:shape'], 'polygon');
    const points = feature(s, 0) as number[][];
    assert.equal(points.length, 37);
    assert.deepEqual(points[0], [384, px(19.55922865013774, 426)]);
    assert.ok(points.every(([a, b]) => (a as number) >= 0 && (a as number) <= 640 && (b as number) >= 0 && (b as number) <= 426));
  });

  it('json_min_input: an upload URL names the sample by its file name; a triangle on a 128x128 image', async () => {
    const { samples, problems } = await readAnnotations('label-studio', await localSource(ls('json_min_input/data.json')));
    assert.deepEqual(problems, []);
    assert.deepEqual(samples[0]?.ref, { path: 'example.png' });
    assert.deepEqual(feature(samples[0], 0), [
      [px(44.44444444444444, 128), px(48.25396825396825, 128)],
      [px(42.53968253968254, 128), px(60.317460317460316, 128)],
      [px(56.19047619047619, 128), px(50.79365079365079, 128)],
    ]);
  });

  it('with_reviews: annotations rejected in review are problems, never replaced by the predictions', async () => {
    const { samples, problems, records } = await readAnnotations('label-studio', await localSource(ls('with_reviews')));
    assert.equal(records, 2);
    assert.equal(samples.length, 0);
    assert.deepEqual(problems.map(formatProblem), [
      'csv_test.json tasks[0].annotations[0]: was rejected in review, and the task has no other annotation: accept or fix it in Label Studio and export again (task 1)',
      'csv_test.json tasks[1].annotations[0]: was rejected in review, and the task has no other annotation: accept or fix it in Label Studio and export again (task 2)',
    ]);
  });

  it('with_reviews accepted (a damaged copy): the annotation, not the prediction, with its score; a box past the edge is a problem', async () => {
    const temp = tempDir();
    try {
      const dir = copyFixture('label-studio/label-studio-converter/with_reviews', temp.dir);
      const file = path.join(dir, 'csv_test.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"last_action": "rejected"/g, '"last_action": "accepted"'));
      const { samples, problems } = await readAnnotations('label-studio', await localSource(dir));
      assert.deepEqual(problems.map(formatProblem), [
        'csv_test.json tasks[1].annotations[0].result[0].value: reaches outside the 768x510 image (x 92.93%, y 57.39%, width 7.5%, height 44.18%) (task 2)',
      ]);
      const [s] = samples;
      assert.deepEqual(s?.ref, { path: 'open-images/train_0/mini/0030019819f25b28.jpg' });
      assert.deepEqual(s?.size, { width: 768, height: 576 });
      assert.equal(s?.labels[0]?.score, 0.23053804129850775);
      // The annotation moved the prediction's box from x 3.63% to 4.857…%.
      assert.equal((feature(s, 0) as number[][])[0]?.[0], px(4.857412088705009, 768));
    } finally {
      temp.remove();
    }
  });

  it('reads only the dataset’s kind: the rectangles imported into an image classification dataset are another project', async () => {
    const { samples, problems } = await readAnnotations('label-studio', await localSource(ls('rectangles')), { datasetType: 0 });
    assert.equal(samples.length, 0);
    assert.deepEqual(problems.map(formatProblem), [
      "data.json: holds only rectanglelabels results, none of them for this dataset's type of annotation",
    ]);
  });

  it('refuses what is not a Label Studio JSON export, saying what it looks like', async () => {
    const coco = await readAnnotations('label-studio', await localSource(fixture('coco/datumaro')));
    assert.match(formatProblem(coco.problems[0]!), /^annotations\/instances_train\.json: is COCO JSON, not a Label Studio export/);
    const min = await readAnnotations(
      'label-studio',
      memorySource(new Map([['min.json', JSON.stringify([{ image: '/data/upload/1/a.jpg', id: 1, label: [{ x: 1 }] }])]])),
    );
    assert.deepEqual(min.problems.map(formatProblem), [
      "min.json: looks like Label Studio's JSON-MIN export (no data or annotations in its tasks): export as JSON instead",
    ]);
    const empty = await readAnnotations('label-studio', memorySource(new Map([['a.txt', 'x']])));
    assert.deepEqual(empty.problems.map(formatProblem), ['.: no .json file under memory']);
  });
});

describe('core/labeling/formats/labelStudio: image URLs to sample references', () => {
  it('s3 objects, uploads without their prefix, local files, other URLs and bare paths', () => {
    assert.deepEqual(imageRef('s3://data/doors/a.jpg'), { location: { bucket: 'data', key: 'doors/a.jpg' }, path: 'doors/a.jpg' });
    assert.deepEqual(imageRef('/data/upload/3/1a2b3c4d-cat%20one.jpg'), { path: 'cat one.jpg' });
    assert.deepEqual(imageRef('http://localhost:8080/data/upload/3/e97d4735-000000000025.jpg'), { path: '000000000025.jpg' });
    assert.deepEqual(imageRef('/data/local-files/?d=images%2Ftrain%2Fa.jpg'), { path: 'images/train/a.jpg' });
    assert.deepEqual(imageRef('https://host/bucket/a.jpg?X-Amz-Signature=1'), { path: 'bucket/a.jpg' });
    assert.deepEqual(imageRef('gs://bucket/dir/b.png'), { path: 'dir/b.png' });
    assert.deepEqual(imageRef('./train/c.jpg'), { path: 'train/c.jpg' });
    assert.deepEqual(imageRef('/image1'), { path: 'image1', stems: ['image1'] });
  });
});
