import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo';

/**
 * The command ids in the registration table (extension/host/commands/commands.ts), read from its
 * source: importing the table would load `vscode`, which plain mocha does not have. The
 * integration tier checks the same against the live command registry.
 */
export function commandTableIds(): string[] {
  const source = readFileSync(path.join(repoRoot, 'extension/host/commands/commands.ts'), 'utf8');
  const start = source.indexOf('commandTable');
  const table = source.slice(start, source.indexOf('};', start));
  return [...table.matchAll(/'(modelarts\.[A-Za-z.]+)':/g)].map((m) => m[1] as string);
}
