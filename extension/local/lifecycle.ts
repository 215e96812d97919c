import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { type Discovery, dataPaths, ensureDataDir, readDiscovery } from './dataDir';

/**
 * Starting, finding and stopping the daemon, shared by the CLI and the extension. The daemon runs
 * detached so it outlives the terminal or editor window that started it; clients find it through
 * the discovery file and confirm it answers before trusting it.
 */

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running daemon of a data dir, or undefined when none answers. */
export async function daemonStatus(dataDir: string): Promise<Discovery | undefined> {
  const discovery = readDiscovery(dataDir);
  if (!discovery || !alive(discovery.pid)) return undefined;
  try {
    const res = await fetch(`${discovery.endpoint}/health`, { signal: AbortSignal.timeout(3000) });
    const health = (await res.json()) as { pid?: number; project_id?: string };
    return health.pid === discovery.pid && health.project_id === discovery.project_id ? discovery : undefined;
  } catch {
    return undefined;
  }
}

export interface StartOptions {
  readonly dataDir: string;
  readonly port?: number;
  /** The built daemon entry (dist/daemon.js). */
  readonly daemonScript: string;
  /** The Node to run it with: plain node from the CLI, the editor's own (ELECTRON_RUN_AS_NODE) from VS Code. */
  readonly nodePath?: string;
  readonly timeoutMs?: number;
}

/** Starts the daemon detached unless one already serves this data dir (idempotent). */
export async function startDaemonDetached(opts: StartOptions): Promise<Discovery> {
  const running = await daemonStatus(opts.dataDir);
  if (running) return running;
  ensureDataDir(opts.dataDir);
  const out = openSync(dataPaths(opts.dataDir).log, 'a', 0o600);
  const args = [opts.daemonScript, '--data', opts.dataDir, ...(opts.port ? ['--port', String(opts.port)] : [])];
  const child = spawn(opts.nodePath ?? process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'ignore', out],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  child.unref();
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? -1));
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (exitCode !== null)
      throw new Error(`The local platform daemon exited at start (code ${exitCode}); see ${dataPaths(opts.dataDir).log}.`);
    const status = await daemonStatus(opts.dataDir);
    if (status && status.pid === child.pid) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `The local platform daemon did not answer within ${(opts.timeoutMs ?? 20_000) / 1000} s; see ${dataPaths(opts.dataDir).log}.`,
  );
}

/** Stops the data dir's daemon (SIGTERM, then SIGKILL after a grace period). False when none ran. */
export async function stopDaemon(dataDir: string, graceMs = 10_000): Promise<boolean> {
  const running = await daemonStatus(dataDir);
  if (!running) return false;
  process.kill(running.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(running.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(running.pid)) process.kill(running.pid, 'SIGKILL');
  return true;
}
