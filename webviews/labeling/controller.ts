/**
 * Glue between the model, the host and the view, still without DOM: it turns what the person
 * does and what the host says into model transitions and host requests, and tells the view what
 * to redraw. Timers live here (the autosave's debounce), so the model stays plain transitions.
 * Unit-tested in Node with a fake host and a fake view.
 *
 * Saving: every edit is one undo step and restarts a short debounce; when it runs, the sample's
 * whole annotation list goes to the host, which journals it on disk before it answers. Leaving a
 * sample, Ctrl+Enter and the panel hiding send at once. The next three samples are asked for and
 * their images decoded ahead, so moving on shows the next image in the same frame.
 */
import type {
  Annotation,
  ApplyLabelParams,
  LabelChange,
  LabelingStateParams,
  PageParams,
  SampleDetail,
  SamplePage,
  SaveOutcome,
  SaveParams,
  ThumbnailParams,
} from '../protocol/labeling';
import { pageSize } from './grid';
import type { Messages } from './i18n';
import { labelNames, type LabelingModel } from './model';
import type { UiState } from './uiState';

export interface LabelingHostApi {
  page(p: PageParams): Promise<SamplePage>;
  sample(id: string): Promise<SampleDetail>;
  image(id: string): Promise<{ readonly uri: string; readonly key: string }>;
  save(p: SaveParams): Promise<SaveOutcome>;
  resolve(
    sampleId: string,
    keep: 'mine' | 'theirs',
  ): Promise<{ readonly outcome: SaveOutcome; readonly annotations: readonly Annotation[] }>;
  applyLabel(p: ApplyLabelParams): Promise<{ readonly changed: number; readonly failed: readonly string[] }>;
  changeLabel(c: LabelChange): Promise<unknown>;
  setMultiLabel(multiLabel: boolean): Promise<unknown>;
  storeThumbnail(p: ThumbnailParams): Promise<{ readonly uri: string }>;
}

/** What the controller asks of the view. */
export interface LabelingViewPort {
  /** The dataset's state changed: header, progress, labels panel. */
  renderState(change: { readonly labelsChanged: boolean }): void;
  /** The grid's data or selection changed: re-read the visible cells. */
  renderGrid(): void;
  /** Switch to the grid or to the editor of `model.sample`. */
  showMode(): void;
  /** The open sample's annotations, selection or save state changed. */
  editorChanged(): void;
  showConflict(sampleId: string): void;
  notify(message: string, kind: 'info' | 'error'): void;
}

/** Decodes an image ahead (the view's cache of decoded bitmaps). */
export interface ImagePreloader {
  preload(uri: string): Promise<unknown>;
}

export interface UiStore {
  save(ui: UiState): void;
}

export const autosaveDebounceMs = 400;
const preloadAhead = 3;

export class LabelingController {
  private view: LabelingViewPort | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Details asked for ahead of time (the next samples), by id. */
  private readonly ahead = new Map<string, Promise<SampleDetail>>();
  private openSeq = 0;

  constructor(
    readonly model: LabelingModel,
    private readonly host: LabelingHostApi,
    private readonly store: UiStore,
    private readonly images: ImagePreloader,
    private readonly messages: Messages,
  ) {}

  attach(view: LabelingViewPort): void {
    this.view = view;
  }

  // ——— From the host ———

  onState(state: LabelingStateParams): void {
    const change = this.model.applyState(state);
    this.view?.renderState(change);
    // Counts changed behind the grid (a batch label, a rename): the cells re-read their pages.
    if (change.labelsChanged) this.view?.renderGrid();
  }

  /** A save the host retried in the background landed, failed again, or conflicted. */
  onSaveState(sampleId: string, outcome: SaveOutcome): void {
    this.model.saved(sampleId, outcome, false);
    this.view?.editorChanged();
    if (outcome.state === 'conflict' && this.model.sample?.id === sampleId) this.view?.showConflict(sampleId);
  }

  /** At boot: an edit the UI state kept from before a reload goes to the host's journal first. */
  async replayUnsaved(): Promise<void> {
    const unsaved = this.model.ui.unsaved;
    if (!unsaved) return;
    try {
      await this.host.save({ sampleId: unsaved.sampleId, annotations: unsaved.annotations });
      this.model.journaled(unsaved.sampleId, unsaved.annotations);
      this.saveUi();
    } catch {
      // Kept in the UI state: it goes again with the next edit or reload.
    }
  }

  // ——— The grid ———

  /**
   * At boot, before the handshake: the page the grid will show first is asked for at once, so it
   * is on its way while the view is being built (a panel opened on the top of its grid).
   */
  prefetchFirstPage(): void {
    if (this.model.ui.mode === 'grid' && this.model.ui.scrollTop === 0) this.ensureRange(0, 1);
  }

  /** The view shows samples [first, end): page in what is missing. */
  ensureRange(first: number, end: number): void {
    const w = this.model.window;
    for (const page of w.claim(first, end)) {
      const generation = w.generation;
      this.host.page({ filter: w.filter, offset: page * pageSize, limit: pageSize }).then(
        (answer) => {
          if (w.settle(generation, page, answer, first)) this.view?.renderGrid();
        },
        (err: unknown) => {
          w.settle(generation, page, undefined);
          this.view?.notify(errorText(err), 'error');
        },
      );
    }
  }

  setFilter(filter: UiState['filter']): void {
    if (!this.model.setFilter(filter)) return;
    this.saveUi();
    this.view?.renderGrid();
  }

  /** The grid's selection or focus changed (a click, a key). */
  gridSelectionChanged(): void {
    this.view?.renderGrid();
  }

  setScrollTop(top: number): void {
    this.model.setScrollTop(top);
    this.saveUi();
  }

  /**
   * Key 1–9 in the grid or the Apply button: the label goes on every selected sample (the focused
   * one when none is). Single-label replaces; multi-label adds, or removes when all have it.
   */
  async applyToSelection(label: string, remove = false): Promise<void> {
    const m = this.model;
    const ids = m.selection.ids.size > 0 ? [...m.selection.ids] : [m.window.at(m.selection.focus)?.id].filter((id): id is string => !!id);
    if (ids.length === 0) return;
    const summaries = ids.map((id) => m.window.at(m.window.indexOf(id)));
    const allHave = summaries.every((s) => s?.labels.includes(label));
    const op: ApplyLabelParams['op'] = remove ? 'remove' : m.multiLabel() ? (allHave ? 'remove' : 'add') : 'set';
    const { t } = this.messages;
    try {
      const r = await this.host.applyLabel({ sampleIds: ids, label, op });
      for (const id of ids) {
        if (r.failed.includes(id)) continue;
        m.window.update(id, (s) => ({
          ...s,
          labels: op === 'set' ? [label] : op === 'add' ? [...new Set([...s.labels, label])] : s.labels.filter((l) => l !== label),
        }));
      }
      this.view?.renderGrid();
      if (r.failed.length > 0)
        this.view?.notify(t('grid.applyFailed', { count: r.failed.length, message: r.failed.slice(0, 3).join(', ') }), 'error');
      else if (op !== 'remove') this.view?.notify(t('grid.applied', { count: r.changed, label }), 'info');
    } catch (err) {
      this.view?.notify(t('grid.applyFailed', { count: ids.length, message: errorText(err) }), 'error');
    }
  }

  // ——— The editor ———

  /** Opens the sample at `index` of the filtered list (paging it in if needed). */
  async openAt(index: number): Promise<boolean> {
    const w = this.model.window;
    if (index < 0 || (w.total !== undefined && index >= w.total)) return false;
    let summary = w.at(index);
    if (!summary) {
      const page = Math.floor(index / pageSize);
      const generation = w.generation;
      w.claim(page * pageSize, page * pageSize + 1);
      const answer = await this.host.page({ filter: w.filter, offset: page * pageSize, limit: pageSize });
      w.settle(generation, page, answer, index);
      summary = w.at(index);
      if (!summary) return false;
    }
    await this.open(summary.id, index);
    return true;
  }

  /** Opens a sample by id (`index`: where it is in the grid's list, for next and previous). */
  async open(id: string, index: number | undefined): Promise<void> {
    const seq = ++this.openSeq;
    await this.flushSave();
    const previous = this.model.sample?.id;
    // A sample left behind may change while away (this panel's save, another window): ask again next time.
    if (previous !== undefined && previous !== id) this.ahead.delete(previous);
    const detail = await (this.ahead.get(id) ?? this.host.sample(id));
    this.ahead.delete(id);
    if (seq !== this.openSeq) return;
    this.model.open(detail, index);
    this.saveUi();
    this.view?.showMode();
    if (this.model.saveInfo(id).status === 'conflict') this.view?.showConflict(id);
    this.preloadAfter(index);
  }

  /** Back to the grid (its cells show what was saved). */
  async closeEditor(): Promise<void> {
    await this.flushSave();
    this.model.closeEditor();
    this.saveUi();
    this.view?.showMode();
    this.view?.renderGrid();
  }

  /** Ctrl+→ / Ctrl+← (and Ctrl+Space, skip): the neighbour in the grid's order; false at either end. */
  async step(delta: 1 | -1): Promise<boolean> {
    const index = this.model.ui.sampleIndex ?? this.model.window.indexOf(this.model.sample?.id ?? '');
    if (index < 0) return false;
    const moved = await this.openAt(index + delta);
    if (!moved) this.view?.notify(this.messages.t(delta > 0 ? 'editor.end' : 'editor.start'), 'info');
    return moved;
  }

  /** Ctrl+Enter: save now (no debounce), then the next sample. */
  async saveAndNext(): Promise<void> {
    await this.flushSave();
    await this.step(1);
  }

  /** An edit of the open sample (one undo step); the autosave is due after a pause. */
  commit(next: readonly Annotation[]): void {
    if (!this.model.commit(next)) return;
    this.edited();
  }

  undo(): void {
    if (this.model.undo()) this.edited();
  }

  redo(): void {
    if (this.model.redo()) this.edited();
  }

  toggleClass(label: string): void {
    if (this.model.toggleClass(label)) this.edited();
  }

  addSpan(start: number, end: number, label: string): void {
    if (this.model.addSpan(start, end, label)) this.edited();
  }

  removeAnnotation(id: string): void {
    if (this.model.removeAnnotation(id)) this.edited();
  }

  relabel(id: string, label: string): void {
    if (this.model.relabel(id, label)) this.edited();
  }

  /** Sends the open sample's edits now; resolves when the host has them in its journal. */
  async flushSave(): Promise<void> {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const sample = this.model.sample;
    if (!sample) return;
    const status = this.model.saveInfo(sample.id).status;
    if (status !== 'editing' && !(status === 'conflict' && this.model.ui.unsaved?.sampleId === sample.id)) return;
    const annotations = this.model.annotations();
    this.model.saving(sample.id);
    this.view?.editorChanged();
    try {
      const outcome = await this.host.save({ sampleId: sample.id, annotations });
      this.model.journaled(sample.id, annotations);
      const stillEditing = this.model.sample?.id === sample.id && this.model.annotations() !== annotations;
      this.model.saved(sample.id, outcome, stillEditing);
      this.model.window.update(sample.id, (s) => ({ ...s, labels: labelNames(annotations) }));
      if (outcome.state === 'conflict' && this.model.sample?.id === sample.id) this.view?.showConflict(sample.id);
    } catch (err) {
      this.model.saved(sample.id, { state: 'pending', message: errorText(err) }, false);
    }
    this.saveUi();
    this.view?.editorChanged();
  }

  async resolveConflict(keep: 'mine' | 'theirs'): Promise<void> {
    const id = this.model.sample?.id;
    if (id === undefined) return;
    try {
      const r = await this.host.resolve(id, keep);
      this.model.resolved(id, r.outcome, r.annotations);
      this.model.window.update(id, (s) => ({ ...s, labels: labelNames(r.annotations) }));
      this.view?.editorChanged();
    } catch (err) {
      this.view?.notify(this.messages.t('conflict.failed', { message: errorText(err) }), 'error');
    }
  }

  // ——— Labels ———

  async changeLabel(change: LabelChange): Promise<boolean> {
    try {
      await this.host.changeLabel(change);
      if (change.op === 'rename') this.model.renameLabel(change.name, change.to);
      if (change.op === 'delete') this.model.deleteLabel(change.name);
      if (change.op === 'rename' || change.op === 'delete') {
        this.model.window.reset();
        this.view?.renderGrid();
        this.view?.editorChanged();
      }
      this.saveUi();
      return true;
    } catch (err) {
      this.view?.notify(this.messages.t('labels.failed', { message: errorText(err) }), 'error');
      return false;
    }
  }

  async setMultiLabel(multiLabel: boolean): Promise<void> {
    try {
      await this.host.setMultiLabel(multiLabel);
    } catch (err) {
      this.view?.notify(errorText(err), 'error');
    }
  }

  setDrawLabel(label: string): void {
    this.model.setDrawLabel(label);
    this.saveUi();
    this.view?.editorChanged();
  }

  // ——— Thumbnails ———

  imageOf(id: string): Promise<{ readonly uri: string; readonly key: string }> {
    return this.host.image(id);
  }

  async storeThumbnail(p: ThumbnailParams): Promise<string> {
    const { uri } = await this.host.storeThumbnail(p);
    this.model.window.update(p.sampleId, (s) => ({ ...s, thumb: uri }));
    return uri;
  }

  // ——— Internals ———

  private edited(): void {
    this.saveUi();
    this.view?.editorChanged();
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flushSave();
    }, autosaveDebounceMs);
  }

  /** Asks for the next samples and decodes their images, so moving on waits for nothing. */
  private preloadAfter(index: number | undefined): void {
    if (index === undefined) return;
    const w = this.model.window;
    for (let i = index + 1; i <= index + preloadAhead; i++) {
      const s = w.at(i);
      if (!s || this.ahead.has(s.id)) continue;
      const detail = this.host.sample(s.id);
      this.ahead.set(s.id, detail);
      detail.then(
        (d) => (d.image ? this.images.preload(d.image.uri) : undefined),
        () => this.ahead.delete(s.id),
      );
    }
    // Only the few ahead are kept: the rest would be stale by the time they are shown.
    if (this.ahead.size > preloadAhead * 2)
      for (const id of [...this.ahead.keys()].slice(0, this.ahead.size - preloadAhead * 2)) this.ahead.delete(id);
  }

  private saveUi(): void {
    this.store.save(this.model.ui);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
