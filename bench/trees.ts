/**
 * The Training Jobs view over a big history: how long from expanding the view to its first page
 * (50 jobs, grouped by status, "Load more") on screen, and what it costs the extension host.
 *
 *  1. A local daemon on a temp data dir gets `--jobs` training jobs through the signed REST API
 *     (`--concurrency` requests in flight); see bench/treesSeed.ts for the two `--state`s:
 *     'finished' (commands that exit at once: 9 in 10 Completed, 1 in 10 Failed) or 'queued'
 *     (3 `sleep` blockers hold every slot, the rest wait Pending).
 *  2. Each run is a FRESH code-server (real VS Code) with the production .vsix, pointed at that
 *     daemon through MODELARTS_LOCAL_HOME, in headless Chromium: open the ModelArts container,
 *     collapse Training Jobs before it loads anything, wait until the extension is connected
 *     (Workspaces shows the current workspace), settle, read the extension host's memory; click
 *     the Training Jobs header and time (page clock: mousedown → MutationObserver) until the
 *     first row and the first job row are in the DOM; settle; read memory again.
 *     A fresh window per run, so every run pays the same cold path and the memory figures of
 *     one run do not include the last one's.
 *  3. Memory: VmRSS and RssAnon of the extension host from /proc; unless --no-heap, also the V8
 *     heap after a full GC through the Node inspector (SIGUSR1, before the first reading).
 *  Beside them, the view's own query timed from outside VS Code, to tell the daemon's share.
 *
 * Everything it started (daemon, job processes, code-server, Chromium, temp dirs) is removed at
 * the end, also on error or Ctrl-C; a detached reaper (bench/treesCleanup.ts) covers a kill.
 * Usage: npm run bench:trees [-- --jobs 10000 --runs 3 --state finished|queued --concurrency 32 --settle-ms 5000 --no-heap]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDataDir } from '../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../extension/local/lifecycle';
import { modelArtsEntry, pane } from '../test/e2e/sidebar';
import { type CodeServerHandle, openWorkbench, startCodeServer } from '../test/tools/codeServer';
import { packageVsix } from '../test/tools/packageVsix';
import { repoRoot } from '../test/tools/paths';
import {
  countExtensionHosts,
  findExtensionHost,
  heapAfterGc,
  type HeapFigures,
  openInspector,
  procMemory,
  type ProcMemory,
} from './extHostMemory';
import { killMarked, markerOf, reap, startReaper } from './treesCleanup';
import { type JobState, killJobProcesses, type SeedResult, seedJobs } from './treesSeed';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const jobs = Number(flag('jobs') ?? 10_000);
const runs = Number(flag('runs') ?? 3);
const concurrency = Number(flag('concurrency') ?? 32);
const state = (flag('state') ?? 'finished') as JobState;
const withHeap = !process.argv.includes('--no-heap');
const settleMs = Number(flag('settle-ms') ?? 5000);
if (
  !Number.isInteger(jobs) ||
  jobs < 1 ||
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(concurrency) ||
  concurrency < 1 ||
  (state !== 'finished' && state !== 'queued')
) {
  console.error('usage: bench/trees.ts [--jobs N] [--runs N] [--state finished|queued] [--concurrency N] [--settle-ms N] [--no-heap]');
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`[trees] ${line}\n`);

interface Run {
  /** mousedown on the header → first tree row (a status group) in the DOM. */
  firstRowMs?: number;
  /** mousedown → first job row in the DOM. */
  firstJobMs?: number;
  /** mousedown → the frame after the first job row (≈ painted). */
  firstJobFrameMs?: number;
  firstRows: string[];
  before?: ProcMemory;
  after?: ProcMemory;
  heapBefore?: HeapFigures;
  heapAfter?: HeapFigures;
  /** Training Jobs had rows before it was collapsed: the expansion may have shown cached rows. */
  warm: boolean;
  extHosts: number;
}

/** Cleanups, run newest first, once: at the end of what made them, or on error. */
interface Cleanup {
  readonly what: string;
  run(): Promise<unknown> | unknown;
}
const cleanups: Cleanup[] = [];
/** Runs the cleanups pushed after `mark` (the stack's length when that part began). */
async function cleanUp(mark = 0): Promise<void> {
  while (cleanups.length > mark) {
    const c = cleanups.pop() as Cleanup;
    try {
      await c.run();
    } catch (err) {
      log(`cleanup (${c.what}) failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * On a signal, end everything at once and synchronously: Playwright's own handlers (closing its
 * browsers) exit the process right after ours, and tsx SIGKILLs a child that is slow to answer
 * a relayed Ctrl-C, so nothing asynchronous gets to run. The detached reaper (treesCleanup.ts)
 * finishes the job if even this is cut short.
 */
let onSignal: () => void = () => undefined;
for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    onSignal();
    process.exit(code);
  });
}

/**
 * In-page stopwatch (plain JS: this program has no DOM types): starts at the Training Jobs
 * header's mousedown and notes, with a MutationObserver, when the pane's first row and first job
 * row enter the DOM, and the frame after that.
 */
const stopwatchScript = `(() => {
  const p = [...document.querySelectorAll('.part.sidebar .pane')].find((el) => el.querySelector('.pane-header .title')?.textContent?.trim() === 'Training Jobs');
  const header = p?.querySelector('.pane-header');
  if (!p || !header) throw new Error('no Training Jobs pane');
  const r = (window.__trees = { clickAt: 0, firstRowAt: 0, firstJobAt: 0, firstJobFrameAt: 0, rows: [] });
  header.addEventListener('mousedown', () => (r.clickAt = performance.now()), { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (!r.clickAt) return;
    const rows = [...p.querySelectorAll('.monaco-list-row')];
    if (!rows.length) return;
    const now = performance.now();
    if (!r.firstRowAt) r.firstRowAt = now;
    if (!r.firstJobAt && rows.some((row) => row.textContent.includes('bench-job-'))) {
      r.firstJobAt = now;
      r.rows = rows.slice(0, 4).map((row) => row.getAttribute('aria-label') || row.textContent);
      requestAnimationFrame(() => (r.firstJobFrameAt = performance.now()));
      observer.disconnect();
    }
  });
  observer.observe(p, { childList: true, subtree: true, characterData: true });
})()`;

interface Stopwatch {
  clickAt: number;
  firstRowAt: number;
  firstJobAt: number;
  firstJobFrameAt: number;
  rows: string[];
}

async function oneRun(vsix: string, dataDir: string, index: number): Promise<Run> {
  const mark = cleanups.length;
  try {
    return await measure(vsix, dataDir, index);
  } finally {
    await cleanUp(mark); // this run's browser and code-server
  }
}

async function measure(vsix: string, dataDir: string, index: number): Promise<Run> {
  const marker = markerOf(dataDir); // every process of this code-server has it
  // Registered before the start: an error while code-server starts must end it too.
  const started: { server?: CodeServerHandle } = {};
  cleanups.push({ what: 'code-server', run: () => started.server?.stop() ?? killMarked(marker) });
  const server = (started.server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: dataDir } }));
  const workbench = await openWorkbench(server.url, { viewport: { width: 1280, height: 1000 } });
  cleanups.push({ what: 'chromium', run: () => workbench.close() });
  const { page } = workbench;
  await modelArtsEntry(page).click({ timeout: 60_000 });
  // Collapse Training Jobs at once: it is expanded by default and loads as soon as the extension
  // connects. Activation takes far longer than this click, so normally nothing has loaded yet.
  const jobsPane = pane(page, 'Training Jobs');
  const header = jobsPane.locator('.pane-header');
  await header.waitFor({ timeout: 30_000 });
  const warm = (await jobsPane.locator('.monaco-list-row').count()) > 0;
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  // Connected: Workspaces lists the current one (the extension found the daemon).
  await pane(page, 'Workspaces')
    .locator('.monaco-list-row', { hasText: /current/ })
    .first()
    .waitFor({ timeout: 120_000 });
  await new Promise((r) => setTimeout(r, settleMs));
  const pid = findExtensionHost(marker);
  if (!pid) throw new Error('extension host not found');
  const port = withHeap ? await openInspector(pid) : undefined;
  if (withHeap && port === undefined) log('the inspector did not open (port 9229 taken?): no heap figures');
  if (port !== undefined) await new Promise((r) => setTimeout(r, 1000));
  const heapBefore = port !== undefined ? await heapAfterGc(port) : undefined;
  const before = procMemory(pid);

  await page.evaluate(stopwatchScript);
  await header.click();
  await page.waitForFunction('window.__trees && window.__trees.firstJobFrameAt > 0', undefined, { timeout: 300_000, polling: 100 });
  const r = await page.evaluate<Stopwatch>('window.__trees');
  await page.mouse.move(900, 500); // off the tree: no hover tooltip over the screenshot
  await new Promise((res) => setTimeout(res, settleMs));
  const after = procMemory(pid);
  const heapAfter = port !== undefined ? await heapAfterGc(port) : undefined;
  const run: Run = {
    firstRowMs: r.firstRowAt - r.clickAt,
    firstJobMs: r.firstJobAt - r.clickAt,
    firstJobFrameMs: r.firstJobFrameAt - r.clickAt,
    firstRows: r.rows,
    before,
    after,
    heapBefore,
    heapAfter,
    warm,
    extHosts: countExtensionHosts(marker),
  };
  log(
    `run ${index + 1}: first row ${run.firstRowMs?.toFixed(0)} ms, first job row ${run.firstJobMs?.toFixed(0)} ms (frame ${run.firstJobFrameMs?.toFixed(0)} ms); RSS ${kb(before.rssKb)} → ${kb(after.rssKb)}${warm ? ' (WARM: rows existed before collapse)' : ''}`,
  );
  if (index === 0) await page.screenshot({ path: path.join(repoRoot, 'test-results', 'bench-trees.png') }).catch(() => undefined);
  return run;
}

const kb = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : `${(v / 1024).toFixed(0)} MiB`);
const mib = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v / 1024 / 1024).toFixed(1)} MiB`);
const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : `${v.toFixed(0)} ms`);
function stats(values: (number | undefined)[]): { median?: number; min?: number; max?: number } {
  const v = values.filter((x): x is number => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return {};
  const mid = Math.floor(v.length / 2);
  return { median: v.length % 2 ? v[mid] : ((v[mid - 1] as number) + (v[mid] as number)) / 2, min: v[0], max: v[v.length - 1] };
}

function report(seed: SeedResult, results: Run[]): void {
  const describeState =
    state === 'finished'
      ? "commands that exit at once ('exit 0', every 10th 'exit 1'), all ended before the runs"
      : "3 'sleep' blockers hold every slot, the rest wait Pending (Queuing); nothing else runs";
  console.log(`\nTraining Jobs view, ${jobs} jobs (${describeState})`);
  console.log(
    `seed: ${jobs} signed creates at concurrency ${concurrency} in ${(seed.createMs / 1000).toFixed(1)} s (${((jobs / seed.createMs) * 1000).toFixed(0)} jobs/s)${seed.settleMs ? `; all ended ${(seed.settleMs / 1000).toFixed(1)} s later` : ''}`,
  );
  console.log(
    `phases: ${Object.entries(seed.phases)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const q = stats([...seed.firstPageMs]);
  console.log(
    `the view's query from outside VS Code (search pages until a 51st job, as specs.ts does): median ${ms(q.median)}, min ${ms(q.min)}, max ${ms(q.max)} over ${seed.firstPageMs.length}`,
  );
  console.log(
    `every page of that search (what the Stop/Delete pickers walk when < 200 jobs pass their filter): ${ms(seed.fullScan.ms)} for ${seed.fullScan.jobs} jobs (${Math.ceil(seed.fullScan.jobs / 50)} requests)`,
  );
  console.log(
    `runs: ${results.length}, each a fresh code-server + window; expand → first rows timed in the page (mousedown → MutationObserver)\n`,
  );
  const rows: string[][] = [
    [
      'run',
      'first row',
      'first job row',
      'job row painted',
      'ext host RSS before',
      'after',
      'RssAnon before',
      'after',
      'V8 heap before',
      'after',
    ],
  ];
  results.forEach((r, i) =>
    rows.push([
      `${i + 1}${r.warm ? ' (warm)' : ''}`,
      ms(r.firstRowMs),
      ms(r.firstJobMs),
      ms(r.firstJobFrameMs),
      kb(r.before?.rssKb),
      kb(r.after?.rssKb),
      kb(r.before?.anonKb),
      kb(r.after?.anonKb),
      mib(r.heapBefore?.heapUsed),
      mib(r.heapAfter?.heapUsed),
    ]),
  );
  const pick = (f: (r: Run) => number | undefined) => stats(results.map(f));
  for (const [label, key] of [
    ['median', 'median'],
    ['min', 'min'],
    ['max', 'max'],
  ] as const) {
    rows.push([
      label,
      ms(pick((r) => r.firstRowMs)[key]),
      ms(pick((r) => r.firstJobMs)[key]),
      ms(pick((r) => r.firstJobFrameMs)[key]),
      kb(pick((r) => r.before?.rssKb)[key]),
      kb(pick((r) => r.after?.rssKb)[key]),
      kb(pick((r) => r.before?.anonKb)[key]),
      kb(pick((r) => r.after?.anonKb)[key]),
      mib(pick((r) => r.heapBefore?.heapUsed)[key]),
      mib(pick((r) => r.heapAfter?.heapUsed)[key]),
    ]);
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
  const first = results[0]?.firstRows;
  if (first?.length) console.log(`\nfirst rows of run 1: ${first.map((t) => JSON.stringify(t)).join(', ')}`);
  if (results.some((r) => r.warm))
    console.log('warm: Training Jobs already had rows when it was collapsed; that run may have shown cached rows.');
  if (results.some((r) => r.extHosts > 1))
    console.log(`note: more than one extension host with this data dir was alive (${results.map((r) => r.extHosts).join(', ')}).`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-trees-'));
  // Everything below makes its temp dirs in ours (code-server's user-data dir, Chromium's
  // profile, …): one rm removes them all, also when the bench was killed mid-way.
  process.env.TMPDIR = work;
  const dataDir = resolveDataDir(path.join(work, 'local-home'));
  onSignal = () => reap(work, dataDir);
  startReaper(work, dataDir);
  cleanups.push({ what: 'temp dir', run: () => rmSync(work, { recursive: true, force: true }) });
  log('packaging the extension (production build) ...');
  const packaged = await packageVsix();
  // Our own copy: others may repackage out/*.vsix while the runs install it.
  const vsix = path.join(work, path.basename(packaged.file));
  copyFileSync(packaged.file, vsix);

  log(`starting the daemon on ${dataDir}`);
  cleanups.push({
    what: 'daemon and job processes',
    run: async () => {
      await stopDaemon(dataDir);
      // Job processes outlive the daemon by design: end what it left running (the blockers).
      const n = killJobProcesses(dataDir);
      if (n) log(`killed ${n} job process group(s) left running`);
    },
  });
  const discovery = await startDaemonDetached({ dataDir, daemonScript: path.join(repoRoot, 'dist', 'daemon.js') });
  log(`seeding ${jobs} jobs (${state}) at concurrency ${concurrency} ...`);
  const seed = await seedJobs(discovery, jobs, state, concurrency, log);
  log(
    `seeded in ${(seed.createMs / 1000).toFixed(1)} s${seed.settleMs ? ` + ${(seed.settleMs / 1000).toFixed(1)} s until all ended` : ''}: ${JSON.stringify(seed.phases)}`,
  );

  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await oneRun(vsix, dataDir, i));
  report(seed, results);
}

main()
  .then(
    () => cleanUp(),
    async (err: unknown) => {
      console.error(err);
      await cleanUp();
      process.exitCode = 1;
    },
  )
  .finally(() => process.exit());
