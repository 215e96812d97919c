import { type FileMeta, isWithin, type Tree } from './tree';
import type { SyncFailure } from './types';

/** What one sync will do, decided from the two scans before anything is touched. */
export interface SyncPlan {
  /** Folders to create, parents before children. */
  mkdirs: { rel: string; mode: number }[];
  /** Files to copy; `replaces` when the destination already has a file there. */
  copies: { rel: string; meta: FileMeta; replaces: boolean }[];
  unchanged: number;
  /** Delete mode only: destination files, then folders (children before parents), gone from the source. */
  deleteFiles: string[];
  deleteDirs: string[];
  /** Paths where source and destination disagree on the kind of thing and delete mode is off. */
  conflicts: SyncFailure[];
}

/**
 * Compares source and destination scans. A file is unchanged when size and whole-second mtime
 * match (sync sets the destination's mtime from the source's, so a second run copies nothing).
 * Deletion never touches what the destination holds under ignored paths, links or folders the
 * source scan could not list.
 */
export function planSync(source: Tree, dest: Tree, deleteExtraneous: boolean): SyncPlan {
  const plan: SyncPlan = { mkdirs: [], copies: [], unchanged: 0, deleteFiles: [], deleteDirs: [], conflicts: [] };
  const blocked: string[] = [];
  const isBlocked = (rel: string): boolean => blocked.some((b) => isWithin(rel, b));

  for (const [rel, mode] of [...source.dirs].sort(([a], [b]) => depth(a) - depth(b) || compare(a, b))) {
    if (dest.dirs.has(rel) || isBlocked(rel)) continue;
    const inTheWay = dest.files.has(rel) ? 'a file' : dest.others.has(rel) ? describeOther(dest.others.get(rel)) : undefined;
    if (inTheWay && !(deleteExtraneous && dest.files.has(rel))) {
      blocked.push(rel);
      plan.conflicts.push({
        path: rel,
        message: `${rel}: is a folder here but ${inTheWay} at the destination; rename or remove one of them${dest.files.has(rel) ? ', or sync with delete on' : ''}.`,
      });
      continue;
    }
    plan.mkdirs.push({ rel, mode });
  }

  for (const [rel, meta] of [...source.files].sort(([a], [b]) => compare(a, b))) {
    if (isBlocked(rel)) continue;
    const existing = dest.files.get(rel);
    if (existing) {
      if (existing.size === meta.size && existing.mtime === meta.mtime) plan.unchanged++;
      else plan.copies.push({ rel, meta, replaces: true });
      continue;
    }
    if (dest.dirs.has(rel) && !deleteExtraneous) {
      plan.conflicts.push({
        path: rel,
        message: `${rel}: is a file here but a folder at the destination; rename or remove one of them, or sync with delete on.`,
      });
      continue;
    }
    if (dest.others.has(rel)) {
      plan.conflicts.push({
        path: rel,
        message: `${rel}: is a file here but ${describeOther(dest.others.get(rel))} at the destination, which sync leaves alone; remove it there to sync this file.`,
      });
      continue;
    }
    plan.copies.push({ rel, meta, replaces: false });
  }

  if (deleteExtraneous) {
    const unlisted = [...source.unlisted];
    const keep = (rel: string): boolean => unlisted.some((u) => isWithin(rel, u));
    plan.deleteFiles = [...dest.files.keys()].filter((rel) => !source.files.has(rel) && !keep(rel)).sort(compare);
    // A folder still holding something sync must not remove (ignored paths, links) stays.
    const held = [...dest.ignored, ...dest.others.keys()];
    plan.deleteDirs = [...dest.dirs.keys()]
      .filter((rel) => !source.dirs.has(rel) && !keep(rel) && !held.some((h) => isWithin(h, rel)))
      .sort((a, b) => depth(b) - depth(a) || compare(a, b));
  }
  return plan;
}

function depth(rel: string): number {
  return rel.split('/').length;
}

/** Code-unit order, stable across locales (localeCompare would vary by machine). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeOther(kind: string | undefined): string {
  return kind === 'symlink' ? 'a symbolic link' : 'a special file';
}
