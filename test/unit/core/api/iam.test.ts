import assert from 'node:assert/strict';
import { createPlatformClient } from '../../../../extension/core/api/client';
import { PlatformError } from '../../../../extension/core/api/errors';
import { IamClient, IamTokenAuthenticator } from '../../../../extension/core/api/iam';
import { SignatureChecker } from '../../../../extension/local/http/signatureCheck';
import { type Fixture, type SeenRequest, json, startFixture } from './fixtureServer';

const password = { kind: 'password' as const, userName: 'alice', password: 'pa55-word!', domainName: 'acme' };
const aksk = { kind: 'aksk' as const, ak: 'AKIAMFIXTURE00000001', sk: 'iam-fixture-secret' };
const hour = 3600_000;

/** An IAM + ModelArts fixture: tokens numbered tok-1, tok-2…, expiring at `expiresAt()`; one project per region. */
async function startIam(
  expiresAt: () => number,
  opts: { rejectToken?: string } = {},
): Promise<Fixture & { tokensIssued: () => number; projectLookups: () => SeenRequest[] }> {
  let issued = 0;
  const f = await startFixture((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/v3/auth/tokens') {
      const body = JSON.parse(req.body);
      assert.deepEqual(body.auth.identity.methods, ['password']);
      assert.equal(body.auth.identity.password.user.domain.name, 'acme');
      if (body.auth.identity.password.user.password !== password.password)
        return json(res, 401, { error: { code: 'IAM.0004', message: 'The username or password is wrong.' } });
      issued++;
      const project = body.auth.scope.project.name;
      return json(
        res,
        201,
        { token: { expires_at: new Date(expiresAt()).toISOString(), project: { id: `pid-${project}`, name: project } } },
        { 'X-Subject-Token': `tok-${issued}` },
      );
    }
    if (req.method === 'GET' && url.pathname === '/v3/projects') {
      const [rawPath, rawQuery = ''] = req.url.split('?') as [string, string?];
      new SignatureChecker(aksk).verify({ method: req.method, rawPath, rawQuery, headers: req.headers, body: Buffer.alloc(0) });
      assert.equal(req.headers['x-project-id'], undefined);
      const name = url.searchParams.get('name');
      return json(res, 200, { projects: name === 'cn-north-4' ? [{ id: 'pid-aksk', name, enabled: true }] : [] });
    }
    if (url.pathname.startsWith('/v1/')) {
      if (opts.rejectToken !== undefined && req.headers['x-auth-token'] === opts.rejectToken)
        return json(res, 401, { error_code: 'ModelArts.0202', error_msg: 'The token expired.' });
      return json(res, 200, { path: url.pathname, token: req.headers['x-auth-token'] ?? null, projectHeader: req.headers['x-project-id'] });
    }
    json(res, 404, { error_code: 'ModelArts.0404', error_msg: 'no route' });
  });
  return Object.assign(f, { tokensIssued: () => issued, projectLookups: () => f.requests.filter((r) => r.url.startsWith('/v3/projects')) });
}

describe('core/api/iam', () => {
  let fixture: Awaited<ReturnType<typeof startIam>> | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('password → 201 + X-Subject-Token; cached until shortly before expiry, then refreshed', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    fixture = await startIam(() => now + 24 * hour);
    const iam = new IamClient({ endpoint: fixture.url, proxy: {} });
    try {
      const auth = new IamTokenAuthenticator(iam, password, { projectName: 'cn-north-4', now: () => now });
      const first = await auth.token();
      assert.equal(first.token, 'tok-1');
      assert.equal(first.projectId, 'pid-cn-north-4');
      assert.equal(first.expiresAt, now + 24 * hour);
      now += 23 * hour;
      assert.equal((await auth.token()).token, 'tok-1');
      assert.equal(fixture.tokensIssued(), 1);
      now += 56 * 60_000; // 4 minutes before expiry: inside the 5-minute refresh margin
      assert.equal((await auth.token()).token, 'tok-2');
      assert.equal(fixture.tokensIssued(), 2);
      assert.deepEqual(await auth.authorize({ headers: { A: '1' } }), { A: '1', 'X-Auth-Token': 'tok-2' });
    } finally {
      iam.close();
    }
  });

  it('concurrent callers share one token request', async () => {
    fixture = await startIam(() => Date.now() + 24 * hour);
    const iam = new IamClient({ endpoint: fixture.url, proxy: {} });
    try {
      const auth = new IamTokenAuthenticator(iam, password, { projectName: 'cn-north-4' });
      const tokens = await Promise.all([auth.token(), auth.token(), auth.token()]);
      assert.deepEqual(
        tokens.map((t) => t.token),
        ['tok-1', 'tok-1', 'tok-1'],
      );
      assert.equal(fixture.tokensIssued(), 1);
    } finally {
      iam.close();
    }
  });

  it('a wrong password is a PlatformError from the nested IAM error body', async () => {
    fixture = await startIam(() => Date.now() + hour);
    const iam = new IamClient({ endpoint: fixture.url, proxy: {} });
    try {
      const err = await iam.createToken({ ...password, password: 'wrong-password' }, 'cn-north-4').catch((e: unknown) => e);
      assert.ok(err instanceof PlatformError);
      assert.equal(err.errorCode, 'IAM.0004');
      assert.ok(!err.message.includes('wrong-password'));
    } finally {
      iam.close();
    }
  });

  it('password profile: ModelArts calls carry X-Auth-Token, unsigned; the project id comes from the token scope', async () => {
    fixture = await startIam(() => Date.now() + 24 * hour);
    const p = createPlatformClient({
      region: 'cn-north-4',
      endpoints: { iam: fixture.url, modelarts: fixture.url },
      credentials: password,
      proxy: {},
    });
    try {
      const res = await p.modelarts.request<{ path: string; token: string; projectHeader: string }>({
        method: 'GET',
        path: '/v1/{project_id}/workspaces',
      });
      assert.deepEqual(res.body, { path: '/v1/pid-cn-north-4/workspaces', token: 'tok-1', projectHeader: 'pid-cn-north-4' });
      const modelartsCall = fixture.requests.find((r) => r.url.startsWith('/v1/'));
      assert.equal(modelartsCall?.headers.authorization, undefined);
      await p.modelarts.request({ method: 'GET', path: '/v1/{project_id}/notebooks' });
      assert.equal(fixture.tokensIssued(), 1);
      assert.equal(fixture.projectLookups().length, 0);
    } finally {
      p.close();
    }
  });

  it('a 401 with a cached token fetches a new one and retries once, even a POST', async () => {
    fixture = await startIam(() => Date.now() + 24 * hour, { rejectToken: 'tok-1' });
    const p = createPlatformClient({
      region: 'cn-north-4',
      endpoints: { iam: fixture.url, modelarts: fixture.url },
      credentials: password,
      proxy: {},
    });
    try {
      const res = await p.modelarts.request<{ token: string }>({
        method: 'POST',
        path: '/v1/{project_id}/workspaces',
        body: { name: 'x' },
      });
      assert.equal(res.body.token, 'tok-2');
      assert.equal(fixture.tokensIssued(), 2);
    } finally {
      p.close();
    }
  });

  it('AK/SK profile without a project id: GET /v3/projects?name={region}, signed, looked up once', async () => {
    fixture = await startIam(() => Date.now() + hour);
    const p = createPlatformClient({
      region: 'cn-north-4',
      endpoints: { iam: fixture.url, modelarts: fixture.url },
      credentials: aksk,
      proxy: {},
    });
    try {
      const [a, b] = await Promise.all([
        p.modelarts.request<{ path: string }>({ method: 'GET', path: '/v1/{project_id}/workspaces' }),
        p.modelarts.request<{ path: string }>({ method: 'GET', path: '/v1/{project_id}/images' }),
      ]);
      assert.equal(a.body.path, '/v1/pid-aksk/workspaces');
      assert.equal(b.body.path, '/v1/pid-aksk/images');
      await p.modelarts.request({ method: 'GET', path: '/v1/{project_id}/notebooks' });
      assert.equal(await p.projectId(), 'pid-aksk');
      assert.equal(fixture.projectLookups().length, 1);
      assert.equal(fixture.projectLookups()[0]?.url, '/v3/projects?name=cn-north-4');
    } finally {
      p.close();
    }
  });

  it('a region without a project fails with a hint, and is not cached as a failure', async () => {
    fixture = await startIam(() => Date.now() + hour);
    const p = createPlatformClient({
      region: 'eu-west-0',
      endpoints: { iam: fixture.url, modelarts: fixture.url, obs: fixture.url },
      credentials: aksk,
      proxy: {},
    });
    try {
      for (let i = 0; i < 2; i++) {
        const err = await p.projectId().catch((e: unknown) => e);
        assert.ok(err instanceof PlatformError);
        assert.match(err.hint ?? '', /region/);
      }
      assert.equal(fixture.projectLookups().length, 2);
    } finally {
      p.close();
    }
  });
});
