// Long installs (code-server builds native modules for minutes) with their output in a log file
// and, on the terminal, a progress line now and then: how long so far, how much is on disk of
// about how much, and what the install is doing. Silence for minutes reads as a hang.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export interface ProgressOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the whole output goes; its tail is in the error when the command fails. */
  readonly logFile: string;
  /** `code-server`: what is being installed, for the progress line. */
  readonly label: string;
  /** The folder the install fills, measured for the progress line. */
  readonly sizeOf?: string;
  /** About how many MB the finished install takes. */
  readonly expectedMb?: number;
  /** Between progress lines; default 20 s. */
  readonly everyMs?: number;
  /** Where progress lines go; default stderr. */
  readonly report?: (line: string) => void;
}

/** `1m 05s`. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** The last line of the log worth showing: not empty, not one of npm's warnings; at most 100 characters. */
export function lastStep(log: string): string | undefined {
  const lines = log
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^npm (warn|notice)/i.test(l));
  const last = lines.at(-1);
  return last && last.length > 100 ? `${last.slice(0, 97)}...` : last;
}

/** `code-server: 2m 10s, 412 of about 620 MB; gyp info spawn make`. */
export function progressLine(
  label: string,
  elapsedMs: number,
  mb: number | undefined,
  expectedMb: number | undefined,
  step?: string,
): string {
  const size = mb === undefined ? '' : expectedMb ? `, ${mb} of about ${expectedMb} MB` : `, ${mb} MB`;
  return `${label}: ${formatElapsed(elapsedMs)}${size}${step ? `; ${step}` : ''}`;
}

function sizeMb(dir: string): number | undefined {
  const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
  const mb = Number(r.stdout?.split('\t')[0]);
  return r.status === 0 && Number.isFinite(mb) ? mb : undefined;
}

/** Runs the command to completion; resolves with its duration in seconds, rejects with the log's tail. */
export function runWithProgress(cmd: string, args: readonly string[], o: ProgressOptions): Promise<number> {
  const started = Date.now();
  const report = o.report ?? ((line: string) => process.stderr.write(`[ensureTools] ${line}\n`));
  const log = fs.openSync(o.logFile, 'w');
  const child = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', log, log] });
  const tick = () => {
    const text = fs.readFileSync(o.logFile, 'utf8');
    report(progressLine(o.label, Date.now() - started, o.sizeOf ? sizeMb(o.sizeOf) : undefined, o.expectedMb, lastStep(text)));
  };
  const timer = setInterval(tick, o.everyMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => finish(err));
    child.once('exit', (code, signal) => finish(code === 0 ? undefined : new Error(`status ${code}, signal ${signal}`)));
    let done = false;
    function finish(err: Error | undefined) {
      if (done) return;
      done = true;
      clearInterval(timer);
      fs.closeSync(log);
      if (!err) return resolve((Date.now() - started) / 1000);
      const tail = fs.readFileSync(o.logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${err.message})\n${tail}`));
    }
  });
}
