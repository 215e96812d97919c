import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EventFileWriter } from '../../../../extension/core/metrics/eventFileWriter';
import { isEventFileName, listLocalRuns, LogdirReader } from '../../../../extension/core/metrics/runs';
import { SeriesStore } from '../../../../extension/core/metrics/seriesStore';
import { FIXTURES, skipWithoutFixtures, tempDir } from './helpers';

describe('core/metrics runs of a local folder', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());

  it('uses TensorBoard’s test for an event file name', () => {
    assert.ok(isEventFileName('events.out.tfevents.1622543341.host.1.0'));
    assert.ok(isEventFileName('x.tfevents.y.v2'));
    assert.ok(!isEventFileName('events.out.tfevent'));
  });

  it('every folder that directly holds event files is a run, named by its relative path; the root is "."', async () => {
    const root = tmp.dir;
    for (const d of ['', 'a', 'a/b/c', 'empty', 'other']) mkdirSync(path.join(root, d), { recursive: true });
    for (const d of ['', 'a', 'a/b/c']) writeFileSync(path.join(root, d, 'events.out.tfevents.1.h'), '');
    writeFileSync(path.join(root, 'other', 'notes.txt'), 'not a run');
    writeFileSync(path.join(root, 'a', 'events.out.tfevents.0.h'), '');
    symlinkSync(root, path.join(root, 'a', 'loop'));
    const runs = await listLocalRuns(root);
    assert.deepEqual([...runs.keys()].sort(), ['.', 'a', 'a/b/c']);
    assert.deepEqual(
      runs.get('a')!.map((f) => path.basename(f.name)),
      ['events.out.tfevents.0.h', 'events.out.tfevents.1.h'],
    );
  });

  it('a missing folder has no runs yet; a file path is the run "."', async () => {
    assert.equal((await listLocalRuns(path.join(tmp.dir, 'not-yet'))).size, 0);
    const file = path.join(tmp.dir, 'events.out.tfevents.9.h');
    writeFileSync(file, '');
    assert.deepEqual([...(await listLocalRuns(file)).keys()], ['.']);
  });

  it('picks up runs and files that appear after the first poll, reading only what is new', async () => {
    const root = path.join(tmp.dir, 'logs');
    const reader = LogdirReader.local(root);
    assert.deepEqual((await reader.poll()).updates, []);
    const w1 = await EventFileWriter.create(path.join(root, 'run1'), { name: 'events.out.tfevents.1.h', wallTime: 100 });
    await w1.scalar('loss', 1, 0.5, 101);
    let result = await reader.poll();
    assert.deepEqual(result.newRuns, ['run1']);
    assert.deepEqual(
      result.updates.map((u) => [u.run, u.points.length]),
      [['run1', 1]],
    );
    const w2 = await EventFileWriter.create(path.join(root, 'run2', 'eval'), { name: 'events.out.tfevents.1.h', wallTime: 100 });
    await w2.scalar('loss', 1, 0.7, 101);
    await w1.scalar('loss', 2, 0.4, 102);
    const w3 = await EventFileWriter.create(path.join(root, 'run1'), { name: 'events.out.tfevents.2.h', wallTime: 200 });
    await w3.scalar('loss', 3, 0.3, 201);
    result = await reader.poll();
    assert.deepEqual(result.newRuns, ['run2/eval']);
    assert.deepEqual(
      result.updates.map((u) => [u.run, u.points.map((p) => p.step)]),
      [
        ['run1', [2, 3]],
        ['run2/eval', [1]],
      ],
    );
    assert.deepEqual(reader.runs(), ['run1', 'run2/eval']);
    assert.equal(reader.counts().points, 4);
    assert.deepEqual((await reader.poll()).updates, []);
    await Promise.all([w1.close(), w2.close(), w3.close()]);
  });

  it('feeds a store through onPoint without collecting arrays', async () => {
    const root = tmp.dir;
    const w = await EventFileWriter.create(path.join(root, 'r'), { wallTime: 10 });
    for (let i = 0; i < 50; i++) await w.scalar('x', i, i, 10 + i);
    await w.close();
    const store = new SeriesStore();
    const result = await LogdirReader.local(root).poll({
      onPoint: (run, tag, step, wall, value) => store.append(run, tag, step, wall, value),
    });
    assert.equal(result.counts.points, 50);
    assert.equal(store.get('r', 'x')?.length, 50);
  });
});

describe('core/metrics runs of the fixtures folder', function () {
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  it('finds every fixture run and reads them all', async () => {
    const reader = LogdirReader.local(FIXTURES);
    const result = await reader.poll();
    assert.deepEqual(reader.runs(), [
      'pytorch-tensorboard-reducer/duplicate_steps/run_1',
      'pytorch-tensorboard-reducer/lax/run_2',
      'pytorch-tensorboard-reducer/strict/run_1',
      'pytorch-tensorboard-reducer/strict/run_2',
      'tf-estimator-tfx/Format-Serving/eval_chicago-taxi-eval',
      'tf2-katib/logs/test',
      'tf2-katib/logs/train',
    ]);
    assert.equal(result.counts.points, 100 + 100 + 360 + 420 + 20 + 20 + 20);
    assert.equal(result.counts.corruptRecords, 0);
  });

  it('a copy of a run folder placed under a new name later is a new run', async () => {
    const tmp = tempDir();
    try {
      const reader = LogdirReader.local(tmp.dir);
      await reader.poll();
      mkdirSync(path.join(tmp.dir, 'late'));
      copyFileSync(
        path.join(FIXTURES, 'tf2-katib/logs/train/events.out.tfevents.1637681485.2d662933d616.19.0.v2'),
        path.join(tmp.dir, 'late', 'events.out.tfevents.1637681485.2d662933d616.19.0.v2'),
      );
      const result = await reader.poll();
      assert.deepEqual(result.newRuns, ['late']);
      assert.equal(result.updates[0]?.points.length, 20);
    } finally {
      tmp.remove();
    }
  });
});
