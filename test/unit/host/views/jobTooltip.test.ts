import assert from 'node:assert/strict';
import type { TrainingJob, TrainingJobCreateRequest } from '../../../../extension/core/api/resources/trainingJobTypes';
import { english } from '../../../../extension/core/util/translate';
import { describeJobsNode } from '../../../../extension/host/views/trainingJobs/describe';
import { type Live, startLive } from '../../core/api/resources/liveHarness';

const commandJob = (name: string, command: string): TrainingJobCreateRequest => ({
  metadata: { name },
  algorithm: { command, engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
  spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
});

/** The Training Jobs view's tooltip on jobs the real local daemon ran to their end. */
describe('host/views: a training job’s tooltip (local daemon)', function () {
  this.timeout(60_000);
  let live: Live;
  before(async () => (live = await startLive()));
  after(async () => live?.close());

  async function ran(name: string, command: string): Promise<TrainingJob> {
    const job = await live.api.trainingJobs.create(commandJob(name, command));
    return live.api.trainingJobs.waitFor(job.metadata.id, (j) => ['Completed', 'Failed', 'Abnormal'].includes(j.status.phase), {
      pollMs: 100,
    });
  }
  const tooltip = (job: TrainingJob) => describeJobsNode({ kind: 'job', job }, english).tooltip ?? '';

  it('a Completed job shows no warning: a clean exit is not news', async () => {
    const job = await ran('tooltip-ok', 'true');
    assert.equal(job.status.phase, 'Completed');
    assert.equal(job.status.task_statuses?.[0]?.exit_code, 0, 'the daemon reports the exit code');
    assert.doesNotMatch(tooltip(job), /⚠|Exit code/);
    // The name is platform text, escaped for Markdown (views/markdown.ts): its '-' comes backslashed.
    assert.match(tooltip(job), /\*\*tooltip\\-ok\*\* — Completed/);
  });

  it('a Failed job shows why, with the warning sign', async () => {
    const job = await ran('tooltip-bad', 'exit 3');
    assert.equal(job.status.phase, 'Failed');
    assert.match(tooltip(job), /⚠ Exit code 3/);
  });
});
