import assert from 'node:assert/strict';
import { createPlatformClient, localPlatformConfig } from '../../../../extension/core/api/client';
import { describeError, errorForLog } from '../../../../extension/core/api/errorText';
import { ModelArtsApi } from '../../../../extension/core/api/resources/modelArtsApi';
import type { TrainingJobCreateRequest } from '../../../../extension/core/api/resources/trainingJobTypes';
import { type Live, rejection, startLive } from './resources/liveHarness';

const job = (engine: TrainingJobCreateRequest['algorithm']['engine'], flavorId = 'modelarts.vm.cpu.2u'): TrainingJobCreateRequest => ({
  metadata: { name: 'errors-job' },
  algorithm: { command: 'true', engine },
  spec: { resource: { flavor_id: flavorId, node_count: 1 } },
});

/**
 * The one formatter the editor and the CLI share, on errors the real local daemon answers: what
 * went wrong first, the platform's own hint, advice that fits the error and the surface, and the
 * code and request id last.
 */
describe('core/api/errorText against the local daemon (live)', function () {
  this.timeout(60_000);
  let live: Live;
  before(async () => (live = await startLive()));
  after(async () => live?.close());

  it('a bad engine: the platform’s hint reaches the user, and the advice names the field, not a vanished resource', async () => {
    const err = await rejection(live.api.trainingJobs.create(job({ engine_name: 'PyTorch', engine_version: '9.9' })));
    const cli = describeError(err, { surface: 'cli' }).split('\n  ');
    assert.equal(cli[0], 'Engine PyTorch 9.9 does not exist in local mode.', 'what went wrong comes first');
    assert.ok(cli.includes('List engines with GET /v2/{project_id}/training-job-engines, or give a registered image.'), cli.join('\n'));
    assert.ok(cli.includes('Set algorithm.engine in the spec to a value that `modelarts job engines` lists.'), cli.join('\n'));
    assert.match(cli[cli.length - 1] ?? '', /^\(ModelArts\.2780, request [0-9a-f]{32}\)$/, 'code and request id come last');
    const editor = describeError(err, { surface: 'editor' });
    for (const text of [cli.join(' '), editor]) {
      assert.doesNotMatch(text, /no longer exists|Refresh the view/);
      assert.doesNotMatch(text, /^POST|training-jobs failed/);
    }
    assert.match(
      editor,
      /Set algorithm\.engine in the spec to an engine the platform offers: run “Show Training Engines” from the Command Palette\./,
    );
    assert.match(errorForLog(err), /\(ModelArts\.2780; HTTP 400 from POST \/v2\/[0-9a-f]+\/training-jobs; request [0-9a-f]{32}\)/);
  });

  it('a bad flavor names spec.resource.flavor_id and how to list flavors', async () => {
    const err = await rejection(
      live.api.trainingJobs.create(job({ engine_name: 'PyTorch', engine_version: '1.8' }, 'modelarts.vm.gpu.huge')),
    );
    const cli = describeError(err, { surface: 'cli' });
    assert.match(cli, /^Flavor modelarts\.vm\.gpu\.huge does not exist in local mode\./);
    assert.match(cli, /Set spec\.resource\.flavor_id in the spec to a value that `modelarts job flavors` lists\./);
    assert.doesNotMatch(cli, /no longer exists/);
    assert.match(describeError(err, { surface: 'editor' }), /run “Show Training Flavors” from the Command Palette/);
  });

  it('a resource that is not there: the CLI names the command that lists them, the editor the view', async () => {
    const err = await rejection(live.api.notebooks.get('0123456789abcdef0123456789abcdef'));
    const cli = describeError(err, { surface: 'cli' });
    assert.match(cli, /no longer exists.*`modelarts notebook list` shows what there is\./);
    assert.doesNotMatch(cli, /Refresh the view/);
    assert.match(describeError(err, { surface: 'editor' }), /no longer exists.*Refresh the view\./);
    const jobErr = await rejection(live.api.trainingJobs.get('0123456789abcdef0123456789abcdef'));
    assert.match(describeError(jobErr, { surface: 'cli' }), /`modelarts job list` shows what there is/);
  });

  it('no platform listening: the CLI says which command starts local mode, the editor which action', async () => {
    const client = createPlatformClient({
      ...localPlatformConfig({ ...live.td.daemon.discovery, endpoint: 'http://127.0.0.1:1' }),
      proxy: {},
    });
    try {
      const err = await rejection(new ModelArtsApi(client).workspaces.get('0'));
      assert.match(describeError(err, { surface: 'cli' }), /run `modelarts local start`/);
      assert.match(describeError(err, { surface: 'editor' }), /run ModelArts: Start Local Mode/);
    } finally {
      client.close();
    }
  });
});
