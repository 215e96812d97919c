import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Sample, SampleLabel } from '../../../../extension/core/api/resources/datasetTypes';
import {
  exportAnnotations,
  formatProblem,
  ImportApplyError,
  ImportError,
  importAnnotations,
  LabelingError,
  type LabelingServices,
} from '../../../../extension/core/labeling';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { pngBytes } from '../../../helpers/images';
import { type Live, rejection, startLive } from '../api/resources/liveHarness';
import { assertSameAnnotations, copyFixture, fixture, skipWithoutFixtures, tempDir } from './helpers';

describe('core/labeling: importAnnotations and exportAnnotations against the local daemon', function () {
  this.timeout(120_000);
  let live: Live;
  let storage: StorageClient;
  let services: LabelingServices;
  let temp: ReturnType<typeof tempDir>;
  const doors = fixture('yolo/label-studio-converter');

  const create = async (name: string, type: number, folder: string, labels: string[] = []) =>
    (
      await live.api.datasets.create({
        dataset_name: name,
        dataset_type: type,
        data_sources: [{ data_path: folder ? `/data/${folder}/` : '/data/' }],
        work_path: `/work/${name}/`,
        labels: labels.map((l) => ({ name: l })),
      })
    ).dataset_id;
  const samplesOf = async (id: string): Promise<Map<string, Sample>> => {
    const out = new Map<string, Sample>();
    for await (const s of live.api.datasets.samples(id)) out.set(s.sample_name as string, s);
    return out;
  };
  const annotated = async (id: string) => (await live.api.datasets.get(id)).annotated_sample_count;

  before(async function () {
    skipWithoutFixtures(this);
    live = await startLive();
    const d = live.td.daemon.discovery;
    storage = new StorageClient(s3CompatibleConfig(d.s3_endpoint, 'local', { accessKeyId: d.ak, secretAccessKey: d.sk }));
    services = { api: live.api, storage };
    temp = tempDir();
    const images: Record<string, Buffer | string> = {};
    for (const f of ['img_1.jpg', 'img_5.jpg', 'img_7.jpeg']) {
      images[`doors/${f}`] = readFileSync(path.join(doors, 'images', f));
      images[`doors-copy/${f}`] = readFileSync(path.join(doors, 'images', f));
    }
    // Another image under a VOC file's name: its size differs from what the VOC file says.
    images['mixed/2007_000001.jpg'] = readFileSync(path.join(doors, 'images', 'img_1.jpg'));
    for (const line of readFileSync(fixture('manifest/modelarts-sdk/V002.manifest'), 'utf8').trim().split('\n'))
      images[`flowers/${path.posix.basename(JSON.parse(line).source)}`] = pngBytes(12, 8);
    images['reviews/a.txt'] = 'great product 👍\nmeh\nsame line\nsame line\n';
    await live.put('data', images);
    await live.put('work', {});
  });
  after(async () => {
    storage?.dispose();
    temp?.remove();
    await live?.close();
  });

  let doorsId = '';
  it('imports the YOLO fixture: sizes from the dataset, labels added in class order, boxes in image pixels', async () => {
    doorsId = await create('doors', 1, 'doors');
    const progress: string[] = [];
    const report = await importAnnotations(services, doorsId, { format: 'yolo', from: doors, onProgress: (p) => progress.push(p.phase) });
    assert.equal(report.records, 3);
    assert.equal(report.applied, 3);
    assert.equal(report.annotations, 9);
    assert.deepEqual(report.labelsAdded, ['closed_door', 'bus', 'number'], 'opened_door is declared but unused');
    assert.deepEqual(report.unmatched, []);
    assert.ok(progress.includes('listing') && progress.includes('reading') && progress.includes('applying'));
    const img1 = (await samplesOf(doorsId)).get('img_1.jpg');
    assert.equal(img1?.labels?.[0]?.name, 'bus');
    assert.deepEqual(img1?.labels?.[0]?.property?.['@modelarts:feature'], [
      [10, 9],
      [627, 295],
    ]);
    assert.equal(await annotated(doorsId), 3);
  });

  it('round trips through every format, to and from a local folder and an OBS folder: same annotations on a second dataset', async () => {
    const source = await samplesOf(doorsId);
    for (const format of ['manifest', 'voc', 'coco', 'yolo'] as const) {
      for (const where of ['local', 'obs'] as const) {
        const to = where === 'local' ? path.join(temp.dir, `export-${format}`) : `obs://work/export-${format}/`;
        const exported = await exportAnnotations(services, doorsId, { format, to });
        assert.equal(exported.samples, 3);
        assert.equal(exported.annotations, 9);
        assert.deepEqual(exported.omitted, []);
        const target = await create(`doors-${format}-${where}`, 1, 'doors-copy');
        const report = await importAnnotations(services, target, { format, from: to });
        assert.equal(report.applied, 3, `${format} ${where}`);
        assert.deepEqual(report.unmatched, []);
        const back = await samplesOf(target);
        for (const [name, s] of source)
          assertSameAnnotations(
            back.get(name)?.labels ?? [],
            s.labels ?? [],
            format === 'yolo' ? 1e-3 : 1e-5,
            `${format} ${where} ${name}`,
          );
      }
    }
  });

  it('refuses an import with any invalid record and applies nothing; --skip-invalid applies the rest and lists what it left out', async () => {
    const dir = copyFixture('yolo/label-studio-converter', temp.dir);
    writeFileSync(path.join(dir, 'labels', 'img_5.txt'), '2 0.5 0.5 0.2 0.2\n9 0.5 0.5 0.2 0.2\n');
    const id = await create('doors-strict', 1, 'doors-copy');
    const err = await rejection(importAnnotations(services, id, { format: 'yolo', from: dir }));
    assert.ok(err instanceof ImportError, String(err));
    assert.deepEqual(err.problems.map(formatProblem), ['labels/img_5.txt:2: class "9" is not a class number from 0 to 3 (4 classes)']);
    assert.match(err.message, /1 problem\(s\) in .*; nothing was imported/);
    assert.equal(await annotated(id), 0);
    assert.deepEqual((await live.api.datasets.labels(id)).length, 0, 'no label was added either');

    const dry = await importAnnotations(services, id, { format: 'yolo', from: dir, skipInvalid: true, dryRun: true });
    assert.equal(dry.applied, 2);
    assert.equal(await annotated(id), 0, 'a dry run changes nothing');
    const report = await importAnnotations(services, id, { format: 'yolo', from: dir, skipInvalid: true });
    assert.equal(report.applied, 2);
    assert.deepEqual(report.skipped.map(formatProblem), ['labels/img_5.txt:2: class "9" is not a class number from 0 to 3 (4 classes)']);
    assert.equal(await annotated(id), 2);
    assert.deepEqual((await samplesOf(id)).get('img_5.jpg')?.labels, []);
  });

  it('says how many samples were applied when a batch fails midway (here: cancelled after the first)', async () => {
    const id = await create('doors-cancel', 1, 'doors-copy');
    const abort = new AbortController();
    const err = await rejection(
      importAnnotations(services, id, {
        format: 'yolo',
        from: doors,
        batchSize: 1,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 'applying' && p.done === 1) abort.abort();
        },
      }),
    );
    assert.ok(err instanceof ImportApplyError, String(err));
    assert.equal(err.report.applied, 1);
    assert.equal(err.total, 3);
    assert.match(err.message, /stopped after applying 1 of 3 samples/);
    assert.equal(await annotated(id), 1, 'exactly what the report says');
    // Running it again finishes the job.
    assert.equal((await importAnnotations(services, id, { format: 'yolo', from: doors })).applied, 3);
  });

  it('reports records that match no sample, and refuses a file whose image size is not the sample’s', async () => {
    const mixed = await create('mixed', 1, 'mixed');
    const coco = await importAnnotations(services, mixed, { format: 'coco', from: fixture('coco/datumaro') });
    assert.equal(coco.applied, 0);
    assert.deepEqual(
      coco.unmatched.map((u) => `${formatProblem({ ...u.origin, message: u.ref })}`),
      ['annotations/instances_train.json images[0]: a.jpg', 'annotations/instances_val.json images[0]: b.jpg'],
    );
    const err = await rejection(importAnnotations(services, mixed, { format: 'voc', from: fixture('voc/datumaro') }));
    assert.ok(err instanceof ImportError);
    assert.match(
      formatProblem(err.problems[0]!),
      /^Annotations\/2007_000001\.xml:2: the file says 20x10 pixels, but 2007_000001\.jpg is 640x329: is it the same image\?$/,
    );
  });

  it('refuses a name two samples share, and a sample annotated twice, asking for the path', async () => {
    const all = await create('everything', 1, '');
    const err = await rejection(importAnnotations(services, all, { format: 'yolo', from: doors }));
    assert.ok(err instanceof ImportError);
    assert.match(
      formatProblem(err.problems[0]!),
      /^labels\/img_1\.txt: images\/img_1\.jpg matches 2 samples by file name img_1\.jpg \(doors-copy\/img_1\.jpg, doors\/img_1\.jpg\); write the path relative to the dataset's data folder$/,
    );
    const twice = path.join(temp.dir, 'twice');
    mkdirSync(twice);
    const coco = {
      images: [
        { id: 1, file_name: 'img_1.jpg', width: 640, height: 329 },
        { id: 2, file_name: 'img_1.jpg', width: 640, height: 329 },
      ],
      categories: [{ id: 1, name: 'bus' }],
      annotations: [{ id: 1, image_id: 2, category_id: 1, bbox: [1, 1, 10, 10] }],
    };
    writeFileSync(path.join(twice, 'instances.json'), JSON.stringify(coco));
    const again = await rejection(importAnnotations(services, doorsId, { format: 'coco', from: twice }));
    assert.ok(again instanceof ImportError);
    assert.deepEqual(again.problems.map(formatProblem), [
      'instances.json images[1]: sample img_1.jpg is annotated twice: also by instances.json images[0]',
    ]);
  });

  it('refuses a format that cannot hold the dataset’s annotations, before reading anything', async () => {
    const pets = await create('flowers', 0, 'flowers');
    const err = await rejection(importAnnotations(services, pets, { format: 'coco', from: fixture('coco/datumaro') }));
    assert.ok(err instanceof LabelingError);
    assert.match(
      err.message,
      /coco holds object detection \(type 1\) annotations; dataset flowers is image classification \(type 0\): use manifest/,
    );
    const missing = await rejection(importAnnotations(services, pets, { format: 'manifest', from: path.join(temp.dir, 'nothing-here') }));
    assert.match(String(missing), /does not exist/);
  });

  it('imports the V002 classification manifest by file name, and round trips it', async () => {
    const pets = (await live.api.datasets.listAll({ name: 'flowers' }))[0]?.dataset_id as string;
    const report = await importAnnotations(services, pets, { format: 'manifest', from: fixture('manifest/modelarts-sdk/V002.manifest') });
    assert.equal(report.applied, 10);
    assert.deepEqual(report.labelsAdded, ['sunflowers', 'daisy', 'tulips', 'dandelion']);
    const s = (await samplesOf(pets)).get('8705462313_4458d64cd4.jpg');
    assert.deepEqual(
      s?.labels?.map((l) => l.name),
      ['sunflowers'],
    );
    assert.equal(s?.sample_usage, 'TRAIN');
    const to = path.join(temp.dir, 'flowers-manifest');
    await exportAnnotations(services, pets, { format: 'manifest', to });
    const again = await importAnnotations(services, pets, { format: 'manifest', from: to });
    assert.equal(again.applied, 10);
    assert.equal(again.labelsAdded.length, 0);
  });

  it('round trips a text classification dataset through a manifest, identical lines included', async () => {
    const id = await create('reviews', 100, 'reviews', ['positive', 'neutral']);
    const ids: string[] = [];
    for await (const s of live.api.datasets.samples(id)) ids.push(s.sample_id);
    assert.equal(ids.length, 4);
    const labels: Record<string, SampleLabel[]> = {};
    ids.forEach((sid, i) => (labels[sid] = i % 2 === 0 ? [{ name: 'positive', type: 100 }] : [{ name: 'neutral', type: 100 }]));
    await live.api.datasets.updateAnnotations(
      id,
      ids.map((sid) => ({ sample_id: sid, labels: labels[sid] ?? [] })),
    );
    const to = path.join(temp.dir, 'reviews');
    await exportAnnotations(services, id, { format: 'manifest', to });
    // Drop the ids: matching falls back to the text, identical lines in order.
    const manifest = path.join(to, 'reviews.manifest');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/,"id":"[0-9a-f]+"/g, ''));
    const copy = await create('reviews-copy', 100, 'reviews');
    const report = await importAnnotations(services, copy, { format: 'manifest', from: manifest });
    assert.equal(report.applied, 4);
    for await (const s of live.api.datasets.samples(copy))
      assert.deepEqual(
        s.labels?.map((l) => l.name),
        labels[s.sample_id]?.map((l) => l.name),
        s.sample_data?.[0],
      );
  });
});
