// GPU usage for the metrics of local jobs, from `nvidia-smi` when this machine has it. The query
// reads whole GPUs, not one process tree: on a machine whose GPUs only this job uses (the case
// local mode is for) that is the job's usage. One query a second serves every running job.

import { type GpuSample, queryNvidiaSmi } from '../../core/metrics/nvidiaSmi';

/** The executable to run; `MODELARTS_NVIDIA_SMI` names another (a path outside PATH, or a stand-in in tests). */
const command = (): string => process.env.MODELARTS_NVIDIA_SMI || 'nvidia-smi';

/** GPU utilisation and memory as percents over all GPUs, or undefined when there are none. */
export interface GpuUsage {
  readonly utilPercent: number;
  readonly memoryPercent: number;
}

export class GpuProbe {
  private cached: { atMs: number; usage: Promise<GpuUsage | undefined> } | undefined;
  /** No nvidia-smi here: never look again (a GPU does not appear while the daemon runs). */
  private absent = false;
  private warned = false;

  constructor(private readonly log: (line: string) => void = () => undefined) {}

  sample(): Promise<GpuUsage | undefined> {
    if (this.absent) return Promise.resolve(undefined);
    const now = Date.now();
    if (this.cached && now - this.cached.atMs < 900) return this.cached.usage;
    const usage = queryNvidiaSmi({ command: command(), timeoutMs: 3000 }).then(
      (gpus) => {
        if (gpus === undefined) this.absent = true;
        return gpus && gpus.length > 0 ? summarize(gpus) : undefined;
      },
      (err: unknown) => {
        if (!this.warned) this.log(`nvidia-smi failed, GPU usage is not reported: ${err instanceof Error ? err.message : String(err)}`);
        this.warned = true;
        return undefined;
      },
    );
    this.cached = { atMs: now, usage };
    return usage;
  }
}

function summarize(gpus: readonly GpuSample[]): GpuUsage | undefined {
  const util = gpus.flatMap((g) => (g.utilizationPercent === undefined ? [] : [g.utilizationPercent]));
  const used = gpus.reduce((n, g) => n + (g.memoryUsedMiB ?? 0), 0);
  const total = gpus.reduce((n, g) => n + (g.memoryTotalMiB ?? 0), 0);
  if (util.length === 0 && total === 0) return undefined;
  return {
    utilPercent: util.length ? util.reduce((a, b) => a + b, 0) / util.length : 0,
    memoryPercent: total > 0 ? (used / total) * 100 : 0,
  };
}
