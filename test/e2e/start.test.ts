import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stopDaemon } from '../../extension/local/lifecycle';
import { type CliHarness, startCliHarness } from '../helpers/cli';
import { repoRoot } from '../helpers/repo';
import { openWorkbench, runCommand } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';
import { enter, notification, pick, statusBarItem } from './quickInput';
import { modelArtsEntry } from './sidebar';

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` as a user runs it: a new key pair made in its editor, Ctrl+C, a second start. The
 * private key and what the CLI reads from MODELARTS_CONFIG_DIR must still be there (they were in a
 * temp dir that Ctrl+C deleted).
 */
describe('e2e: npm start keeps its user data across Ctrl+C and a restart', function () {
  this.timeout(420_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-start-'));
  const startDir = path.join(tmp, 'npm-start');
  const localHome = path.join(tmp, 'local');
  let vsix: string;
  let cli: CliHarness;
  let running: Started | undefined;

  before(async function () {
    if (spawnSync('sh', ['-c', 'command -v code']).status === 0) this.skip(); // desktop VS Code: npm start opens that instead
    vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    cli = await startCliHarness();
  });

  after(async () => {
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    cli?.close();
    await stopDaemon(localHome);
    rmSync(tmp, { recursive: true, force: true });
  });

  async function start(): Promise<Started> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'tools', 'start.ts')], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port), MODELARTS_START_DIR: startDir, MODELARTS_VSIX: vsix, MODELARTS_LOCAL_HOME: localHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1] as string);
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${out}`)));
    });
    running = { child, url, output: () => out };
    return running;
  }

  async function ctrlC(s: Started): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
    s.child.kill('SIGINT');
    return exited;
  }

  const keyListing = () =>
    cli.run(['keypair', 'list'], { MODELARTS_CONFIG_DIR: path.join(startDir, 'modelarts-config'), MODELARTS_LOCAL_HOME: localHome });

  let keyFile: string;
  it('says where the user data is kept; a key pair made in its editor lands there', async () => {
    const first = await start();
    assert.ok(first.output().includes(`Its settings and private keys are kept in ${startDir}`), first.output());
    assert.match(first.output(), /both stay across Ctrl\+C and restarts/);
    const workbench = await openWorkbench(first.url);
    try {
      const { page } = workbench;
      await modelArtsEntry(page).click({ timeout: 60_000 });
      await statusBarItem(page, 'ModelArts: Local · default').waitFor({ timeout: 90_000 });
      await runCommand(page, 'ModelArts: New Key Pair');
      await enter(page, 'laptop');
      await pick(page, 'Extension storage');
      const toast = notification(page, /Key pair laptop registered\. Its private key is in /);
      await toast.waitFor({ timeout: 30_000 });
      keyFile = /private key is in (\S+?) \(/.exec((await toast.textContent()) ?? '')?.[1] as string;
    } finally {
      await workbench.close();
    }
    assert.ok(keyFile?.startsWith(startDir), `${keyFile} is under ${startDir}`);
    assert.match(keyListing().out, new RegExp(`laptop .*${keyFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('Ctrl+C stops it and keeps the key; a second start uses the same folder, and the key is still found by name', async () => {
    assert.equal(await ctrlC(running as Started), 0);
    assert.ok(existsSync(keyFile), 'the private key outlives Ctrl+C');
    const second = await start();
    assert.ok(second.output().includes(`kept in ${startDir}`));
    assert.ok(existsSync(keyFile));
    assert.match(keyListing().out, /laptop .*\/laptop/);
    assert.equal(await ctrlC(second), 0);
  });
});
