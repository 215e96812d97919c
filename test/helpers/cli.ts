import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../esbuild.mjs';
import { repoRoot } from './repo';

/** The built `modelarts` command line run as a user runs it, on a local mode data dir of its own. */
export interface CliHarness {
  readonly home: string;
  run(args: string[], env?: Record<string, string>): { code: number | null; out: string; err: string };
  /** `run` with `--output json`, parsed; fails the test with stderr when the command fails. */
  json(args: string[]): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- CLI output is read loosely; each test checks what it relies on
  close(): void;
}

export async function startCliHarness(): Promise<CliHarness> {
  await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
  const home = mkdtempSync(path.join(os.tmpdir(), 'ma-cli-'));
  const env = {
    ...process.env,
    MODELARTS_LOCAL_HOME: path.join(home, 'local'),
    MODELARTS_CONFIG_DIR: path.join(home, 'config'),
    HUAWEICLOUD_SDK_AK: '',
    HUAWEICLOUD_SDK_SK: '',
  };
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], {
      encoding: 'utf8',
      env: { ...env, ...extra },
      cwd: home,
      timeout: 120_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  return {
    home,
    run,
    json(args) {
      const r = run([...args, '--output', 'json']);
      if (r.code !== 0) throw new Error(`modelarts ${args.join(' ')} exited ${r.code}: ${r.err}`);
      return JSON.parse(r.out);
    },
    close() {
      run(['local', 'stop']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
