import assert from 'node:assert/strict';
import { memorySource, readAnnotations } from '../../../../extension/core/labeling/formats';
import { formatProblem, type ReadOptions, type ReadResult } from '../../../../extension/core/labeling/formats/model';

/** Reads tasks (and a config) as one export in memory. */
function read(tasks: unknown, options: ReadOptions = {}, config?: string): Promise<ReadResult> {
  const files = new Map<string, string>([['export.json', typeof tasks === 'string' ? tasks : JSON.stringify(tasks, null, 2)]]);
  if (config) files.set('label_config.xml', config);
  return readAnnotations('label-studio', memorySource(files), options);
}

const rect = (x: number, y: number, width: number, height: number, labels: string[], extra: Record<string, unknown> = {}) => ({
  type: 'rectanglelabels',
  from_name: 'label',
  to_name: 'image',
  original_width: 200,
  original_height: 100,
  value: { x, y, width, height, rotation: 0, rectanglelabels: labels },
  ...extra,
});
const task = (id: number, annotations: unknown[], data: Record<string, unknown> = { image: `/data/upload/1/0123abcd-${id}.jpg` }) => ({
  id,
  data,
  annotations,
});
const problemsOf = (r: ReadResult) => r.problems.map(formatProblem);

describe('core/labeling/formats/labelStudio: which annotation, which kind, and what is wrong', () => {
  it('takes ground truth over a newer annotation, a newer over an older, skips cancelled ones and never the predictions', async () => {
    const a = (id: number, updated: string, extra: Record<string, unknown> = {}) => ({
      id,
      updated_at: updated,
      result: [rect(0, 0, 10, 10, [`by-${id}`])],
      ...extra,
    });
    const r = await read([
      task(1, [a(1, '2024-01-01T00:00:00Z'), a(2, '2024-03-01T00:00:00Z'), a(3, '2024-05-01T00:00:00Z', { was_cancelled: true })]),
      task(2, [a(4, '2024-01-01T00:00:00Z', { ground_truth: true }), a(5, '2024-06-01T00:00:00Z')]),
      { id: 3, data: { image: 'c.jpg' }, completions: [a(6, '2020-01-01T00:00:00Z')] },
      { id: 4, data: { image: 'd.jpg' }, annotations: [], predictions: [{ result: [rect(0, 0, 5, 5, ['guess'])] }] },
      task(5, [a(7, '2024-01-01T00:00:00Z', { was_cancelled: true })]),
      task(6, [{ id: 8, result: [] }]),
    ]);
    assert.deepEqual(problemsOf(r), []);
    assert.equal(r.records, 6, 'every task counts; those with nothing to take are not records to apply');
    assert.deepEqual(
      r.samples.map((s) => [s.ref.path, s.labels.map((l) => l.name)]),
      [
        ['1.jpg', ['by-2']],
        ['2.jpg', ['by-4']],
        ['c.jpg', ['by-6']],
        ['6.jpg', []],
      ],
      'a submitted empty result clears its sample; a task with only predictions or a cancelled annotation is left alone',
    );
  });

  it('names the task, annotation, result and field of every problem, and leaves those tasks out whole', async () => {
    const r = await read([
      task(11, [
        {
          result: [
            rect(10, 10, 10, 10, ['ok']),
            { ...rect(0, 0, 1, 1, ['x']), value: { x: '12', y: 0, width: 1, height: 1, rectanglelabels: ['x'] } },
          ],
        },
      ]),
      task(12, [{ result: [rect(95, 10, 10, 10, ['wide'])] }]),
      task(13, [{ result: [{ ...rect(0, 0, 5, 5, []), original_width: undefined, original_height: undefined }] }]),
      task(14, [{ result: [rect(0, 0, 5, 5, ['a']), { ...rect(0, 0, 5, 5, ['b']), original_width: 300 }] }]),
      task(15, [{ result: [{ type: 'brushlabels', to_name: 'image', value: { format: 'rle', rle: [1, 2], brushlabels: ['m'] } }] }]),
      task(16, [{ result: [rect(0, 0, 5, 5, ['a'], { score: 2 })] }]),
      task(17, [{ result: 'none' }]),
      task(18, [{ result: [rect(0, 0, 5, 5, ['a'])] }], { image: '' }),
      'not a task',
      task(19, [
        rect(1, 1, 1, 1, ['a']),
        { result: [rect(1, 1, 1, 1, ['b'], { type: 'polygonlabels', value: { points: [[1, 2]], polygonlabels: ['b'] } })] },
      ]),
      task(20, [{ result: [rect(1, 1, 1, 1, ['a']), rect(2, 2, 2, 2, ['ok'])] }]),
    ]);
    assert.deepEqual(problemsOf(r), [
      'export.json tasks[0].annotations[0].result[1].value.x: must be a number (percent of the image), not "12" (task 11)',
      'export.json tasks[1].annotations[0].result[0].value: reaches outside the 200x100 image (x 95%, y 10%, width 10%, height 10%) (task 12)',
      'export.json tasks[2].annotations[0].result[0].value.rectanglelabels: must be a list of label names, not [] (task 13)',
      'export.json tasks[3].annotations[0].result[1].original_width: says the image is 300x100, but tasks[3].annotations[0].result[0] says 200x100 (task 14)',
      'export.json tasks[4].annotations[0].result[0]: brushlabels is a brush mask, which ModelArts has no annotation for (task 15)',
      'export.json tasks[5].annotations[0].result[0].score: must be a number from 0 to 1, not 2 (task 16)',
      'export.json tasks[6].annotations[0].result: must be a list of results (task 17)',
      'export.json tasks[7].data.image: is required: the image URL the annotations are on (task 18)',
      'export.json tasks[8]: must be a task object with data and annotations',
      'export.json tasks[9].annotations[1].result[0].value.points: must be a list of at least 3 [x, y] points in percent of the image (task 19)',
    ]);
    assert.deepEqual(
      r.samples.map((s) => s.ref.path),
      ['20.jpg'],
      'a task with a problem is left out as a whole',
    );
  });

  it('says where invalid JSON breaks, and refuses a document that is not a list of tasks', async () => {
    const broken = await read('[\n  {"id": 1, "data": {"image": "a.jpg"},\n  "annotations": [], ,}\n]');
    assert.match(problemsOf(broken)[0] as string, /^export\.json:3: not valid JSON/);
    const truncated = await read('[\n  {"id": 1, "data": {"image": "a.jpg"}');
    assert.match(
      problemsOf(truncated)[0] as string,
      /^export\.json:2: not valid JSON \(the file ends in the middle of a value: truncated\?\)/,
    );
    assert.deepEqual(problemsOf(await read({ tasks: [] })), [
      'export.json: is not a Label Studio JSON export: that is a list of tasks, each with "data" and "annotations"',
    ]);
    // One task per file, as Label Studio 0.x wrote them: no tasks[i] prefix.
    const one = await read({ id: 9, data: { image: 'a.jpg' }, completions: [{ result: [rect(0, 0, 5, 200, ['tall'])] }] });
    assert.deepEqual(problemsOf(one), [
      'export.json completions[0].result[0].value: reaches outside the 200x100 image (x 0%, y 0%, width 5%, height 200%) (task 9)',
    ]);
  });

  it("uses the dataset's image size when a result has none, and says so when neither knows it", async () => {
    const tasks = [task(1, [{ result: [{ ...rect(10, 20, 30, 40, ['a']), original_width: undefined, original_height: undefined }] }])];
    const withSize = await read(tasks, { sizeOf: (ref) => (ref.path === '1.jpg' ? { width: 50, height: 10 } : undefined) });
    assert.deepEqual(problemsOf(withSize), []);
    assert.equal(withSize.samples[0]?.size, undefined, 'the file states no size');
    assert.deepEqual(withSize.samples[0]?.labels[0]?.property?.['@modelarts:feature'], [
      [5, 2],
      [20, 6],
    ]);
    assert.deepEqual(problemsOf(await read(tasks)), [
      "export.json tasks[0].annotations[0].result[0]: the image's size is unknown: the result has no original_width/original_height, and the dataset's sample has no size to scale its percentages by (task 1)",
    ]);
  });

  it('turns a rotated rectangle into its exact polygon (rotation is about the top-left corner, in pixels), and reads key points', async () => {
    const r = await read([
      task(1, [
        {
          result: [
            {
              ...rect(10, 10, 20, 10, ['turned']),
              value: { x: 10, y: 10, width: 20, height: 10, rotation: 90, rectanglelabels: ['turned'] },
            },
            {
              type: 'keypointlabels',
              to_name: 'image',
              original_width: 200,
              original_height: 100,
              value: { x: 50, y: 25, width: 1, keypointlabels: ['eye'] },
            },
          ],
        },
      ]),
    ]);
    assert.deepEqual(problemsOf(r), []);
    const [turned, eye] = r.samples[0]?.labels ?? [];
    // 40x10 px turned 90° clockwise about (20, 10) px stands 10x40 px to its left: on a non-square
    // image, turning in percent would shear it (HumanSignal/label-studio#2293).
    assert.equal(turned?.property?.['@modelarts:shape'], 'polygon');
    assert.deepEqual(turned?.property?.['@modelarts:feature'], [
      [20, 10],
      [20, 50],
      [10, 50],
      [10, 10],
    ]);
    assert.deepEqual(eye?.property, { '@modelarts:shape': 'point', '@modelarts:feature': [[100, 25]] });
  });

  it('reads a region drawn with <Rectangle> and named by <Labels> once, and refuses a bare one with no label', async () => {
    const bare = {
      id: 'r1',
      type: 'rectangle',
      to_name: 'image',
      original_width: 200,
      original_height: 100,
      value: { x: 0, y: 0, width: 50, height: 50 },
    };
    const named = { ...bare, type: 'labels', value: { ...bare.value, labels: ['car'] } };
    const r = await read([task(1, [{ result: [bare, named] }]), task(2, [{ result: [{ ...bare, id: 'r2' }] }])]);
    assert.deepEqual(problemsOf(r), [
      'export.json tasks[1].annotations[0].result[0]: has no label: a rectangle region needs one (a rectangle tag without Labels names none) (task 2)',
    ]);
    assert.deepEqual(
      r.samples[0]?.labels.map((l) => [l.name, l.property?.['@modelarts:feature']]),
      [
        [
          'car',
          [
            [0, 0],
            [100, 50],
          ],
        ],
      ],
    );
  });

  it('text tasks: choices are text classification, spans are entities in code points (older UTF-16 exports recognised by their text)', async () => {
    const text = '🙂 Bob met 北京 friends';
    const span = (start: number, end: number, quoted: string | undefined, label: string) => ({
      type: 'labels',
      from_name: 'ner',
      to_name: 'text',
      value: { start, end, ...(quoted === undefined ? {} : { text: quoted }), labels: [label] },
    });
    const tasks = [
      { id: 1, data: { text }, annotations: [{ result: [span(2, 5, 'Bob', 'person'), span(10, 12, '北京', 'city')] }] },
      // UTF-16 offsets: the emoji is two units, so Bob is [3, 6).
      { id: 2, data: { text: `${text}!` }, annotations: [{ result: [span(3, 6, 'Bob', 'person'), span(10, 12, undefined, 'city')] }] },
      { id: 3, data: { text: 'x' }, annotations: [{ result: [span(0, 1, 'y', 'person')] }] },
      {
        id: 4,
        data: { text: 'great product' },
        annotations: [{ result: [{ type: 'choices', to_name: 'text', value: { choices: ['positive'] } }] }],
      },
    ];
    const ner = await read(tasks, { datasetType: 101 });
    assert.deepEqual(problemsOf(ner), [
      `export.json tasks[2].annotations[0].result[0].value.text: "y" is not the text at [0, 1) of the task's text, counted in code points ("x") or in UTF-16 units ("x") (task 3)`,
    ]);
    const entities = (i: number) =>
      ner.samples[i]?.labels.map((l) => [l.name, l.type, l.property?.['@modelarts:start_index'], l.property?.['@modelarts:end_index']]);
    assert.deepEqual(ner.samples[0]?.ref, { text });
    assert.deepEqual(entities(0), [
      ['person', 101, 2, 5],
      ['city', 101, 10, 12],
    ]);
    assert.deepEqual(entities(1), [
      ['person', 101, 2, 5],
      ['city', 101, 10, 12],
    ]);
    assert.equal(ner.samples.length, 2, 'task 4 holds only choices: another kind, left alone');
    const cls = await read(tasks.slice(3), { datasetType: 100 });
    assert.deepEqual(
      cls.samples.map((s) => [s.ref.text, s.labels.map((l) => [l.name, l.type])]),
      [['great product', [['positive', 100]]]],
    );
  });

  it('the labeling config says which data field an object tag labels, and what kind it is', async () => {
    const config = `<View>
  <Image name="photo" value="$url"/>
  <Text name="caption" value="$words"/>
  <Choices name="quality" toName="photo"><Choice value="sharp"/><Choice value="blurry"/></Choices>
  <Choices name="tone" toName="caption"><Choice value="happy"/></Choices>
</View>`;
    const choice = (to: string, name: string) => ({ type: 'choices', from_name: 'x', to_name: to, value: { choices: [name] } });
    const tasks = [
      {
        id: 1,
        data: { url: 's3://pics/a.jpg', words: 'a sunny day' },
        annotations: [{ result: [choice('photo', 'blurry'), choice('caption', 'happy')] }],
      },
    ];
    const images = await read(tasks, { datasetType: 0 }, config);
    assert.deepEqual(problemsOf(images), []);
    assert.deepEqual(images.labelNames, ['sharp', 'blurry', 'happy']);
    assert.deepEqual(
      images.samples.map((s) => [s.ref.location, s.labels.map((l) => [l.name, l.type])]),
      [[{ bucket: 'pics', key: 'a.jpg' }, [['blurry', 0]]]],
    );
    const texts = await read(tasks, { datasetType: 100 }, config);
    assert.deepEqual(
      texts.samples.map((s) => [s.ref.text, s.labels.map((l) => [l.name, l.type])]),
      [['a sunny day', [['happy', 100]]]],
    );
    const broken = await read(tasks, {}, '<View><Image name="photo" value="$url"></View>');
    assert.match(problemsOf(broken)[0] as string, /^label_config\.xml:1: not a valid labeling config: /);
  });
});
