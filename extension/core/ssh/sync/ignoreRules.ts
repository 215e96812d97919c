import ignore, { type Ignore } from 'ignore';

/**
 * `.gitignore` matching as git does it, across nested files: each `.gitignore` applies to paths
 * below its own folder, and the deepest file with a rule that matches a path decides (so a nested
 * `!keep.log` re-includes what the root's `*.log` excluded). A path inside an ignored folder is
 * never asked about: the walk does not descend there, just as git cannot re-include files of an
 * excluded folder. `.git` (folder, or the file a worktree has) is always skipped.
 */
export class IgnoreRules {
  private readonly byDir = new Map<string, Ignore>();

  constructor(private readonly useGitignore = true) {}

  /** Adds the text of the `.gitignore` found in folder `dirRel` ('' for the root). */
  add(dirRel: string, text: string): void {
    if (!this.useGitignore) return;
    const existing = this.byDir.get(dirRel);
    if (existing) existing.add(text);
    // Case-sensitive, as git is by default on Linux, where notebooks run.
    else this.byDir.set(dirRel, ignore({ ignorecase: false }).add(text));
  }

  /** Whether `rel` ('/' separators, no leading slash) is excluded; folders match `dir/` patterns. */
  isIgnored(rel: string, isDir: boolean): boolean {
    const parts = rel.split('/');
    if (parts[parts.length - 1] === '.git') return true;
    if (this.byDir.size === 0) return false;
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const rules = this.byDir.get(parts.slice(0, depth).join('/'));
      if (!rules) continue;
      const below = parts.slice(depth).join('/') + (isDir ? '/' : '');
      const verdict = testQuietly(rules, below);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }
}

/** `ignore` throws on names it cannot treat as relative paths (rare: odd bytes); those are kept. */
function testQuietly(rules: Ignore, rel: string): { ignored: boolean; unignored: boolean } {
  try {
    return rules.test(rel);
  } catch {
    return { ignored: false, unignored: false };
  }
}
