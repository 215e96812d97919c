/**
 * Prints the extension's activation time and the .vsix size.
 *
 * Each run starts a fresh code-server (real VS Code) with the production .vsix installed, opens the
 * workbench in headless Chromium, clicks the ModelArts activity-bar entry (the extension activates
 * once the editor has started, `onStartupFinished`, or on that click if sooner), and reads three figures:
 *   - requested→activated: from the extension host's log line `ExtensionService#_doActivateExtension`
 *     to the extension's own `activated in N ms` line in its log channel (both written to disk by
 *     the extension host, with millisecond timestamps);
 *   - of that, loading: `_doActivateExtension` → `_callActivateOptional` (trace level), i.e. require() of
 *     the bundle and the extension context, and activate() itself as the extension times it;
 *   - VS Code's own figure, as "Developer: Show Running Extensions" shows it.
 * Medians over the runs, since a shared 2-core machine is noisy. Usage: npm run bench:activation [-- --runs N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { activationTimingFromLog, openWorkbench, runningExtensionsActivationMs, startCodeServer } from '../test/tools/codeServer';
import { packageVsix } from '../test/tools/packageVsix';
import { repoRoot } from '../test/tools/paths';

const extensionId = 'modelarts.modelarts-toolkit';

interface RunFigures {
  requestedToActivatedMs?: number;
  codeLoadingMs?: number;
  activateCallMs?: number;
  vscodeReportedMs?: number;
}

/** Files named `name` anywhere below `dir`. */
function findFiles(dir: string, name: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, name));
    else if (entry.name === name) found.push(full);
  }
  return found;
}

/** The extension's own `activated in N ms` line, from its log channel's file: when, and N. */
function activatedLine(logsDir: string): { at: Date; activateMs: number } | undefined {
  for (const file of findFiles(logsDir, 'ModelArts.log')) {
    const m = /^(\S+ \S+) \[info\] activated in (\d+) ms$/m.exec(readFileSync(file, 'utf8'));
    if (m?.[1] && m[2]) return { at: new Date(m[1].replace(' ', 'T')), activateMs: Number(m[2]) };
  }
  return undefined;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function oneRun(vsix: string): Promise<RunFigures> {
  const server = await startCodeServer({ vsixes: [vsix], logLevel: 'trace' });
  const workbench = await openWorkbench(server.url);
  try {
    const entry = workbench.page
      .locator('.part.activitybar .action-item')
      .filter({ has: workbench.page.locator('[aria-label^="ModelArts"]') });
    await entry.first().click({ timeout: 60_000 });
    // The extension's line comes last; by then the host's trace lines are on disk too.
    const done = await waitFor(() => activatedLine(server.logsDir), 30_000);
    const timing = await waitFor(() => activationTimingFromLog(server.logsDir, extensionId), 10_000);
    const vscodeReportedMs = await runningExtensionsActivationMs(workbench.page, 'ModelArts Toolkit');
    return {
      requestedToActivatedMs: timing && done ? done.at.getTime() - timing.activateAt.getTime() : undefined,
      codeLoadingMs: timing?.loadMs,
      activateCallMs: done?.activateMs,
      vscodeReportedMs,
    };
  } finally {
    await workbench.close();
    await server.stop();
  }
}

function median(values: (number | undefined)[]): string {
  const known = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (known.length === 0) return 'n/a';
  const mid = Math.floor(known.length / 2);
  const value = known.length % 2 ? (known[mid] as number) : ((known[mid - 1] as number) + (known[mid] as number)) / 2;
  return `${value.toFixed(0)} ms (runs: ${values.map((v) => v ?? '?').join(', ')})`;
}

async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 5;
  const { file, bytes } = await packageVsix();
  const results: RunFigures[] = [];
  for (let i = 0; i < runs; i++) results.push(await oneRun(file));
  console.log(`package: ${path.relative(repoRoot, file)} ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`);
  console.log(`activation, requested → activated (extension host log): ${median(results.map((r) => r.requestedToActivatedMs))}`);
  console.log(`  of which loading the bundle (extension host log):      ${median(results.map((r) => r.codeLoadingMs))}`);
  console.log(`  of which activate() (the extension's own stopwatch):   ${median(results.map((r) => r.activateCallMs))}`);
  console.log(`activation, as VS Code reports it (Running Extensions): ${median(results.map((r) => r.vscodeReportedMs))}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
