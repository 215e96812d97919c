import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../../esbuild.mjs';
import { signRequest } from '../../../extension/core/api/signer';
import { repoRoot } from '../../helpers/repo';

/** The built CLI, run as a user would: `node dist/cli.js local start|status|stop`. */
function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('cli: modelarts local start | status | stop', function () {
  this.timeout(120_000);
  let dataDir: string;
  before(async () => {
    await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-cli-local-'));
  });
  after(() => {
    cli(['local', 'stop', '--data', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('status exits 1 when no daemon runs', () => {
    const { code, err } = cli(['local', 'status', '--data', dataDir]);
    assert.equal(code, 1);
    assert.match(err, /no daemon runs/);
  });

  it('start prints one JSON object, detaches, and is idempotent', async () => {
    const first = cli(['local', 'start', '--data', dataDir]);
    assert.equal(first.code, 0, first.err);
    const discovery = JSON.parse(first.out) as Record<string, string | number>;
    assert.deepEqual(Object.keys(discovery).sort(), ['ak', 'data_dir', 'endpoint', 'pid', 'project_id', 's3_endpoint', 'sk']);
    assert.equal(discovery.data_dir, dataDir);
    assert.match(String(discovery.endpoint), /^http:\/\/127\.0\.0\.1:\d+$/);
    const again = cli(['local', 'start', '--data', dataDir]);
    assert.equal(JSON.parse(again.out).pid, discovery.pid, 'a second start finds the running daemon');
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(dataDir, 'credentials.json')).mode & 0o777, 0o600);
    assert.equal(statSync(path.join(dataDir, 'daemon.json')).mode & 0o777, 0o600);

    const url = new URL(`/v1/${discovery.project_id}/workspaces`, String(discovery.endpoint));
    const headers = signRequest(
      { method: 'GET', path: url.pathname, query: [], headers: { Host: url.host }, body: '' },
      { ak: String(discovery.ak), sk: String(discovery.sk) },
    );
    const res = await fetch(url, { headers });
    assert.equal(res.status, 200);
  });

  it('status prints the same object while it runs; MODELARTS_LOCAL_HOME picks the data dir', () => {
    const byFlag = cli(['local', 'status', '--data', dataDir]);
    const byEnv = cli(['local', 'status'], { MODELARTS_LOCAL_HOME: dataDir });
    assert.equal(byFlag.code, 0);
    assert.deepEqual(JSON.parse(byEnv.out), JSON.parse(byFlag.out));
  });

  it('stop ends it; status then exits 1', () => {
    const pid = JSON.parse(cli(['local', 'status', '--data', dataDir]).out).pid as number;
    assert.equal(cli(['local', 'stop', '--data', dataDir]).code, 0);
    assert.equal(cli(['local', 'status', '--data', dataDir]).code, 1);
    assert.throws(() => process.kill(pid, 0), 'the daemon process is gone');
  });
});
