import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createPlatformClient, type PlatformClient } from '../../../../../extension/core/api/client';
import { isPlatformError } from '../../../../../extension/core/api/errors';
import { WaitFailedError } from '../../../../../extension/core/api/resources/common';
import { ModelArtsApi } from '../../../../../extension/core/api/resources/modelArtsApi';
import { isNotebookNotFound, type Notebook } from '../../../../../extension/core/api/resources/notebooks';
import { type Fixture, json, type SeenRequest, startFixture } from '../fixtureServer';
import { rejection } from './liveHarness';

const project = 'f2d4c8e0a1b24c6e9d7f3a5b6c8d0e1f';

/** A notebook as the cloud's NotebookResp example has it: fields local mode never sends. */
function cloudNotebook(id: string, status: string, extra: Partial<Notebook> = {}) {
  return {
    id,
    name: `nb-${id}`,
    status,
    flavor: 'modelarts.bm.gpu.v100NV32',
    feature: 'NOTEBOOK',
    image: {
      id: 'img-1',
      name: 'pytorch1.8',
      namespace: 'atelier',
      tag: 't',
      swr_path: 'swr.cn-north-4.myhuaweicloud.com/atelier/pytorch:t',
      arch: 'X86_64',
      type: 'BUILD_IN',
      service_type: 'COMMON',
      dev_services: ['NOTEBOOK', 'SSH', 'AI_FLOW'],
      resource_categories: ['GPU', 'CPU'],
      status: 'ACTIVE',
    },
    lease: { create_at: 1, duration: 3_600_000, enable: true, type: 'timing', update_at: 1 },
    endpoints: [{ service: 'SSH', uri: '192.168.0.12', key_pair_names: ['KeyPair-abc'], allowed_access_ips: [] }],
    action_progress: [{ step: 1, status: 'COMPLETED', description: 'prepare storage' }],
    pool: { id: 'pool-1', name: 'public' },
    billing_items: ['STORAGE', 'COMPUTE'],
    user: { id: 'u1', name: 'alice', domain: { id: 'd1', name: 'corp' } },
    url: `https://authoring-modelarts-cnnorth4.huaweicloud.com/${id}/lab`,
    ...extra,
  };
}

function route(req: SeenRequest, res: ServerResponse): void {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname.replace(`/${project}/`, '/{p}/');
  const key = `${req.method} ${p}`;
  if (key === 'GET /v1/{p}/notebooks') {
    // Cloud pages: offset counts records, `current` is the page index.
    const offset = Number(url.searchParams.get('offset'));
    const all = [cloudNotebook('a', 'RUNNING'), cloudNotebook('b', 'STOPPED'), cloudNotebook('c', 'FROZEN')];
    const limit = Number(url.searchParams.get('limit'));
    return json(res, 200, {
      current: Math.floor(offset / limit),
      data: all.slice(offset, offset + limit),
      pages: Math.ceil(all.length / limit),
      size: limit,
      total: all.length,
    });
  }
  if (key === 'GET /v1/{p}/notebooks/gone')
    return json(res, 400, { error_code: 'ModelArts.6309', error_msg: 'The instance does not exist.' });
  if (key === 'GET /v1/{p}/notebooks/broken') {
    const tries = failingPolls++;
    return json(
      res,
      200,
      cloudNotebook(
        'broken',
        tries < 1 ? 'STARTING' : 'ERROR',
        tries < 1 ? {} : { fail_reason: 'Insufficient GPU resources in the pool.' },
      ),
    );
  }
  if (key === 'PATCH /v1/{p}/notebooks/a/lease') {
    res.writeHead(204, { 'X-Request-Id': 'req-fixture' });
    return void res.end();
  }
  if (key === 'GET /v1/{p}/notebooks/a/lease')
    return json(res, 200, { create_at: 5, duration: 7_200_000, enable: true, type: 'TIMING', update_at: 5 });
  if (key === 'POST /v2/{p}/training-job-searches') {
    const body = JSON.parse(req.body) as { offset: number; limit: number };
    const all = Array.from({ length: 5 }, (_, i) => ({
      kind: 'job',
      metadata: { id: `job-${i}`, name: `j${i}`, create_time: i },
      status: { phase: 'Completed', tasks: ['worker-0'] },
      algorithm: {},
      spec: { resource: { flavor_id: 'f', node_count: 1 } },
    }));
    // `total` is all of the user's jobs (say 42), `count` those matching; offset is a page index.
    return json(res, 200, {
      total: 42,
      count: all.length,
      limit: body.limit,
      offset: body.offset,
      items: all.slice(body.offset * body.limit, body.offset * body.limit + body.limit),
    });
  }
  if (key === 'GET /v2/{p}/training-jobs/job-0/events')
    return json(res, 200, { total: 2, limit: 100, offset: 0, events: ['Job created.', 'Job completed.'] });
  if (key === 'POST /v2/{p}/training-jobs/job-0/actions') {
    res.writeHead(204);
    return void res.end();
  }
  if (p.startsWith('/v1/{p}/notebooks/'))
    return json(res, 200, cloudNotebook(decodeURIComponent(p.slice('/v1/{p}/notebooks/'.length)), 'RUNNING'));
  json(res, 404, { error_code: 'APIG.0101', error_msg: `No route ${key}` });
}

let failingPolls = 0;

describe('core/api/resources against cloud-shaped answers (fixture)', () => {
  let fixture: Fixture;
  let client: PlatformClient;
  let api: ModelArtsApi;

  before(async () => {
    fixture = await startFixture((req, res) => route(req, res));
    client = createPlatformClient({
      region: 'cn-north-4',
      endpoints: { modelarts: fixture.url, obs: fixture.url, iam: fixture.url },
      credentials: { kind: 'aksk', ak: 'FIXTUREAKFIXTUREAK12', sk: 'fixture-secret-key-0123456789' },
      projectId: project,
      proxy: {},
    });
    api = new ModelArtsApi(client);
  });
  after(async () => {
    client?.close();
    await fixture?.close();
  });
  beforeEach(() => {
    fixture.requests.length = 0;
  });

  it('notebook list pages {current, data, pages, size, total} and keeps cloud-only fields', async () => {
    const all = await api.notebooks.listAll({ pageSize: 2, workspaceId: '0' });
    assert.deepEqual(
      all.map((n) => n.id),
      ['a', 'b', 'c'],
    );
    assert.equal(fixture.requests.length, 2);
    assert.match(fixture.requests[0]!.url, new RegExp(`^/v1/${project}/notebooks\\?`));
    assert.match(fixture.requests[0]!.url, /workspace_id=0/);
    const a = all[0]!;
    assert.equal(a.pool?.name, 'public');
    assert.deepEqual(a.billing_items, ['STORAGE', 'COMPUTE']);
    assert.equal(a.user?.domain?.name, 'corp');
    assert.equal(a.lease?.type, 'timing');
    assert.equal(all[2]!.status, 'FROZEN');
    // Requests are signed as the gateway expects.
    assert.match(String(fixture.requests[0]!.headers.authorization), /^SDK-HMAC-SHA256 Access=FIXTUREAKFIXTUREAK12,/);
  });

  it('a missing notebook: HTTP 400 ModelArts.6309 becomes a PlatformError with the not-found hint', async () => {
    const err = await rejection(api.notebooks.get('gone'));
    assert.ok(isPlatformError(err), String(err));
    assert.equal(err.status, 400);
    assert.equal(err.errorCode, 'ModelArts.6309');
    assert.equal(err.errorMsg, 'The instance does not exist.');
    assert.match(err.hint ?? '', /no longer exists/);
    assert.ok(isNotebookNotFound(err));
    // and waitForDeletion takes it as "deleted".
    await api.notebooks.waitForDeletion('gone', { pollMs: 10 });
  });

  it('waitFor fails with the notebook fail_reason on ERROR', async () => {
    failingPolls = 0;
    const err = await rejection(api.notebooks.waitFor('broken', 'RUNNING', { pollMs: 10 }));
    assert.ok(err instanceof WaitFailedError, String(err));
    assert.equal(err.state, 'ERROR');
    assert.equal(err.reason, 'Insufficient GPU resources in the pool.');
    assert.match(err.message, /Insufficient GPU resources/);
    // Asking for ERROR on purpose is a normal wait.
    failingPolls = 0;
    assert.equal((await api.notebooks.waitFor('broken', ['ERROR'], { pollMs: 10 })).status, 'ERROR');
  });

  it('path parameters are encoded; a lease renewal answered 204 reads the lease back', async () => {
    const nb = await api.notebooks.get('we/ird id');
    assert.equal(nb.id, 'we/ird id');
    assert.equal(fixture.requests[0]!.url, `/v1/${project}/notebooks/we%2Fird%20id`);
    const lease = await api.notebooks.renewLease('a', 7_200_000);
    assert.equal(lease.duration, 7_200_000);
    assert.deepEqual(
      fixture.requests.slice(1).map((r) => r.method),
      ['PATCH', 'GET'],
    );
    assert.deepEqual(JSON.parse(fixture.requests[1]!.body), { duration: 7_200_000 });
  });

  it('training search pages by page index and stops at `count`, not `total`', async () => {
    const names: string[] = [];
    for await (const job of api.trainingJobs.search({ pageSize: 2, phases: ['Completed'] })) names.push(job.metadata.name);
    assert.deepEqual(names, ['j0', 'j1', 'j2', 'j3', 'j4']);
    const bodies = fixture.requests.map((r) => JSON.parse(r.body) as { offset: number; limit: number; filters: unknown });
    assert.deepEqual(
      bodies.map((b) => b.offset),
      [0, 1, 2],
    );
    assert.deepEqual(bodies[0]!.filters, [{ key: 'phase', operator: 'in', value: ['Completed'] }]);
  });

  it('events documented as strings come through as strings', async () => {
    assert.deepEqual(await api.trainingJobs.events('job-0'), ['Job created.', 'Job completed.']);
  });

  it('a success code the API does not document for the call is reported, not half-parsed', async () => {
    const err = await rejection(api.trainingJobs.terminate('job-0'));
    assert.ok(isPlatformError(err), String(err));
    assert.equal(err.kind, 'response');
    assert.equal(err.errorCode, 'UnexpectedResponse');
    assert.match(err.message, /HTTP 204; expected 202 or 200/);
  });
});
