/**
 * The README's test command: packages the extension once, then runs every tier (unit, integration
 * in a real VS Code extension host, e2e in a real VS Code in headless Chromium) and ends with one
 * line of its own: `N passed, N failed` (`, N skipped` when any are). Exit code 1 when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopDaemon } from '../extension/local/lifecycle';
import { buildIntegrationTests } from './tools/buildIntegrationTests';
import { packageVsix } from './tools/packageVsix';
import { repoRoot } from './tools/paths';
import { runIntegrationTests } from './tools/runIntegration';
import { runElectronIntegration } from './integration/electronLauncher';

interface TierResult {
  readonly tier: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly { title: string; message: string }[];
}

const resultsDir = path.join(repoRoot, 'test-results');

/** Runs mocha in a child process with the counting reporter, and reads back its counts. */
function runMochaTier(tier: string, spec: string, env: Record<string, string>): TierResult {
  const countsFile = path.join(resultsDir, `${tier}.json`);
  rmSync(countsFile, { force: true });
  const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const result = spawnSync(process.execPath, [mocha, spec], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...env, MODELARTS_TEST_COUNTS: countsFile },
  });
  if (!existsSync(countsFile)) {
    return {
      tier,
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: [{ title: `${tier}: mocha did not finish`, message: `exit ${result.status ?? result.signal}` }],
    };
  }
  return { tier, ...(JSON.parse(readFileSync(countsFile, 'utf8')) as Omit<TierResult, 'tier'>) };
}

/** A step that must succeed before any tier can run; its failure counts as one failed test. */
async function step<T>(title: string, work: () => Promise<T>): Promise<T | TierResult> {
  try {
    return await work();
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    console.error(`\n${title} failed:\n${message}`);
    return { tier: title, passed: 0, failed: 1, skipped: 0, failures: [{ title, message }] };
  }
}

function isTierResult(value: unknown): value is TierResult {
  return typeof value === 'object' && value !== null && 'tier' in value && 'failed' in value;
}

async function main(): Promise<number> {
  mkdirSync(resultsDir, { recursive: true });
  const results: TierResult[] = [];

  console.log('== package: production build and .vsix');
  const packaged = await step('package', packageVsix);
  if (isTierResult(packaged)) return summarize([packaged]);
  console.log(`${path.relative(repoRoot, packaged.file)}: ${(packaged.bytes / 1024).toFixed(1)} KiB`);
  const env = { MODELARTS_VSIX: packaged.file };

  console.log('\n== unit (mocha, no VS Code)');
  results.push(runMochaTier('unit', 'test/unit/**/*.test.ts', env));

  console.log('\n== integration (mocha in the code-server extension host)');
  const integration = await step('integration (code-server)', async () => {
    const testFiles = await buildIntegrationTests();
    // The extension starts local mode's daemon, which outlives the editor by design: give it a
    // data dir of its own and stop it afterwards.
    const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-it-local-'));
    // An empty workspace folder: VS Code runs provided tasks (the modelarts task type) only in a window with one.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'ma-it-folder-'));
    const { tests, ...counts } = await runIntegrationTests({
      extensionVsix: packaged.file,
      testFiles,
      env: { MODELARTS_LOCAL_HOME: localHome },
      timeoutMs: 900_000,
      folder,
    }).finally(() =>
      stopDaemon(localHome).then(() => {
        rmSync(localHome, { recursive: true, force: true });
        rmSync(folder, { recursive: true, force: true });
      }),
    );
    const marks = { passed: '✔', failed: '✗', skipped: '-' } as const;
    for (const t of tests) console.log(`  ${marks[t.state]} ${t.title}`);
    printFailures('integration', counts.failures);
    return { tier: 'integration (code-server)', ...counts };
  });
  results.push(integration);

  console.log('\n== integration (desktop VS Code through @vscode/test-electron)');
  results.push(await step('integration (desktop)', () => runElectronIntegration(packaged.file)));

  console.log('\n== e2e (code-server in headless Chromium, driven by Playwright)');
  results.push(runMochaTier('e2e', 'test/e2e/**/*.test.ts', env));

  return summarize(results);
}

function printFailures(tier: string, failures: readonly { title: string; message: string }[]): void {
  for (const f of failures) console.error(`  ✗ [${tier}] ${f.title}\n      ${f.message.split('\n').join('\n      ')}`);
}

function summarize(results: readonly TierResult[]): number {
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\n== summary');
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    console.log(`  ${r.tier}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
    for (const f of r.failures) console.log(`    ✗ ${f.title}`);
  }
  writeFileSync(path.join(resultsDir, 'summary.json'), JSON.stringify({ ...total, tiers: results }, null, 2));
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`);
  return total.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
