import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type AnnotatedSample, formatProblem } from '../../../../extension/core/labeling/formats/model';
import { readYolo } from '../../../../extension/core/labeling/formats/yolo';
import { localSource } from '../../../../extension/core/labeling/sources';
import { copyFixture, fixture, skipWithoutFixtures, tempDir } from './helpers';

const feature = (s: AnnotatedSample | undefined, i: number) => s?.labels[i]?.property?.['@modelarts:feature'];

describe('core/labeling/formats/yolo: YOLO txt labels', () => {
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  it("reads Label Studio's layout (classes.txt, labels/, images/), sizing each image from its JPEG header", async () => {
    const { samples, problems, labelNames } = await readYolo(await localSource(fixture('yolo/label-studio-converter')));
    assert.deepEqual(problems, []);
    assert.deepEqual(labelNames, ['closed_door', 'opened_door', 'bus', 'number']);
    assert.deepEqual(
      samples.map((s) => [s.ref.path, s.labels.length]),
      [
        ['images/img_1.jpg', 4],
        ['images/img_5.jpg', 3],
        ['images/img_7.jpeg', 2],
      ],
    );
    const img1 = samples[0];
    // 640x329: "2 0.49765625 0.46200607902735563 0.9640625 0.8693009118541033" is bus [10, 9, 627, 295].
    assert.equal(img1?.labels[0]?.name, 'bus');
    assert.deepEqual(feature(img1, 0), [
      [10, 9],
      [627, 295],
    ]);
    assert.deepEqual(feature(img1, 1), [
      [162, 32],
      [208, 77],
    ]);
    // img_7.jpeg carries EXIF before its frame header; 640x427.
    const img7 = samples[2];
    assert.equal(img7?.labels[1]?.name, 'number');
    assert.deepEqual(feature(img7, 1), [
      [146, 147],
      [166, 178],
    ]);
  });

  it("reads CVAT's YOLO 1.1 (obj.names, obj_train_data/) and Ultralytics' data.yaml layouts alike", async () => {
    for (const folder of ['yolo/datumaro-yolo1.1', 'yolo/datumaro-ultralytics-detect']) {
      const { samples, problems, labelNames } = await readYolo(await localSource(fixture(folder)));
      assert.deepEqual(problems, [], folder);
      assert.equal(labelNames.length, 10, folder);
      assert.equal(labelNames[4], 'label_4', folder);
      assert.equal(samples.length, 1, folder);
      const [s] = samples;
      // 15x10 image: "2 0.133333 0.300000 0.266667 0.200000" is label_2 [0, 2, 4, 4] at six decimals.
      assert.deepEqual(
        s?.labels.map((l) => l.name),
        ['label_2', 'label_4'],
        folder,
      );
      const [[x0, y0], [x1, y1]] = feature(s, 0) as [[number, number], [number, number]];
      assert.ok(
        Math.abs(x0) < 1e-4 && Math.abs(y0 - 2) < 1e-4 && Math.abs(x1 - 4) < 1e-4 && Math.abs(y1 - 4) < 1e-4,
        `${folder}: ${[x0, y0, x1, y1]}`,
      );
    }
    const detect = await readYolo(await localSource(fixture('yolo/datumaro-ultralytics-detect')));
    assert.deepEqual(detect.samples[0]?.ref.stems, ['train/1', 'images/train/1', 'labels/train/1']);
  });

  it('reads Ultralytics segmentation lines as polygons in pixels', async () => {
    const { samples, problems } = await readYolo(await localSource(fixture('yolo/datumaro-ultralytics-seg')));
    assert.deepEqual(problems, []);
    const [s] = samples;
    assert.equal(s?.labels[0]?.property?.['@modelarts:shape'], 'polygon');
    assert.deepEqual(feature(s, 0), [
      [1.5, 1],
      [6, 1],
      [6, 5],
    ]);
    assert.equal((feature(s, 1) as unknown[]).length, 5);
  });

  it('names the file and line of a class out of range, a value past 1, a short line; a label file without its image needs the size', async () => {
    const t = tempDir();
    try {
      const dir = copyFixture('yolo/label-studio-converter', t.dir);
      writeFileSync(path.join(dir, 'labels', 'img_5.txt'), '2 0.5 0.5 0.2 0.2\n7 0.5 0.5 0.2 0.2\n1 0.5 1.2 0.2 0.2\n1 0.5 0.5 0.2\n');
      rmSync(path.join(dir, 'images', 'img_7.jpeg'));
      const { samples, problems } = await readYolo(await localSource(dir));
      const text = problems.map(formatProblem);
      assert.ok(text.includes('labels/img_5.txt:2: class "7" is not a class number from 0 to 3 (4 classes)'), text.join('\n'));
      assert.ok(
        text.includes('labels/img_5.txt:3: cy "1.2" is not a number from 0 to 1 (YOLO values are fractions of the image)'),
        text.join('\n'),
      );
      assert.ok(text.includes('labels/img_5.txt:4: expected "class cx cy w h" (5 numbers), not 4 fields'), text.join('\n'));
      assert.ok(
        text.some((p) => p.startsWith("labels/img_7.txt: the image's size is unknown")),
        text.join('\n'),
      );
      assert.deepEqual(
        samples.map((s) => s.ref.path),
        ['images/img_1.jpg'],
      );
      // The dataset's own size stands in for the missing image.
      const sized = await readYolo(await localSource(dir), {
        sizeOf: (ref) => (ref.stems?.includes('img_7') ? { width: 640, height: 427 } : undefined),
      });
      assert.equal(sized.samples.find((s) => s.origin.file === 'labels/img_7.txt')?.labels.length, 2);
      rmSync(path.join(dir, 'classes.txt'));
      const none = await readYolo(await localSource(dir));
      assert.match(
        formatProblem(none.problems[0]!),
        /^\.: no class list under .*: YOLO needs classes\.txt, obj\.names or data\.yaml with names$/,
      );
    } finally {
      t.remove();
    }
  });
});
