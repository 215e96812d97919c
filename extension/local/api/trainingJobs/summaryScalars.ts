// The TensorBoard event files a job writes to MA_SUMMARY_DIR, read for the metrics route from the
// offsets the client's cursor carries, so each answer holds only new points. Every subfolder
// holding event files is a run of TensorBoard's; here they are all the one job's, so a run's
// tags are prefixed with its folder (`train/loss`, `eval/loss`), which also groups them in the
// panel. Readers are cached per file only to remember a tag's plugin across answers; the
// cursor's offset is what counts.

import path from 'node:path';
import { EventFileReader, LocalFileSource } from '../../../core/metrics/eventFileReader';
import { listLocalRuns } from '../../../core/metrics/runs';
import type { ScalarPoints } from './scalars';

export interface SummaryReading {
  readonly series: (ScalarPoints & { readonly source: 'event_file' })[];
  /** File (relative to the summary dir) → offset after the last good record. */
  readonly offsets: Record<string, number>;
  readonly more: boolean;
  readonly corruptRecords: number;
}

export class SummaryScalars {
  private readonly readers = new Map<string, EventFileReader>();

  constructor(private readonly dir: string) {}

  async since(offsets: Readonly<Record<string, number>>, maxBytes: number): Promise<SummaryReading> {
    const next: Record<string, number> = { ...offsets };
    const series = new Map<string, ScalarPoints & { source: 'event_file' }>();
    let budget = maxBytes;
    let more = false;
    let corrupt = 0;
    const runs = await listLocalRuns(this.dir);
    for (const [run, files] of [...runs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const file of files) {
        const rel = path.relative(this.dir, file.name).split(path.sep).join('/');
        const from = offsets[rel] ?? 0;
        let reader = this.readers.get(rel);
        if (!reader || reader.offset !== from || reader.pendingBytes > 0) {
          reader = new EventFileReader(new LocalFileSource(file.name), { startAt: from });
          this.readers.set(rel, reader);
        }
        if (budget <= 0) {
          more = true;
          continue;
        }
        const before = reader.counts.bytesRead;
        await reader.poll({
          maxBytes: budget,
          onPoint: (tag, step, wallTime, value) => {
            const name = run === '.' ? tag : `${run}/${tag}`;
            let s = series.get(name);
            if (!s) series.set(name, (s = { name, step: [], value: [], wall_time: [], source: 'event_file' }));
            s.step.push(step);
            s.value.push(value);
            s.wall_time.push(wallTime);
          },
        });
        budget -= reader.counts.bytesRead - before;
        if (budget <= 0) more = true;
        next[rel] = reader.offset;
        corrupt += reader.counts.corruptRecords;
      }
    }
    return { series: [...series.values()], offsets: next, more, corruptRecords: corrupt };
  }
}
