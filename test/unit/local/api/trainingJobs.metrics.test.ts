import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { commandJob, until, waitPhase } from './trainingJobs/helpers';
import { fixture, KATIB_TRAIN, skipWithoutFixtures } from '../../core/metrics/helpers';

interface Series {
  name: string;
  step: number[];
  value: number[];
  wall_time: number[];
}

/** The metrics route's cursor: every answer holds only what is new, and the points add up to all of them once. */
describe('local daemon: training job metrics, read incrementally with a cursor', function () {
  this.timeout(120_000);
  let d: TestDaemon;
  let tmp: string;
  before(async () => {
    d = await startTestDaemon();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-metrics-'));
  });
  after(async () => {
    await d?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('returns each printed point exactly once across calls, with wall times from the log clock', async () => {
    const go = path.join(tmp, 'go');
    const stop = path.join(tmp, 'stop');
    // 100 points, then waits; 100 more once the test says go; then a line without a step.
    const script = [
      'for i in $(seq 0 99); do echo "MA_METRIC loss=$i.5 acc=0.$i step=$i"; done',
      'while [ ! -f "$GO" ]; do sleep 0.05; done',
      'for i in $(seq 100 199); do echo "MA_METRIC loss=$i.5 step=$i"; done',
      'echo "MA_METRIC lr=0.1"',
      'while [ ! -f "$STOP" ]; do sleep 0.05; done',
    ].join('\n');
    const started = Date.now() / 1000;
    const created = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('metrics-cursor', script, { algorithm: { environments: { GO: go, STOP: stop } } }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.metadata.id as string;
    await waitPhase(d, id, 'Running');

    const all = new Map<string, Series>();
    let cursor: string | undefined;
    const read = async () => {
      const res = await d.call('GET', `/v2/{p}/training-jobs/${id}/metrics/worker-0${cursor ? `?cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      cursor = res.json.next_cursor as string;
      for (const s of res.json.scalars as (Series & { source: string })[]) {
        assert.equal(s.source, 'log');
        const into = all.get(s.name) ?? { name: s.name, step: [], value: [], wall_time: [] };
        into.step.push(...s.step);
        into.value.push(...s.value);
        into.wall_time.push(...s.wall_time);
        all.set(s.name, into);
      }
      return res.json as { scalars: Series[] };
    };
    await until('the first 100 points', async () => ((await read(), all.get('loss')?.step.length ?? 0) >= 100 ? true : undefined));
    // Nothing new: an empty answer.
    assert.deepEqual((await read()).scalars, []);
    writeFileSync(go, '');
    await until('all points', async () => ((await read(), all.get('lr')) ? true : undefined));
    writeFileSync(stop, '');
    await waitPhase(d, id, 'Completed', 'Failed');
    await read();

    const loss = all.get('loss');
    assert.ok(loss);
    assert.deepEqual(
      loss.step,
      Array.from({ length: 200 }, (_, i) => i),
    );
    assert.deepEqual(
      loss.value,
      Array.from({ length: 200 }, (_, i) => i + 0.5),
    );
    assert.equal(all.get('acc')?.step.length, 100);
    // A line without step counts its own series' points.
    assert.deepEqual(all.get('lr')?.step, [0]);
    for (const t of loss.wall_time) assert.ok(t >= started - 1 && t <= Date.now() / 1000 + 1, `wall time ${t}`);
    assert.ok(loss.wall_time[199]! >= loss.wall_time[0]!, 'later points are not earlier');

    // Read again from the start: the same points, from the log and its clock.
    cursor = undefined;
    const seen = [...loss.wall_time];
    const again = await read();
    assert.deepEqual(again.scalars.find((s) => s.name === 'loss')?.wall_time, seen);
  });

  it('reads the event files the job writes to MA_SUMMARY_DIR as they grow, each point once, prefixed by their run folder', async function () {
    skipWithoutFixtures(this);
    const source = fixture(KATIB_TRAIN);
    const half = path.join(tmp, 'half');
    const bytes = readFileSync(source);
    writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const go = path.join(tmp, 'go-events');
    const stop = path.join(tmp, 'stop-events');
    const target = '"$MA_SUMMARY_DIR/train/events.out.tfevents.1.local"';
    const script = [
      'mkdir -p "$MA_SUMMARY_DIR/train"',
      `cat "$HALF" > ${target}`,
      'while [ ! -f "$GO" ]; do sleep 0.05; done',
      // Written aside under a name without "tfevents" (which would make it an event file of its own), then renamed.
      'cat "$FULL" > "$MA_SUMMARY_DIR/train/partial" && mv "$MA_SUMMARY_DIR/train/partial" ' + target,
      'while [ ! -f "$STOP" ]; do sleep 0.05; done',
    ].join('\n');
    const created = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('metrics-events', script, { algorithm: { environments: { HALF: half, FULL: source, GO: go, STOP: stop } } }),
    );
    const id = created.json.metadata.id as string;
    await waitPhase(d, id, 'Running');
    const steps = new Map<string, number[]>();
    let cursor: string | undefined;
    const read = async () => {
      const res = await d.call('GET', `/v2/{p}/training-jobs/${id}/metrics/worker-0${cursor ? `?cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      cursor = res.json.next_cursor as string;
      for (const s of res.json.scalars as { name: string; step: number[]; source: string }[]) {
        assert.equal(s.source, 'event_file');
        steps.set(s.name, [...(steps.get(s.name) ?? []), ...s.step]);
      }
    };
    await until('some points of the first half', async () => ((await read(), steps.get('train/loss')?.length) ? true : undefined));
    const firstHalf = steps.get('train/loss')?.length ?? 0;
    assert.ok(firstHalf > 0 && firstHalf < 10, `${firstHalf} points from half the file`);
    writeFileSync(go, '');
    await until('all ten', async () => ((await read(), steps.get('train/loss')?.length === 10) ? true : undefined));
    await read();
    assert.deepEqual(steps.get('train/loss'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(steps.get('train/accuracy'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    writeFileSync(stop, '');
    await waitPhase(d, id, 'Completed', 'Failed');
  });

  it('reports GPU utilisation and memory from nvidia-smi when the machine has it', async () => {
    // No GPU here: a stand-in prints what nvidia-smi prints for two GPUs (the query's CSV, no units).
    const fake = path.join(tmp, 'nvidia-smi');
    writeFileSync(fake, '#!/bin/sh\necho "0, 37, 4096, 16384"\necho "1, 63, 0, 16384"\n', { mode: 0o755 });
    process.env.MODELARTS_NVIDIA_SMI = fake;
    const gpuDaemon = await startTestDaemon();
    try {
      const stop = path.join(tmp, 'stop-gpu');
      const created = await gpuDaemon.call(
        'POST',
        '/v2/{p}/training-jobs',
        commandJob('metrics-gpu', 'while [ ! -f "$STOP" ]; do sleep 0.05; done', { algorithm: { environments: { STOP: stop } } }),
      );
      const id = created.json.metadata.id as string;
      await waitPhase(gpuDaemon, id, 'Running');
      const m = await until('a sample with GPU usage', async () => {
        const res = await gpuDaemon.call('GET', `/v2/{p}/training-jobs/${id}/metrics/worker-0`);
        return (res.json.metrics[2].value as number[]).length > 0 ? res.json : undefined;
      });
      assert.equal(m.metrics[2].metric, 'gpuUtil');
      assert.equal(m.metrics[2].value[0], 50);
      assert.equal(m.metrics[3].metric, 'gpuMemUsage');
      assert.equal(m.metrics[3].value[0], 12.5);
      assert.equal(m.metrics[2].value.length, m.timestamps.length, 'one value per sample');
      writeFileSync(stop, '');
      await waitPhase(gpuDaemon, id, 'Completed', 'Failed');
    } finally {
      delete process.env.MODELARTS_NVIDIA_SMI;
      await gpuDaemon.stop();
    }
  });

  it('refuses a cursor it did not give', async () => {
    const created = await d.call('POST', '/v2/{p}/training-jobs', commandJob('metrics-bad-cursor', 'echo hi'));
    const id = created.json.metadata.id as string;
    const res = await d.call('GET', `/v2/{p}/training-jobs/${id}/metrics/worker-0?cursor=not-a-cursor`);
    assert.equal(res.status, 400);
    assert.equal(res.json.error_code, 'ModelArts.0104');
    assert.match(res.json.error_msg as string, /cursor/);
  });
});
