/**
 * Filters the platform's sample list cannot do by itself (hard examples, part of a file name):
 * the host reads every sample's name, labels and hard flag once, page by page, and answers those
 * filters from memory, keeping the entries current as the panel saves. Built on first use, with
 * its progress in the panel's state; a 100,000-sample dataset takes 1,000 list calls.
 *
 * Where the platform searches names itself (local mode's `search_conditions`), the `search`
 * filter goes to the API instead and no index is built for it: see `needsIndex`.
 */
import type { Sample, SampleLabel } from '../../../core/api/resources/datasetTypes';
import { isHard } from '../../../core/labeling/sampleLabels';
import type { SampleFilter } from '../../../../webviews/protocol/labeling';

export interface IndexEntry {
  readonly sample: Sample;
  readonly nameLower: string;
  labels: readonly string[];
  hard: boolean;
}

/** The longest name part local mode's `search_conditions` takes; a longer search uses the index. */
const maxApiNamePart = 256;

/** Whether the API cannot answer a filter alone (state and label it can; hard never, names where it searches them). */
export function needsIndex(filter: SampleFilter, apiNameSearch: boolean): boolean {
  if (filter.state === 'hard') return true;
  return filter.search !== undefined && !(apiNameSearch && filter.search.length <= maxApiNamePart);
}

function matches(e: IndexEntry, f: SampleFilter): boolean {
  if (f.state === 'labelled' && e.labels.length === 0) return false;
  if (f.state === 'unlabelled' && e.labels.length > 0) return false;
  if (f.state === 'hard' && !e.hard) return false;
  if (f.label !== undefined && !e.labels.includes(f.label)) return false;
  if (f.search !== undefined && !e.nameLower.includes(f.search.toLowerCase())) return false;
  return true;
}

export class SampleIndex {
  private entries: IndexEntry[] = [];
  private byId = new Map<string, IndexEntry>();
  private building: Promise<void> | undefined;
  private last: { key: string; ids: IndexEntry[] } | undefined;
  done = 0;
  total = 0;
  ready = false;

  constructor(
    private readonly fetchPage: (offset: number, limit: number) => Promise<{ sample_count: number; samples: readonly Sample[] }>,
    private readonly onProgress: () => void,
  ) {}

  /** Reads every sample once; concurrent callers share the read. A failed read can be retried. */
  ensure(): Promise<void> {
    if (this.ready) return Promise.resolve();
    this.building ??= this.build().catch((err: unknown) => {
      this.building = undefined;
      throw err;
    });
    return this.building;
  }

  /** The matching entries, in the platform's order (the last answer kept, for paging through it). */
  filter(f: SampleFilter): IndexEntry[] {
    const key = JSON.stringify(f);
    if (this.last?.key !== key) this.last = { key, ids: this.entries.filter((e) => matches(e, f)) };
    return this.last.ids;
  }

  /** A sample's labels changed (a save): the index follows, and cached answers are dropped. */
  update(sampleId: string, labels: readonly SampleLabel[]): void {
    const e = this.byId.get(sampleId);
    if (!e) return;
    e.labels = [...new Set(labels.map((l) => l.name))];
    e.hard = isHard({ ...e.sample, labels: [...labels] });
    this.last = undefined;
  }

  /** Every entry changes (a label renamed or deleted): read again on next use. */
  invalidate(): void {
    this.entries = [];
    this.byId = new Map();
    this.building = undefined;
    this.last = undefined;
    this.ready = false;
  }

  private async build(): Promise<void> {
    const entries: IndexEntry[] = [];
    const limit = 100;
    this.done = 0;
    for (let offset = 0; ; offset += limit) {
      const page = await this.fetchPage(offset, limit);
      this.total = page.sample_count;
      for (const s of page.samples) {
        entries.push({
          sample: s,
          nameLower: (s.sample_name ?? '').toLowerCase(),
          labels: [...new Set((s.labels ?? []).map((l) => l.name))],
          hard: isHard(s),
        });
      }
      this.done = entries.length;
      this.onProgress();
      if (page.samples.length < limit || entries.length >= page.sample_count) break;
    }
    this.entries = entries;
    this.byId = new Map(entries.map((e) => [e.sample.sample_id, e]));
    this.ready = true;
    this.last = undefined;
    this.onProgress();
  }
}
