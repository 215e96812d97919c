import assert from 'node:assert/strict';
import { createPlatformClient, localPlatformConfig } from '../../../../extension/core/api/client';
import { ModelArtsApi } from '../../../../extension/core/api/resources/modelArtsApi';
import { FolderMetricsSource } from '../../../../extension/core/metrics/folderSource';
import { JobMetricsSource } from '../../../../extension/core/metrics/jobSource';
import { MetricsSession } from '../../../../extension/core/metrics/session';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { commandJob } from '../../local/api/trainingJobs/helpers';
import { FIXTURES, skipWithoutFixtures } from './helpers';

/** A panel's data end to end: sources polled into one store, and the views a chart asks for. */
describe('core/metrics/session', function () {
  this.timeout(60_000);
  let d: TestDaemon;
  let api: ModelArtsApi;
  before(async () => {
    d = await startTestDaemon();
    api = new ModelArtsApi(createPlatformClient(localPlatformConfig(d.daemon.discovery)));
  });
  after(async () => {
    api?.client.close();
    await d?.stop();
  });

  it('follows a local job to its end: every printed point, its resource usage, hyper-parameters and outcome', async () => {
    // The daemon samples resource usage every second: the job lives a few, so a loaded machine still gets a sample in.
    const script = 'for i in $(seq 0 499); do echo "MA_METRIC train/loss=$((500 - i)) eval/acc=0.$i step=$i"; done; sleep 3';
    const created = await d.call(
      'POST',
      '/v2/{p}/training-jobs',
      commandJob('session-job', script, { algorithm: { parameters: [{ name: 'lr', value: '0.01' }] } }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.metadata.id as string;
    const session = new MetricsSession('session-job', [new JobMetricsSource(api, id, 'session-job', undefined)]).start();
    let changes = 0;
    session.onDidChange(() => changes++);
    await session.settled();
    const state = session.state();
    assert.equal(state.runs[0]?.live, false);
    assert.equal(state.runs[0]?.end?.phase, 'Completed');
    assert.deepEqual(state.runs[0]?.hyperParameters, { lr: '0.01' });
    assert.equal(state.tags.find((t) => t.tag === 'train/loss')?.points[id], 500);
    assert.equal(state.tags.find((t) => t.tag === 'eval/acc')?.points[id], 500);
    assert.ok(state.tags.some((t) => t.tag === 'resources/cpuUsage'));
    assert.equal(state.loading, undefined);
    assert.ok(changes > 0);

    // A chart 100 columns wide over 500 points: buckets; zoomed into 20 steps: every point.
    const wide = session.seriesView({ tag: 'train/loss', runs: [id], xAxis: 'step', columns: 100, smoothing: 0 });
    assert.equal(wide.runs[0]?.total, 500);
    assert.equal(wide.x.length, 200);
    const values = [...(wide.runs[0]?.raw ?? [])].filter((v) => !Number.isNaN(v));
    assert.equal(Math.max(...values), 500);
    assert.equal(Math.min(...values), 1);
    const zoomed = session.seriesView({ tag: 'train/loss', runs: [id], xAxis: 'step', range: [100, 119], columns: 100, smoothing: 0 });
    assert.equal(zoomed.runs[0]?.inRange, 20);
    assert.deepEqual(
      [...(zoomed.runs[0]?.raw ?? [])].filter((v) => !Number.isNaN(v)),
      Array.from({ length: 20 }, (_, i) => 400 - i),
    );
    assert.deepEqual(session.valueAt({ tag: 'train/loss', runs: [id], xAxis: 'step', x: 250.2, smoothing: 0 }).points[0]?.value, 250);
    assert.deepEqual(session.summaries('train/loss').runs[0], { run: id, points: 500, last: 1, min: 1, max: 500 });

    let csv = '';
    const n = await session.exportPoints({ format: 'csv', runs: [id], tags: ['train/loss'] }, async (chunk) => {
      csv += chunk;
    });
    assert.equal(n, 500);
    assert.equal(csv.trim().split('\n').length, 501);
    session.dispose();
  });

  it('reads a folder of runs once, and reads nothing again on the next poll', async function () {
    skipWithoutFixtures(this);
    const session = new MetricsSession('reducer', [FolderMetricsSource.local(`${FIXTURES}/pytorch-tensorboard-reducer/strict`)]).start();
    const until = async () => {
      for (let i = 0; i < 100 && (session.state().tags[0]?.points ? Object.keys(session.state().tags[0]!.points).length : 0) < 2; i++)
        await new Promise((r) => setTimeout(r, 50));
    };
    await until();
    const state = session.state();
    assert.deepEqual(
      state.runs.map((r) => r.name),
      ['run_1', 'run_2'],
    );
    assert.deepEqual(Object.values(state.tags.find((t) => t.tag === 'strict/foo')?.points ?? {}), [100, 100]);
    const points = session.store.pointCount;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(session.store.pointCount, points, 'a second poll adds nothing');
    session.dispose();
  });
});
