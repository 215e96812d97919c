import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliHarness, startCliHarness } from '../../helpers/cli';
import { fixture, skipWithoutFixtures } from '../core/labeling/helpers';

interface CliSample {
  sample_id: string;
  sample_name: string;
  sample_data?: string[];
  labels: { name: string; property?: Record<string, unknown> }[];
}

describe('cli: modelarts dataset create, import, export and samples (local mode)', function () {
  this.timeout(240_000);
  let cli: CliHarness;
  const ids: Record<string, string> = {};
  const samples = (id: string): Map<string, CliSample> =>
    new Map((cli.json(['dataset', 'samples', id, '--limit', '1000']) as CliSample[]).map((s) => [s.sample_name, s]));
  const annotated = (id: string): number =>
    (cli.json(['dataset', 'list']) as { dataset_id: string; annotated_sample_count: number }[]).find((d) => d.dataset_id === id)
      ?.annotated_sample_count ?? -1;

  before(async function () {
    skipWithoutFixtures(this);
    cli = await startCliHarness();
    // Copies of the fixture images, uploaded as a user would (the fixtures are only read).
    const images = path.join(cli.home, 'doors');
    cpSync(fixture('yolo/label-studio-converter/images'), images, { recursive: true });
    const reviews = path.join(cli.home, 'reviews');
    mkdirSync(reviews);
    writeFileSync(path.join(reviews, 'a.txt'), 'Bob is from Shenzhen\nAlice is from Beijing\n我在北京工作\n');
    assert.equal(cli.run(['obs', 'mb', 'obs://data']).code, 0);
    for (const folder of ['doors', 'doors-copy']) assert.equal(cli.json(['obs', 'cp', images, `obs://data/${folder}/`]).transferred, 3);
    assert.equal(cli.json(['obs', 'cp', reviews, 'obs://data/reviews/']).transferred, 1);
  });
  after(() => cli?.close());

  it('dataset create makes datasets of each type over an OBS folder, the output folder beside it by default', () => {
    const made = cli.run([
      'dataset',
      'create',
      '--name',
      'doors',
      '--type',
      'object_detection',
      '--input',
      'obs://data/doors/',
      '--labels',
      'bus',
    ]);
    assert.equal(made.code, 0, made.err);
    const m = /^created dataset doors \(([0-9a-f]+)\): object detection, 3 samples$/m.exec(made.out);
    assert.ok(m, made.out);
    ids.doors = m[1] as string;
    const copy = cli.run([
      'dataset',
      'create',
      '--name',
      'doors-copy',
      '--type',
      'object_detection',
      '--input',
      'obs://data/doors-copy',
      '--output',
      'obs://data/out/copy/',
    ]);
    assert.equal(copy.code, 0, copy.err);
    ids.copy = /\(([0-9a-f]+)\)/.exec(copy.out)?.[1] as string;
    const listed = (cli.json(['dataset', 'list']) as { dataset_id: string; work_path: string; data_url: string }[]).find(
      (d) => d.dataset_id === ids.copy,
    );
    assert.deepEqual([listed?.data_url, listed?.work_path], ['/data/doors-copy/', '/data/out/copy/']);
    const cls = cli.json([
      'dataset',
      'create',
      '--name',
      'doors-classes',
      '--type',
      'image_classification',
      '--input',
      'obs://data/doors/',
    ]);
    assert.equal(cls.dataset_type, 0);
    assert.equal(cls.work_path, '/data/doors-output/');
    ids.classes = cls.dataset_id;
    const text = cli.json(['dataset', 'create', '--name', 'reviews', '--type', 'text_classification', '--input', 'obs://data/reviews/']);
    assert.equal(text.dataset_type, 100);
    assert.equal(text.total_sample_count, 3);
    ids.reviews = text.dataset_id;

    const bad = cli.run(['dataset', 'create', '--name', 'x', '--type', 'segmentation', '--input', 'obs://data/doors/']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--type must be image_classification, object_detection, text_classification, text_entity/);
    assert.equal(cli.run(['dataset', 'create', '--name', 'x', '--type', 'object_detection']).code, 2);
    assert.match(
      cli.run(['dataset', 'create', '--name', 'x', '--type', 'object_detection', '--input', 'obs://data']).err,
      /--output is required/,
    );
  });

  it('dataset create --type text_entity creates a named-entity dataset (type 101)', () => {
    const r = cli.run([
      'dataset',
      'create',
      '--name',
      'entities',
      '--type',
      'text_entity',
      '--input',
      'obs://data/reviews/',
      '--output',
      'json',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).dataset_type, 101);
  });

  it('dataset import reads the YOLO fixture; samples shows the boxes in image pixels', () => {
    const r = cli.run(['dataset', 'import', 'doors', '--format', 'yolo', '--from', fixture('yolo/label-studio-converter')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^imported 3 sample\(s\), 9 annotation\(s\), from 3 record\(s\) in 4 file\(s\) \(yolo\)$/m);
    assert.match(r.out, /^labels added: closed_door, number$/m, 'bus was given at create');
    const img1 = samples(ids.doors as string).get('img_1.jpg');
    assert.equal(img1?.labels[0]?.name, 'bus');
    assert.deepEqual(img1?.labels[0]?.property?.['@modelarts:feature'], [
      [10, 9],
      [627, 295],
    ]);
    assert.deepEqual(img1?.labels[0]?.property?.['@modelarts:shape'], 'bndbox');
    const table = cli.run(['dataset', 'samples', ids.doors as string, '--state', 'labelled']);
    assert.match(table.out, /bus\[10,9,627,295\] number\[162,32,208,77\]/);
  });

  it('import → export → import round trips through the daemon in every format, through local folders and OBS', () => {
    const before = samples(ids.doors as string);
    const empty = path.join(cli.home, 'empty-yolo');
    mkdirSync(path.join(empty, 'labels'), { recursive: true });
    writeFileSync(path.join(empty, 'classes.txt'), 'bus\n');
    for (const name of ['img_1', 'img_5', 'img_7']) writeFileSync(path.join(empty, 'labels', `${name}.txt`), '');
    const check = (where: string) => {
      const back = samples(ids.copy as string);
      for (const [name, s] of before) {
        const got = back.get(name)?.labels ?? [];
        assert.deepEqual(
          got.map((l) => l.name),
          s.labels.map((l) => l.name),
          `${where} ${name}`,
        );
        got.forEach((l, i) => {
          const a = (l.property?.['@modelarts:feature'] as number[][]).flat();
          const e = (s.labels[i]?.property?.['@modelarts:feature'] as number[][]).flat();
          a.forEach((v, k) => assert.ok(Math.abs(v - (e[k] as number)) < 1e-3, `${where} ${name}[${i}]: ${a} vs ${e}`));
        });
      }
    };
    // Every format through a local folder, and one through OBS (the core tests take every format through OBS).
    const runs = [
      ...['manifest', 'voc', 'coco', 'yolo', 'label-studio'].map((f) => [f, path.join(cli.home, `export-${f}`)]),
      ['voc', 'obs://data/exports/voc/'],
    ];
    for (const [format, to] of runs as [string, string][]) {
      const out = cli.run(['dataset', 'export', 'doors', '--format', format, '--to', to]);
      assert.equal(out.code, 0, out.err);
      assert.match(
        out.out,
        new RegExp(
          `^exported 3 sample\\(s\\), 9 annotation\\(s\\), \\d+ file\\(s\\) to ${to.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(${format}\\)$`,
          'm',
        ),
      );
      // Clear the copy first (empty label files clear their samples), so the import has to bring everything back.
      assert.equal(cli.json(['dataset', 'import', ids.copy as string, '--format', 'yolo', '--from', empty]).applied, 3);
      assert.equal(annotated(ids.copy as string), 0);
      const imported = cli.json(['dataset', 'import', ids.copy as string, '--format', format, '--from', to]);
      assert.equal(imported.applied, 3, `${format} ${to}`);
      assert.deepEqual(imported.unmatched, []);
      check(`${format} ${to}`);
    }
    const manifest = readFileSync(path.join(cli.home, 'export-manifest', 'doors.manifest'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(manifest.length, 3);
    assert.match(
      manifest[0] as string,
      /^\{"source":"s3:\/\/data\/doors\/img_1\.jpg","id":"[0-9a-f]{32}","annotation":\[\{"type":"modelarts\/object_detection","annotation-loc":"Annotations\/img_1\.xml","annotation-format":"PASCAL VOC"\}\]\}$/,
    );
  });

  it('a damaged import exits 1 naming the file and line and applies nothing; --skip-invalid applies the rest', () => {
    const dir = path.join(cli.home, 'damaged');
    cpSync(fixture('yolo/label-studio-converter'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'labels', 'img_5.txt'), '2 0.5 0.5 0.2 0.2\n1 0.5 1.5 0.2 0.2\n');
    const fresh = cli.json([
      'dataset',
      'create',
      '--name',
      'doors-damaged',
      '--type',
      'object_detection',
      '--input',
      'obs://data/doors-copy/',
    ]);
    const r = cli.run(['dataset', 'import', fresh.dataset_id, '--format', 'yolo', '--from', dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /1 problem\(s\) in .*damaged; nothing was imported \(pass skipInvalid \/ --skip-invalid/);
    assert.match(r.err, /labels\/img_5\.txt:2: cy "1\.5" is not a number from 0 to 1/);
    assert.equal(annotated(fresh.dataset_id), 0);
    const json = cli.run(['dataset', 'import', fresh.dataset_id, '--format', 'yolo', '--from', dir, '--output', 'json']);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.out).problems, [
      { file: 'labels/img_5.txt', line: 2, message: 'cy "1.5" is not a number from 0 to 1 (YOLO values are fractions of the image)' },
    ]);
    const dry = cli.run(['dataset', 'import', fresh.dataset_id, '--format', 'yolo', '--from', dir, '--skip-invalid', '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^would import 2 sample\(s\)/m);
    assert.equal(annotated(fresh.dataset_id), 0);
    const skip = cli.run(['dataset', 'import', fresh.dataset_id, '--format', 'yolo', '--from', dir, '--skip-invalid']);
    assert.equal(skip.code, 0, skip.err);
    assert.match(skip.out, /^skipped \(--skip-invalid\), 1 problem\(s\):\n {2}labels\/img_5\.txt:2: cy "1\.5"/m);
    assert.equal(annotated(fresh.dataset_id), 2);
  });

  it('imports and exports a text dataset through a manifest; none matched exits 1', () => {
    const file = path.join(cli.home, 'reviews.manifest');
    writeFileSync(
      file,
      [
        '{"source":"content://Bob is from Shenzhen","annotation":[{"type":"modelarts/text_classification","name":"person"}]}',
        '{"source":"content://我在北京工作","annotation":[{"type":"modelarts/text_classification","name":"place"}]}',
        '',
      ].join('\n'),
    );
    const r = cli.json(['dataset', 'import', 'reviews', '--format', 'manifest', '--from', file]);
    assert.equal(r.applied, 2);
    assert.deepEqual(r.labelsAdded, ['person', 'place']);
    const out = path.join(cli.home, 'reviews-export');
    assert.equal(cli.run(['dataset', 'export', 'reviews', '--format', 'manifest', '--to', out]).code, 0);
    const lines = readFileSync(path.join(out, 'reviews.manifest'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => [l.source, l.annotation?.[0]?.name]),
      [
        ['content://Bob is from Shenzhen', 'person'],
        ['content://Alice is from Beijing', undefined],
        ['content://我在北京工作', 'place'],
      ],
    );
    writeFileSync(file, '{"source":"content://nobody wrote this","annotation":[{"type":"modelarts/text_classification","name":"x"}]}\n');
    const none = cli.run(['dataset', 'import', 'reviews', '--format', 'manifest', '--from', file]);
    assert.equal(none.code, 1);
    assert.match(none.out, /1 record\(s\) match no sample of the dataset:\n {2}reviews\.manifest:1: content:\/\/nobody wrote this/);
    assert.match(none.err, /none of the 1 record\(s\) .* was imported into reviews/);
  });

  it('usage errors exit 2: unknown format, missing --from, a path that does not exist, a format the dataset cannot hold', () => {
    const expect2 = (args: string[], pattern: RegExp) => {
      const r = cli.run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, pattern);
    };
    expect2(
      ['dataset', 'import', 'doors', '--format', 'pascal', '--from', '.'],
      /--format must be manifest, voc, coco, yolo, label-studio, not 'pascal'/,
    );
    expect2(['dataset', 'import', 'doors', '--format', 'voc'], /--from is required/);
    expect2(['dataset', 'export', 'doors', '--format', 'voc'], /--to is required/);
    expect2(['dataset', 'import', 'doors', '--format', 'voc', '--from', path.join(cli.home, 'nope')], /does not exist/);
    expect2(
      ['dataset', 'export', 'doors-classes', '--format', 'coco', '--to', path.join(cli.home, 'x')],
      /coco holds object detection \(type 1\) annotations; dataset doors-classes is image classification \(type 0\): use manifest/,
    );
    const missing = cli.run(['dataset', 'export', 'no-such-dataset', '--format', 'coco', '--to', path.join(cli.home, 'x')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no dataset with id or name 'no-such-dataset'/);
  });
});
