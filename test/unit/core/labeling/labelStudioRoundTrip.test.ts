import assert from 'node:assert/strict';
import type { SampleLabel } from '../../../../extension/core/api/resources/datasetTypes';
import { memorySource, readAnnotations, writeAnnotations } from '../../../../extension/core/labeling/formats';
import {
  boxLabel,
  type ExportDocument,
  type ExportSample,
  FEATURE,
  formatProblem,
  type ReadResult,
  SHAPE,
} from '../../../../extension/core/labeling/formats/model';
import { SampleMatcher } from '../../../../extension/core/labeling/samples';
import { assertSameAnnotations } from './helpers';

/** Writes the document as Label Studio files, reads them back as an import into the same dataset would, and matches each task to its sample. */
async function roundTrip(
  doc: ExportDocument,
): Promise<{ back: Map<string, readonly SampleLabel[]>; read: ReadResult; files: Map<string, string>; omitted: string[] }> {
  const written = writeAnnotations('label-studio', doc);
  const matcher = new SampleMatcher(
    doc.samples.map((s) => ({
      sample: { sample_id: s.sampleId, sample_type: s.text === undefined ? 0 : 1 },
      id: s.sampleId,
      path: s.path,
      ...(s.location ? { location: s.location } : {}),
      ...(s.text !== undefined ? { text: s.text } : {}),
      ...(s.size ? { size: s.size } : {}),
    })),
  );
  const read = await readAnnotations('label-studio', memorySource(written.files), {
    sizeOf: (ref) => matcher.peek(ref)?.size,
    datasetType: doc.datasetType,
  });
  assert.deepEqual(read.problems.map(formatProblem), [], 'reading back what was written');
  const back = new Map<string, readonly SampleLabel[]>();
  for (const r of read.samples) {
    const m = matcher.match(r.ref);
    assert.equal(m.kind, 'match', `${JSON.stringify(r.ref)} finds its sample`);
    if (m.kind === 'match') back.set(m.sample.id, r.labels);
  }
  return { back, read, files: written.files, omitted: written.omitted.map((o) => `${o.path}: ${o.label}: ${o.reason}`) };
}

const shapeOnly = (l: SampleLabel): SampleLabel => ({
  name: l.name,
  type: 1,
  ...(l.score !== undefined ? { score: l.score } : {}),
  property: { [SHAPE]: l.property?.[SHAPE], [FEATURE]: l.property?.[FEATURE] },
});

describe('core/labeling/formats/labelStudio: export → import gives the same annotations', () => {
  it('object detection: boxes, polygons and points in percent and back to the pixel; what Label Studio cannot hold is listed', async () => {
    const polygon: SampleLabel = {
      name: 'cat',
      type: 1,
      property: {
        [SHAPE]: 'polygon',
        [FEATURE]: [
          [1, 2],
          [30, 4],
          [15.5, 40],
        ],
      },
    };
    const point: SampleLabel = { name: 'dog', type: 1, property: { [SHAPE]: 'point', [FEATURE]: [[7.25, 9]] } };
    const circle: SampleLabel = { name: 'dog', type: 1, property: { [SHAPE]: 'circle', [FEATURE]: [[10, 10], [5]] } };
    const doc: ExportDocument = {
      datasetName: 'street-scenes',
      datasetType: 1,
      labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'a&b <c>' }, { name: '猫 🐱' }],
      samples: [
        {
          sampleId: 'a1',
          path: 'train/a.jpg',
          location: { bucket: 'data', key: 'scenes/train/a.jpg' },
          size: { width: 640, height: 480, depth: 3 },
          labels: [
            boxLabel('cat', [10.5, 20.25, 100.75, 200.125], { property: { color: 'red' } }),
            boxLabel('dog', [0, 0, 640, 480], { score: 0.9 }),
            polygon,
            point,
            circle,
          ],
        },
        {
          sampleId: 'b1',
          path: 'train/b.png',
          size: { width: 33, height: 17 },
          labels: [boxLabel('a&b <c>', [1, 1, 32, 16]), boxLabel('猫 🐱', [0.001, 2, 3.333333, 16.999])],
        },
        { sampleId: 'c1', path: 'val/c.jpg', size: { width: 100, height: 100 }, labels: [] },
        { sampleId: 'd1', path: 'val/d.jpg', labels: [boxLabel('dog', [1, 1, 2, 2])] },
      ],
    };
    const { back, read, files, omitted } = await roundTrip(doc);
    const a = doc.samples[0] as ExportSample;
    assertSameAnnotations(back.get('a1') ?? [], a.labels.slice(0, 4).map(shapeOnly), 1e-6, 'a.jpg');
    assertSameAnnotations(back.get('b1') ?? [], (doc.samples[1] as ExportSample).labels.map(shapeOnly), 1e-6, 'b.png');
    assert.ok(!back.has('c1'), 'an unlabelled sample is a task to label: an import leaves it alone');
    assert.ok(!back.has('d1'), 'a sample of unknown size had nothing written');
    assert.deepEqual(omitted, [
      'train/a.jpg: dog: Label Studio has no circle region',
      "val/d.jpg: dog: the image's size is unknown (Label Studio keeps regions in percent of it)",
    ]);
    assert.deepEqual(read.labelNames, ['cat', 'dog', 'a&b <c>', '猫 🐱'], 'the written config declares every label, XML-escaped');
    assert.equal(read.records, 4);
    const tasks = JSON.parse(files.get('tasks.json') as string) as { data: Record<string, string>; annotations: unknown[] }[];
    assert.deepEqual(
      tasks.map((t) => [t.data.image, t.data.modelarts_sample_id, t.annotations.length]),
      [
        ['s3://data/scenes/train/a.jpg', 'a1', 1],
        ['train/b.png', 'b1', 1],
        ['val/c.jpg', 'c1', 0],
        ['val/d.jpg', 'd1', 0],
      ],
    );
    assert.match(
      files.get('label_config.xml') as string,
      /<RectangleLabels name="label" toName="image">[\s\S]*<Label value="a&amp;b &lt;c&gt;"\/>/,
    );
    assert.match(
      files.get('label_config.xml') as string,
      /<PolygonLabels name="polygon" toName="image">[\s\S]*<KeyPointLabels name="keypoint"/,
    );
  });

  it('image classification: every class of a sample in one choices result', async () => {
    const doc: ExportDocument = {
      datasetName: 'pets',
      datasetType: 0,
      labels: [{ name: 'cat' }, { name: 'dog' }],
      samples: [
        {
          sampleId: 's1',
          path: 'a.jpg',
          labels: [
            { name: 'cat', type: 0, property: {} },
            { name: 'dog', type: 0, property: {} },
          ],
        },
        { sampleId: 's2', path: 'b.jpg', labels: [{ name: 'dog', type: 0, property: {} }] },
      ],
    };
    const { back, files } = await roundTrip(doc);
    assert.deepEqual(back.get('s1'), doc.samples[0]?.labels);
    assert.deepEqual(back.get('s2'), doc.samples[1]?.labels);
    assert.match(files.get('label_config.xml') as string, /<Choices name="choice" toName="image" choice="multiple">/);
  });

  it('text classification and named entities over CJK and emoji text, identical lines kept apart by their sample ids', async () => {
    const text = (sampleId: string, line: string, labels: SampleLabel[]): ExportSample => ({
      sampleId,
      path: `t.txt#L${sampleId}`,
      text: line,
      labels,
    });
    const entity = (name: string, start: number, end: number): SampleLabel => ({
      name,
      type: 101,
      property: { '@modelarts:start_index': start, '@modelarts:end_index': end },
    });
    const ner: ExportDocument = {
      datasetName: 'ner',
      datasetType: 101,
      labels: [{ name: 'city' }, { name: 'person' }],
      samples: [
        text('1', '我在🏙️北京工作', [entity('city', 4, 6)]),
        text('2', 'Bob "the" builder\n is from Shenzhen 😀', [entity('person', 0, 3), entity('city', 27, 35)]),
        text('3', 'same line', [entity('person', 0, 4)]),
        text('4', 'same line', [entity('city', 5, 9)]),
        text('5', 'short', [entity('city', 3, 9)]),
      ],
    };
    const { back, files, omitted } = await roundTrip(ner);
    for (const s of ner.samples.slice(0, 4)) assert.deepEqual(back.get(s.sampleId), s.labels, s.text);
    assert.deepEqual(omitted, ["t.txt#L5: city: the entity's offsets are not inside the sample's text"]);
    const first = JSON.parse(files.get('tasks.json') as string)[0];
    assert.deepEqual(
      first.annotations[0].result[0].value,
      { start: 4, end: 6, text: '北京', labels: ['city'] },
      'offsets in code points, with the spanned text',
    );
    const cls: ExportDocument = {
      datasetName: 'reviews',
      datasetType: 100,
      labels: [{ name: 'positive' }],
      samples: [text('1', 'great product 👍', [{ name: 'positive', type: 100, property: {} }]), text('2', 'meh', [])],
    };
    const clsBack = (await roundTrip(cls)).back;
    assert.deepEqual(clsBack.get('1'), cls.samples[0]?.labels);
    assert.ok(!clsBack.has('2'));
  });
});
