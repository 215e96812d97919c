import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fsyncDirectory } from '../../../core/util/atomicFile';
import { JournalWriter, loadJournal, setAside } from '../../store/journal';
import { readSnapshot, removeTempFiles, writeSnapshot } from '../../store/snapshotFile';
import {
  type AnnotationPatch,
  type Change,
  checkEntry,
  checkLabelDef,
  checkSample,
  type Entry,
  mergeSync,
  patchSample,
  relabelSample,
} from './changes';
import { compareSamples, type LabelDef, type SampleSummary, type StoredSample } from './model';
import { type LabelCount, SampleIndex, type SampleFilter, type Selection } from './sampleIndex';

/**
 * One dataset's label definitions and samples: in memory with their indexes (sampleIndex.ts),
 * on disk as a compacted snapshot plus an append-only journal in the dataset's own directory.
 *
 * A change (a batch annotation, a label change, a sync's result) is one journal line, appended
 * and fdatasync'd before the method returns, then applied in memory: saving one annotation writes
 * one short line whether the dataset has 100 samples or 100,000, and a batch or a rename that
 * reaches every sample lands whole or not at all. When the journal grows past a share of the
 * snapshot (or a number of lines), and at start when it holds anything, the snapshot is rewritten
 * in the background from memory and the covered journal segments dropped.
 *
 * Loading forgives what crashes and damage leave: see store/journal.ts and store/snapshotFile.ts.
 * A damaged file is set aside and logged, everything good in it is kept, and a new snapshot is
 * written at once so the directory is whole again before the first request.
 */

export interface SampleStoreOptions {
  /** Compact once the journal holds this many changes (default 10,000). */
  readonly compactAfterLines?: number;
  /** ...or this many bytes (default 1 MiB) and at least half the snapshot's size. */
  readonly compactAfterBytes?: number;
}

const snapshotFile = 'snapshot.jsonl';
const snapshotFormat = 'modelarts-local/dataset-samples';

interface SnapshotHeader {
  readonly format: typeof snapshotFormat;
  readonly version: 1;
  readonly dataset_id: string;
  readonly seq: number;
  readonly time: number;
  readonly labels: LabelDef[];
  readonly count: number;
}

function checkHeader(value: unknown): SnapshotHeader | string {
  const h = value as Partial<SnapshotHeader> | undefined;
  if (typeof h !== 'object' || h === null || h.format !== snapshotFormat) return `not a ${snapshotFormat} snapshot`;
  if (h.version !== 1) return `version ${String(h.version)} is not one this daemon reads`;
  if (!Number.isSafeInteger(h.seq) || !Number.isSafeInteger(h.count) || typeof h.time !== 'number') return 'no seq, count or time';
  if (!Array.isArray(h.labels) || h.labels.some((l) => typeof checkLabelDef(l) === 'string')) return 'bad label definitions';
  return h as SnapshotHeader;
}

/** The fields a sync re-reads from storage; the others are the annotations it keeps. */
const contentKeys = [
  'sample_type',
  'bucket',
  'key',
  'line',
  'text',
  'size',
  'sha256',
  'width',
  'height',
  'depth',
  'format',
  'sample_time',
] as const;

export class SampleStore {
  private compaction: Promise<void> | undefined;
  private compactAgain = false;
  private closed = false;

  private constructor(
    private readonly dir: string,
    readonly datasetId: string,
    private labelDefs: readonly LabelDef[],
    private readonly index: SampleIndex,
    private seq: number,
    private time: number,
    private snapshotBytes: number,
    private readonly journal: JournalWriter,
    private readonly log: (line: string) => void,
    private readonly options: SampleStoreOptions,
  ) {}

  /** A new dataset's store: its first snapshot is durable when this resolves (revision 1). */
  static async create(
    dir: string,
    datasetId: string,
    labels: readonly LabelDef[],
    samples: readonly StoredSample[],
    log: (line: string) => void,
    options: SampleStoreOptions = {},
  ): Promise<SampleStore> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const time = Date.now();
    const stamped = samples.map((s) => ({ ...s, revision: 1, update_time: s.update_time || time })).sort(compareSamples);
    const header = { format: snapshotFormat, version: 1, dataset_id: datasetId, seq: 1, time, labels };
    const bytes = await writeSnapshot(path.join(dir, snapshotFile), header, stamped);
    fsyncDirectory(path.dirname(dir));
    return new SampleStore(dir, datasetId, labels, new SampleIndex(stamped), 1, time, bytes, new JournalWriter(dir, 2), log, options);
  }

  /** Loads the store in `dir`, repairing what a crash or damage left (see the class comment). */
  static async load(dir: string, datasetId: string, log: (line: string) => void, options: SampleStoreOptions = {}): Promise<SampleStore> {
    removeTempFiles(dir);
    const where = `dataset ${datasetId}`;
    const file = path.join(dir, snapshotFile);
    const snap = readSnapshot(file, checkHeader, checkSample);
    let damaged = false;
    if (!snap) {
      log(`${where}: no snapshot in ${dir}; starting from its journal alone`);
      damaged = true;
    } else if (snap.damage) {
      setAside(file, log, `${where}: the snapshot ${snap.damage}`);
      damaged = true;
    }
    let labels: readonly LabelDef[] = snap?.header?.labels ?? [];
    let samples = new Map((snap?.records ?? []).map((s) => [s.sample_id, s]));
    let seq = snap?.header?.seq ?? 0;
    let time = snap?.header?.time ?? 0;
    const journal = loadJournal(dir, seq, checkEntry, log);
    if (journal.setAside.length > 0) damaged = true;
    for (const { value } of journal.lines) {
      const entry = value as unknown as Entry;
      if (entry.seq !== seq + 1 && seq > 0) log(`${where}: changes ${seq + 1} to ${entry.seq - 1} were lost to damage`);
      ({ labels, samples } = applyToMap(entry, labels, samples));
      seq = entry.seq;
      time = entry.time;
    }
    const list = [...samples.values()];
    if (list.some((s, i) => i > 0 && compareSamples(list[i - 1] as StoredSample, s) > 0)) list.sort(compareSamples);
    const index = new SampleIndex(list);
    labels = withUsedLabels(labels, index, list, (name) =>
      log(`${where}: annotations use label ${JSON.stringify(name)}, which was not defined; defined it again`),
    );
    const writer = new JournalWriter(dir, seq + 1, { bytes: journal.bytes, lines: journal.lines.length });
    const store = new SampleStore(dir, datasetId, labels, index, seq, time, snap?.bytes ?? 0, writer, log, options);
    if (damaged) await store.compact();
    else if (journal.lines.length > 0) void store.compact();
    else writer.dropBefore(); // segments the snapshot already covers (a crash before they went)
    return store;
  }

  get labels(): readonly LabelDef[] {
    return this.labelDefs;
  }

  /** The last change's sequence number: the newest revision any sample can have. */
  get revision(): number {
    return this.seq;
  }

  get size(): number {
    return this.index.size;
  }

  sample(id: string): StoredSample | undefined {
    return this.index.get(id);
  }

  /** Every sample in list order. Do not modify. */
  all(): readonly StoredSample[] {
    return this.index.all();
  }

  select(filter: SampleFilter): Selection {
    return this.index.select(filter);
  }

  labelCount(name: string): LabelCount {
    return this.index.labelCount(name);
  }

  summary(): SampleSummary {
    return { labels: this.labelDefs, total: this.index.size, annotated: this.index.labelledCount, updateTime: this.time };
  }

  /** Applies a checked batch (every sample exists); returns the revision it gave them. */
  annotate(items: readonly { readonly sample_id: string; readonly set: AnnotationPatch }[]): number {
    return this.commit({ op: 'annotate', items }).seq;
  }

  /** New label definitions, with renames (old → new, applied first) and removals reaching every annotation. */
  setLabels(labels: readonly LabelDef[], renames: ReadonlyMap<string, string>, removed: ReadonlySet<string>): number {
    return this.commit({ op: 'labels', labels, renames: [...renames], removed: [...removed] }).seq;
  }

  /**
   * Merges a scan of the data paths: new samples come in unlabelled, re-read ones keep their
   * annotations, missing ones go. One journal line, none when nothing changed.
   */
  sync(scanned: readonly StoredSample[]): { added: number; removed: number } {
    const seq = this.seq + 1;
    const time = Date.now();
    const seen = new Set<string>();
    const upsert: StoredSample[] = [];
    let added = 0;
    for (const s of scanned) {
      if (seen.has(s.sample_id)) continue;
      seen.add(s.sample_id);
      const current = this.index.get(s.sample_id);
      if (current && contentKeys.every((k) => current[k] === s[k])) continue;
      const content = Object.fromEntries(contentKeys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
      const kept = current ? { ...current, ...content } : { sample_id: s.sample_id, ...content, labels: [] };
      if (!current) added++;
      upsert.push({ ...(kept as StoredSample), revision: seq, update_time: time });
    }
    const remove = this.index
      .all()
      .filter((s) => !seen.has(s.sample_id))
      .map((s) => s.sample_id);
    if (upsert.length > 0 || remove.length > 0) this.commit({ op: 'sync', upsert, remove });
    return { added, removed: remove.length };
  }

  /** Rewrites the snapshot from memory now (after a running compaction, if one runs). */
  compact(): Promise<void> {
    if (this.compaction) {
      this.compactAgain = true;
      return this.compaction;
    }
    const run = async () => {
      try {
        do {
          this.compactAgain = false;
          await this.compactOnce();
        } while (this.compactAgain);
      } finally {
        this.compaction = undefined;
      }
    };
    this.compaction = run();
    return this.compaction;
  }

  /** Waits for a running compaction and closes the journal; the store refuses changes after. */
  async close(): Promise<void> {
    this.closed = true;
    await this.compaction;
    this.journal.close();
  }

  /** Closes the store and removes its directory (the dataset was deleted). */
  async destroy(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
    fsyncDirectory(path.dirname(this.dir));
  }

  private commit(change: Change): Entry {
    if (this.closed) throw new Error(`the sample store of dataset ${this.datasetId} is closed`);
    const entry = { seq: this.seq + 1, time: Date.now(), ...change } as Entry;
    this.journal.append(entry);
    this.applyLive(entry);
    this.seq = entry.seq;
    this.time = entry.time;
    const { compactAfterLines = 10_000, compactAfterBytes = 1 << 20 } = this.options;
    const big = this.journal.bytes >= compactAfterBytes && this.journal.bytes >= this.snapshotBytes / 2;
    if (!this.compaction && (this.journal.lines >= compactAfterLines || big)) {
      this.compact().catch((err: unknown) => this.log(`dataset ${this.datasetId}: compaction failed: ${String(err)}`));
    }
    return entry;
  }

  private applyLive(entry: Entry): void {
    const { seq, time } = entry;
    if (entry.op === 'annotate') {
      this.index.replace(entry.items.map((i) => patchSample(this.index.get(i.sample_id) as StoredSample, i.set, seq, time)));
    } else if (entry.op === 'labels') {
      this.labelDefs = entry.labels;
      const renames = new Map(entry.renames);
      const removed = new Set(entry.removed);
      if (renames.size === 0 && removed.size === 0) return;
      const changed: StoredSample[] = [];
      for (const s of this.index.all()) {
        const next = relabelSample(s, renames, removed, seq, time);
        if (next) changed.push(next);
      }
      this.index.replace(changed);
    } else {
      this.index.reset(mergeSync(this.index.all(), entry.upsert, new Set(entry.remove)));
    }
  }

  private async compactOnce(): Promise<void> {
    const seq = this.seq;
    const header = { format: snapshotFormat, version: 1, dataset_id: this.datasetId, seq, time: this.time, labels: this.labelDefs };
    // Records are never modified in place, so this copy of references is the state at `seq`.
    const samples = this.index.all().slice();
    try {
      this.journal.rotate(seq + 1);
      this.snapshotBytes = await writeSnapshot(path.join(this.dir, snapshotFile), header, samples);
      this.journal.dropBefore();
    } catch (err) {
      this.log(`dataset ${this.datasetId}: could not write its snapshot (the journal is kept and still loads): ${String(err)}`);
    }
  }
}

/** Replays one change onto plain maps (loading builds the index once, at the end). */
function applyToMap(
  entry: Entry,
  labels: readonly LabelDef[],
  samples: Map<string, StoredSample>,
): { labels: readonly LabelDef[]; samples: Map<string, StoredSample> } {
  const { seq, time } = entry;
  if (entry.op === 'annotate') {
    for (const { sample_id, set } of entry.items) {
      const s = samples.get(sample_id);
      // A sample missing here was lost with a damaged snapshot; a sync brings it back.
      if (s) samples.set(sample_id, patchSample(s, set, seq, time));
    }
    return { labels, samples };
  }
  if (entry.op === 'labels') {
    const renames = new Map(entry.renames);
    const removed = new Set(entry.removed);
    for (const s of samples.values()) {
      const next = relabelSample(s, renames, removed, seq, time);
      if (next) samples.set(s.sample_id, next);
    }
    return { labels: entry.labels, samples };
  }
  const merged = mergeSync([...samples.values()], entry.upsert, new Set(entry.remove));
  return { labels, samples: new Map(merged.map((s) => [s.sample_id, s])) };
}

/** Definitions for labels annotations use but no definition names (only after damage). */
function withUsedLabels(
  labels: readonly LabelDef[],
  index: SampleIndex,
  samples: readonly StoredSample[],
  report: (name: string) => void,
): readonly LabelDef[] {
  const defined = new Set(labels.map((l) => l.name));
  const missing = index.usedLabels().filter((n) => !defined.has(n));
  if (missing.length === 0) return labels;
  const added = missing.map((name) => {
    report(name);
    const type = samples.find((s) => s.labels.some((l) => l.name === name))?.labels.find((l) => l.name === name)?.type ?? 0;
    return { name, type, property: {}, attributes: [] };
  });
  return [...labels, ...added];
}
