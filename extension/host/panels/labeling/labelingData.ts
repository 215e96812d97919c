/**
 * What a labeling panel shows, in the protocol's terms, over the platform's dataset API: the
 * dataset and its labels with live counts, grid pages (from the API, or the host's index for the
 * filters the API lacks), one sample with its image fetched into the disk cache, saves through
 * the journal, batch labels and label changes. No `vscode` here: the panel passes in how a file
 * becomes a webview URI, so this runs under plain mocha against a real local daemon.
 */
import type { DatasetsApi, SampleListOptions } from '../../../core/api/resources/datasets';
import type { Dataset, Sample, SampleLabel } from '../../../core/api/resources/datasetTypes';
import type { ImageCache } from '../../../core/labeling/imageCache';
import type { PendingEdits } from '../../../core/labeling/pendingEdits';
import { fetchSampleImage, type ImageSourceKind, imageKeyOf } from '../../../core/labeling/sampleImages';
import { imageSize, labelColor, sampleText } from '../../../core/labeling/sampleLabels';
import type { StorageClient } from '../../../core/storage/client';
import type {
  LabelChange,
  LabelInfo,
  LabelingStateParams,
  PageParams,
  SampleDetail,
  SampleFilter,
  SamplePage,
  SaveOutcome,
  TaskKind,
  ThumbnailParams,
} from '../../../../webviews/protocol/labeling';
import { type Annotation } from '../../../../webviews/protocol/labeling';
import { labelTypeOf, taskKindOf, toAnnotations, toSampleLabels, toSummary } from './panelAnnotations';
import { needsIndex, SampleIndex } from './sampleIndex';
import { type ConflictCheck, type RawOutcome, SaveQueue } from './saveQueue';

/** The platform as the panel reaches it now; a new one after a reconnect (a daemon restart). */
export interface LabelingConnection {
  readonly datasets: DatasetsApi;
  readonly storage: StorageClient | undefined;
  readonly imageSource: ImageSourceKind;
  /**
   * The platform answers `search_conditions: [{sample_name}]` as a case-insensitive part of the
   * name (local mode). The cloud's matching rule for it is not documented, so there the host's
   * index answers name searches, as it answers the hard filter everywhere (the panel counts a
   * sample hard when one of its boxes is, which the platform's sample-level `hard` does not).
   */
  readonly nameSearch: boolean;
}

export interface LabelingDeps {
  readonly datasetId: string;
  readonly connection: () => LabelingConnection | undefined;
  readonly cache: ImageCache;
  readonly journal: PendingEdits;
  /** A cached file as the webview may load it. */
  readonly toUri: (file: string) => string;
  /** The dataset's single/multi-label choice, remembered by the host (undefined: not chosen yet). */
  readonly multiLabel: { get(): boolean | undefined; set(value: boolean): void | PromiseLike<void> };
  readonly log: (line: string) => void;
  readonly unchanged?: ConflictCheck;
  readonly retryMs?: readonly number[];
}

/** Samples remembered from pages and details (their labels are the base of a batch label). */
const maxKnownSamples = 5000;
const statsDebounceMs = 300;

export class LabelingData {
  private dataset: Dataset | undefined;
  private counts = new Map<string, { count: number; sampleCount: number }>();
  private labelled = 0;
  private total = 0;
  private readonly known = new Map<string, Sample>();
  private readonly listeners = new Set<() => void>();
  private readonly saveListeners = new Set<(sampleId: string, outcome: SaveOutcome) => void>();
  private readonly index: SampleIndex;
  private statsTimer: ReturnType<typeof setTimeout> | undefined;
  readonly saves: SaveQueue;
  /** The dataset has been read once (its type, name and labels are known). */
  loaded = false;

  constructor(private readonly deps: LabelingDeps) {
    this.saves = new SaveQueue({
      journal: deps.journal,
      datasetId: deps.datasetId,
      datasets: () => deps.connection()?.datasets,
      ...(deps.unchanged ? { unchanged: deps.unchanged } : {}),
      ...(deps.retryMs ? { retryMs: deps.retryMs } : {}),
      log: deps.log,
      onOutcome: (id, outcome, background) => this.onOutcome(id, outcome, background),
    });
    this.index = new SampleIndex(
      (offset, limit) => this.api().samplePage(deps.datasetId, { offset, limit }),
      () => this.changed(),
    );
    for (const p of deps.journal.problems) deps.log(`labeling journal: ${p}`);
  }

  /** Loads the dataset and its counts, then sends what the journal kept from before. */
  async init(): Promise<void> {
    await this.refresh();
    void this.saves.flushAll();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Outcomes of saves that finished in the background (retries, the journal replayed). */
  onSaveState(listener: (sampleId: string, outcome: SaveOutcome) => void): { dispose(): void } {
    this.saveListeners.add(listener);
    return { dispose: () => this.saveListeners.delete(listener) };
  }

  kind(): TaskKind {
    return taskKindOf(this.dataset?.dataset_type ?? 0) ?? 'image-classification';
  }

  datasetName(): string {
    return this.dataset?.dataset_name ?? this.deps.datasetId;
  }

  state(): LabelingStateParams {
    const kind = this.kind();
    const labels: LabelInfo[] = (this.dataset?.labels ?? []).map((l, i) => ({
      name: l.name,
      color: labelColor(l, i),
      count: this.counts.get(l.name)?.count ?? 0,
      sampleCount: this.counts.get(l.name)?.sampleCount ?? 0,
    }));
    const journal = this.deps.journal.list();
    const building = !this.index.ready && this.index.total > 0;
    return {
      datasetId: this.deps.datasetId,
      name: this.datasetName(),
      kind,
      multiLabel: kind === 'object-detection' || kind === 'text-entity' ? true : (this.deps.multiLabel.get() ?? false),
      total: this.total,
      labelled: this.labelled,
      labels,
      pendingSaves: journal.filter((e) => !e.conflict).length,
      conflicts: journal.filter((e) => e.conflict).map((e) => e.sampleId),
      ...(this.saves.problem && journal.length > 0 ? { saveProblem: this.saves.problem } : {}),
      ...(building ? { progress: { what: 'indexing' as const, done: this.index.done, total: this.index.total } } : {}),
    };
  }

  /** Re-reads the dataset (labels) and its statistics. */
  async refresh(): Promise<void> {
    const api = this.api();
    const [dataset, stats] = await Promise.all([api.get(this.deps.datasetId), api.stats(this.deps.datasetId).catch(() => undefined)]);
    if (taskKindOf(dataset.dataset_type) === undefined)
      throw new Error(`The dataset ${dataset.dataset_name} is of type ${dataset.dataset_type}, which the labeling panel does not label.`);
    this.dataset = dataset;
    this.loaded = true;
    this.total = dataset.total_sample_count ?? 0;
    this.labelled = stats?.sample_stats.__ALL__ ?? dataset.annotated_sample_count ?? 0;
    if (stats) this.total = (stats.sample_stats.__ALL__ ?? 0) + (stats.sample_stats.__NONE__ ?? 0);
    this.counts = new Map((stats?.label_stats ?? []).map((l) => [l.name, { count: l.count, sampleCount: l.sample_count }]));
    this.changed();
  }

  // ——— The grid ———

  async page(p: PageParams): Promise<SamplePage> {
    if (needsIndex(p.filter, this.connection().nameSearch)) return this.indexPage(p);
    const r = await this.api().samplePage(this.deps.datasetId, { offset: p.offset, limit: p.limit }, apiFilter(p.filter));
    return { total: r.sample_count, offset: p.offset, items: r.samples.map((s) => this.summary(s)) };
  }

  private async indexPage(p: PageParams): Promise<SamplePage> {
    await this.index.ensure();
    const matching = this.index.filter(p.filter);
    const items = matching.slice(p.offset, p.offset + p.limit).map((e) => this.summary(e.sample));
    return { total: matching.length, offset: p.offset, items };
  }

  private summary(s: Sample): ReturnType<typeof toSummary> {
    this.remember(s);
    const pending = this.deps.journal.get(s.sample_id);
    const shown = pending ? { ...s, labels: [...pending.labels] } : s;
    const thumb = s.sample_type === 0 ? this.deps.cache.thumbnail(imageKeyOf(s)) : undefined;
    return toSummary(shown, thumb ? this.deps.toUri(thumb) : undefined);
  }

  // ——— One sample ———

  async sample(id: string): Promise<SampleDetail> {
    const conn = this.connection();
    const s = await conn.datasets.getSample(this.deps.datasetId, id);
    this.remember(s);
    const kind = this.kind();
    const pending = this.deps.journal.get(id);
    const base: SampleDetail = {
      id,
      name: s.sample_name ?? id,
      hard: toSummary(s, undefined).hard,
      annotations: toAnnotations(s.labels, kind),
      ...(pending ? { pending: toAnnotations(pending.labels, kind) } : {}),
      ...(pending?.conflict ? { conflict: true } : {}),
    };
    if (s.sample_type === 1) return { ...base, text: sampleText(s) ?? '' };
    const key = imageKeyOf(s);
    const file = await this.deps.cache.ensureImage(key, () =>
      fetchSampleImage(s, { datasets: conn.datasets, storage: conn.storage, datasetId: this.deps.datasetId, source: conn.imageSource }),
    );
    // Without `@modelarts:size` the webview takes the decoded image's own size (0 says so).
    const size = imageSize(s) ?? { width: 0, height: 0 };
    return { ...base, image: { uri: this.deps.toUri(file), ...size, key } };
  }

  /** A sample's image in the cache (for a thumbnail): from the sample a page listed, or asked for. */
  async image(id: string): Promise<{ uri: string; key: string }> {
    const conn = this.connection();
    const s = this.known.get(id) ?? (await conn.datasets.getSample(this.deps.datasetId, id));
    if (s.sample_type !== 0) throw new Error(`The sample ${s.sample_name ?? id} is not an image.`);
    const key = imageKeyOf(s);
    const file = await this.deps.cache.ensureImage(key, () =>
      fetchSampleImage(s, { datasets: conn.datasets, storage: conn.storage, datasetId: this.deps.datasetId, source: conn.imageSource }),
    );
    return { uri: this.deps.toUri(file), key };
  }

  // ——— Saves ———

  async save(sampleId: string, annotations: readonly Annotation[]): Promise<SaveOutcome> {
    const kind = this.kind();
    const labels = toSampleLabels(annotations, kind);
    const known = this.known.get(sampleId);
    const base = this.deps.journal.get(sampleId)?.base ?? known?.labels ?? [];
    // ModelArts wants the image's size beside boxes (reference §7.3).
    const size = known?.metadata?.['@modelarts:size'];
    const metadata = kind === 'object-detection' && size !== undefined ? { '@modelarts:size': size } : undefined;
    this.changed();
    return this.toOutcome(await this.saves.save(sampleId, base, labels, metadata));
  }

  async resolve(sampleId: string, keep: 'mine' | 'theirs'): Promise<{ outcome: SaveOutcome; annotations: Annotation[] }> {
    const kind = this.kind();
    const current = await this.api().getSample(this.deps.datasetId, sampleId);
    this.remember(current);
    if (keep === 'theirs') {
      this.saves.dropEdit(sampleId);
      this.changed();
      return { outcome: { state: 'saved' }, annotations: toAnnotations(current.labels, kind) };
    }
    const mine = this.deps.journal.get(sampleId)?.labels ?? [];
    const outcome = await this.saves.keepMine(sampleId, current.labels ?? []);
    return { outcome: this.toOutcome(outcome), annotations: toAnnotations(mine, kind) };
  }

  /**
   * A label set, added or removed on many samples (batch classification). Each sample goes
   * through the journal and the conflict check like any edit; `onProgress` counts them.
   */
  async applyLabel(
    p: { sampleIds: readonly string[]; label: string; op: 'set' | 'add' | 'remove' },
    onProgress: (done: number) => void,
    signal?: AbortSignal,
  ): Promise<{ changed: number; failed: string[] }> {
    const type = labelTypeOf(this.kind());
    const failed: string[] = [];
    let changed = 0;
    let done = 0;
    const queue = [...p.sampleIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (signal?.aborted) return;
        try {
          const s = this.known.get(id) ?? (await this.api().getSample(this.deps.datasetId, id));
          const current: readonly SampleLabel[] = this.deps.journal.get(id)?.labels ?? s.labels ?? [];
          const next = nextLabels(current, p.label, p.op, type);
          if (next !== current) {
            const outcome = await this.saves.save(id, this.deps.journal.get(id)?.base ?? s.labels ?? [], next);
            if (outcome.state === 'saved') changed++;
            else failed.push(id);
          }
        } catch (err) {
          this.deps.log(`labeling: ${p.op} ${p.label} on ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
          failed.push(id);
        }
        onProgress(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
    this.scheduleStats();
    return { changed, failed };
  }

  // ——— Labels ———

  async changeLabel(c: LabelChange): Promise<void> {
    const api = this.api();
    const type = labelTypeOf(this.kind());
    if (c.op === 'add') {
      await api.addLabels(this.deps.datasetId, [{ name: c.name, type, property: c.color ? { '@modelarts:color': c.color } : {} }]);
    } else if (c.op === 'recolor') {
      await api.update(this.deps.datasetId, { update_labels: [{ name: c.name, type, property: { '@modelarts:color': c.color } }] });
    } else if (c.op === 'rename') {
      await api.update(this.deps.datasetId, { update_labels: [{ name: c.name, type, property: { '@modelarts:rename_to': c.to } }] });
      const rename = (labels: readonly SampleLabel[]) =>
        labels.some((l) => l.name === c.name) ? labels.map((l) => (l.name === c.name ? { ...l, name: c.to } : l)) : labels;
      this.deps.journal.mapLabels(rename);
      this.forgetSamples();
    } else {
      await api.update(this.deps.datasetId, { delete_labels: [{ name: c.name }] });
      const drop = (labels: readonly SampleLabel[]) =>
        labels.some((l) => l.name === c.name) ? labels.filter((l) => l.name !== c.name) : labels;
      this.deps.journal.mapLabels(drop);
      this.forgetSamples();
    }
    await this.refresh();
  }

  async setMultiLabel(value: boolean): Promise<void> {
    await this.deps.multiLabel.set(value);
    this.changed();
  }

  storeThumbnail(p: ThumbnailParams): { uri: string } {
    return { uri: this.deps.toUri(this.deps.cache.putThumbnail(p.key, p.bytes, p.type)) };
  }

  dispose(): void {
    clearTimeout(this.statsTimer);
    this.saves.dispose();
    this.listeners.clear();
    this.saveListeners.clear();
  }

  // ——— Internals ———

  private api(): DatasetsApi {
    return this.connection().datasets;
  }

  private connection(): LabelingConnection {
    const c = this.deps.connection();
    if (!c) throw new Error('No ModelArts platform is connected: start local mode or choose a cloud profile, then reopen the panel.');
    return c;
  }

  private remember(s: Sample): void {
    this.known.delete(s.sample_id);
    this.known.set(s.sample_id, s);
    if (this.known.size > maxKnownSamples) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  /** Labels changed on every sample (a rename or delete): what was remembered of them is stale. */
  private forgetSamples(): void {
    this.known.clear();
    this.index.invalidate();
  }

  private onOutcome(sampleId: string, outcome: RawOutcome, background: boolean): void {
    if (outcome.state === 'saved') {
      const s = this.known.get(sampleId);
      if (s) this.known.set(sampleId, { ...s, labels: [...outcome.labels] });
      this.index.update(sampleId, outcome.labels);
      this.scheduleStats();
    }
    this.changed();
    if (background) for (const l of this.saveListeners) l(sampleId, this.toOutcome(outcome));
  }

  private toOutcome(o: RawOutcome): SaveOutcome {
    if (o.state === 'conflict')
      return { state: 'conflict', mine: toAnnotations(o.mine, this.kind()), theirs: toAnnotations(o.theirs, this.kind()) };
    if (o.state === 'pending') return { state: 'pending', message: o.message };
    return { state: 'saved' };
  }

  /** Counts follow saves, once per pause (a batch of 500 saves re-reads them once or twice, not 500 times). */
  private scheduleStats(): void {
    if (this.statsTimer) return;
    this.statsTimer = setTimeout(() => {
      this.statsTimer = undefined;
      this.refresh().catch((err: unknown) =>
        this.deps.log(`labeling: reading the counts failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    }, statsDebounceMs);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function apiFilter(f: SampleFilter): Pick<SampleListOptions, 'state' | 'labelName' | 'searchConditions'> {
  return {
    ...(f.state === 'labelled' ? { state: '__ALL__' as const } : f.state === 'unlabelled' ? { state: '__NONE__' as const } : {}),
    ...(f.label !== undefined ? { labelName: f.label } : {}),
    ...(f.search !== undefined ? { searchConditions: [{ sample_name: f.search }] } : {}),
  };
}

/** A sample's labels after a batch operation; the same array when nothing changes. */
function nextLabels(current: readonly SampleLabel[], label: string, op: 'set' | 'add' | 'remove', type: number): readonly SampleLabel[] {
  const has = current.some((l) => l.name === label);
  if (op === 'add') return has ? current : [...current, { name: label, type, property: {} }];
  if (op === 'remove') return has ? current.filter((l) => l.name !== label) : current;
  if (has && current.length === 1) return current;
  return [{ name: label, type, property: {} }];
}
