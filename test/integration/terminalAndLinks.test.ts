import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { LocalDiscovery } from '../../extension/core/api/client';
import type { DeepLinkQuestion } from '../../extension/host/deepLinks/deepLinks';
import type { ToolkitExports } from '../../extension/host/exports';
import type { TerminalEnvironmentChange } from '../../extension/host/terminalPath';
import { localApi, localDiscovery } from './localApi';
import { until } from './wait';

const run = promisify(execFile);

function extension(): vscode.Extension<ToolkitExports> {
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.modelarts-toolkit'));
  assert.ok(ext?.isActive, 'the extension is active');
  return ext as vscode.Extension<ToolkitExports>;
}

/** `base` with the collection's changes applied, as VS Code applies them to a new terminal. */
function withChanges(base: NodeJS.ProcessEnv, changes: readonly TerminalEnvironmentChange[]): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const c of changes) {
    const current = env[c.variable] ?? '';
    env[c.variable] = c.type === 'replace' ? c.value : c.type === 'prepend' ? c.value + current : current + c.value;
  }
  return env;
}

async function finishedJob(name: string): Promise<string> {
  const api = await localApi();
  const job = await api.trainingJobs.create({
    metadata: { name },
    algorithm: { command: 'true', engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
    spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
  });
  await api.trainingJobs.waitFor(job.metadata.id, ['Completed', 'Failed'], { pollMs: 100 });
  return job.metadata.id;
}

describe('the modelarts command on the terminal PATH, in the real extension host', () => {
  before(async function () {
    this.timeout(90_000);
    await localDiscovery();
  });

  it('puts a launcher first on PATH and the extension’s folders in the environment, and no secret', async () => {
    const changes = extension().exports.terminal.changes();
    const byName = new Map(changes.map((c) => [c.variable, c]));
    const pathChange = byName.get('PATH');
    assert.equal(pathChange?.type, 'prepend');
    assert.ok(pathChange.value.endsWith(path.delimiter));
    assert.ok(existsSync(path.join(pathChange.value.slice(0, -1), process.platform === 'win32' ? 'modelarts.cmd' : 'modelarts')));
    assert.deepEqual(byName.get('MODELARTS_LOCAL_HOME'), {
      variable: 'MODELARTS_LOCAL_HOME',
      value: process.env.MODELARTS_LOCAL_HOME,
      type: 'replace',
    });
    assert.equal(byName.get('MODELARTS_CONFIG_DIR')?.type, 'replace');
    assert.deepEqual([...byName.keys()].sort(), ['MODELARTS_CONFIG_DIR', 'MODELARTS_LOCAL_HOME', 'PATH']);
    const discovery = JSON.parse(
      readFileSync(path.join(process.env.MODELARTS_LOCAL_HOME as string, 'daemon.json'), 'utf8'),
    ) as LocalDiscovery;
    for (const c of changes) assert.ok(!c.value.includes(discovery.sk) && !c.value.includes(discovery.ak), `${c.variable} holds a key`);
  });

  it('runs `modelarts` with the editor’s own Node where no node is on PATH, against the extension’s local daemon', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(90_000);
    const jobName = 'it-terminal-cli';
    await finishedJob(jobName);
    // Only the launcher folder on PATH: no node, no npm bin.
    const env = withChanges({ HOME: os.homedir(), PATH: '/nonexistent' }, extension().exports.terminal.changes());
    const version = await run('/bin/sh', ['-c', 'modelarts --version'], { env });
    assert.equal(version.stdout.trim(), (extension().packageJSON as { version: string }).version);
    const jobs = await run('/bin/sh', ['-c', 'modelarts job list'], { env });
    assert.match(jobs.stdout, new RegExp(`\\b${jobName}\\b`), jobs.stdout + jobs.stderr);
  });

  it('works in a new integrated terminal of the window', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(60_000);
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ma-it-terminal-')), 'version.txt');
    const terminal = vscode.window.createTerminal({
      name: 'it-modelarts',
      shellPath: '/bin/sh',
      shellArgs: ['-c', `modelarts --version > '${out}'`],
    });
    try {
      const written = await until('the terminal ran modelarts', async () => {
        const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
        return text.endsWith('\n') ? text : undefined;
      });
      assert.equal(written.trim(), (extension().packageJSON as { version: string }).version);
    } finally {
      terminal.dispose();
    }
  });
});

describe('deep links, in the real extension host', () => {
  const settings = () => vscode.workspace.getConfiguration('modelarts');
  const linkTo = (pathAndQuery: string) => `vscode://${extension().id}${pathAndQuery}`;
  const panelsOf = (jobId: string) =>
    extension()
      .exports.jobDetails.panels()
      .filter((p) => p.spec.jobId === jobId);
  let jobId: string;

  before(async function () {
    this.timeout(90_000);
    await localDiscovery();
    jobId = await finishedJob('it-link-job');
  });

  after(async () => {
    await vscode.commands.executeCommand('modelarts.profiles.switch', '');
    await settings().update('profiles', [], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('refuses a bad link without asking and without changing anything', async () => {
    const asked: DeepLinkQuestion[] = [];
    for (const bad of [`/job?id=${jobId}&profile=nobody`, `/job?id=${jobId}&then=delete`, `/delete?id=${jobId}`, '/job?id=..%2F..%2Fetc']) {
      const outcome = await extension().exports.deepLinks.follow(linkTo(bad), (q) => (asked.push(q), true));
      assert.equal(outcome.followed, false, bad);
      assert.ok(outcome.error, bad);
    }
    assert.deepEqual(asked, []);
    assert.deepEqual(panelsOf(jobId), []);
    assert.equal(settings().get('activeProfile'), '');
  });

  it('asks what a job link does; declined it does nothing, confirmed it opens the job’s details panel', async function () {
    this.timeout(60_000);
    const link = linkTo(`/job?id=${jobId}&profile=local`);
    const declined = await extension().exports.deepLinks.follow(link, () => false);
    assert.equal(declined.followed, false);
    assert.equal(declined.question?.message, `Open training job ${jobId} from a link?`);
    assert.equal(declined.question?.detail, `Opens the details of training job ${jobId} on local mode.`);
    assert.deepEqual(panelsOf(jobId), []);

    const confirmed = await extension().exports.deepLinks.follow(link, () => true);
    assert.equal(confirmed.followed, true);
    assert.equal(panelsOf(jobId)[0]?.key, confirmed.panelKey);
    const shown = await until('the panel shows the job', async () => panelsOf(jobId)[0]?.lastState?.job ?? undefined);
    assert.equal(shown.name, 'it-link-job');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the panel is gone', async () => (panelsOf(jobId).length === 0 ? true : undefined));
  });

  it('asks what a connect link does; declined the notebook stays stopped, confirmed it is connected', async function () {
    this.timeout(150_000);
    const api = await localApi();
    const configFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ma-it-link-ssh-')), 'ssh_config');
    writeFileSync(configFile, '# mine\n');
    await settings().update('ssh.configFile', configFile, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('modelarts.keyPairs.create', { name: 'it-link', location: 'extensionStorage' });
      const image = (await api.images.listAll({ chip: 'CPU', service: 'SSH' }))[0];
      assert.ok(image);
      const created = await api.notebooks.create({
        name: 'it-link-nb',
        flavor: 'modelarts.vm.cpu.2u',
        image_id: image.id,
        endpoints: [{ service: 'SSH', key_pair_names: ['it-link'] }],
      });
      await api.notebooks.waitFor(created.id, 'RUNNING');
      await api.notebooks.stop(created.id);
      await api.notebooks.waitFor(created.id, 'STOPPED');

      const missing = await extension().exports.deepLinks.follow(linkTo('/connect?notebook=it-link-none&profile=local'), () => true);
      assert.equal(missing.followed, false);
      assert.match(missing.error ?? '', /no notebook named it-link-none on local mode/);

      const link = linkTo('/connect?notebook=it-link-nb&profile=local&workspace=0');
      const declined = await extension().exports.deepLinks.follow(link, () => false);
      assert.equal(declined.followed, false);
      assert.equal(declined.question?.message, 'Connect to notebook it-link-nb from a link?');
      assert.match(
        declined.question?.detail ?? '',
        /^Connects to notebook it-link-nb on local mode, starting it if it is stopped.*The notebook must be in workspace 0\.$/,
      );
      assert.equal((await api.notebooks.get(created.id)).status, 'STOPPED');
      assert.equal(readFileSync(configFile, 'utf8'), '# mine\n');

      const confirmed = await extension().exports.deepLinks.follow(link, () => true);
      assert.equal(confirmed.followed, true, confirmed.error);
      assert.equal((await api.notebooks.get(created.id)).status, 'RUNNING');
      assert.match(readFileSync(configFile, 'utf8'), /StrictHostKeyChecking yes/);
    } finally {
      await settings().update('ssh.configFile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('says when a link switches the profile, and switches only once confirmed', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('no panel is left open', async () => (panelsOf(jobId).length === 0 ? true : undefined));
    const d = await localDiscovery();
    // The "cloud" is the local daemon behind a profile's endpoint overrides, as in profiles.test.ts.
    const profile = {
      name: 'it-link',
      region: 'cn-north-4',
      ak: d.ak,
      sk: d.sk,
      projectId: d.project_id,
      modelartsEndpoint: d.endpoint,
      obsEndpoint: d.s3_endpoint,
      iamEndpoint: d.endpoint,
    };
    assert.equal(await vscode.commands.executeCommand('modelarts.profiles.add', profile), 'it-link');
    await vscode.commands.executeCommand('modelarts.profiles.switch', '');
    assert.equal(settings().get('activeProfile'), '');

    const link = linkTo(`/job?id=${jobId}&region=cn-north-4`);
    const declined = await extension().exports.deepLinks.follow(link, () => false);
    assert.equal(
      declined.question?.detail,
      `Opens the details of training job ${jobId} on profile it-link (region cn-north-4). ` +
        'The active profile will be switched from local mode to it-link, and every ModelArts view will show it.',
    );
    assert.equal(settings().get('activeProfile'), '', 'a declined link switched the profile');
    assert.deepEqual(panelsOf(jobId), []);

    const confirmed = await extension().exports.deepLinks.follow(link, () => true);
    assert.equal(confirmed.followed, true, confirmed.error);
    assert.equal(settings().get('activeProfile'), 'it-link');
    assert.equal(panelsOf(jobId)[0]?.key, confirmed.panelKey);
    assert.ok(confirmed.panelKey?.startsWith('cloud:'), `the panel is on the switched profile: ${confirmed.panelKey}`);
  });
});
