import { execFile } from 'node:child_process';
import { abortError } from '../util/abort';

/**
 * GPU utilisation and memory from `nvidia-smi`, for the metrics panel's system row (W&B shows
 * these; TensorBoard shows none). The query uses nvidia-smi's stable CSV interface:
 *
 *   nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits
 *
 * one line per GPU, e.g. `0, 37, 1234, 16160` (percent, MiB, MiB). A field the driver cannot
 * report is `[N/A]` or `[Not Supported]` (common for utilisation on some laptop and MIG
 * parts); it becomes undefined rather than failing the line.
 */

export const NVIDIA_SMI_ARGS = ['--query-gpu=index,utilization.gpu,memory.used,memory.total', '--format=csv,noheader,nounits'] as const;

export interface GpuSample {
  index: number;
  /** Percent of time a kernel was running over the last sample period. */
  utilizationPercent?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
}

function field(text: string | undefined): number | undefined {
  const t = (text ?? '').trim();
  // `[N/A]`, `[Not Supported]`, `N/A`, or a unit left in by a different --format.
  if (t === '' || t.startsWith('[') || /^n\/a$/i.test(t)) return undefined;
  const n = Number(t.replace(/\s*(%|MiB)$/i, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** Parses the query's output; lines that are not a GPU row (blank, a stray message) are ignored. */
export function parseNvidiaSmi(output: string): GpuSample[] {
  const out: GpuSample[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length < 4) continue;
    const index = field(cells[0]);
    if (index === undefined || !Number.isInteger(index) || index < 0) continue;
    const sample: GpuSample = { index };
    const util = field(cells[1]);
    const used = field(cells[2]);
    const total = field(cells[3]);
    if (util !== undefined) sample.utilizationPercent = util;
    if (used !== undefined) sample.memoryUsedMiB = used;
    if (total !== undefined) sample.memoryTotalMiB = total;
    out.push(sample);
  }
  return out;
}

export class NvidiaSmiError extends Error {
  override readonly name = 'NvidiaSmiError';
}

export interface NvidiaSmiOptions {
  signal?: AbortSignal;
  /** Default 5 s: nvidia-smi can hang for a long time when the driver is wedged. */
  timeoutMs?: number;
  /** The executable (default `nvidia-smi` on PATH). */
  command?: string;
}

/**
 * Runs the query. Undefined when nvidia-smi is not installed (no NVIDIA GPU: not an error);
 * throws NvidiaSmiError when it runs but fails (no driver loaded, timed out), with its message.
 */
export function queryNvidiaSmi(opts: NvidiaSmiOptions = {}): Promise<GpuSample[] | undefined> {
  const timeout = opts.timeoutMs ?? 5000;
  const command = opts.command ?? 'nvidia-smi';
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(abortError(opts.signal.reason));
    execFile(
      command,
      [...NVIDIA_SMI_ARGS],
      { timeout, killSignal: 'SIGKILL', signal: opts.signal, windowsHide: true, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve(parseNvidiaSmi(stdout));
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
        if (e.code === 'ENOENT') return resolve(undefined);
        if (e.name === 'AbortError' || opts.signal?.aborted) return reject(abortError(opts.signal?.reason));
        if (e.killed) return reject(new NvidiaSmiError(`nvidia-smi did not answer within ${timeout} ms; the GPU driver may be hung.`));
        const message = (stderr || stdout || e.message).trim().split(/\r?\n/)[0] ?? e.message;
        reject(new NvidiaSmiError(`nvidia-smi failed: ${message}. Check that the NVIDIA driver is loaded.`));
      },
    );
  });
}
