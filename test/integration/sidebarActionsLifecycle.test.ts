import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';
import type { Notebook } from '../../extension/core/api/resources/notebookTypes';
import type { TrainingJob } from '../../extension/core/api/resources/trainingJobTypes';
import type { BulkOutcome } from '../../extension/host/commands/bulkOutcome';
import type { ToolkitExports } from '../../extension/host/exports';
import type { NodeDescription } from '../../extension/host/views/node';
import { type ViewId, ViewIds } from '../../extension/host/views/viewIds';
import { localApi } from './localApi';
import { until } from './wait';

/**
 * Start, Stop and Delete of notebooks and training jobs through their commands, as the views'
 * context menus run them (the clicked node, the selection), past the confirmation with
 * `{ confirmed: true }`. Each checks the daemon's state afterwards, and what the view loaded when
 * the command told it to reload: that load is started from the view's own refresh event, so if
 * the refresh came before the changes, or never came, the rows it read would show the old state.
 */
describe('sidebar lifecycle actions against local mode, in the real extension host', () => {
  let api: ModelArtsApi;
  let toolkit: ToolkitExports;

  /** What the view loaded on the last reload it was told to do while `run` ran. */
  async function shownAfter(viewId: ViewId, levels: number, run: () => Thenable<unknown>): Promise<NodeDescription[]> {
    const loads: Promise<NodeDescription[]>[] = [];
    const subscription = toolkit.views.onDidRefresh((id) => {
      if (id === viewId) loads.push(toolkit.views.rows(id, levels));
    });
    try {
      await run();
    } finally {
      subscription.dispose();
    }
    const last = loads.at(-1);
    assert.ok(last, `the command did not reload ${viewId}`);
    return last;
  }

  const row = (rows: readonly NodeDescription[], id: string) => rows.find((r) => r.id === id);
  const notebookNode = (notebook: Notebook) => ({ kind: 'notebook', notebook });
  const jobNode = (job: TrainingJob) => ({ kind: 'job', job });

  before(async function () {
    this.timeout(90_000);
    api = await localApi();
    const extension = vscode.extensions.getExtension<ToolkitExports>('modelarts.modelarts-toolkit');
    assert.ok(extension, 'the extension is not installed');
    toolkit = await extension.activate();
    // The views read through the extension's own connection, made once local mode runs.
    await until(
      'the extension to connect to local mode',
      async () => (await toolkit.views.rows(ViewIds.workspaces)).length > 0 || undefined,
      60_000,
    );
    await vscode.commands.executeCommand('modelarts.trainingJobs.clearFilter');
  });

  describe('notebooks', () => {
    const notebooks: Notebook[] = [];

    before(async function () {
      this.timeout(120_000);
      const image = (await api.images.listAll({ chip: 'CPU', service: 'NOTEBOOK' }))[0];
      assert.ok(image, 'local mode has no CPU notebook image');
      for (const name of ['lc-nb-1', 'lc-nb-2', 'lc-nb-3']) {
        const created = await api.notebooks.create({ name, flavor: 'modelarts.vm.cpu.2u', image_id: image.id });
        notebooks.push(created);
      }
      for (const [i, nb] of notebooks.entries()) notebooks[i] = await api.notebooks.waitFor(nb.id, 'RUNNING');
      // The third is stopped behind the view's back: the view still shows it running.
      await api.notebooks.stop(notebooks[2]!.id);
      await api.notebooks.waitFor(notebooks[2]!.id, 'STOPPED');
    });

    it('Stop on three selected, one already stopped: reports that one, stops the others, and the view shows them stopping', async function () {
      this.timeout(60_000);
      const [one, two, three] = notebooks.map(notebookNode);
      let outcome: BulkOutcome | undefined;
      const shown = await shownAfter(ViewIds.notebooks, 1, async () => {
        outcome = await vscode.commands.executeCommand<BulkOutcome>('modelarts.notebooks.stop', one, [one, two, three], {
          confirmed: true,
        });
      });
      assert.ok(outcome, 'Stop returned no outcome: see the error it showed');
      assert.deepEqual(outcome.done, ['lc-nb-1', 'lc-nb-2']);
      assert.deepEqual(
        outcome.failed.map((f) => f.target),
        ['lc-nb-3'],
      );
      assert.match(
        outcome.message ?? '',
        /^Could not stop lc-nb-3: Notebook lc-nb-3 is already stopped\. \(ModelArts\.6307, request [0-9a-f]+\)$/,
      );

      for (const nb of notebooks) assert.equal((await api.notebooks.waitFor(nb.id, 'STOPPED')).status, 'STOPPED');
      for (const nb of notebooks.slice(0, 2))
        assert.match(
          row(shown, `notebook/${nb.id}`)?.contextValue ?? 'missing',
          /^notebook\.(stopping|stopped)$/,
          `${nb.name} in the view`,
        );
      assert.equal(row(shown, `notebook/${notebooks[2]!.id}`)?.contextValue, 'notebook.stopped');
    });

    it('Start on two selected starts both, and the view shows them starting', async function () {
      this.timeout(90_000);
      const stopped = await Promise.all(notebooks.slice(0, 2).map((nb) => api.notebooks.get(nb.id)));
      const nodes = stopped.map(notebookNode);
      let outcome: BulkOutcome | undefined;
      const shown = await shownAfter(ViewIds.notebooks, 1, async () => {
        outcome = await vscode.commands.executeCommand<BulkOutcome>('modelarts.notebooks.start', nodes[1], nodes);
      });
      assert.deepEqual(outcome, { done: ['lc-nb-1', 'lc-nb-2'], failed: [] });
      for (const nb of stopped) {
        assert.match(
          row(shown, `notebook/${nb.id}`)?.contextValue ?? 'missing',
          /^notebook\.(starting|running)$/,
          `${nb.name} in the view`,
        );
        assert.equal((await api.notebooks.waitFor(nb.id, 'RUNNING')).status, 'RUNNING');
      }
    });

    it('Delete on three selected, one deleted behind the view’s back: reports that one and deletes the others', async function () {
      this.timeout(90_000);
      const gone = notebooks[2]!;
      await api.notebooks.delete(gone.id);
      await api.notebooks.waitForDeletion(gone.id);
      const nodes = notebooks.map(notebookNode);
      let outcome: BulkOutcome | undefined;
      const shown = await shownAfter(ViewIds.notebooks, 1, async () => {
        outcome = await vscode.commands.executeCommand<BulkOutcome>('modelarts.notebooks.delete', nodes[0], nodes, { confirmed: true });
      });
      assert.ok(outcome, 'Delete returned no outcome: see the error it showed');
      assert.deepEqual(outcome.done, ['lc-nb-1', 'lc-nb-2']);
      assert.deepEqual(
        outcome.failed.map((f) => f.target),
        ['lc-nb-3'],
      );
      assert.match(outcome.message ?? '', /^Could not delete lc-nb-3: .+ \(ModelArts\.\d+, request [0-9a-f]+\)$/);

      for (const nb of notebooks.slice(0, 2)) {
        const shownAs = row(shown, `notebook/${nb.id}`)?.contextValue;
        assert.ok(shownAs === undefined || shownAs === 'notebook.deleting', `${nb.name} shows as ${shownAs} after the delete`);
        await api.notebooks.waitForDeletion(nb.id);
      }
      assert.equal(row(shown, `notebook/${gone.id}`), undefined, 'the one deleted behind its back is gone from the view');
      const left = (await api.notebooks.listAll()).map((nb) => nb.name);
      assert.ok(!left.some((name) => name.startsWith('lc-nb-')), `left on the platform: ${left.join(', ')}`);
    });
  });

  describe('training jobs', () => {
    const jobs: TrainingJob[] = [];
    let ended: TrainingJob;

    async function createJob(name: string, command: string): Promise<TrainingJob> {
      const engine = (await api.trainingJobs.engines())[0];
      assert.ok(engine, 'local mode has no engine');
      return api.trainingJobs.create({
        kind: 'job',
        metadata: { name, description: 'lifecycle test' },
        algorithm: { command, engine: { engine_id: engine.engine_id } },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      });
    }

    before(async function () {
      this.timeout(120_000);
      // The ended one first: local mode runs two jobs of this flavor at a time, and the other two run until stopped.
      ended = await createJob('lc-job-done', 'echo done');
      ended = await api.trainingJobs.waitFor(ended.metadata.id, ['Completed', 'Failed']);
      for (const name of ['lc-job-1', 'lc-job-2']) jobs.push(await createJob(name, 'sleep 600'));
      for (const [i, job] of jobs.entries()) jobs[i] = await api.trainingJobs.waitFor(job.metadata.id, ['Running']);
    });

    it('Stop on three selected, one already ended: reports that one, stops the others, and the view shows them stopping', async function () {
      this.timeout(60_000);
      const nodes = [...jobs, ended].map(jobNode);
      let outcome: BulkOutcome | undefined;
      const shown = await shownAfter(ViewIds.trainingJobs, 2, async () => {
        outcome = await vscode.commands.executeCommand<BulkOutcome>('modelarts.trainingJobs.stop', nodes[0], nodes, { confirmed: true });
      });
      assert.ok(outcome, 'Stop returned no outcome: see the error it showed');
      assert.deepEqual(outcome.done, ['lc-job-1', 'lc-job-2']);
      assert.deepEqual(
        outcome.failed.map((f) => f.target),
        ['lc-job-done'],
      );
      assert.match(
        outcome.message ?? '',
        /^Could not stop lc-job-done: Training job lc-job-done has already ended .* \(ModelArts\.2796, request [0-9a-f]+\)$/,
      );

      for (const job of jobs) {
        const shownAs = row(shown, `job/${job.metadata.id}`)?.contextValue ?? 'missing';
        assert.match(shownAs, /^trainingJob\.(terminating|terminated)$/, `${job.metadata.name} in the view`);
        assert.equal((await api.trainingJobs.waitFor(job.metadata.id, ['Terminated'])).status.phase, 'Terminated');
      }
    });

    it('Delete on three selected, one deleted behind the view’s back: reports that one, deletes the others, and the view drops them', async function () {
      this.timeout(60_000);
      await api.trainingJobs.delete(ended.metadata.id);
      const nodes = [...jobs, ended].map(jobNode);
      let outcome: BulkOutcome | undefined;
      const shown = await shownAfter(ViewIds.trainingJobs, 2, async () => {
        outcome = await vscode.commands.executeCommand<BulkOutcome>('modelarts.trainingJobs.delete', nodes[2], nodes, { confirmed: true });
      });
      assert.ok(outcome, 'Delete returned no outcome: see the error it showed');
      assert.deepEqual(outcome.done, ['lc-job-1', 'lc-job-2']);
      assert.deepEqual(
        outcome.failed.map((f) => f.target),
        ['lc-job-done'],
      );
      for (const job of [...jobs, ended]) assert.equal(row(shown, `job/${job.metadata.id}`), undefined, `${job.metadata.name} still shown`);
      const left: string[] = [];
      for await (const job of api.trainingJobs.search({ name: 'lc-job' })) left.push(job.metadata.name);
      assert.deepEqual(left, [], 'the jobs are gone from the platform');
    });
  });
});
