/**
 * The labeling panel's journal of edits not yet acknowledged by the platform, on disk: one file
 * per sample (`<sample id>.json`, 0600) in a folder per dataset, written atomically (temp file,
 * fsync, rename, fsync of the folder) before the edit is sent. So an edit survives the panel
 * closing, a window reload, the editor crashing and the daemon restarting: the next panel on the
 * dataset finds it and sends it again. A file costs the same at 10 samples and at 100,000.
 *
 * An entry also holds the platform's labels as they were when the sample was loaded (`base`):
 * if the platform's copy no longer matches it when the edit is sent, someone else changed the
 * sample, and the user chooses instead of the edit silently overwriting theirs.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SampleLabel } from '../api/resources/datasetTypes';
import { writeFileAtomic } from '../util/atomicFile';

export interface PendingEdit {
  readonly sampleId: string;
  /** The platform's labels when the edit began. */
  readonly base: readonly SampleLabel[];
  /** The labels to save. */
  readonly labels: readonly SampleLabel[];
  /** Sample metadata to send along (an object-detection sample's `@modelarts:size`). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Grows with every write of this sample's entry: a save removes the entry only if it is the one it sent. */
  readonly seq: number;
  /** Epoch ms of the edit. */
  readonly at: number;
  /** Set when the platform's copy changed since `base`: its labels, for the user to compare. */
  readonly conflict?: { readonly theirs: readonly SampleLabel[] };
}

const fileFormat = 1;

/** Sample ids become file names: only these characters, so no id can leave the folder. */
function fileOf(dir: string, sampleId: string): string {
  if (!/^[\w-]{1,128}$/.test(sampleId)) throw new Error(`Not a sample id the journal can store: ${JSON.stringify(sampleId)}`);
  return path.join(dir, `${sampleId}.json`);
}

function parseEntry(text: string, sampleId: string): PendingEdit {
  const raw = JSON.parse(text) as Record<string, unknown>;
  if (raw.format !== fileFormat || raw.sampleId !== sampleId || !Array.isArray(raw.labels) || !Array.isArray(raw.base))
    throw new Error('not a pending edit of this sample');
  if (typeof raw.seq !== 'number' || typeof raw.at !== 'number') throw new Error('seq and at must be numbers');
  const { format: _format, ...edit } = raw;
  return edit as unknown as PendingEdit;
}

export class PendingEdits {
  private readonly cache = new Map<string, PendingEdit>();
  /** Problems met while loading (files set aside), for the log. */
  readonly problems: string[] = [];

  /** Opens (or makes, 0700) the journal folder and reads every entry in it. */
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const sampleId = name.slice(0, -'.json'.length);
      const file = path.join(dir, name);
      try {
        this.cache.set(sampleId, parseEntry(readFileSync(file, 'utf8'), sampleId));
      } catch (err) {
        // A file that cannot be read is kept aside, never deleted: it may still be read by hand.
        const aside = `${file}.corrupt-${Date.now()}`;
        renameSync(file, aside);
        this.problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}; moved to ${path.basename(aside)}`);
      }
    }
  }

  get size(): number {
    return this.cache.size;
  }

  get(sampleId: string): PendingEdit | undefined {
    return this.cache.get(sampleId);
  }

  list(): PendingEdit[] {
    return [...this.cache.values()].sort((a, b) => a.at - b.at);
  }

  /**
   * Records an edit durably (on disk before this returns). The base stays the one of the first
   * unsaved edit: what the platform held when this run of edits began.
   */
  put(edit: Omit<PendingEdit, 'seq' | 'at' | 'base'> & { readonly base: readonly SampleLabel[]; readonly at?: number }): PendingEdit {
    const before = this.cache.get(edit.sampleId);
    const entry: PendingEdit = {
      ...edit,
      base: before?.base ?? edit.base,
      ...(before?.conflict && !edit.conflict ? { conflict: before.conflict } : {}),
      seq: (before?.seq ?? 0) + 1,
      at: edit.at ?? Date.now(),
    };
    this.write(entry);
    return entry;
  }

  /** Marks (or clears) the entry's conflict; the labels stay. */
  setConflict(sampleId: string, theirs: readonly SampleLabel[] | undefined): PendingEdit | undefined {
    const before = this.cache.get(sampleId);
    if (!before) return undefined;
    const { conflict: _old, ...rest } = before;
    const entry: PendingEdit = theirs ? { ...rest, conflict: { theirs } } : rest;
    this.write(entry);
    return entry;
  }

  /** Starts the entry over from a new base (the user kept their edit over the platform's version). */
  rebase(sampleId: string, base: readonly SampleLabel[]): PendingEdit | undefined {
    const before = this.cache.get(sampleId);
    if (!before) return undefined;
    const { conflict: _old, ...rest } = before;
    const entry: PendingEdit = { ...rest, base, seq: before.seq + 1 };
    this.write(entry);
    return entry;
  }

  /** Removes the entry, but only if it is still the one with `seq` (a newer edit stays queued). */
  remove(sampleId: string, seq?: number): boolean {
    const before = this.cache.get(sampleId);
    if (!before || (seq !== undefined && before.seq !== seq)) return false;
    rmSync(fileOf(this.dir, sampleId), { force: true });
    this.cache.delete(sampleId);
    return true;
  }

  /** Rewrites every entry's labels (a label renamed or deleted on the platform while edits waited). */
  mapLabels(f: (labels: readonly SampleLabel[]) => readonly SampleLabel[]): void {
    for (const entry of [...this.cache.values()]) {
      const labels = f(entry.labels);
      const base = f(entry.base);
      if (labels !== entry.labels || base !== entry.base) this.write({ ...entry, labels, base });
    }
  }

  private write(entry: PendingEdit): void {
    writeFileAtomic(fileOf(this.dir, entry.sampleId), JSON.stringify({ format: fileFormat, ...entry }));
    this.cache.set(entry.sampleId, entry);
  }
}
