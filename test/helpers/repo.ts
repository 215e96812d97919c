import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root, wherever the tests run from. */
export const repoRoot = path.resolve(__dirname, '..', '..');

export function readJson<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, relativePath), 'utf8')) as T;
}
