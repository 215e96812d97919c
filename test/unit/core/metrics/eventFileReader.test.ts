import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type ByteSource,
  EventFileReader,
  LocalFileSource,
  RunReader,
  type ScalarPoint,
} from '../../../../extension/core/metrics/eventFileReader';
import { EventFileWriter } from '../../../../extension/core/metrics/eventFileWriter';
import {
  DUPLICATE,
  fixture,
  KATIB_TEST,
  KATIB_TRAIN,
  LAX_2,
  readFixture,
  recordStarts,
  skipWithoutFixtures,
  STRICT_1,
  STRICT_2,
  tempDir,
  TFX,
} from './helpers';

const byTag = (points: readonly ScalarPoint[]): Map<string, ScalarPoint[]> => {
  const m = new Map<string, ScalarPoint[]>();
  for (const p of points) {
    const list = m.get(p.tag);
    if (list) list.push(p);
    else m.set(p.tag, [p]);
  }
  return m;
};

async function readAll(file: string, chunkSize?: number): Promise<{ points: ScalarPoint[]; reader: EventFileReader }> {
  const reader = new EventFileReader(new LocalFileSource(file), { chunkSize });
  const { points } = await reader.poll();
  return { points, reader };
}

/** Key facts from fixtures/SOURCES.md: records, and per tag the point count and first/last step. */
const FACTS: { file: string; records: number; epoch: number; tags: Record<string, [points: number, first: number, last: number]> }[] = [
  { file: STRICT_1, records: 101, epoch: 1622543341, tags: { 'strict/foo': [100, 0, 495] } },
  { file: STRICT_2, records: 101, epoch: 1622543341, tags: { 'strict/foo': [100, 0, 495] } },
  {
    file: LAX_2,
    records: 361,
    epoch: 1622543341,
    tags: { 'lax/foo': [120, 0, 119], 'lax/bar_2': [120, 0, 119], 'lax/bar_3': [120, 0, 119] },
  },
  { file: DUPLICATE, records: 421, epoch: 1622966509, tags: { 'dup_steps/foo': [210, 0, 199], 'dup_steps/bar': [210, 0, 199] } },
  { file: KATIB_TRAIN, records: 21, epoch: 1637681485, tags: { loss: [10, 0, 9], accuracy: [10, 0, 9] } },
  { file: KATIB_TEST, records: 21, epoch: 1637681485, tags: { loss: [10, 0, 9], accuracy: [10, 0, 9] } },
  {
    file: TFX,
    records: 7,
    epoch: 1646034751,
    tags: Object.fromEntries(
      [
        'accuracy',
        'accuracy_baseline',
        'auc',
        'auc_precision_recall',
        'average_loss',
        'label/mean',
        'loss',
        'precision',
        'prediction/mean',
        'recall',
      ].map((t) => [t, [2, 999, 1000]]),
    ),
  },
];

describe('core/metrics EventFileReader on real event files', function () {
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  for (const fact of FACTS) {
    it(`reads ${fact.file.split('/').slice(0, -1).join('/')}: ${Object.keys(fact.tags).length} tag(s) as SOURCES.md lists`, async () => {
      const { points, reader } = await readAll(fixture(fact.file));
      assert.equal(reader.counts.records, fact.records);
      assert.equal(reader.counts.corruptRecords + reader.counts.resyncs + reader.counts.undecodableRecords, 0);
      const tags = byTag(points);
      assert.deepEqual([...tags.keys()].sort(), Object.keys(fact.tags).sort());
      for (const [tag, [count, first, last]] of Object.entries(fact.tags)) {
        const list = tags.get(tag)!;
        assert.equal(list.length, count, tag);
        assert.equal(Math.min(...list.map((p) => p.step)), first, tag);
        assert.equal(Math.max(...list.map((p) => p.step)), last, tag);
        assert.ok(
          list.every((p) => Number.isFinite(p.value)),
          tag,
        );
        // The file name carries the writer's start time; every point was written after it, within the run.
        assert.ok(
          list.every((p) => p.wallTime >= fact.epoch && p.wallTime < fact.epoch + 3600),
          `${tag} wall times`,
        );
      }
      assert.equal(reader.offset, readFixture(fact.file).length);
    });
  }

  it('keeps every duplicate step of a restarted run, in file order', async () => {
    const { points } = await readAll(fixture(DUPLICATE));
    const steps = points.filter((p) => p.tag === 'dup_steps/foo').map((p) => p.step);
    assert.equal(steps.length, 210);
    assert.deepEqual(steps.slice(95, 105), [95, 96, 97, 98, 99, 90, 91, 92, 93, 94]);
  });

  it('reads TF2 tensor scalars (katib: loss and accuracy) and PyTorch simple values with their values', async () => {
    const katib = byTag((await readAll(fixture(KATIB_TRAIN))).points);
    assert.ok(katib.get('accuracy')!.every((p) => p.value > 0.9 && p.value <= 1));
    assert.ok(katib.get('loss')!.every((p) => p.value > 0 && p.value < 1));
    assert.equal(katib.get('accuracy')![0]!.value, Math.fround(0.9404000043869019));
    const strict = byTag((await readAll(fixture(STRICT_1))).points).get('strict/foo')!;
    assert.equal(strict[0]!.value, Math.fround(1.4962565898895264));
    assert.equal(strict.at(-1)!.value, Math.fround(1.212090253829956));
  });

  it('skips the Estimator file’s graph_def, meta_graph_def and string tensor checkpoint_path', async () => {
    const { points, reader } = await readAll(fixture(TFX));
    assert.ok(!points.some((p) => p.tag === 'checkpoint_path'));
    assert.equal(reader.counts.skippedValues, 2);
    const accuracy = points.filter((p) => p.tag === 'accuracy').map((p) => p.value);
    assert.deepEqual(accuracy, [Math.fround(0.777), Math.fround(0.77735)]);
  });

  it('the writer re-encodes the PyTorch files byte for byte from what the reader read', async () => {
    const tmp = tempDir();
    try {
      for (const file of [STRICT_1, LAX_2, DUPLICATE]) {
        const original = readFixture(file);
        const { points } = await readAll(fixture(file));
        // The header event's wall time: field 1 (fixed64) right after the 12-byte record header.
        const headerWall = original.readDoubleLE(12 + 1);
        const w = await EventFileWriter.create(tmp.dir, { name: path.basename(file), wallTime: headerWall });
        for (const p of points) await w.scalar(p.tag, p.step, p.value, p.wallTime);
        await w.close();
        assert.ok(readFileSync(w.path).equals(original), file);
      }
    } finally {
      tmp.remove();
    }
  });

  it('reads the same with small chunks, where records span chunk boundaries (the graph_def record is larger than a chunk)', async () => {
    for (const file of [LAX_2, TFX]) {
      const whole = await readAll(fixture(file));
      const chunked = await readAll(fixture(file), 64 * 1024);
      assert.deepEqual(chunked.points, whole.points);
      assert.equal(chunked.reader.counts.bytesRead, readFixture(file).length);
    }
  });
});

describe('core/metrics EventFileReader on damaged and growing copies', function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(function () {
    skipWithoutFixtures(this);
    tmp = tempDir();
  });
  afterEach(() => tmp?.remove());

  it('a copy cut at every byte offset of its last record reads all but that record, then the rest once appended', async () => {
    const buf = readFixture(STRICT_1);
    const { starts } = recordStarts(buf);
    const last = starts.at(-1)!;
    const file = path.join(tmp.dir, 'events.out.tfevents.cut');
    for (let cut = last; cut < buf.length; cut++) {
      writeFileSync(file, buf.subarray(0, cut));
      const reader = new EventFileReader(new LocalFileSource(file));
      const first = await reader.poll();
      assert.equal(first.points.length, 99, `cut at ${cut}`);
      assert.equal(reader.offset, last);
      assert.equal(first.counts.corruptRecords + first.counts.resyncs, 0, `a short tail is not damage (cut ${cut})`);
      appendFileSync(file, buf.subarray(cut));
      const second = await reader.poll();
      assert.equal(second.points.length, 1);
      assert.equal(second.points[0]!.step, 495);
      assert.equal(second.counts.bytesRead, buf.length, 'no byte fetched twice');
    }
  });

  it('a copy cut mid-file reads up to the cut, then exactly the rest', async () => {
    const buf = readFixture(LAX_2);
    const whole = (await readAll(fixture(LAX_2))).points;
    const file = path.join(tmp.dir, 'events.out.tfevents.mid');
    for (const cut of [13, Math.floor(buf.length / 2), Math.floor(buf.length / 2) + 7, buf.length - 1]) {
      writeFileSync(file, buf.subarray(0, cut));
      const reader = new EventFileReader(new LocalFileSource(file));
      const a = (await reader.poll()).points;
      appendFileSync(file, buf.subarray(cut));
      const b = (await reader.poll()).points;
      assert.deepEqual([...a, ...b], whole, `cut at ${cut}`);
      assert.ok(reader.offset <= buf.length);
    }
  });

  it('a flipped data byte skips and counts that record only', async () => {
    const buf = Buffer.from(readFixture(STRICT_1));
    const { starts } = recordStarts(buf);
    buf[starts[50]! + 12 + 3]! ^= 0x01;
    const file = path.join(tmp.dir, 'events.out.tfevents.corrupt');
    writeFileSync(file, buf);
    const { points, reader } = await readAll(file);
    assert.equal(points.length, 99);
    assert.equal(reader.counts.corruptRecords, 1);
    assert.equal(reader.counts.resyncs, 0);
    assert.ok(!points.some((p) => p.step === 49 * 5), 'record 50 is the point at step 245');
  });

  it('a bit flipped in a length resyncs at the next record', async () => {
    const buf = Buffer.from(readFixture(DUPLICATE));
    const { starts } = recordStarts(buf);
    buf[starts[200]!]! ^= 0x20;
    const file = path.join(tmp.dir, 'events.out.tfevents.length');
    writeFileSync(file, buf);
    const { points, reader } = await readAll(file);
    assert.equal(points.length, 419);
    assert.equal(reader.counts.resyncs, 1);
    assert.equal(reader.counts.skippedBytes, starts[201]! - starts[200]!);
    assert.equal(reader.counts.corruptRecords, 0);
  });

  it('appending half the records, polling, then the rest gives every point exactly once', async () => {
    const buf = readFixture(LAX_2);
    const { starts } = recordStarts(buf);
    const half = starts[Math.floor(starts.length / 2)]!;
    const whole = (await readAll(fixture(LAX_2))).points;
    const file = path.join(tmp.dir, 'events.out.tfevents.grow');
    writeFileSync(file, buf.subarray(0, half));
    const reader = new EventFileReader(new LocalFileSource(file));
    const a = await reader.poll();
    assert.equal(reader.offset, half);
    assert.equal((await reader.poll()).points.length, 0, 'nothing new');
    appendFileSync(file, buf.subarray(half));
    const b = await reader.poll();
    assert.deepEqual([...a.points, ...b.points], whole);
    assert.equal(b.counts.bytesRead, buf.length);
  });

  it('reads a file that shrank (rewritten) again from the start', async () => {
    const file = path.join(tmp.dir, 'events.out.tfevents.rewrite');
    copyFileSync(fixture(STRICT_1), file);
    const reader = new EventFileReader(new LocalFileSource(file));
    assert.equal((await reader.poll()).points.length, 100);
    copyFileSync(fixture(KATIB_TRAIN), file);
    const again = await reader.poll();
    assert.equal(again.restarted, true);
    assert.equal(again.points.length, 20);
    assert.equal(again.counts.restarts, 1);
  });

  it('a poll cancelled mid-file loses nothing: the next one returns the points already decoded, without re-reading', async () => {
    const file = path.join(tmp.dir, 'events.out.tfevents.abort');
    const controller = new AbortController();
    const local = new LocalFileSource(file);
    let reads = 0;
    const source: ByteSource = {
      name: file,
      size: (signal) => local.size(signal),
      read: async (offset, length, signal) => {
        if (++reads === 2) controller.abort();
        return local.read(offset, length, signal);
      },
    };
    // Ten copies back to back (a valid stream of records): several 64 KiB chunks.
    const big = Buffer.concat(Array.from({ length: 10 }, () => readFixture(LAX_2)));
    writeFileSync(file, big);
    const reader = new EventFileReader(source, { chunkSize: 64 * 1024 });
    await assert.rejects(reader.poll({ signal: controller.signal }), { name: 'AbortError' });
    assert.ok(reader.offset > 0, 'the first chunk was consumed');
    const rest = await reader.poll();
    assert.equal(rest.points.length, 3600);
    assert.equal(rest.counts.bytesRead, big.length);
  });

  it('a run’s files are read in name order, and a file added later is picked up', async () => {
    const run = new RunReader();
    const w2 = await EventFileWriter.create(tmp.dir, { name: 'events.out.tfevents.2.host', wallTime: 2 });
    await w2.scalar('loss', 20, 2, 2);
    const w1 = await EventFileWriter.create(tmp.dir, { name: 'events.out.tfevents.1.host', wallTime: 1 });
    await w1.scalar('loss', 10, 1, 1);
    run.add(new LocalFileSource(w2.path));
    run.add(new LocalFileSource(w1.path));
    assert.deepEqual(
      (await run.poll()).points.map((p) => p.step),
      [10, 20],
    );
    const w3 = await EventFileWriter.create(tmp.dir, { name: 'events.out.tfevents.3.host', wallTime: 3 });
    await w3.scalar('loss', 30, 3, 3);
    await w1.scalar('loss', 11, 1.1, 1.1);
    run.add(new LocalFileSource(w3.path));
    assert.deepEqual(
      (await run.poll()).points.map((p) => p.step),
      [11, 30],
    );
    await Promise.all([w1.close(), w2.close(), w3.close()]);
  });

  it('reads back what the writer wrote', async () => {
    const w = await EventFileWriter.create(tmp.dir, { wallTime: 1700000000 });
    for (let i = 0; i < 1000; i++) await w.scalar(i % 2 ? 'a' : 'b', i, Math.fround(i / 7), 1700000000 + i);
    await w.close();
    const { points, reader } = await readAll(w.path);
    assert.equal(points.length, 1000);
    assert.equal(reader.counts.records, 1001);
    assert.deepEqual(points[7], { tag: 'a', step: 7, wallTime: 1700000007, value: Math.fround(1) });
  });
});
