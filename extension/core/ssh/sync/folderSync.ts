import type { SFTPWrapper } from 'ssh2';
import { runPool } from '../../storage/pool';
import { isAbortError, throwIfAborted } from '../../util/abort';
import { RequestBudget } from './budget';
import { describePathError, failuresMessage, isPathError, stoppedError, SyncError } from './errors';
import { IgnoreRules } from './ignoreRules';
import { planSync, type SyncPlan } from './plan';
import { ProgressTracker } from './progress';
import { SftpOps } from './sftpOps';
import { LocalSide, RemoteSide, type SyncSide } from './sides';
import { downloadFile, isSyncTempName, uploadFile } from './transfer';
import { emptyTree, isWithin, type Tree, walkTree } from './tree';
import type { SyncFailure, SyncOptions, SyncSummary } from './types';

// Measured with bench/ssh.ts against a local notebook: small files gain from many files at once
// (each costs five sequential round trips, which then overlap); one big file from a deep window
// (a server without TCP_NODELAY answers small WRITE acks late unless data keeps flowing). The
// budget below caps memory however the two combine.
const DEFAULT_CONCURRENCY = 32;
const DEFAULT_REQUESTS_PER_FILE = 256;
/** Data in flight for the whole sync (each request holds one chunk until answered). */
const BYTES_IN_FLIGHT = 8 * 1024 * 1024;
/** Folders listed (and created, and removed) at once. */
const TREE_CONCURRENCY = 8;

/**
 * Makes the destination folder match the source, incrementally: new and changed files (by size
 * and whole-second mtime) are copied, unchanged ones skipped, and in delete mode what the source
 * no longer has is removed. One SFTP session carries everything; the caller owns it (opens it,
 * and ends it afterwards).
 *
 * Resolves with a summary when every path synced. Rejects with an AbortError when `signal`
 * fires (after in-flight requests settle and temp files are removed, so no destination file is
 * ever half-written), and with a SyncError when the sync stopped (connection lost, source folder
 * missing) or finished with some paths failed (`failures` and `summary` say which and what did sync).
 */
export async function syncFolder(sftp: SFTPWrapper, options: SyncOptions): Promise<SyncSummary> {
  const started = Date.now();
  const { signal } = options;
  throwIfAborted(signal);
  const ops = new SftpOps(sftp);
  const local = new LocalSide(options.localDir);
  const remote = new RemoteSide(ops, options.remoteDir);
  const [source, dest] = options.direction === 'upload' ? [local, remote] : [remote, local];
  const progress = new ProgressTracker(options.onProgress);
  const notes: string[] = [];
  const failures: SyncFailure[] = [];

  try {
    progress.phase('scanning');
    const rules = new IgnoreRules(options.gitignore ?? true);
    const sourceTree = await scanSource(source, rules, signal);
    const destKind = await dest.rootKind();
    if (destKind === 'other') throw new SyncError(`${dest.root} ${dest.where} is not a folder; choose a folder to sync into.`);
    const destTree =
      destKind === 'dir' ? await walkTree(dest, { rules, loadGitignore: false, concurrency: TREE_CONCURRENCY, signal }) : emptyTree();
    for (const [rel, kind] of sourceTree.others)
      notes.push(`${rel}: skipped, ${kind === 'symlink' ? 'symbolic links are not followed' : 'not a regular file'}.`);
    failures.push(...sourceTree.failures, ...destTree.failures);

    const plan = planSync(sourceTree, destTree, options.delete ?? false);
    failures.push(...plan.conflicts);
    const deleted = options.delete ? await deleteExtraneous(dest, plan, progress, failures, signal) : 0;
    if (destKind === 'missing') await dest.ensureRoot();
    const unmade = await makeFolders(dest, plan, failures, signal);
    const copied = await copyFiles({ ops, local, remote, options, plan, progress, failures, unmade });

    progress.phase('done');
    const summary: SyncSummary = {
      direction: options.direction,
      transferred: copied.files,
      unchanged: plan.unchanged,
      deleted,
      ignored: sourceTree.ignored.length,
      bytes: copied.bytes,
      ms: Date.now() - started,
      notes,
      failures,
    };
    if (failures.length > 0) throw new SyncError(failuresMessage(failures, attempted(plan)), failures, summary);
    return summary;
  } catch (err) {
    if (isAbortError(err) || err instanceof SyncError) throw err;
    throw stoppedError(undefined, err);
  }
}

async function scanSource(source: SyncSide, rules: IgnoreRules, signal: AbortSignal | undefined): Promise<Tree> {
  const kind = await source.rootKind();
  if (kind === 'missing') throw new SyncError(`${source.root} does not exist ${source.where}; check the folder path.`);
  if (kind === 'other') throw new SyncError(`${source.root} ${source.where} is not a folder; choose a folder to sync.`);
  return walkTree(source, { rules, loadGitignore: true, concurrency: TREE_CONCURRENCY, signal, skipName: isSyncTempName });
}

/** Removes files first, then folders deepest first (a folder must be empty to go). */
async function deleteExtraneous(
  dest: SyncSide,
  plan: SyncPlan,
  progress: ProgressTracker,
  failures: SyncFailure[],
  signal: AbortSignal | undefined,
): Promise<number> {
  if (plan.deleteFiles.length + plan.deleteDirs.length === 0) return 0;
  progress.phase('deleting');
  let deleted = 0;
  const remove = (op: (rel: string) => Promise<void>) => async (rel: string) => {
    try {
      await op(rel);
      deleted++;
    } catch (err) {
      if (!isPathError(err)) throw stoppedError(rel, err);
      failures.push(describePathError(rel, err));
    }
  };
  await runPool(
    plan.deleteFiles,
    TREE_CONCURRENCY,
    signal,
    remove((rel) => dest.unlink(rel)),
  );
  for (const level of byDepth(plan.deleteDirs).reverse())
    await runPool(
      level,
      TREE_CONCURRENCY,
      signal,
      remove((rel) => dest.rmdir(rel)),
    );
  return deleted;
}

/** Creates missing folders, parents first; returns the ones that failed (their files are skipped). */
async function makeFolders(dest: SyncSide, plan: SyncPlan, failures: SyncFailure[], signal: AbortSignal | undefined): Promise<string[]> {
  const unmade: string[] = [];
  const modes = new Map(plan.mkdirs.map((d) => [d.rel, d.mode]));
  for (const level of byDepth(plan.mkdirs.map((d) => d.rel))) {
    await runPool(level, TREE_CONCURRENCY, signal, async (rel) => {
      if (unmade.some((u) => isWithin(rel, u))) return;
      try {
        // Owner keeps write access, or the files could not be put inside.
        await dest.mkdir(rel, (modes.get(rel) ?? 0o755) | 0o700);
      } catch (err) {
        if (!isPathError(err)) throw stoppedError(rel, err);
        unmade.push(rel);
        failures.push(describePathError(rel, err));
      }
    });
  }
  return unmade;
}

interface CopyContext {
  ops: SftpOps;
  local: LocalSide;
  remote: RemoteSide;
  options: SyncOptions;
  plan: SyncPlan;
  progress: ProgressTracker;
  failures: SyncFailure[];
  unmade: string[];
}

async function copyFiles(ctx: CopyContext): Promise<{ files: number; bytes: number }> {
  const { ops, local, remote, options, plan, progress, failures, unmade } = ctx;
  const copies = plan.copies.filter((c) => !unmade.some((u) => isWithin(c.rel, u)));
  progress.phase('transferring', { files: copies.length, bytes: copies.reduce((n, c) => n + c.meta.size, 0) });
  const budget = new RequestBudget(Math.max(8, Math.floor(BYTES_IN_FLIGHT / Math.max(ops.maxRead, ops.maxWrite))));
  const window = Math.max(1, Math.min(options.requestsPerFile ?? DEFAULT_REQUESTS_PER_FILE, budget.total));
  const result = { files: 0, bytes: 0 };
  await runPool(copies, options.concurrency ?? DEFAULT_CONCURRENCY, options.signal, async ({ rel, meta, replaces }, signal) => {
    progress.fileStarted(rel);
    const transfer = { window, budget, signal, onBytes: (n: number) => progress.bytes(rel, n) };
    try {
      if (options.direction === 'upload') await uploadFile(ops, local.absolute(rel), remote.absolute(rel), meta, replaces, transfer);
      else await downloadFile(ops, remote.absolute(rel), local.absolute(rel), meta, transfer);
      result.files++;
      result.bytes += meta.size;
    } catch (err) {
      if (isAbortError(err)) throw err;
      if (!isPathError(err)) throw stoppedError(rel, err);
      failures.push(describePathError(rel, err));
    }
    progress.fileFinished(rel);
  });
  return result;
}

/** Groups paths by depth, shallowest first; each group can be worked on in parallel. */
function byDepth(rels: readonly string[]): string[][] {
  const levels = new Map<number, string[]>();
  for (const rel of rels) {
    const d = rel.split('/').length;
    const level = levels.get(d);
    if (level) level.push(rel);
    else levels.set(d, [rel]);
  }
  return [...levels.keys()].sort((a, b) => a - b).map((d) => levels.get(d) ?? []);
}

function attempted(plan: SyncPlan): number {
  return plan.copies.length + plan.mkdirs.length + plan.deleteFiles.length + plan.deleteDirs.length + plan.conflicts.length;
}
