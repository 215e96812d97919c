import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';
import type { Notebook } from '../../extension/core/api/resources/notebookTypes';
import { localApi } from './localApi';

const run = promisify(execFile);

/**
 * The SSH bridge from the packaged extension against a local notebook: Connect (starting a
 * stopped notebook, pinning its host key, writing the managed ssh config block that real OpenSSH
 * then uses), and the built-in ssh2 features: run a command, forward a port, sync a folder, a
 * terminal, and the doctor.
 */
describe('the SSH bridge, in the real extension host', () => {
  let api: ModelArtsApi;
  const userConfig = '# my own settings\r\nInclude ~/.ssh/extra.d/*\r\nHost github.com\r\n  User git\r\n';
  let notebook: Notebook;
  let configFile: string;
  const node = () => ({ kind: 'notebook', notebook });

  before(async function () {
    this.timeout(120_000);
    api = await localApi();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-it-ssh-'));
    configFile = path.join(dir, 'ssh_config');
    writeFileSync(configFile, userConfig);
    await vscode.workspace.getConfiguration('modelarts').update('ssh.configFile', configFile, vscode.ConfigurationTarget.Global);
    const keyFile = await vscode.commands.executeCommand<string>('modelarts.keyPairs.create', {
      name: 'it-bridge',
      location: 'extensionStorage',
    });
    assert.ok(keyFile && existsSync(keyFile), 'New Key Pair wrote no private key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal((await api.keyPairs.get('it-bridge')).name, 'it-bridge');
    const image = (await api.images.listAll({ chip: 'CPU', service: 'SSH' }))[0];
    assert.ok(image);
    const created = await api.notebooks.create({
      name: 'it-bridge-nb',
      flavor: 'modelarts.vm.cpu.2u',
      image_id: image.id,
      endpoints: [{ service: 'SSH', key_pair_names: ['it-bridge'] }],
    });
    await api.notebooks.waitFor(created.id, 'RUNNING');
    await api.notebooks.stop(created.id);
    notebook = await api.notebooks.waitFor(created.id, 'STOPPED');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('modelarts').update('ssh.configFile', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Connect starts the stopped notebook, pins its host key and writes a block real OpenSSH uses, keeping the user’s file', async function () {
    this.timeout(120_000);
    const result = await vscode.commands.executeCommand<{
      hostAlias: string;
      configFile: string;
      folder: string;
      opened: boolean;
    }>('modelarts.notebooks.connect', node());
    assert.ok(result, 'Connect returned nothing (see the log for its error)');
    notebook = await api.notebooks.get(notebook.id);
    assert.equal(notebook.status, 'RUNNING');
    assert.equal(result.configFile, configFile);
    assert.equal(result.opened, false, 'no Remote-SSH extension is installed here');
    const text = readFileSync(configFile, 'utf8');
    assert.ok(text.includes(userConfig.trimEnd()), 'the user’s own lines changed');
    assert.match(text, /StrictHostKeyChecking yes/);
    assert.match(text, new RegExp(`Host ${result.hostAlias}\\r\\n`), 'the CRLF file got LF lines');
    const { stdout } = await run(
      'ssh',
      ['-F', configFile, '-o', 'BatchMode=yes', result.hostAlias, 'echo hello from $NOTEBOOK_NAME; pwd'],
      { timeout: 60_000 },
    );
    assert.match(stdout, /hello from it-bridge-nb/);
    assert.equal(stdout.trim().split('\n').pop(), result.folder, 'the folder a remote window opens is where the notebook starts');
  });

  it('Run Command streams a command’s output and returns its exit code', async function () {
    this.timeout(60_000);
    const result = await vscode.commands.executeCommand<{ code: number; output: string }>(
      'modelarts.notebooks.runCommand',
      node(),
      'echo out-$NOTEBOOK_NAME; echo err >&2; exit 3',
    );
    assert.equal(result.code, 3);
    assert.match(result.output, /out-it-bridge-nb/);
    assert.match(result.output, /err/);
  });

  it('Forward Port carries HTTP from localhost to a port inside the notebook; Stop Forwarding closes it', async function () {
    this.timeout(60_000);
    const server = http.createServer((req, res) => res.end(`inside the notebook: ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const remotePort = (server.address() as AddressInfo).port;
    try {
      const forward = await vscode.commands.executeCommand<{
        id: string;
        localPort: number;
      }>('modelarts.notebooks.forwardPort', node(), { remotePort, label: 'web' });
      assert.ok(forward?.localPort, 'no forward came back');
      assert.equal(await (await fetch(`http://127.0.0.1:${forward.localPort}/x`)).text(), 'inside the notebook: /x');
      await vscode.commands.executeCommand('modelarts.notebooks.stopForward', { kind: 'forward', notebookId: notebook.id, forward });
      await assert.rejects(fetch(`http://127.0.0.1:${forward.localPort}/x`));
    } finally {
      server.close();
    }
  });

  it('Upload Folder syncs a folder into the notebook, honouring .gitignore; a second run copies nothing', async function () {
    this.timeout(60_000);
    const local = mkdtempSync(path.join(os.tmpdir(), 'ma-it-sync-'));
    mkdirSync(path.join(local, 'src'));
    writeFileSync(path.join(local, 'src', 'train.py'), 'print(1)\n');
    writeFileSync(path.join(local, 'big.ckpt'), 'weights');
    writeFileSync(path.join(local, '.gitignore'), '*.ckpt\n');
    const first = await vscode.commands.executeCommand<{ transferred: number; ignored: number }>(
      'modelarts.notebooks.uploadFolder',
      node(),
      {
        localDir: local,
        remoteDir: 'project',
      },
    );
    assert.equal(first.transferred, 2, 'train.py and .gitignore');
    assert.equal(first.ignored, 1);
    const listing = await vscode.commands.executeCommand<{
      output: string;
    }>('modelarts.notebooks.runCommand', node(), 'ls -a project project/src');
    assert.match(listing.output, /train\.py/);
    assert.doesNotMatch(listing.output, /big\.ckpt/);
    const second = await vscode.commands.executeCommand<{ transferred: number }>('modelarts.notebooks.uploadFolder', node(), {
      localDir: local,
      remoteDir: 'project',
    });
    assert.equal(second.transferred, 0);
  });

  it('Open Terminal opens a VS Code terminal on the notebook', async function () {
    this.timeout(60_000);
    const name = await vscode.commands.executeCommand<string>('modelarts.notebooks.openTerminal', node());
    assert.equal(name, 'Notebook: it-bridge-nb');
    assert.ok(vscode.window.terminals.some((t) => t.name === name));
    for (const terminal of vscode.window.terminals.filter((t) => t.name === name)) terminal.dispose();
  });

  it('the SSH doctor finds nothing wrong with a healthy notebook, and says what is wrong with a stopped one', async function () {
    this.timeout(120_000);
    const healthy = await vscode.commands.executeCommand<
      {
        id: string;
        status: string;
        summary: string;
      }[]
    >('modelarts.notebooks.sshDoctor', node());
    assert.deepEqual(
      healthy.filter((c) => c.status === 'fail'),
      [],
    );
    assert.deepEqual(
      healthy.map((c) => c.id),
      ['status', 'endpoint', 'key', 'keyMatch', 'reach', 'hostKey', 'auth', 'openssh'],
    );
    await api.notebooks.stop(notebook.id);
    await api.notebooks.waitFor(notebook.id, 'STOPPED');
    const stopped = await vscode.commands.executeCommand<{ id: string; status: string }[]>('modelarts.notebooks.sshDoctor', node());
    assert.equal(stopped.find((c) => c.id === 'status')?.status, 'fail');
  });
});
