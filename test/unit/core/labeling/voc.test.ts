import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatProblem, type AnnotatedSample } from '../../../../extension/core/labeling/formats/model';
import { parseVocDocument, readVoc } from '../../../../extension/core/labeling/formats/voc';
import { localSource } from '../../../../extension/core/labeling/sources';
import { copyFixture, fixture, skipWithoutFixtures, tempDir } from './helpers';

const feature = (s: AnnotatedSample, i: number) => s.labels[i]?.property?.['@modelarts:feature'];
const shape = (s: AnnotatedSample, i: number) => s.labels[i]?.property?.['@modelarts:shape'];

describe('core/labeling/formats/voc: PASCAL VOC XML', () => {
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  it('reads the VOC2012 file the ModelArts SDK ships: one person box, confidence as score, parts read past', async () => {
    const { samples, problems } = await readVoc(await localSource(fixture('voc/modelarts-sdk/2007_000027.xml')));
    assert.deepEqual(problems, []);
    const [s] = samples as [AnnotatedSample];
    assert.equal(s.ref.path, '2007_000027.jpg');
    assert.deepEqual(s.size, { width: 486, height: 500, depth: 3 });
    assert.equal(s.labels.length, 1, 'the four <part> boxes are not annotations of their own');
    assert.equal(s.labels[0]?.name, 'person');
    assert.equal(s.labels[0]?.score, 0.8);
    assert.equal(shape(s, 0), 'bndbox');
    assert.deepEqual(feature(s, 0), [
      [174, 101],
      [349, 351],
    ]);
    assert.deepEqual(
      Object.keys(s.labels[0]?.property ?? {}).sort(),
      ['@modelarts:feature', '@modelarts:shape'],
      'pose Unspecified, truncated 0, difficult 0 are defaults',
    );
  });

  it("reads ModelArts' dialect: polygons, dashed and plain lines, boxes, a circle and points", async () => {
    const { samples, problems } = await readVoc(await localSource(fixture('voc/modelarts-sdk/000000115967_1556247179208.xml')));
    assert.deepEqual(problems, []);
    const [s] = samples as [AnnotatedSample];
    assert.equal(s.ref.path, '000000115967.jpg');
    assert.deepEqual(
      s.labels.map((l) => `${l.name}:${String(l.property?.['@modelarts:shape'])}`),
      [
        'car:polygon',
        'car:polygon',
        'DottedLine:dashed',
        'DottedLine:dashed',
        'line:line',
        'trafficlight:bndbox',
        'trafficlight:bndbox',
        'greenLight:circle',
        'redPoint:point',
        'redPoint:point',
        'redPoint:point',
      ],
    );
    assert.equal((feature(s, 0) as unknown[]).length, 21);
    assert.deepEqual((feature(s, 0) as unknown[])[20], [1, 413]);
    assert.equal((feature(s, 1) as unknown[]).length, 8);
    assert.deepEqual(feature(s, 2), [
      [474, 456],
      [370, 339],
    ]);
    assert.deepEqual(feature(s, 5), [
      [374, 209],
      [405, 224],
    ]);
    assert.deepEqual(feature(s, 7), [[61, 204], [5]]);
    assert.equal(s.labels[7]?.property?.difficult, '1');
    assert.deepEqual(feature(s, 8), [[259, 282]]);
  });

  it('reads <properties> with CJK keys and a polyline', async () => {
    const { samples, problems } = await readVoc(await localSource(fixture('voc/modelarts-sdk/polyline.xml')));
    assert.deepEqual(problems, []);
    const [s] = samples as [AnnotatedSample];
    assert.deepEqual(s.size, { width: 640, height: 426, depth: 3 });
    const first = s.labels[0]?.property ?? {};
    assert.equal(first.color, 'green');
    assert.equal(first['属性'], '绿色');
    assert.equal(first.color2, 'blue');
    assert.equal(first['颜色2'], '蓝色');
    assert.equal(first.property, 'value');
    const poly = s.labels.find((l) => l.name === 'labelProperties3');
    assert.equal(poly?.property?.['@modelarts:shape'], 'polyline');
    assert.equal((poly?.property?.['@modelarts:feature'] as unknown[]).length, 7);
    assert.equal(poly?.property?.['颜色'], '红色');
  });

  it("reads Datumaro's VOC layout: Annotations/ beside JPEGImages/, float part boxes and actions read past", async () => {
    const { samples, problems, records } = await readVoc(await localSource(fixture('voc/datumaro')));
    assert.deepEqual(problems, []);
    assert.equal(records, 1);
    const [s] = samples as [AnnotatedSample];
    assert.equal(s.ref.path, '2007_000001.jpg', 'the folder below Annotations/ is the root');
    assert.deepEqual(s.size, { width: 20, height: 10, depth: 3 });
    assert.deepEqual(
      s.labels.map((l) => [l.name, l.property?.truncated, l.property?.['@modelarts:feature']]),
      [
        [
          'cat',
          '1',
          [
            [1, 2],
            [3, 4],
          ],
        ],
        [
          'person',
          undefined,
          [
            [4, 5],
            [6, 7],
          ],
        ],
      ],
    );
  });

  it('reports every problem of a damaged copy with its file, line and element, and keeps no record of it', async () => {
    const t = tempDir();
    try {
      const dir = copyFixture('voc/modelarts-sdk', t.dir);
      const file = path.join(dir, '2007_000027.xml');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.replace('<xmax>349</xmax>', '<xmax>abc</xmax>').replace('<ymin>101</ymin>', '<ymin>400</ymin>'));
      writeFileSync(path.join(dir, 'truncated.xml'), good.slice(0, good.indexOf('</object>')));
      writeFileSync(path.join(dir, 'outside.xml'), good.replace('<xmax>349</xmax>', '<xmax>999</xmax>'));
      writeFileSync(path.join(dir, 'other.xml'), '<svg><rect/></svg>');
      const { samples, problems } = await readVoc(await localSource(dir));
      const text = problems.map(formatProblem);
      assert.ok(text.includes('2007_000027.xml:24 annotation/object[1]/bndbox/xmax: must be a number, not "abc"'), text.join('\n'));
      assert.ok(
        text.some((p) => /^outside\.xml:21 annotation\/object\[1\]\/bndbox: point \[999, 351\] lies outside the 486x500 image$/.test(p)),
        text.join('\n'),
      );
      assert.ok(
        text.some((p) => /^truncated\.xml:\d+: not well-formed XML: .*<object> \(line 15\) is not closed/.test(p)),
        text.join('\n'),
      );
      assert.ok(
        text.some((p) => /^other\.xml:1 svg: the root element is <svg>/.test(p)),
        text.join('\n'),
      );
      assert.deepEqual(
        samples.map((s) => s.origin.file),
        ['000000115967_1556247179208.xml', 'polyline.xml'],
        'the damaged files give no record; the good ones still do',
      );
      const inverted = parseVocDocument(good.replace('<xmin>174</xmin>', '<xmin>360</xmin>'), 'x.xml');
      assert.match(
        formatProblem(inverted.problems[0]!),
        /x\.xml:21 annotation\/object\[1\]\/bndbox: xmin 360 < xmax 349 and ymin 101 < ymax 351 must hold/,
      );
      assert.equal(inverted.sample, undefined);
    } finally {
      t.remove();
    }
  });
});
