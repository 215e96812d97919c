import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoredSample } from '../../../../extension/local/api/datasets/model';
import { sampleName } from '../../../../extension/local/api/datasets/model';
import type { SampleFilter } from '../../../../extension/local/api/datasets/sampleIndex';
import { SampleStore } from '../../../../extension/local/api/datasets/sampleStore';
import { annotation, imageSamples, label, random } from '../../../helpers/samples';

/**
 * 100,000 samples: every page, filter, search and count the store answers from its indexes is
 * checked against a plain filter over all samples, after random batches, renames and deletes.
 * Correctness only; the benchmark (bench/labelingStore.ts) measures time.
 */
describe('local datasets: listing, filtering and stats at 100,000 samples', function () {
  this.timeout(120_000);
  const count = 100_000;
  let root: string;
  let store: SampleStore;
  const rand = random(12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ma-scale-'));
    const labels = ['cat', 'dog', 'bird', 'fish', 'horse'].map((n) => label(n));
    store = await SampleStore.create(path.join(root, 'big'), 'big', labels, imageSamples(count), () => undefined);
  });
  after(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** What a filter must match, by brute force. */
  function naive(f: SampleFilter): StoredSample[] {
    if (f.nothing) return [];
    return store
      .all()
      .filter(
        (s) =>
          (f.labelled === undefined || s.labels.length > 0 === f.labelled) &&
          (f.labelName === undefined || s.labels.some((l) => l.name === f.labelName)) &&
          (f.labelType === undefined || s.labels.some((l) => l.type === f.labelType)) &&
          (f.sampleType === undefined || s.sample_type === f.sampleType) &&
          (f.hard === undefined || (s.hard === true) === f.hard) &&
          (f.nameParts ?? []).every((p) => sampleName(s).toLowerCase().includes(p)),
      );
  }

  const filters: SampleFilter[] = [
    {},
    { labelled: true },
    { labelled: false },
    { labelName: 'cat' },
    { labelName: 'kitten' },
    { labelName: 'nobody-uses-this' },
    { labelled: true, labelName: 'dog' },
    { labelled: false, labelName: 'dog' },
    { hard: true },
    { hard: false, labelled: true },
    { nameParts: ['img-0421'] },
    { nameParts: ['IMG-09'.toLowerCase(), '9.png'] },
    { nameParts: ['img-01'], labelName: 'bird', hard: false },
    { labelType: 0 },
    { labelType: 1 },
    { sampleType: 0, labelled: false },
    { nothing: true },
  ];

  function checkAll(when: string): void {
    for (const f of filters) {
      const want = naive(f).map((s) => s.sample_id);
      const got = store.select(f);
      assert.equal(got.total, want.length, `${when}: total of ${JSON.stringify(f)}`);
      // The first page, one in the middle, the last (short) one, and one past the end.
      for (const offset of [0, Math.floor(want.length / 2), Math.max(0, want.length - 7), want.length + 5]) {
        assert.deepEqual(
          got.page(offset, 100).map((s) => s.sample_id),
          want.slice(offset, offset + 100),
          `${when}: page at ${offset} of ${JSON.stringify(f)}`,
        );
      }
    }
    const labelled = store.all().filter((s) => s.labels.length > 0).length;
    assert.equal(store.summary().annotated, labelled, `${when}: labelled count`);
    for (const l of store.labels) {
      const withIt = store.all().filter((s) => s.labels.some((a) => a.name === l.name));
      const annotations = store.all().reduce((n, s) => n + s.labels.filter((a) => a.name === l.name).length, 0);
      assert.deepEqual(store.labelCount(l.name), { annotations, samples: withIt.length }, `${when}: counts of ${l.name}`);
    }
  }

  it('answers every filter, page and count as a full scan would, after random batches of every size', () => {
    checkAll('fresh');
    const ids = store.all().map((s) => s.sample_id);
    const names = store.labels.map((l) => l.name);
    for (let round = 0; round < 40; round++) {
      // Mostly single saves, as a person labels; now and then a large batch (batch classification).
      const size = round % 10 === 9 ? 1000 : 1 + Math.floor(rand() * 5);
      const batch = new Set<string>();
      while (batch.size < size) batch.add(pick(ids));
      store.annotate(
        [...batch].map((sample_id) => {
          const n = Math.floor(rand() * 4); // 0 clears, up to 3 annotations (a name may repeat, as boxes do)
          return {
            sample_id,
            set: {
              labels: Array.from({ length: n }, () => annotation(pick(names))),
              ...(rand() < 0.3 ? { hard: rand() < 0.5 ? true : null } : {}),
            },
          };
        }),
      );
    }
    checkAll('after annotating');
  });

  it('stays right after a rename and a delete that reach thousands of samples, and after a reload', async () => {
    store.setLabels(
      store.labels.map((l) => (l.name === 'cat' ? { ...l, name: 'kitten' } : l)),
      new Map([['cat', 'kitten']]),
      new Set(),
    );
    assert.equal(store.labelCount('cat').samples, 0);
    checkAll('after renaming cat');
    store.setLabels(
      store.labels.filter((l) => l.name !== 'fish'),
      new Map(),
      new Set(['fish']),
    );
    checkAll('after deleting fish');
    const reloaded = await SampleStore.load(path.join(root, 'big'), 'big', () => undefined);
    assert.deepEqual(reloaded.all(), store.all());
    for (const f of filters) assert.equal(reloaded.select(f).total, store.select(f).total, JSON.stringify(f));
    await reloaded.close();
  });

  it('keeps the indexes right through a sync that adds and removes samples', () => {
    const scanned = imageSamples(count + 50).filter((_, i) => i >= count || i % 1000 !== 0);
    const { added, removed } = store.sync(scanned);
    assert.deepEqual([added, removed], [50, 100]);
    assert.equal(store.size, count - 100 + 50);
    checkAll('after a sync');
  });
});
