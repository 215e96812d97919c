import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { IgnoreRules } from '../ssh/sync/ignoreRules';
import { isTransferBookkeeping } from '../storage/folders';
import { throwIfAborted } from '../util/abort';

/**
 * The ignore files read in every folder of a job's code, in this order, with git's syntax and
 * nesting: `.gitignore` leaves out what git leaves out (checkpoints, data, virtualenvs), and
 * `.modelartsignore` what only the job should not get; being read second, its `!name` takes back a
 * file `.gitignore` left out (a small data file git does not track but the job needs).
 */
export const codeIgnoreFiles = ['.gitignore', '.modelartsignore'] as const;

export interface CodeFile {
  /** Relative to the code folder, '/' separators. */
  readonly rel: string;
  readonly size: number;
}

/** What a job's code folder uploads, and what it leaves out (an ignored folder is listed once). */
export interface CodeFiles {
  readonly files: readonly CodeFile[];
  readonly ignored: readonly string[];
}

/**
 * The files of a job's local code folder that go to storage: every regular file except what the
 * ignore files exclude, `.git`, our transfer bookkeeping, and what `exclude` says (the spec file
 * itself). Symbolic links are not followed, as in every folder upload. An unreadable ignore file
 * fails the listing: uploading what it may exclude (secrets, big data) would be worse.
 */
export async function listCodeFiles(
  root: string,
  opts: { readonly exclude?: (rel: string) => boolean; readonly signal?: AbortSignal } = {},
): Promise<CodeFiles> {
  const rules = new IgnoreRules();
  const files: CodeFile[] = [];
  const ignored: string[] = [];
  const visit = async (dir: string, rel: string): Promise<void> => {
    throwIfAborted(opts.signal);
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    for (const name of codeIgnoreFiles) {
      if (entries.some((e) => e.name === name && e.isFile())) rules.add(rel, await fsp.readFile(path.join(dir, name), 'utf8'));
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (!entry.isDirectory() && !entry.isFile()) continue;
      if (entry.isFile() && isTransferBookkeeping(entry.name)) continue;
      if (rules.isIgnored(childRel, entry.isDirectory()) || (entry.isFile() && opts.exclude?.(childRel) === true)) {
        ignored.push(childRel);
      } else if (entry.isDirectory()) {
        await visit(path.join(dir, entry.name), childRel);
      } else {
        files.push({ rel: childRel, size: (await fsp.stat(path.join(dir, entry.name))).size });
      }
    }
  };
  await visit(root, '');
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { files: files.sort((a, b) => byPath(a.rel, b.rel)), ignored: ignored.sort(byPath) };
}
