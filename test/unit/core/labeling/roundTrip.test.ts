import assert from 'node:assert/strict';
import type { SampleLabel } from '../../../../extension/core/api/resources/datasetTypes';
import { memorySource, readAnnotations, writeAnnotations } from '../../../../extension/core/labeling/formats';
import {
  type AnnotationFormat,
  boxLabel,
  type ExportDocument,
  type ExportSample,
  FEATURE,
  formatProblem,
  SHAPE,
} from '../../../../extension/core/labeling/formats/model';
import { type DatasetSample, SampleMatcher } from '../../../../extension/core/labeling/samples';
import { assertSameAnnotations } from './helpers';

/** A detection dataset with float boxes, a polygon, awkward names, a repeated file name in two folders, two images with one stem, and an unlabelled image. */
const detection: ExportDocument = {
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
        boxLabel('cat', [10.5, 20.25, 100.75, 200.125], { property: { color: 'red', truncated: '1' } }),
        boxLabel('dog', [0, 0, 640, 480], { score: 0.9 }),
        {
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
        },
      ],
    },
    {
      sampleId: 'b1',
      path: 'train/b.png',
      location: { bucket: 'data', key: 'scenes/train/b.png' },
      size: { width: 33, height: 17, depth: 3 },
      labels: [boxLabel('a&b <c>', [1, 1, 32, 16]), boxLabel('猫 🐱', [0.001, 2, 3.333333, 16.999])],
    },
    // Beside train/a.jpg: one label file per stem would collide.
    {
      sampleId: 'a2',
      path: 'train/a.png',
      location: { bucket: 'data', key: 'scenes/train/a.png' },
      size: { width: 64, height: 64 },
      labels: [boxLabel('dog', [1, 2, 63, 64])],
    },
    {
      sampleId: 'c1',
      path: 'val/c.jpg',
      location: { bucket: 'data', key: 'scenes/val/c.jpg' },
      size: { width: 100, height: 100 },
      labels: [],
    },
    {
      sampleId: 'd1',
      path: 'val/a.jpg',
      location: { bucket: 'data', key: 'scenes/val/a.jpg' },
      size: { width: 1920, height: 1080, depth: 3 },
      labels: [boxLabel('dog', [1000.5, 500.25, 1919.75, 1079.5])],
    },
  ],
};

const asDatasetSamples = (doc: ExportDocument): DatasetSample[] =>
  doc.samples.map((s) => ({
    sample: { sample_id: s.sampleId, sample_type: s.text === undefined ? 0 : 1 },
    id: s.sampleId,
    path: s.path,
    ...(s.location ? { location: s.location } : {}),
    ...(s.text !== undefined ? { text: s.text } : {}),
    ...(s.size ? { size: s.size } : {}),
  }));

/** Writes, reads back through the same matcher the importer uses, and returns each sample's annotations. */
async function roundTrip(
  format: AnnotationFormat,
  doc: ExportDocument,
): Promise<{ back: Map<string, readonly SampleLabel[]>; omitted: number }> {
  const written = writeAnnotations(format, doc);
  const matcher = new SampleMatcher(asDatasetSamples(doc));
  const read = await readAnnotations(format, memorySource(written.files), { sizeOf: (ref) => matcher.peek(ref)?.size });
  assert.deepEqual(read.problems.map(formatProblem), [], `${format}: reading back what was written`);
  const back = new Map<string, readonly SampleLabel[]>();
  for (const r of read.samples) {
    const m = matcher.match(r.ref);
    assert.equal(m.kind, 'match', `${format}: ${JSON.stringify(r.ref)} finds its sample`);
    if (m.kind === 'match') {
      assert.ok(!back.has(m.sample.id), `${format}: ${m.sample.id} read twice`);
      back.set(m.sample.id, r.labels);
    }
  }
  return { back, omitted: written.omitted.length };
}

/** What a format keeps of an annotation. */
function kept(format: AnnotationFormat, l: SampleLabel): SampleLabel | undefined {
  const boxOnly = l.property?.[SHAPE] === 'bndbox';
  if (format === 'yolo') return boxOnly ? { name: l.name, property: { [SHAPE]: 'bndbox', [FEATURE]: l.property?.[FEATURE] } } : undefined;
  if (format === 'coco') return boxOnly ? l : undefined;
  return l;
}

const tolerance: Record<AnnotationFormat, number> = { manifest: 0, voc: 0, coco: 1e-5, yolo: 1e-3, 'label-studio': 1e-5 };

describe('core/labeling/formats: export → import gives the same annotations, in every format', () => {
  for (const format of ['manifest', 'voc', 'coco', 'yolo'] as const) {
    it(`${format}: object detection`, async () => {
      const { back, omitted } = await roundTrip(format, detection);
      let expectedOmitted = 0;
      for (const s of detection.samples) {
        const expected = s.labels.map((l) => kept(format, l)).filter((l): l is SampleLabel => l !== undefined);
        expectedOmitted += s.labels.length - expected.length;
        const got = (back.get(s.sampleId) ?? []).map((l) => (format === 'yolo' ? { name: l.name, property: l.property } : l));
        assertSameAnnotations(got, expected, tolerance[format], `${format} ${s.path}`);
      }
      assert.equal(back.size, detection.samples.length, 'every sample comes back, the unlabelled one too (it stays unlabelled)');
      assert.equal(omitted, expectedOmitted, 'what the format cannot hold is listed as omitted');
    });
  }

  it('manifest: multi-label image classification, with scores, hard and usage', async () => {
    const doc: ExportDocument = {
      datasetName: 'pets',
      datasetType: 0,
      labels: [{ name: 'cat' }, { name: 'dog' }],
      samples: [
        {
          sampleId: 's1',
          path: 'a.jpg',
          location: { bucket: 'pets', key: 'imgs/a.jpg' },
          usage: 'TRAIN',
          labels: [
            { name: 'cat', type: 0, score: 0.75, annotated_by: 'human', property: { '@modelarts:hard': true } },
            { name: 'dog', type: 0, annotated_by: 'modelarts/active-learning', property: {} },
          ],
        },
        { sampleId: 's2', path: 'b.jpg', location: { bucket: 'pets', key: 'imgs/b.jpg' }, labels: [] },
      ],
    };
    const { back } = await roundTrip('manifest', doc);
    assert.deepEqual(back.get('s1'), doc.samples[0]?.labels);
    assert.deepEqual(back.get('s2'), []);
  });

  it('manifest: text classification and named entities over CJK and emoji text, identical lines kept apart', async () => {
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
        text('2', 'Bob "the" builder\\n is from Shenzhen', [entity('person', 0, 3), entity('city', 28, 36)]),
        text('3', 'same line', [entity('person', 0, 4)]),
        text('4', 'same line', []),
      ],
    };
    const back = (await roundTrip('manifest', ner)).back;
    for (const s of ner.samples) assert.deepEqual(back.get(s.sampleId), s.labels, s.text);
    const cls: ExportDocument = {
      datasetName: 'reviews',
      datasetType: 100,
      labels: [{ name: 'positive' }],
      samples: [text('1', 'great product 👍', [{ name: 'positive', type: 100, property: {} }]), text('2', 'meh', [])],
    };
    const clsBack = (await roundTrip('manifest', cls)).back;
    assert.deepEqual(clsBack.get('1'), cls.samples[0]?.labels);
    assert.deepEqual(clsBack.get('2'), []);
  });
});
