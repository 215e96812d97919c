import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sample, SampleLabel } from '../../../../extension/core/api/resources/datasetTypes';
import {
  exportAnnotations,
  formatProblem,
  ImportError,
  importAnnotations,
  type LabelingServices,
} from '../../../../extension/core/labeling';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { jpegBytes } from '../../../helpers/images';
import { type Live, rejection, startLive } from '../api/resources/liveHarness';
import { assertSameAnnotations, fixture, skipWithoutFixtures, tempDir } from './helpers';

describe('core/labeling: Label Studio exports into and out of datasets of the local daemon', function () {
  this.timeout(120_000);
  let live: Live;
  let storage: StorageClient;
  let services: LabelingServices;
  let temp: ReturnType<typeof tempDir>;
  const rectangles = fixture('label-studio/label-studio-converter/rectangles');

  const create = async (name: string, type: number, folder: string) =>
    (
      await live.api.datasets.create({
        dataset_name: name,
        dataset_type: type,
        data_sources: [{ data_path: `/data/${folder}/` }],
        work_path: `/work/${name}/`,
      })
    ).dataset_id;
  const samplesOf = async (id: string): Promise<Sample[]> => {
    const out: Sample[] = [];
    for await (const s of live.api.datasets.samples(id)) out.push(s);
    return out.sort((a, b) => String(a.sample_name).localeCompare(String(b.sample_name)));
  };

  before(async function () {
    skipWithoutFixtures(this);
    live = await startLive();
    const d = live.td.daemon.discovery;
    storage = new StorageClient(s3CompatibleConfig(d.s3_endpoint, 'local', { accessKeyId: d.ak, secretAccessKey: d.sk }));
    services = { api: live.api, storage };
    temp = tempDir();
    // The fixture's tasks point at /image1 and /image2 of 2800x2800 pixels.
    const image = jpegBytes(2800, 2800);
    await live.put('data', {
      'slides/image1.jpg': image,
      'slides/image2.jpg': image,
      'slides-copy/image1.jpg': image,
      'slides-copy/image2.jpg': image,
      'notes/a.txt': '我在🏙️北京工作\nBob is from Shenzhen 😀\n',
    });
    await live.put('work', {});
  });
  after(async () => {
    storage?.dispose();
    temp?.remove();
    await live?.close();
  });

  let slides = '';
  it('imports the rectangles fixture: extension-less URLs find their images, labels added in the config’s order', async () => {
    slides = await create('slides', 1, 'slides');
    const report = await importAnnotations(services, slides, { format: 'label-studio', from: rectangles });
    assert.equal(report.records, 2);
    assert.equal(report.applied, 2);
    assert.equal(report.annotations, 4);
    assert.deepEqual(report.labelsAdded, ['parasites', 'white']);
    assert.deepEqual(report.unmatched, []);
    const [one] = await samplesOf(slides);
    assert.equal(one?.sample_name, 'image1.jpg');
    assert.deepEqual(
      one?.labels?.map((l) => [l.name, l.property?.['@modelarts:feature']]),
      [
        [
          'parasites',
          [
            [1060.837887, 2009.471767],
            [1167.941712, 2136.976321],
          ],
        ],
        [
          'white',
          [
            [1377.04918, 647.723133],
            [1524.954463, 759.92714],
          ],
        ],
      ],
    );
  });

  it('round trips through tasks.json and its config, to a local folder and to OBS, onto a second dataset', async () => {
    const source = await samplesOf(slides);
    for (const to of [path.join(temp.dir, 'slides-ls'), 'obs://work/slides-ls/']) {
      const exported = await exportAnnotations(services, slides, { format: 'label-studio', to });
      assert.deepEqual([exported.samples, exported.annotations, exported.files, exported.omitted], [2, 4, 2, []]);
      const copy = await create(`slides-copy-${to.startsWith('obs') ? 'obs' : 'local'}`, 1, 'slides-copy');
      const report = await importAnnotations(services, copy, { format: 'label-studio', from: to });
      assert.equal(report.applied, 2, to);
      const back = await samplesOf(copy);
      source.forEach((s, i) => assertSameAnnotations(back[i]?.labels ?? [], s.labels ?? [], 1e-5, `${to} ${s.sample_name}`));
    }
  });

  it('refuses the rejected annotations of with_reviews and the boxes of another project, applying nothing', async () => {
    const reviews = await rejection(
      importAnnotations(services, slides, { format: 'label-studio', from: fixture('label-studio/label-studio-converter/with_reviews') }),
    );
    assert.ok(reviews instanceof ImportError, String(reviews));
    assert.equal(reviews.problems.length, 2);
    assert.match(formatProblem(reviews.problems[0]!), /^csv_test\.json tasks\[0\]\.annotations\[0\]: was rejected in review/);
    const classes = await create('slides-classes', 0, 'slides-copy');
    const err = await rejection(importAnnotations(services, classes, { format: 'label-studio', from: rectangles }));
    assert.ok(err instanceof ImportError, String(err));
    assert.deepEqual(err.problems.map(formatProblem), [
      "data.json: holds only rectanglelabels results, none of them for this dataset's type of annotation",
    ]);
    assert.equal((await live.api.datasets.get(classes)).annotated_sample_count, 0);
  });

  it('round trips named entities over emoji text: offsets stay code points, as the daemon counts them', async () => {
    const notes = await create('notes', 101, 'notes');
    const samples = await samplesOf(notes);
    const byText = new Map(samples.map((s) => [s.sample_data?.[0], s.sample_id]));
    const entity = (name: string, start: number, end: number): SampleLabel => ({
      name,
      type: 101,
      property: { '@modelarts:start_index': start, '@modelarts:end_index': end },
    });
    const wanted: Record<string, SampleLabel[]> = {
      [byText.get('我在🏙️北京工作') as string]: [entity('city', 4, 6)],
      [byText.get('Bob is from Shenzhen 😀') as string]: [entity('person', 0, 3), entity('city', 12, 20)],
    };
    await live.api.datasets.addLabels(notes, [
      { name: 'city', type: 101 },
      { name: 'person', type: 101 },
    ]);
    await live.api.datasets.updateAnnotations(
      notes,
      Object.entries(wanted).map(([sample_id, labels]) => ({ sample_id, labels })),
    );
    const to = path.join(temp.dir, 'notes-ls');
    await exportAnnotations(services, notes, { format: 'label-studio', to });
    const tasks = JSON.parse(readFileSync(path.join(to, 'tasks.json'), 'utf8')) as { annotations: { result: { value: unknown }[] }[] }[];
    assert.ok(
      tasks.some((t) => JSON.stringify(t.annotations[0]?.result[1]?.value) === '{"start":12,"end":20,"text":"Shenzhen","labels":["city"]}'),
    );
    const copy = await create('notes-copy', 101, 'notes');
    const report = await importAnnotations(services, copy, { format: 'label-studio', from: to });
    assert.equal(report.applied, 2);
    assert.deepEqual(report.labelsAdded, ['city', 'person']);
    for (const s of await samplesOf(copy))
      assert.deepEqual(
        s.labels?.map((l) => [l.name, l.property?.['@modelarts:start_index'], l.property?.['@modelarts:end_index']]),
        wanted[byText.get(s.sample_data?.[0]) as string]?.map((l) => [
          l.name,
          l.property?.['@modelarts:start_index'],
          l.property?.['@modelarts:end_index'],
        ]),
        s.sample_data?.[0],
      );
  });
});
