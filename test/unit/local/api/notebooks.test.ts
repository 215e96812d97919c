import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPair } from '../../../../extension/core/ssh/keys';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { ensureCommand } from '../../../helpers/peers';

/** Polls the notebook until `status` (failing fast on ERROR); no timing is asserted. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in tests
async function waitFor(d: TestDaemon, id: string, status: string): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await d.call('GET', `/v1/{p}/notebooks/${id}`);
    if (res.json.status === status) return res.json;
    if (/ERROR|FAILED/.test(res.json.status) && status !== res.json.status) throw new Error(`notebook failed: ${res.json.fail_reason}`);
    if (Date.now() > deadline) throw new Error(`notebook ${id} stayed ${res.json.status}, wanted ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('local daemon: notebooks with their own SSH server (OpenSSH as the peer)', function () {
  this.timeout(90_000);
  let d: TestDaemon;
  let keyDir: string;
  let keyFile: string;
  let imageId: string;
  const pair = generateKeyPair('tester@laptop');

  /**
   * Runs OpenSSH against the notebook, pinning `hostKeyLine` as its known host. Asynchronously:
   * the daemon, and so the SSH server, runs in this process.
   */
  function ssh(port: number, hostKeyLine: string, command: string): Promise<{ status: number; stdout: string; stderr: string }> {
    const knownHosts = path.join(keyDir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKeyLine}\n`);
    const args = [
      '-F',
      '/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${knownHosts}`,
      '-i',
      keyFile,
      '-p',
      String(port),
      'ma-user@127.0.0.1',
      command,
    ];
    return new Promise((resolve) => {
      execFile('ssh', args, { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
        resolve({ status: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  before(async () => {
    ensureCommand('ssh', 'openssh-client');
    d = await startTestDaemon();
    keyDir = mkdtempSync(path.join(os.tmpdir(), 'ma-nb-key-'));
    keyFile = path.join(keyDir, 'id_ed25519');
    writeFileSync(keyFile, pair.privateKey, { mode: 0o600 });
    assert.equal((await d.call('POST', '/v3/{p}/keypairs', { keypair: { name: 'laptop', public_key: pair.publicKey } })).status, 200);
    const images = await d.call('GET', '/v1/{p}/images?name=conda3-ubuntu18.04&name_fuzzy_match=false');
    imageId = images.json.data[0].id;
  });
  after(async () => {
    await d.stop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  let id: string;
  let hostKeyLine: string;

  it('creates a notebook that starts by itself and reaches RUNNING with an SSH endpoint', async () => {
    const created = await d.call('POST', '/v1/{p}/notebooks', {
      name: 'nb-ssh',
      flavor: 'modelarts.vm.cpu.2u',
      image_id: imageId,
      volume: { category: 'EVS', ownership: 'MANAGED', capacity: 5 },
      endpoints: [{ service: 'SSH', key_pair_names: ['laptop'] }],
      lease: { duration: 3_600_000, type: 'TIMING' },
    });
    assert.equal(created.status, 200);
    assert.equal(created.json.status, 'CREATING');
    id = created.json.id;
    const running = await waitFor(d, id, 'RUNNING');
    assert.match(running.endpoints[0].uri, /^ssh:\/\/ma-user@127\.0\.0\.1:\d+$/);
    assert.match(running.endpoints[0].host_key_fingerprint, /^SHA256:/);
    const listed = await d.call('GET', '/v1/{p}/notebooks?status=RUNNING');
    assert.equal(listed.json.total, 1);
    assert.equal(listed.json.data[0].id, id);
  });

  it('accepts OpenSSH with the registered key and runs commands in /home/ma-user/work', async () => {
    const nb = (await d.call('GET', `/v1/{p}/notebooks/${id}`)).json;
    const port = Number(nb.endpoints[0].uri.split(':').pop());
    const hostKeyFile = path.join(d.dataDir, 'notebooks', id, 'ssh_host_ed25519_key');
    hostKeyLine = spawnSync('ssh-keygen', ['-y', '-f', hostKeyFile], { encoding: 'utf8' }).stdout.trim();
    const result = await ssh(port, hostKeyLine, 'pwd; echo "$NOTEBOOK_ID"');
    assert.equal(result.status, 0, result.stderr);
    const [cwd, notebookId] = result.stdout.trim().split('\n');
    assert.equal(cwd, path.join(d.dataDir, 'notebooks', id, 'home', 'work'));
    assert.equal(notebookId, id);
  });

  it('says what the notebook really runs: the Python and the user its shell has, host network, no sandbox', async () => {
    const nb = (await d.call('GET', `/v1/{p}/notebooks/${id}`)).json;
    const runtime = nb.local_runtime;
    assert.equal(runtime.network, 'host');
    assert.equal(runtime.sandbox, 'none');
    const port = Number(nb.endpoints[0].uri.split(':').pop());
    const inside = await ssh(port, hostKeyLine, 'python3 --version 2>&1 || true; id -un');
    assert.equal(inside.status, 0, inside.stderr);
    const lines = inside.stdout.trim().split('\n');
    const user = lines.pop();
    assert.equal(runtime.user, user, 'the account the notebook’s processes run as');
    const python = lines.join('\n');
    assert.equal(runtime.python, /^Python \d/.test(python) ? python : '', 'what python3 --version prints inside it');
    // The image a notebook is made from says the same: in local mode it is only a label.
    const image = (await d.call('GET', `/v1/{p}/images/${imageId}`)).json;
    assert.deepEqual(image.local_runtime, runtime);
    const listed = await d.call('GET', '/v1/{p}/images?limit=1');
    assert.deepEqual(listed.json.data[0].local_runtime, runtime);
  });

  it('stops, starts again with the same pinned host key, and renews its lease', async () => {
    assert.equal((await d.call('POST', `/v1/{p}/notebooks/${id}/stop`)).json.status, 'STOPPING');
    await waitFor(d, id, 'STOPPED');
    const again = await d.call('POST', `/v1/{p}/notebooks/${id}/stop`);
    assert.equal(again.json.error_code, 'ModelArts.6307');
    const startedRes = await d.call('POST', `/v1/{p}/notebooks/${id}/start?duration=7200000`);
    assert.equal(startedRes.json.status, 'STARTING');
    const running = await waitFor(d, id, 'RUNNING');
    assert.equal(running.lease.duration, 7_200_000);
    const port = Number(running.endpoints[0].uri.split(':').pop());
    const result = await ssh(port, hostKeyLine, 'echo same-host-key');
    assert.equal(result.status, 0, `strict host key checking failed after restart: ${result.stderr}`);
    const renewed = await d.call('PATCH', `/v1/{p}/notebooks/${id}/lease`, { duration: 10_800_000 });
    assert.equal(renewed.json.duration, 10_800_000);
    assert.equal((await d.call('GET', `/v1/{p}/notebooks/${id}/lease`)).json.duration, 10_800_000);
  });

  it('stop also ends processes an earlier daemon process started for it (found by the notebook tag)', async () => {
    // What a daemon killed with -9 leaves behind: a process started through the notebook's SSH
    // server, carrying the notebook's tag, that the current daemon never started itself.
    const { spawn } = await import('node:child_process');
    const orphan = spawn('sleep', ['1000'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, MA_NOTEBOOK_SSH_TAG: `notebook-${id}` },
    });
    const pid = orphan.pid as number;
    orphan.unref();
    assert.equal((await d.call('POST', `/v1/{p}/notebooks/${id}/stop`)).status, 200);
    await waitFor(d, id, 'STOPPED');
    const deadline = Date.now() + 10_000;
    const alive = () => spawnSync('sh', ['-c', `ps -o stat= -p ${pid} | grep -qv Z`]).status === 0;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alive(), false, 'the orphaned process was not ended');
    assert.equal((await d.call('POST', `/v1/{p}/notebooks/${id}/start`)).status, 200);
    await waitFor(d, id, 'RUNNING');
  });

  it('stops a notebook whose lease ran out while the daemon was down', async () => {
    const { readFileSync } = await import('node:fs');
    // Four hours pass while the daemon is down: the lease began long enough ago to have expired.
    // (The record is edited on disk, then the daemon restarts and loads it.)
    const file = path.join(d.dataDir, 'state', 'notebooks', `${id}.json`);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    record.lease.create_at -= 4 * 3_600_000;
    writeFileSync(file, JSON.stringify(record));
    await d.restart();
    await waitFor(d, id, 'STOPPED');
    assert.equal((await d.call('POST', `/v1/{p}/notebooks/${id}/start`)).status, 200);
    await waitFor(d, id, 'RUNNING');
  });

  it('rejects bad input with ModelArts codes and creates nothing', async () => {
    const before = (await d.call('GET', '/v1/{p}/notebooks')).json.total;
    const base = { name: 'nb-bad', flavor: 'modelarts.vm.cpu.2u', image_id: imageId };
    const cases: [unknown, string][] = [
      [{ ...base, name: '../x' }, 'ModelArts.0104'],
      [{ ...base, flavor: 'modelarts.bm.gpu.v100' }, 'ModelArts.6323'],
      [{ ...base, image_id: 'nope' }, 'ModelArts.6797'],
      [{ ...base, endpoints: [{ service: 'SSH', key_pair_names: ['missing'] }] }, 'ModelArts.6789'],
      [{ ...base, lease: { duration: 60_000 } }, 'ModelArts.6349'],
      [{ ...base, workspace_id: 'nope' }, 'ModelArts.0102'],
    ];
    for (const [body, code] of cases) {
      const res = await d.call('POST', '/v1/{p}/notebooks', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error_code, code, JSON.stringify(res.json));
    }
    assert.equal((await d.call('GET', '/v1/{p}/notebooks')).json.total, before);
    assert.equal((await d.call('GET', '/v1/{p}/notebooks/00000000-0000-0000-0000-000000000000')).json.error_code, 'ModelArts.6309');
  });

  it('refuses to delete a key pair a notebook uses', async () => {
    assert.equal((await d.call('DELETE', '/v3/{p}/keypairs/laptop')).status, 409);
  });

  it('deletes a running notebook, its files and its SSH server', async () => {
    assert.equal((await d.call('DELETE', `/v1/{p}/notebooks/${id}`)).json.status, 'DELETING');
    const deadline = Date.now() + 30_000;
    while ((await d.call('GET', `/v1/{p}/notebooks/${id}`)).status === 200 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal((await d.call('GET', `/v1/{p}/notebooks/${id}`)).json.error_code, 'ModelArts.6309');
    assert.equal(spawnSync('test', ['-e', path.join(d.dataDir, 'notebooks', id)]).status, 1);
  });
});
