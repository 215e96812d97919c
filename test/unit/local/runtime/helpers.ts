// Shared helpers for the runtime tests: temp dirs, polling with deadlines (never timing
// assertions), and a registry of started process groups that `cleanup()` SIGKILLs so a failing
// test never leaves processes behind.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDefunct, readProcStatSync } from '../../../../extension/local/runtime/processTree';

/** A fresh temp dir; removed by `cleanup()`. */
export function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ma-runtime-'));
  tempDirs.push(dir);
  return dir;
}

const tempDirs: string[] = [];
const groups = new Set<number>();

/** Remembers a process group leader to kill in `cleanup()`. Returns the argument for chaining. */
export function track<T extends { pid: number }>(p: T): T {
  groups.add(p.pid);
  return p;
}

/** SIGKILLs every tracked group and removes every temp dir. Call from afterEach/after. */
export function cleanup(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True when the pid names a live (non-zombie) process. */
export function alive(pid: number): boolean {
  const stat = readProcStatSync(pid);
  return stat !== undefined && !isDefunct(stat);
}

/** The file's text, '' when missing. */
export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A minimal environment for jobs: just PATH. */
export const baseEnv: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin' };

/** Skips a suite on systems without /proc. */
export function requireLinux(ctx: Mocha.Context): void {
  if (process.platform !== 'linux') ctx.skip();
}
