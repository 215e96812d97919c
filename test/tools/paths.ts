import path from 'node:path';

/** The repository root. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Git-ignored cache of the test tools the scripts fetch themselves (Node 24, code-server). */
export const cacheDir = path.join(repoRoot, '.vscode-test');
