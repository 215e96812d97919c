import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotebookRuntime } from '../../../../extension/local/api/notebooks/runtime';
import { dataPaths, type Discovery } from '../../../../extension/local/dataDir';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { repoRoot } from '../../../helpers/repo';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in tests
async function notebookIn(d: TestDaemon, id: string, wanted: (status: string) => boolean): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await d.call('GET', `/v1/{p}/notebooks/${id}`);
    if (wanted(res.json.status as string)) return res.json;
    if (Date.now() > deadline) throw new Error(`notebook ${id} stayed ${res.json.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('local daemon: background work that fails', function () {
  this.timeout(60_000);
  let d: TestDaemon;
  before(async () => {
    d = await startTestDaemon();
  });
  after(() => d?.stop());

  it('a notebook stop that rejects leaves ERROR with the reason, and the daemon goes on answering', async () => {
    const images = await d.call('GET', '/v1/{p}/images?limit=100');
    const image = (images.json.data as { id: string; dev_services: string[] }[]).find((i) => i.dev_services.includes('NOTEBOOK'));
    assert.ok(image);
    const created = await d.call('POST', '/v1/{p}/notebooks', {
      name: 'nb-fails-to-stop',
      flavor: 'modelarts.vm.cpu.2u',
      image_id: image.id,
    });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const id = created.json.id as string;
    await notebookIn(d, id, (s) => s === 'RUNNING');

    const realStop = NotebookRuntime.prototype.stop;
    NotebookRuntime.prototype.stop = () => Promise.reject(new Error('the disk went away'));
    try {
      const stopping = await d.call('POST', `/v1/{p}/notebooks/${id}/stop`);
      assert.equal(stopping.json.status, 'STOPPING');
      const failed = await notebookIn(d, id, (s) => s !== 'STOPPING');
      assert.equal(failed.status, 'ERROR');
      assert.match(failed.fail_reason as string, /Could not stop: the disk went away/);
      await d.daemon.idle();
      // Still serving: health, a list, and a new write.
      assert.equal((await fetch(new URL('/health', d.daemon.discovery.endpoint))).status, 200);
      assert.equal((await d.call('GET', '/v1/{p}/notebooks')).status, 200);
      assert.equal((await d.call('POST', '/v1/{p}/workspaces', { name: 'still-serving' })).status, 200);
    } finally {
      NotebookRuntime.prototype.stop = realStop;
    }
    // Once the cause is gone, the user can stop it again.
    assert.equal((await d.call('POST', `/v1/{p}/notebooks/${id}/stop`)).status, 200);
    await notebookIn(d, id, (s) => s === 'STOPPED');
    assert.ok(
      d.logs.some((l) => l.includes(`stop notebook ${id} failed: Error: the disk went away`)),
      'the failure is in the daemon log',
    );
  });
});

/** Starts the guarded daemon fixture in its own process (tsx) and waits for its discovery line. */
function startGuarded(dataDir: string, fault: string): Promise<{ child: ChildProcess; discovery: Discovery }> {
  // tsx as a loader in this one process (its CLI would run the script in a grandchild that outlives a kill).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'fixtures', 'guardedDaemon.ts'), dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MODELARTS_TEST_FAULT: fault },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, discovery: JSON.parse(line) as Discovery });
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code} before serving`)));
  });
}

describe('local daemon: process guards', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-guard-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const c of children) c.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('an unhandled rejection is logged and the daemon keeps serving', async () => {
    const dataDir = newDir();
    const { child, discovery } = await startGuarded(dataDir, 'rejection');
    children.push(child);
    const logFile = dataPaths(dataDir).log;
    const deadline = Date.now() + 20_000;
    while (!(existsSync(logFile) && readFileSync(logFile, 'utf8').includes('unhandled rejection, still serving'))) {
      if (Date.now() > deadline) throw new Error('the rejection was never logged');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(readFileSync(logFile, 'utf8'), /a stray rejection nobody awaited/);
    assert.equal((await fetch(new URL('/health', discovery.endpoint))).status, 200);
    assert.equal(child.exitCode, null);
  });

  it('an uncaught exception stops the daemon in order: discovery removed, exit code 70', async () => {
    const dataDir = newDir();
    const { child } = await startGuarded(dataDir, 'exception');
    children.push(child);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 70);
    assert.equal(existsSync(path.join(dataDir, 'daemon.json')), false, 'the discovery file is removed');
    assert.match(readFileSync(dataPaths(dataDir).log, 'utf8'), /uncaught exception, stopping: Error: a stray exception from a timer/);
  });
});
