// Training scalars (loss, accuracy…) a job reports by printing lines like
//
//   MA_METRIC loss=0.25 acc=0.91 step=120
//
// to stdout. They are read back from the job's log, incrementally, whenever metrics are asked
// for: the log is the durable record, so the series survive a daemon restart (the reader simply
// starts again from byte 0) and cost nothing while nobody looks.

import { readLogSlice } from '../../runtime/logs';

/** One named series: parallel arrays, ordered as printed. */
export interface ScalarSeries {
  readonly name: string;
  readonly step: number[];
  readonly value: number[];
}

const marker = 'MA_METRIC';
const maxPointsPerSeries = 10_000;
const maxSeries = 100;
const sliceBytes = 1 << 20;
const namePattern = /^[A-Za-z_][A-Za-z0-9_./-]{0,127}$/;

/**
 * Parses one line; undefined unless it is a metric line. `step` is optional (the series' own
 * count is used then); values must be finite numbers; other tokens make the line not count.
 */
export function parseMetricLine(line: string): { step: number | undefined; values: [string, number][] } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(`${marker} `)) return undefined;
  let step: number | undefined;
  const values: [string, number][] = [];
  for (const token of trimmed.slice(marker.length).trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq <= 0) return undefined;
    const key = token.slice(0, eq);
    const num = Number(token.slice(eq + 1));
    if (token.slice(eq + 1) === '' || !Number.isFinite(num) || !namePattern.test(key)) return undefined;
    if (key === 'step') {
      if (!Number.isInteger(num)) return undefined;
      step = num;
    } else values.push([key, num]);
  }
  return values.length ? { step, values } : undefined;
}

/** Follows one job's log and accumulates its scalar series. */
export class ScalarReader {
  private offset = 0;
  private partial = '';
  private readonly series = new Map<string, ScalarSeries>();

  constructor(private readonly logFile: string) {}

  /** Reads what the log gained since the last call and returns every series. */
  async refresh(): Promise<ScalarSeries[]> {
    for (;;) {
      const slice = await readLogSlice(this.logFile, this.offset, sliceBytes);
      if (slice.currentSize < this.offset) this.reset(); // the log was replaced: start over
      this.offset = slice.currentSize;
      if (slice.content === '') break;
      const lines = (this.partial + slice.content).split('\n');
      this.partial = lines.pop() ?? '';
      if (this.partial.length > sliceBytes) this.partial = ''; // one enormous line: not a metric
      for (const line of lines) this.add(line);
      if (slice.currentSize >= slice.fullSize) break;
    }
    return [...this.series.values()];
  }

  private reset(): void {
    this.partial = '';
    this.series.clear();
  }

  private add(line: string): void {
    const parsed = parseMetricLine(line);
    if (!parsed) return;
    for (const [name, value] of parsed.values) {
      let s = this.series.get(name);
      if (!s) {
        if (this.series.size >= maxSeries) continue;
        s = { name, step: [], value: [] };
        this.series.set(name, s);
      }
      s.step.push(parsed.step ?? s.step.length);
      s.value.push(value);
      if (s.step.length > maxPointsPerSeries) {
        s.step.shift();
        s.value.shift();
      }
    }
  }
}
