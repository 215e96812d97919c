import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readScalarsSince } from '../../../../../extension/local/api/trainingJobs/scalars';

/** The log reader behind the metrics cursor, on the bytes a job's log can hold. */
describe('local/api/trainingJobs/scalars: reading MA_METRIC lines from a byte offset', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ma-scalars-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const noClock = { entries: [], fallbackMs: 5000 };

  it('skips other lines (UTF-8 text included), takes leading spaces and CRLF, waits for an unfinished line', async () => {
    const log = path.join(dir, 'a.log');
    writeFileSync(
      log,
      'épochs démarrées 🚀\n  MA_METRIC loss=0.5 step=1\r\nMA_METRIC loss=oops step=2\nMA_METRIC acc=0.25\nMA_METRIC loss=0.4 st',
    );
    const first = await readScalarsSince(log, { offset: 0, counts: {} }, noClock, 1 << 20);
    assert.deepEqual(
      first.series.map((s) => [s.name, s.step, s.value, s.wall_time]),
      [
        ['loss', [1], [0.5], [5]],
        ['acc', [0], [0.25], [5]],
      ],
    );
    appendFileSync(log, 'ep=3 lr\n');
    const second = await readScalarsSince(log, first.position, noClock, 1 << 20);
    assert.deepEqual(second.series, [], 'the line, finished now, has a token that is not name=number: no metric line');
    appendFileSync(log, 'MA_METRIC loss=0.3 step=4\n');
    const third = await readScalarsSince(log, second.position, noClock, 1 << 20);
    assert.deepEqual(
      third.series.map((s) => [s.name, s.step, s.value]),
      [['loss', [4], [0.3]]],
    );
  });

  it('gives each line the time of the first clock entry past it, stops at upTo, and starts over on a replaced log', async () => {
    const log = path.join(dir, 'b.log');
    const a = 'MA_METRIC x=1\n';
    const b = 'MA_METRIC x=2\n';
    writeFileSync(log, a + b);
    const clock = {
      entries: [
        { size: a.length, atMs: 1000 },
        { size: a.length + b.length, atMs: 2000 },
      ],
      fallbackMs: 9000,
    };
    const r = await readScalarsSince(log, { offset: 0, counts: {} }, clock, 1 << 20);
    assert.deepEqual(r.series[0]?.wall_time, [1, 2]);
    const upTo = await readScalarsSince(log, { offset: 0, counts: {} }, { ...clock, upTo: a.length }, 1 << 20);
    assert.deepEqual(upTo.series[0]?.value, [1]);
    assert.equal(upTo.position.offset, a.length);
    writeFileSync(log, 'MA_METRIC y=7\n');
    const replaced = await readScalarsSince(log, r.position, noClock, 1 << 20);
    assert.deepEqual(
      replaced.series.map((s) => [s.name, s.step, s.value]),
      [['y', [0], [7]]],
    );
    assert.deepEqual(replaced.position.counts, { y: 1 });
  });

  it('stops after about maxBytes with more: true, and the next call goes on from there', async () => {
    const log = path.join(dir, 'c.log');
    writeFileSync(log, Array.from({ length: 200_000 }, (_, i) => `MA_METRIC v=${i}\n`).join(''));
    let position = { offset: 0, counts: {} as Readonly<Record<string, number>> };
    const seen: number[] = [];
    let calls = 0;
    for (;;) {
      const r = await readScalarsSince(log, position, noClock, 256 * 1024);
      calls++;
      seen.push(...(r.series[0]?.value ?? []));
      position = r.position;
      if (!r.more) break;
    }
    assert.ok(calls > 5, `${calls} calls`);
    assert.equal(seen.length, 200_000);
    assert.ok(seen.every((v, i) => v === i));
  });
});
