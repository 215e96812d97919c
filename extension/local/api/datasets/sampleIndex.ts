import { type SampleLabel, sampleName, type StoredSample } from './model';

/**
 * A dataset's samples in memory, in list order, with the indexes the samples route pages from:
 * sorted position lists of the labelled, the unlabelled and the hard samples and of the samples
 * carrying each label, plus per-label annotation counts. A page of one filter is a slice of its
 * list, O(page); counts and stats are O(labels). A change to a few samples moves their positions
 * between lists (binary search and splice); a change to many (a label rename, a large batch)
 * rebuilds the lists in one O(n) pass, which is cheaper than many splices.
 *
 * Filters that combine conditions start from the shortest list and test the rest on each sample;
 * the result is cached until the next change, so paging through it stays O(page).
 */

/** What a samples list asks for; every condition given must hold. */
export interface SampleFilter {
  /** True: labelled (`__ALL__`); false: unlabelled (`__NONE__`). */
  readonly labelled?: boolean;
  /** A `sample_state` no local sample is ever in (review and team states). */
  readonly nothing?: boolean;
  readonly labelName?: string;
  readonly labelType?: number;
  readonly sampleType?: number;
  /** Lower-cased parts that must all occur in the lower-cased sample name. */
  readonly nameParts?: readonly string[];
  readonly hard?: boolean;
}

/** A filter's matches: how many, and a page of them. */
export interface Selection {
  readonly total: number;
  page(offset: number, limit: number): StoredSample[];
}

export interface LabelCount {
  /** Annotations with the label (a sample with two boxes of it counts two). */
  readonly annotations: number;
  /** Samples with at least one. */
  readonly samples: number;
}

/** Above this many changed samples, rebuilding the lists beats moving positions one by one. */
const bulkChange = 64;
const maxCached = 8;
const none: readonly number[] = [];

function search(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(list: number[], value: number): void {
  const at = search(list, value);
  if (list[at] !== value) list.splice(at, 0, value);
}

function remove(list: number[], value: number): void {
  const at = search(list, value);
  if (list[at] === value) list.splice(at, 1);
}

function labelNames(s: StoredSample): Set<string> {
  return new Set(s.labels.map((l) => l.name));
}

export class SampleIndex {
  private samples: StoredSample[] = [];
  private readonly position = new Map<string, number>();
  private names: string[] = [];
  private labelled: number[] = [];
  private unlabelled: number[] = [];
  private hard: number[] = [];
  private byLabel = new Map<string, number[]>();
  private annotations = new Map<string, number>();
  /** Bumped by every change: cached selections are valid for one generation. */
  private generation = 0;
  /** Bumped when names or positions change (a sync): cached name matches are valid for one. */
  private layout = 0;
  private readonly cache = new Map<string, { generation: number; positions: number[] }>();
  private readonly nameCache = new Map<string, { layout: number; positions: number[] }>();

  /** `samples` must be in list order (compareSamples). */
  constructor(samples: readonly StoredSample[]) {
    this.reset(samples);
  }

  get size(): number {
    return this.samples.length;
  }

  get labelledCount(): number {
    return this.labelled.length;
  }

  get(id: string): StoredSample | undefined {
    const at = this.position.get(id);
    return at === undefined ? undefined : this.samples[at];
  }

  /** Every sample in list order. Do not modify. */
  all(): readonly StoredSample[] {
    return this.samples;
  }

  labelCount(name: string): LabelCount {
    return { annotations: this.annotations.get(name) ?? 0, samples: this.byLabel.get(name)?.length ?? 0 };
  }

  /** Every label name some sample carries, for checks after loading. */
  usedLabels(): string[] {
    return [...this.byLabel.keys()];
  }

  /** Replaces every sample (after a sync); `samples` in list order. */
  reset(samples: readonly StoredSample[]): void {
    this.samples = [...samples];
    this.position.clear();
    this.samples.forEach((s, i) => this.position.set(s.sample_id, i));
    this.names = this.samples.map((s) => sampleName(s).toLowerCase());
    this.layout++;
    this.rebuildLists();
  }

  /** Replaces samples by id, in place (their list position does not change). */
  replace(changed: readonly StoredSample[]): void {
    if (changed.length > bulkChange) {
      for (const next of changed) {
        const at = this.requirePosition(next.sample_id);
        this.samples[at] = next;
        this.rename(at, next);
      }
      this.rebuildLists();
      return;
    }
    for (const next of changed) {
      const at = this.requirePosition(next.sample_id);
      const before = this.samples[at] as StoredSample;
      this.samples[at] = next;
      this.move(at, before, next);
    }
    this.generation++;
  }

  /** The samples matching `filter`. */
  select(filter: SampleFilter): Selection {
    if (filter.nothing) return { total: 0, page: () => [] };
    const conditions = this.conditions(filter);
    if (conditions.length === 0) return this.selection(undefined);
    conditions.sort((a, b) => (a.list?.length ?? Infinity) - (b.list?.length ?? Infinity));
    const [base, ...rest] = conditions as [Condition, ...Condition[]];
    if (rest.length === 0 && base.list) return this.selection(base.list);
    const key = JSON.stringify(filter);
    const hit = this.cache.get(key);
    if (hit && hit.generation === this.generation) return this.selection(hit.positions);
    const tests = (base.list ? rest : conditions).map((c) => c.test);
    const positions: number[] = [];
    const check = (at: number) => {
      const s = this.samples[at] as StoredSample;
      if (tests.every((t) => t(s, at))) positions.push(at);
    };
    if (base.list) for (const at of base.list) check(at);
    else for (let at = 0; at < this.samples.length; at++) check(at);
    if (this.cache.size >= maxCached) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { generation: this.generation, positions });
    return this.selection(positions);
  }

  private selection(positions: readonly number[] | undefined): Selection {
    const samples = this.samples;
    if (!positions) return { total: samples.length, page: (offset, limit) => samples.slice(offset, offset + limit) };
    return {
      total: positions.length,
      page: (offset, limit) => positions.slice(offset, offset + limit).map((at) => samples[at] as StoredSample),
    };
  }

  private conditions(filter: SampleFilter): Condition[] {
    const out: Condition[] = [];
    if (filter.labelled !== undefined)
      out.push({
        list: filter.labelled ? this.labelled : this.unlabelled,
        test: filter.labelled ? (s) => s.labels.length > 0 : (s) => s.labels.length === 0,
      });
    const name = filter.labelName;
    if (name !== undefined) out.push({ list: this.byLabel.get(name) ?? none, test: (s) => s.labels.some((l) => l.name === name) });
    if (filter.hard === true) out.push({ list: this.hard, test: (s) => s.hard === true });
    else if (filter.hard === false) out.push({ test: (s) => s.hard !== true });
    const parts = filter.nameParts;
    if (parts && parts.length > 0) {
      out.push({ list: this.nameMatches(parts), test: (_, at) => parts.every((p) => (this.names[at] as string).includes(p)) });
    }
    const labelType = filter.labelType;
    if (labelType !== undefined) out.push({ test: (s) => s.labels.some((l) => l.type === labelType) });
    const sampleType = filter.sampleType;
    if (sampleType !== undefined) out.push({ test: (s) => s.sample_type === sampleType });
    return out;
  }

  /** Positions whose name holds every part; a scan of names in memory, cached until a sync. */
  private nameMatches(parts: readonly string[]): readonly number[] {
    const key = parts.join('\0');
    const hit = this.nameCache.get(key);
    if (hit && hit.layout === this.layout) return hit.positions;
    const positions: number[] = [];
    this.names.forEach((n, at) => {
      if (parts.every((p) => n.includes(p))) positions.push(at);
    });
    if (this.nameCache.size >= maxCached) this.nameCache.delete(this.nameCache.keys().next().value as string);
    this.nameCache.set(key, { layout: this.layout, positions });
    return positions;
  }

  private requirePosition(id: string): number {
    const at = this.position.get(id);
    if (at === undefined) throw new Error(`sample ${id} is not in the index`);
    return at;
  }

  /** Moves one sample's position between lists and counts. */
  private move(at: number, before: StoredSample, next: StoredSample): void {
    const wasLabelled = before.labels.length > 0;
    const isLabelled = next.labels.length > 0;
    if (wasLabelled !== isLabelled) {
      remove(wasLabelled ? this.labelled : this.unlabelled, at);
      insert(isLabelled ? this.labelled : this.unlabelled, at);
    }
    if ((before.hard === true) !== (next.hard === true)) (next.hard ? insert : remove)(this.hard, at);
    for (const l of before.labels) this.annotations.set(l.name, (this.annotations.get(l.name) ?? 1) - 1);
    for (const l of next.labels) this.annotations.set(l.name, (this.annotations.get(l.name) ?? 0) + 1);
    const old = labelNames(before);
    const now = labelNames(next);
    for (const n of old) {
      if (now.has(n)) continue;
      const list = this.byLabel.get(n);
      if (!list) continue;
      remove(list, at);
      if (list.length === 0) {
        this.byLabel.delete(n);
        this.annotations.delete(n);
      }
    }
    for (const n of now) {
      if (old.has(n)) continue;
      const list = this.byLabel.get(n);
      if (list) insert(list, at);
      else this.byLabel.set(n, [at]);
    }
    this.rename(at, next);
  }

  /** Keeps the searched name in step (a sync re-reading a text line can move it). */
  private rename(at: number, next: StoredSample): void {
    const name = sampleName(next).toLowerCase();
    if (name !== this.names[at]) {
      this.names[at] = name;
      this.layout++;
    }
  }

  /** One pass over every sample; plain loops, as this runs on every large change at 100,000. */
  private rebuildLists(): void {
    const labelled: number[] = [];
    const unlabelled: number[] = [];
    const hard: number[] = [];
    const byLabel = new Map<string, number[]>();
    const annotations = new Map<string, number>();
    const samples = this.samples;
    for (let at = 0; at < samples.length; at++) {
      const s = samples[at] as StoredSample;
      const labels = s.labels;
      if (labels.length === 0) unlabelled.push(at);
      else labelled.push(at);
      if (s.hard === true) hard.push(at);
      for (let j = 0; j < labels.length; j++) {
        const name = (labels[j] as SampleLabel).name;
        annotations.set(name, (annotations.get(name) ?? 0) + 1);
        let list = byLabel.get(name);
        if (!list) byLabel.set(name, (list = []));
        // Positions only grow here, so a sample with two of a label is listed once.
        if (list[list.length - 1] !== at) list.push(at);
      }
    }
    this.labelled = labelled;
    this.unlabelled = unlabelled;
    this.hard = hard;
    this.byLabel = byLabel;
    this.annotations = annotations;
    this.generation++;
  }
}

interface Condition {
  /** The positions that can match, sorted; absent when only testing each sample can tell. */
  readonly list?: readonly number[];
  readonly test: (s: StoredSample, at: number) => boolean;
}
