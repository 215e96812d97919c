/**
 * For working on one feature: packages the extension and runs only the integration test files
 * whose names contain one of the arguments (all when none), in code-server, as `npm test` does.
 *   npx tsx test/tools/integrationOnly.ts sshBridge profiles
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopDaemon } from '../../extension/local/lifecycle';
import { buildIntegrationTests } from './buildIntegrationTests';
import { packageVsix } from './packageVsix';
import { runIntegrationTests } from './runIntegration';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const packaged = await packageVsix();
  const testFiles = (await buildIntegrationTests()).filter(
    (f) => filters.length === 0 || filters.some((name) => path.basename(f).includes(name)),
  );
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-it-local-'));
  try {
    const { tests, passed, failed, failures } = await runIntegrationTests({
      extensionVsix: packaged.file,
      testFiles,
      env: { MODELARTS_LOCAL_HOME: localHome },
      timeoutMs: 900_000,
      // A workspace folder to open, for tests that need one (the modelarts task type); none by default.
      ...(process.env.MODELARTS_IT_FOLDER ? { folder: process.env.MODELARTS_IT_FOLDER } : {}),
    });
    for (const t of tests ?? []) console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✗' : '-'} ${t.title}`);
    for (const f of failures ?? []) console.log(`\n✗ ${f.title}\n${f.message}`);
    console.log(`\n${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  } finally {
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  }
}

void main();
