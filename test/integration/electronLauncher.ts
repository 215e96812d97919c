/**
 * The integration suite in desktop VS Code through @vscode/test-electron, for machines that can
 * download it. Where the download is impossible (no route to the VS Code update service, as on
 * our CI), the whole suite counts as one skipped test and says why; the code-server run covers
 * the same suite in a real extension host.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildIntegrationTests } from '../tools/buildIntegrationTests';
import { cacheDir, repoRoot } from '../tools/paths';

export interface ElectronResult {
  tier: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: { title: string; message: string }[];
}

const tier = 'integration (desktop)';

export async function runElectronIntegration(vsixPath: string): Promise<ElectronResult> {
  let executable: string;
  try {
    executable = await downloadAndUnzipVSCode({ version: 'stable', cachePath: path.join(cacheDir, 'electron'), timeout: 20_000 });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    console.log(`skipped: desktop VS Code could not be downloaded here (${why}). The same suite ran in code-server above.`);
    return { tier, passed: 0, failed: 0, skipped: 1, failures: [] };
  }
  const testFiles = await buildIntegrationTests();
  const countsFile = path.join(repoRoot, 'test-results', 'integration-desktop.json');
  rmSync(countsFile, { force: true });
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'test', 'integration', 'electronIndex.cjs'),
      launchArgs: ['--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { MODELARTS_TEST_FILES: JSON.stringify(testFiles), MODELARTS_TEST_COUNTS: countsFile, MODELARTS_VSIX: vsixPath },
    });
  } catch {
    // A failing suite makes runTests reject; the counts file says what failed.
  }
  if (!existsSync(countsFile))
    return { tier, passed: 0, failed: 1, skipped: 0, failures: [{ title: tier, message: 'VS Code exited before the suite reported' }] };
  return { tier, ...(JSON.parse(readFileSync(countsFile, 'utf8')) as Omit<ElectronResult, 'tier'>) };
}
