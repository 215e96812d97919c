import path from 'node:path';

/** The repository root (this file is <repo>/test/tools/paths.ts). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Git-ignored cache of the test tools the scripts fetch themselves (Node 24, code-server). */
export const cacheDir = path.join(repoRoot, '.vscode-test');
