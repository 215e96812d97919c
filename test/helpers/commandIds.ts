import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo';

/**
 * The command ids in extension/host/commands/commands.ts's table, read from its source: importing
 * the table would load `vscode`, which plain mocha does not have.
 */
export function commandTableIds(): string[] {
  const dir = path.join(repoRoot, 'extension/host/commands');
  const source = readdirSync(dir)
    .filter((f) => f === 'commands.ts')
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const table = source.slice(source.indexOf('commandTable'), source.indexOf('};', source.indexOf('commandTable')));
  return [...table.matchAll(/'(modelarts\.[A-Za-z.]+)':/g)].map((m) => m[1] as string);
}
