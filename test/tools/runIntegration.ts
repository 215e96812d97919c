// Integration tests in a REAL VS Code extension host (code-server), with the live `vscode` API:
// the extension under test + a tiny runner extension (./integrationRunner) are installed into a
// throwaway code-server; a headless browser connects (the extension host only starts for a client);
// the runner runs mocha in the extension host and writes a JSON results file that we poll for.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import path from 'node:path';
import { openWorkbench, startCodeServer, type CodeServerHandle } from './codeServer';
import { ensureChromium, ensureCodeServer } from './ensureTools';
import { repoRoot } from './paths';

export interface IntegrationResults {
  passed: number;
  failed: number;
  skipped: number;
  failures: { title: string; message: string }[];
  /** Every test in run order, for printing. */
  tests: { title: string; state: 'passed' | 'failed' | 'skipped' }[];
}

export interface IntegrationOptions {
  extensionVsix: string;
  env?: Record<string, string>; // extra environment for code-server, which its extension host inherits
  testFiles: string[]; // absolute paths of compiled JS mocha (bdd) test files
  timeoutMs?: number; // whole run, from code-server start to results
  folder?: string; // workspace folder to open
  testTimeoutMs?: number; // per-test mocha timeout
  keepUserData?: boolean; // keep the temp user-data-dir (logs) for debugging; always kept on failure
}

const runnerSrc = path.join(__dirname, 'integrationRunner');
const log = (msg: string) => process.stderr.write(`[runIntegration] ${msg}\n`);

/** Resolve a package from the repo's node_modules (falls back to wherever this file resolves it). */
function resolveDep(spec: string): string {
  for (const from of [path.join(repoRoot, 'package.json'), __filename]) {
    try {
      return createRequire(from).resolve(spec);
    } catch {
      /* try next */
    }
  }
  throw new Error(`cannot resolve ${spec}; is it a devDependency of ${repoRoot}?`);
}

/** Package the runner extension with its run config baked in (robust even if env didn't reach the ext host). */
function packageRunner(workDir: string, config: object): string {
  const dir = path.join(workDir, 'runner');
  fs.cpSync(runnerSrc, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'run-config.json'), JSON.stringify(config, null, 2));
  const vsix = path.join(workDir, 'integration-runner.vsix');
  const vsce = path.join(path.dirname(resolveDep('@vscode/vsce/package.json')), 'vsce');
  const r = spawnSync(
    process.execPath,
    [vsce, 'package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', vsix],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`vsce package (runner) failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

/** Last lines of code-server's output and extension-host logs, for timeout/crash diagnostics. */
export function diagnostics(cs: CodeServerHandle): string {
  const files = [cs.outputLog];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost|remoteagent|server/i.test(e.name)) files.push(p);
    }
  };
  walk(cs.logsDir);
  return files.map((f) => `--- ${f}\n${fs.readFileSync(f, 'utf8').split('\n').slice(-40).join('\n')}`).join('\n');
}

export async function runIntegrationTests(opts: IntegrationOptions): Promise<IntegrationResults> {
  // Install first (minutes on a fresh machine) so the timeout only covers the run itself.
  await ensureCodeServer();
  await ensureChromium();
  const t0 = Date.now();
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-integ-'));
  const resultsPath = path.join(workDir, 'results.json');
  const config = {
    mochaPath: resolveDep('mocha'),
    testFiles: opts.testFiles.map((f) => path.resolve(f)),
    resultsPath,
    timeoutMs: opts.testTimeoutMs ?? 20_000,
  };
  const configPath = path.join(workDir, 'run-config.json');
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  const runnerVsix = packageRunner(workDir, config);

  const cs = await startCodeServer({
    vsixes: [opts.extensionVsix, runnerVsix],
    env: { ...opts.env, MAT_TEST_CONFIG: configPath },
    folder: opts.folder,
    logLevel: 'trace', // trace: exthost.log then has per-extension activation timing lines
  });
  let ok = false;
  let wb: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  try {
    wb = await openWorkbench(cs.url, { timeoutMs });
    while (!fs.existsSync(resultsPath)) {
      if (Date.now() - t0 > timeoutMs) {
        throw new Error(`no integration results after ${timeoutMs}ms (user-data-dir kept: ${cs.userDataDir})\n${diagnostics(cs)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const raw = JSON.parse(fs.readFileSync(resultsPath, 'utf8'));
    if (raw.error) log(`runner error: ${raw.error}`);
    log(
      `results in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${raw.passed} passed, ${raw.failed} failed, ${raw.skipped} skipped` +
        ` (VS Code ${raw.vscodeVersion}; config via ${raw.envConfigSeen ? 'env MAT_TEST_CONFIG' : 'bundled run-config.json'})`,
    );
    ok = raw.failed === 0;
    return {
      passed: raw.passed,
      failed: raw.failed,
      skipped: raw.skipped,
      failures: raw.failures.map((f: { title: string; message: string }) => ({ title: f.title, message: f.message })),
      tests: raw.tests,
    };
  } finally {
    await wb?.close();
    const keep = !ok || Boolean(opts.keepUserData);
    await cs.stop({ keep });
    if (keep) log(`kept for debugging: ${cs.userDataDir} (logs) and ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}
