import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatformClient, localPlatformConfig, type PlatformClient } from '../../../../extension/core/api/client';
import { ModelArtsApi } from '../../../../extension/core/api/resources/modelArtsApi';
import { ImageCache } from '../../../../extension/core/labeling/imageCache';
import { PendingEdits } from '../../../../extension/core/labeling/pendingEdits';
import type { ImageSourceKind } from '../../../../extension/core/labeling/sampleImages';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { LabelingData } from '../../../../extension/host/panels/labeling/labelingData';
import type { Annotation, BoxAnnotation } from '../../../../webviews/protocol/labeling';
import { pngBytes } from '../../../helpers/images';
import { type Live, startLive } from '../../core/api/resources/liveHarness';

/**
 * The labeling panel's host data against a real local daemon: pages, a sample with its image
 * cached, saves that reach the daemon, a conflict when the sample changed elsewhere, edits kept
 * through a stopped daemon and sent once it is back, batch labels and label changes.
 */
describe('host/panels/labeling/labelingData against the local daemon', function () {
  this.timeout(60_000);
  let live: Live;
  let root: string;
  let detection: string;
  let classification: string;
  let entities: string;
  const clients: PlatformClient[] = [];

  before(async () => {
    live = await startLive();
    const images: Record<string, Buffer> = {};
    for (let i = 0; i < 12; i++) images[`street/img-${String(i).padStart(2, '0')}.png`] = pngBytes(64 + i, 48);
    await live.put('data', images);
    await live.put('work', {});
    const labels = [{ name: 'car' }, { name: 'person' }];
    detection = (
      await live.api.datasets.create({
        dataset_name: 'street',
        dataset_type: 1,
        data_sources: [{ data_path: '/data/street/' }],
        work_path: '/work/street/',
        labels,
      })
    ).dataset_id;
    classification = (
      await live.api.datasets.create({
        dataset_name: 'street-cls',
        dataset_type: 0,
        data_sources: [{ data_path: '/data/street/' }],
        work_path: '/work/cls/',
        labels,
      })
    ).dataset_id;
    await live.put('text', { 'ner/lines.txt': Buffer.from('我爱北京😀天安门\nAda Lovelace wrote code\n') });
    entities = (
      await live.api.datasets.create({
        dataset_name: 'ner',
        dataset_type: 101,
        data_sources: [{ data_path: '/text/ner/' }],
        work_path: '/work/ner/',
        labels: [{ name: 'place' }, { name: 'person' }],
      })
    ).dataset_id;
  });

  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'ma-labeling-data-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  after(async () => {
    for (const c of clients) c.close();
    await live?.close();
  });

  /** The daemon as it is now (a restart gives it a new port): a fresh client per daemon. */
  let current: { endpoint: string; api: ModelArtsApi; storage: StorageClient } | undefined;
  let down = false;
  /** The datasets API of the daemon now (the test's own calls, as another window or the CLI would make them). */
  const platform = () => (connection('content-route') as { datasets: ModelArtsApi['datasets'] }).datasets;
  function connection(imageSource: ImageSourceKind, nameSearch = true) {
    if (down) return undefined;
    const d = live.td.daemon.discovery;
    if (current?.endpoint !== d.endpoint) {
      const client = createPlatformClient({ ...localPlatformConfig(d), proxy: {} });
      clients.push(client);
      current = {
        endpoint: d.endpoint,
        api: new ModelArtsApi(client),
        storage: new StorageClient(s3CompatibleConfig(d.s3_endpoint, 'local', { accessKeyId: d.ak, secretAccessKey: d.sk })),
      };
    }
    return { datasets: current.api.datasets, storage: current.storage, imageSource, nameSearch };
  }

  function data(
    datasetId: string,
    imageSource: ImageSourceKind = 'content-route',
    journalDir = path.join(root, 'journal'),
    nameSearch = true,
  ) {
    let multi: boolean | undefined;
    return new LabelingData({
      datasetId,
      connection: () => connection(imageSource, nameSearch),
      cache: new ImageCache(path.join(root, 'cache')),
      journal: new PendingEdits(journalDir),
      toUri: (file) => `webview-resource:${file}`,
      multiLabel: { get: () => multi, set: (v) => void (multi = v) },
      log: () => undefined,
      retryMs: [50],
    });
  }

  it('pages samples, opens one with its image cached on disk, and a saved box reaches the daemon exactly', async () => {
    const d = data(detection);
    await d.init();
    assert.equal(d.state().kind, 'object-detection');
    assert.equal(d.state().total, 12);
    const page = await d.page({ filter: { state: 'all' }, offset: 10, limit: 5 });
    assert.equal(page.total, 12);
    assert.deepEqual(
      page.items.map((s) => s.name),
      ['img-10.png', 'img-11.png'],
    );
    const id = page.items[0]?.id as string;
    const detail = await d.sample(id);
    assert.equal(detail.image?.width, 74);
    assert.equal(detail.image?.height, 48);
    const file = (detail.image?.uri ?? '').replace('webview-resource:', '');
    assert.deepEqual(readFileSync(file), pngBytes(74, 48));
    const box: BoxAnnotation = { type: 'box', id: 'b1', label: 'car', x0: 3, y0: 4, x1: 40, y1: 30 };
    assert.deepEqual(await d.save(id, [box]), { state: 'saved' });
    const stored = await platform().getSample(detection, id);
    assert.deepEqual(stored.labels?.[0]?.property?.['@modelarts:feature'], [
      [3, 4],
      [40, 30],
    ]);
    assert.equal(stored.labels?.[0]?.property?.['@modelarts:shape'], 'bndbox');
    // The grid and the counts follow.
    assert.deepEqual(
      (await d.page({ filter: { state: 'labelled' }, offset: 0, limit: 100 })).items.map((s) => s.id),
      [id],
    );
    await d.refresh();
    assert.equal(d.state().labelled, 1);
    assert.deepEqual(
      d.state().labels.map((l) => [l.name, l.count]),
      [
        ['car', 1],
        ['person', 0],
      ],
    );
    // Thumbnails made by the webview are served from then on.
    await d.storeThumbnail({ sampleId: id, key: detail.image?.key, type: 'image/jpeg', bytes: new Uint8Array([1, 2, 3]) });
    const again = await d.page({ filter: { state: 'all' }, offset: 10, limit: 1 });
    assert.match(again.items[0]?.thumb ?? '', /^webview-resource:.*\.jpg$/);
    d.dispose();
  });

  it('reads images through the storage client too (the cloud’s way), from the sample’s obs:// source', async () => {
    const d = data(detection, 'storage');
    await d.init();
    const id = (await d.page({ filter: { state: 'all' }, offset: 3, limit: 1 })).items[0]?.id as string;
    const detail = await d.sample(id);
    assert.deepEqual(readFileSync((detail.image?.uri ?? '').replace('webview-resource:', '')), pngBytes(67, 48));
    d.dispose();
  });

  it('a sample changed elsewhere since it was loaded is a conflict: nothing is overwritten until the user chooses', async () => {
    const d = data(classification);
    await d.init();
    const id = (await d.page({ filter: { state: 'all' }, offset: 0, limit: 1 })).items[0]?.id as string;
    await d.sample(id);
    // Another window (or the CLI) labels it meanwhile.
    await platform().updateAnnotations(classification, [{ sample_id: id, labels: [{ name: 'person' }] }]);
    const outcome = await d.save(id, [{ type: 'class', label: 'car' }]);
    assert.equal(outcome.state, 'conflict');
    assert.deepEqual(outcome.state === 'conflict' && [outcome.mine.map((a) => a.label), outcome.theirs.map((a) => a.label)], [
      ['car'],
      ['person'],
    ]);
    assert.deepEqual(
      (await platform().getSample(classification, id)).labels?.map((l) => l.name),
      ['person'],
      'theirs untouched',
    );
    assert.deepEqual(d.state().conflicts, [id]);
    // The conflict is in the journal: a panel opened later shows it too.
    assert.equal((await data(classification).sample(id)).conflict, true);
    const kept = await d.resolve(id, 'mine');
    assert.deepEqual(kept.outcome, { state: 'saved' });
    assert.deepEqual(
      (await platform().getSample(classification, id)).labels?.map((l) => l.name),
      ['car'],
    );
    assert.deepEqual(d.state().conflicts, []);
    // And taking theirs drops the edit.
    await platform().updateAnnotations(classification, [{ sample_id: id, labels: [{ name: 'person' }] }]);
    assert.equal((await d.save(id, [])).state, 'conflict');
    const taken = await d.resolve(id, 'theirs');
    assert.deepEqual(
      taken.annotations.map((a: Annotation) => a.label),
      ['person'],
    );
    assert.deepEqual(
      (await platform().getSample(classification, id)).labels?.map((l) => l.name),
      ['person'],
    );
    assert.equal(d.state().pendingSaves, 0);
    d.dispose();
  });

  it('an edit made while the daemon is down waits in the journal, survives the panel, and is sent when the daemon is back', async () => {
    const journalDir = path.join(root, 'journal');
    const d = data(classification, 'content-route', journalDir);
    await d.init();
    const id = (await d.page({ filter: { state: 'all' }, offset: 5, limit: 1 })).items[0]?.id as string;
    await d.sample(id);
    await live.td.daemon.close();
    // The panel's client still points at the daemon that went: the connection is refused.
    const outcome = await d.save(id, [{ type: 'class', label: 'car' }]);
    assert.equal(outcome.state, 'pending');
    assert.match(outcome.state === 'pending' ? outcome.message : '', /did not answer \(ECONNREFUSED\)/);
    // With no platform at all, the same.
    down = true;
    assert.equal((await d.save(id, [{ type: 'class', label: 'car' }])).state, 'pending');
    assert.equal(d.state().pendingSaves, 1);
    d.dispose(); // the panel closes
    assert.equal(new PendingEdits(journalDir).get(id)?.labels[0]?.name, 'car');
    await live.td.restart();
    down = false;
    // A new panel on the dataset replays the journal.
    const later = data(classification, 'content-route', journalDir);
    const saved = new Promise<void>((resolve) => later.onSaveState((sid, o) => sid === id && o.state === 'saved' && resolve()));
    await later.init();
    await saved;
    assert.deepEqual(
      (await platform().getSample(classification, id)).labels?.map((l) => l.name),
      ['car'],
    );
    assert.equal(new PendingEdits(journalDir).size, 0);
    later.dispose();
  });

  it('applies a label to a batch, and renames and deletes labels with the annotations following', async () => {
    const d = data(classification);
    await d.init();
    const ids = (await d.page({ filter: { state: 'unlabelled' }, offset: 0, limit: 4 })).items.map((s) => s.id);
    let progress = 0;
    const r = await d.applyLabel({ sampleIds: ids, label: 'person', op: 'set' }, (n) => (progress = n));
    assert.deepEqual(r, { changed: 4, failed: [] });
    assert.equal(progress, 4);
    await d.changeLabel({ op: 'rename', name: 'person', to: 'pedestrian' });
    for (const id of ids)
      assert.deepEqual(
        (await platform().getSample(classification, id)).labels?.map((l) => l.name),
        ['pedestrian'],
      );
    await d.changeLabel({ op: 'recolor', name: 'pedestrian', color: '#112233' });
    await d.changeLabel({ op: 'add', name: 'bike', color: '#445566' });
    assert.deepEqual(
      d.state().labels.map((l) => [l.name, l.color]),
      [
        ['car', '#3399ff'],
        ['pedestrian', '#112233'],
        ['bike', '#445566'],
      ],
    );
    await d.changeLabel({ op: 'delete', name: 'pedestrian' });
    for (const id of ids) assert.deepEqual((await platform().getSample(classification, id)).labels, []);
    d.dispose();
  });

  it('searches file names through the platform where it can, else through the host’s index, with the same answer', async () => {
    const byPlatform = data(detection);
    await byPlatform.init();
    const filter = { state: 'all', search: 'IMG-0' } as const;
    const found = await byPlatform.page({ filter, offset: 0, limit: 100 });
    assert.equal(found.total, 10);
    assert.ok(found.items.every((s) => s.name.startsWith('img-0')));
    assert.equal(byPlatform.state().progress, undefined, 'no index is built for a name search the platform answers');
    const labelled = await byPlatform.page({ filter: { state: 'unlabelled', search: 'img-00' }, offset: 0, limit: 100 });
    assert.ok(labelled.items.length > 0 && labelled.items.every((s) => s.name.startsWith('img-00') && s.labels.length === 0));
    byPlatform.dispose();

    const byIndex = data(detection, 'content-route', path.join(root, 'journal'), false);
    await byIndex.init();
    const indexed = await byIndex.page({ filter, offset: 0, limit: 100 });
    assert.deepEqual(
      indexed.items.map((s) => s.id),
      found.items.map((s) => s.id),
    );
    byIndex.dispose();
  });

  it('finds hard examples, a sample with one hard box among them, through the host’s index', async () => {
    const d = data(detection);
    await d.init();
    const found = await d.page({ filter: { state: 'all', search: 'IMG-0' }, offset: 0, limit: 100 });
    const id = found.items[2]?.id as string;
    await d.sample(id);
    await d.save(id, [
      { type: 'box', id: 'h', label: 'car', x0: 1, y0: 1, x1: 9, y1: 9, extra: { property: { '@modelarts:hard': 'true' } } },
    ]);
    const hard = await d.page({ filter: { state: 'hard' }, offset: 0, limit: 100 });
    assert.deepEqual(
      hard.items.map((s) => s.id),
      [id],
    );
    const stored = (await platform().getSample(detection, id)).labels?.[0]?.property;
    assert.equal(stored?.['@modelarts:hard'], 'true', 'fields the panel does not edit are kept');
    d.dispose();
  });

  it('saves named entities from the panel in code points, and reads them back the same, past an emoji', async () => {
    const d = data(entities);
    await d.init();
    assert.equal(d.state().kind, 'text-entity');
    const page = await d.page({ filter: { state: 'all' }, offset: 0, limit: 10 });
    const zh = page.items.find((s) => s.name.endsWith('#L1'));
    assert.ok(zh, page.items.map((s) => s.name).join(', '));
    const opened = await d.sample(zh.id);
    assert.equal(opened.text, '我爱北京😀天安门');
    const spans: Annotation[] = [
      { type: 'span', id: 'a', label: 'place', start: 2, end: 4 },
      { type: 'span', id: 'b', label: 'place', start: 5, end: 8 },
    ];
    assert.deepEqual(await d.save(zh.id, spans), { state: 'saved' });
    const stored = (await platform().getSample(entities, zh.id)).labels ?? [];
    assert.deepEqual(
      stored.map((l) => [l.name, l.type, l.property?.['@modelarts:start_index'], l.property?.['@modelarts:end_index']]),
      [
        ['place', 101, 2, 4],
        ['place', 101, 5, 8],
      ],
    );
    const chars = [...(opened.text ?? '')];
    assert.deepEqual(
      stored.map((l) =>
        chars.slice(l.property?.['@modelarts:start_index'] as number, l.property?.['@modelarts:end_index'] as number).join(''),
      ),
      ['北京', '天安门'],
    );
    const reopened = data(entities);
    await reopened.init();
    const again = await reopened.sample(zh.id);
    reopened.dispose();
    assert.deepEqual(
      again.annotations.map((a) => (a.type === 'span' ? [a.label, a.start, a.end] : a.type)),
      [
        ['place', 2, 4],
        ['place', 5, 8],
      ],
    );
    const bad = await d.save(zh.id, [{ type: 'span', id: 'c', label: 'person', start: 5, end: 9 }]);
    // Refused, not lost: the edit waits in the journal with the daemon's reason shown, and is not retried by itself.
    assert.equal(bad.state, 'pending');
    assert.match(bad.state === 'pending' ? bad.message : '', /span \[5, 9\) must have 0 ≤ start < end ≤ 8/);
    assert.match(d.state().saveProblem ?? '', /code points/);
    assert.equal((await platform().getSample(entities, zh.id)).labels?.length, 2, 'and changes nothing');
    d.dispose();
  });
});
