import type { StorageClient } from '../storage/client';
import type { ObjectLocation } from '../storage/urls';
import { LogdirReader } from './runs';
import type { SeriesStore } from './seriesStore';
import type { MetricsSource, MetricsWarning, SourcePoll, SourceRun } from './source';

/**
 * A folder of TensorBoard event files, on this machine or in storage: each subfolder that holds
 * event files is a run (TensorBoard's convention). Files and runs that appear later are picked
 * up; only new bytes are read (ranged GETs in storage). A folder never "ends": it is polled while
 * the panel is open, gently for storage, where every poll is a listing.
 */
export class FolderMetricsSource implements MetricsSource {
  readonly finished = false;
  readonly pollSeconds: number;
  private readonly reader: LogdirReader;
  private polled = false;
  private filesSeen = 0;
  private corrupt = 0;
  private resyncs = 0;
  private readonly restarted = new Set<string>();

  private constructor(
    reader: LogdirReader,
    /** Run ids are `<key>/<run>`, so two folders compared side by side never mix. */
    private readonly key: string,
    pollSeconds: number,
  ) {
    this.reader = reader;
    this.pollSeconds = pollSeconds;
  }

  static local(path: string): FolderMetricsSource {
    return new FolderMetricsSource(LogdirReader.local(path), path, 2);
  }

  static storage(storage: Pick<StorageClient, 'listAll' | 'head' | 'readRange'>, location: ObjectLocation): FolderMetricsSource {
    const reader = LogdirReader.storage(storage, location);
    return new FolderMetricsSource(reader, reader.root, 5);
  }

  get label(): string {
    return this.reader.root;
  }

  runs(): readonly SourceRun[] {
    return this.reader
      .runs()
      .map((run) => ({ id: this.runId(run), name: run === '.' ? this.label : run, live: true, hyperParameters: {} }));
  }

  progress(): { filesRead: number; filesTotal: number } | undefined {
    return this.polled ? undefined : { filesRead: 0, filesTotal: this.filesSeen };
  }

  warnings(): readonly MetricsWarning[] {
    const out: MetricsWarning[] = [];
    if (this.corrupt > 0) out.push({ kind: 'corruptRecords', count: this.corrupt, where: this.label });
    if (this.resyncs > 0) out.push({ kind: 'resynced', count: this.resyncs, where: this.label });
    for (const run of this.restarted) out.push({ kind: 'rewritten', run });
    return out;
  }

  async poll(store: SeriesStore, signal: AbortSignal): Promise<SourcePoll> {
    const before = store.pointCount;
    const runsBefore = this.reader.runs().length;
    const result = await this.reader.poll({
      signal,
      onPoint: (run, tag, step, wallTime, value) => store.append(this.runId(run), tag, step, wallTime, value),
    });
    // A file rewritten from the start (a run restarted into the same file) is read again; its old
    // points stay beside the new ones, as TensorBoard keeps a restarted run's duplicate steps.
    for (const update of result.updates) if (update.restarted) this.restarted.add(update.run);
    this.polled = true;
    this.filesSeen = this.reader.runs().reduce((n, run) => n + this.reader.files(run).length, 0);
    this.corrupt = result.counts.corruptRecords;
    this.resyncs = result.counts.resyncs;
    return { changed: store.pointCount !== before || this.reader.runs().length !== runsBefore, more: false };
  }

  private runId(run: string): string {
    return `${this.key}/${run}`;
  }
}
