import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { localApi, localDiscovery } from './localApi';

/**
 * Runs inside a real VS Code extension host with the packaged .vsix installed (not the sources),
 * so what passes here is what users get.
 */
const extensionId = 'modelarts.modelarts-toolkit';

interface ContributedCommand {
  command: string;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `${extensionId} is not installed`);
  return ext;
}

describe('the packaged extension in a real extension host', () => {
  it('is installed from the .vsix and activates once the editor has started, with no ModelArts view open', async function () {
    this.timeout(60_000);
    const ext = extension();
    assert.equal((ext.packageJSON as { name: string }).name, 'modelarts-toolkit');
    // onStartupFinished: the status bar item is there from the start (the e2e tier sees it).
    const deadline = Date.now() + 30_000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true, 'the extension did not activate after the editor started');
    // The views the later tests read load while visible.
    await vscode.commands.executeCommand('workbench.view.extension.modelarts');
  });

  it('registers every contributed command, and contributes every command it registers', async () => {
    const contributes = (
      extension().packageJSON as { contributes: { commands: ContributedCommand[]; views: Record<string, { id: string }[]> } }
    ).contributes;
    const contributed = contributes.commands.map((c) => c.command).sort();
    // VS Code adds `<viewId>.focus`, `.open`, `.toggleVisibility`, ... for every view; those are not ours.
    const viewIds = Object.values(contributes.views)
      .flat()
      .map((v) => v.id);
    const generatedForViews = (c: string) =>
      viewIds.some((v) => new RegExp(`^${v.replace(/\./g, '\\.')}\\.(focus|open|removeView|resetViewLocation|toggleVisibility)$`).test(c));
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('modelarts.') && !generatedForViews(c)).sort();
    assert.deepEqual(registered, contributed);
  });

  it('runs ssh2 from the bundle, native parts left out: Run Diagnostics completes an SSH round trip', async function () {
    this.timeout(60_000);
    const report = await vscode.commands.executeCommand<{
      extensionVersion: string;
      vscodeVersion: string;
      ssh: { ok: boolean; nativeCrypto?: boolean; cipher?: string; error?: string };
    }>('modelarts.showDiagnostics');
    assert.equal(report.extensionVersion, (extension().packageJSON as { version: string }).version);
    assert.equal(report.vscodeVersion, vscode.version);
    assert.equal(report.ssh.ok, true, `SSH self-test failed: ${report.ssh.error}`);
    assert.equal(report.ssh.nativeCrypto, false, 'the native ssh2 binding must not ship in the .vsix');
    assert.ok(report.ssh.cipher);
  });

  it('opens its settings from the Open Settings command', async () => {
    await vscode.commands.executeCommand('modelarts.openSettings');
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'Settings');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const config = vscode.workspace.getConfiguration('modelarts');
    assert.equal(config.get('activeProfile'), '');
    assert.deepEqual(config.get('profiles'), []);
    assert.equal(config.get('local.dataDir'), '');
  });
});

describe('local mode from the packaged extension', () => {
  interface LocalStatus {
    state: string;
    endpoint?: string;
    pid?: number;
    dataDir: string;
  }

  it('starts the platform daemon by itself when no cloud profile is set, with the editor’s own Node', async function () {
    this.timeout(90_000);
    let status: LocalStatus | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      status = await vscode.commands.executeCommand<LocalStatus>('modelarts.local.showStatus');
      if (status.state === 'running') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status?.state, 'running', `local mode did not start: ${JSON.stringify(status)}`);
    assert.ok(!JSON.stringify(status).match(/"(ak|sk)"/), 'the status shown to people carries no keys');
    assert.equal(status?.dataDir, process.env.MODELARTS_LOCAL_HOME, 'the data dir follows MODELARTS_LOCAL_HOME');
    const health = (await (await fetch(`${status?.endpoint}/health`)).json()) as { pid: number; status: string };
    assert.equal(health.status, 'ok');
    assert.equal(health.pid, status?.pid);
    const { readFileSync } = await import('node:fs');
    const argv = readFileSync(`/proc/${health.pid}/cmdline`, 'utf8').split('\0');
    assert.equal(argv[0], process.execPath, 'the daemon runs on the Node the editor itself runs on');
    assert.match(argv[1] ?? '', /modelarts\.modelarts-toolkit-[\d.]+\/dist\/daemon\.js$/, 'the daemon is the packaged dist/daemon.js');
  });
});

describe('view actions against local mode, in the real extension host', () => {
  const api = localApi;

  it('Start Notebook on a stopped notebook node starts it; Copy SSH Command copies its ssh line', async function () {
    this.timeout(120_000);
    const { generateKeyPair } = await import('../../extension/core/ssh/keys');
    const a = await api();
    await a.keyPairs.create({ name: 'it-key', public_key: generateKeyPair('it').publicKey });
    const image = (await a.images.listAll({ chip: 'CPU', service: 'SSH' }))[0];
    assert.ok(image);
    const nb = await a.notebooks.create({
      name: 'it-nb',
      flavor: 'modelarts.vm.cpu.2u',
      image_id: image.id,
      endpoints: [{ service: 'SSH', key_pair_names: ['it-key'] }],
    });
    await a.notebooks.waitFor(nb.id, 'RUNNING');
    await a.notebooks.stop(nb.id);
    const stopped = await a.notebooks.waitFor(nb.id, 'STOPPED');
    await vscode.commands.executeCommand('modelarts.notebooks.start', { kind: 'notebook', notebook: stopped });
    const running = await a.notebooks.waitFor(nb.id, 'RUNNING');
    const copied = await vscode.commands.executeCommand<string>('modelarts.notebooks.copySshCommand', {
      kind: 'notebook',
      notebook: running,
    });
    const port = running.endpoints?.[0]?.uri?.split(':').pop();
    assert.equal(copied, `ssh -p ${port} ma-user@127.0.0.1`);
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });

  it('Upload puts a local file into the bucket node it is given (as a drop does)', async function () {
    this.timeout(60_000);
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { S3Client, CreateBucketCommand, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const discovery = await localDiscovery();
    const s3 = new S3Client({
      endpoint: discovery.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: discovery.ak, secretAccessKey: discovery.sk },
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'it-upload' }));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'it-up-')), 'weights.bin');
    writeFileSync(file, 'model bytes');
    await vscode.commands.executeCommand(
      'modelarts.storage.upload',
      { kind: 'folder', bucket: 'it-upload', prefix: 'models/' },
      undefined,
      [vscode.Uri.file(file)],
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'it-upload', Key: 'models/weights.bin' }));
    assert.equal(await got.Body?.transformToString(), 'model bytes');
    s3.destroy();
  });

  it('Create Bucket makes a bucket; Upload of a folder sends it with its name and says what it did; Open Preview opens text on its obs:// URI and images in the image preview', async function () {
    this.timeout(90_000);
    const { mkdirSync, writeFileSync, mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { S3Client, GetObjectCommand, ListBucketsCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const discovery = await localDiscovery();
    const s3 = new S3Client({
      endpoint: discovery.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: discovery.ak, secretAccessKey: discovery.sk },
    });
    try {
      assert.equal(await vscode.commands.executeCommand('modelarts.storage.createBucket', 'it-made'), 'obs://it-made/');
      assert.ok((await s3.send(new ListBucketsCommand({}))).Buckets?.some((b) => b.Name === 'it-made'));

      const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'it-up-')), 'run-1');
      mkdirSync(path.join(folder, 'logs'), { recursive: true });
      writeFileSync(path.join(folder, 'train.py'), 'print("hi")\n');
      writeFileSync(path.join(folder, 'logs', 'out.txt'), 'loss=0.1\n');
      const summary = await vscode.commands.executeCommand<{ uploaded: string[]; files: number }>(
        'modelarts.storage.upload',
        { kind: 'bucket', bucket: 'it-made' },
        undefined,
        [vscode.Uri.file(folder)],
      );
      assert.deepEqual(summary, { uploaded: ['obs://it-made/run-1/'], files: 2, skipped: 0, bytes: 21 });
      const got = await s3.send(new GetObjectCommand({ Bucket: 'it-made', Key: 'run-1/logs/out.txt' }));
      assert.equal(await got.Body?.transformToString(), 'loss=0.1\n');

      const text = await vscode.commands.executeCommand<string>('modelarts.storage.preview', {
        kind: 'object',
        bucket: 'it-made',
        key: 'run-1/train.py',
        size: 12,
      });
      assert.equal(text, 'obs://it-made/run-1/train.py');
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), text);
      assert.equal(editor?.document.getText(), 'print("hi")\n');
      assert.equal(editor?.document.languageId, 'python', 'highlighted by the object’s name');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      const { pngBytes } = await import('../helpers/images');
      const png = pngBytes(4, 3);
      await s3.send(new PutObjectCommand({ Bucket: 'it-made', Key: 'pics/dot.png', Body: png }));
      const image = await vscode.commands.executeCommand<string>('modelarts.storage.preview', {
        kind: 'object',
        bucket: 'it-made',
        key: 'pics/dot.png',
        size: png.length,
      });
      assert.match(image, /^file:.*\/dot\.png$/);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.equal(tab?.label, 'dot.png');
      assert.ok(tab?.input instanceof vscode.TabInputCustom, 'the image opens in VS Code’s image preview');
      assert.equal(tab.input.viewType, 'imagePreview.previewEditor');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      s3.destroy();
    }
  });

  it('Copy OBS URL copies a storage node’s obs:// URL', async () => {
    const url = await vscode.commands.executeCommand('modelarts.storage.copyUrl', { kind: 'folder', bucket: 'b1', prefix: 'data/train/' });
    assert.equal(url, 'obs://b1/data/train/');
  });
});
