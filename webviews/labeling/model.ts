/**
 * The labeling panel's state and its transitions, without DOM or timers: the dataset the host
 * described, the grid (filter, pages, selection), the sample open in the editor with its undo
 * stack, and where each sample's save stands. The controller calls these and sends what they
 * return to the host; the view reads them. Unit-tested in Node.
 */
import type {
  Annotation,
  BoxAnnotation,
  ClassAnnotation,
  LabelInfo,
  LabelingStateParams,
  SampleDetail,
  SampleFilter,
  SaveOutcome,
  SpanAnnotation,
  TaskKind,
} from '../protocol/labeling';
import { BoxEditor } from './boxEditor';
import { GridSelection, SampleWindow } from './grid';
import { Histories, type History } from './history';
import { defaultUiState, type UiState } from './uiState';

/** Where the open sample's edits stand. */
export type SaveStatus =
  /** Nothing unsaved. */
  | 'saved'
  /** Edited; the autosave is waiting for a pause. */
  | 'editing'
  /** Sent; the host has not answered yet. */
  | 'saving'
  /** In the host's journal; the platform did not take it yet (retried). */
  | 'pending'
  /** The platform's copy changed since it was loaded: the user chooses. */
  | 'conflict';

export interface SaveInfo {
  readonly status: SaveStatus;
  readonly message?: string;
  readonly mine?: readonly Annotation[];
  readonly theirs?: readonly Annotation[];
}

const fallbackColor = '#3399ff';
let spanCounter = 0;

export class LabelingModel {
  state: LabelingStateParams | undefined;
  ui: UiState;
  readonly window: SampleWindow;
  readonly selection = new GridSelection();
  readonly histories = new Histories();
  readonly boxes = new BoxEditor();
  /** The sample open in the editor, as the host sent it. */
  sample: SampleDetail | undefined;
  private history: History | undefined;
  private readonly saves = new Map<string, SaveInfo>();

  constructor(ui: UiState = defaultUiState()) {
    this.ui = ui;
    this.window = new SampleWindow(ui.filter);
    this.boxes.drawLabel = ui.drawLabel;
  }

  // ——— The dataset ———

  /** A new state from the host; true when the labels changed (names, order or colours). */
  applyState(state: LabelingStateParams): { labelsChanged: boolean; countsChanged: boolean } {
    const before = this.state;
    this.state = state;
    const names = (s: LabelingStateParams | undefined) => s?.labels.map((l) => `${l.name}\u0000${l.color}`).join('\u0001');
    const labelsChanged = names(before) !== names(state);
    const countsChanged = before?.labelled !== state.labelled || before?.total !== state.total;
    // A label that went away can no longer be drawn with.
    if (this.boxes.drawLabel !== undefined && !state.labels.some((l) => l.name === this.boxes.drawLabel)) this.setDrawLabel(undefined);
    if (this.boxes.drawLabel === undefined && state.labels[0]) this.setDrawLabel(state.labels[0].name);
    return { labelsChanged, countsChanged };
  }

  kind(): TaskKind {
    return this.state?.kind ?? 'image-classification';
  }

  labels(): readonly LabelInfo[] {
    return this.state?.labels ?? [];
  }

  /** The label key `index` (0-based) stands for: the dataset's order. */
  labelAt(index: number): string | undefined {
    return this.labels()[index]?.name;
  }

  labelColor(name: string): string {
    return this.labels().find((l) => l.name === name)?.color ?? fallbackColor;
  }

  multiLabel(): boolean {
    const k = this.kind();
    return k === 'object-detection' || k === 'text-entity' || (this.state?.multiLabel ?? false);
  }

  setDrawLabel(label: string | undefined): void {
    this.boxes.drawLabel = label;
    this.ui = { ...this.ui, drawLabel: label };
  }

  // ——— The grid ———

  /** A new filter; true when it differs (the grid then starts over from the top). */
  setFilter(filter: SampleFilter): boolean {
    if (!this.window.setFilter(filter)) return false;
    this.ui = { ...this.ui, filter, scrollTop: 0 };
    this.selection.clear();
    return true;
  }

  setScrollTop(scrollTop: number): void {
    this.ui = { ...this.ui, scrollTop };
  }

  // ——— The editor ———

  /**
   * Opens a sample. Its undo stack continues where it was when the sample was open before (in
   * this panel's life); the journal's pending edits, when there are any, are what it shows.
   */
  open(detail: SampleDetail, index: number | undefined): void {
    this.sample = detail;
    const shown = detail.pending ?? detail.annotations;
    const known = this.histories.get(detail.id);
    this.history = this.histories.of(detail.id, shown);
    // The host's copy wins over a stale stack (another window saved it meanwhile) unless edits are pending.
    if (known && !detail.pending && !sameAnnotations(known.present, detail.annotations)) this.history.reset(detail.annotations, true);
    if (detail.image) this.boxes.load(this.history.present, { width: detail.image.width, height: detail.image.height });
    else this.boxes.load(this.history.present, { width: 1, height: 1 });
    if (detail.conflict) this.saves.set(detail.id, { status: 'conflict' });
    else if (detail.pending) this.saves.set(detail.id, { status: 'pending' });
    else if (!this.saves.has(detail.id)) this.saves.set(detail.id, { status: 'saved' });
    this.ui = { ...this.ui, mode: 'editor', sampleId: detail.id, sampleIndex: index };
  }

  closeEditor(): void {
    this.ui = { ...this.ui, mode: 'grid' };
  }

  annotations(): readonly Annotation[] {
    return this.history?.present ?? [];
  }

  canUndo(): boolean {
    return this.history?.canUndo ?? false;
  }

  canRedo(): boolean {
    return this.history?.canRedo ?? false;
  }

  /** An edit of the open sample: one undo step, and the save becomes due. */
  commit(next: readonly Annotation[]): boolean {
    if (!this.history || !this.sample || next === this.history.present) return false;
    this.history.commit(next);
    this.boxes.replace(next);
    this.edited();
    return true;
  }

  undo(): boolean {
    const prev = this.history?.undo();
    if (prev === undefined) return false;
    this.boxes.replace(prev);
    this.edited();
    return true;
  }

  redo(): boolean {
    const next = this.history?.redo();
    if (next === undefined) return false;
    this.boxes.replace(next);
    this.edited();
    return true;
  }

  /**
   * Key 1–9 or a click on a label chip (classification): single-label replaces the class (the
   * same again clears it), multi-label toggles it beside the others.
   */
  toggleClass(label: string): boolean {
    const current = this.annotations();
    const has = current.some((a) => a.type === 'class' && a.label === label);
    const cls: ClassAnnotation = { type: 'class', label };
    let next: readonly Annotation[];
    if (this.multiLabel()) next = has ? current.filter((a) => !(a.type === 'class' && a.label === label)) : [...current, cls];
    else next = has ? current.filter((a) => a.type !== 'class') : [...current.filter((a) => a.type !== 'class'), cls];
    return this.commit(next);
  }

  /** A new entity span (code points), unless the same span with the same label is there. */
  addSpan(start: number, end: number, label: string): SpanAnnotation | undefined {
    const current = this.annotations();
    if (current.some((a) => a.type === 'span' && a.start === start && a.end === end && a.label === label)) return undefined;
    spanCounter = (spanCounter + 1) % 1_000_000;
    const span: SpanAnnotation = { type: 'span', id: `s${Date.now().toString(36)}${spanCounter.toString(36)}`, label, start, end };
    this.commit([...current, span]);
    return span;
  }

  removeAnnotation(id: string): boolean {
    const current = this.annotations();
    const next = current.filter((a) => !('id' in a && a.id === id));
    return next.length !== current.length && this.commit(next);
  }

  relabel(id: string, label: string): boolean {
    const current = this.annotations();
    let changed = false;
    const next = current.map((a) => {
      if (!('id' in a) || a.id !== id || a.label === label) return a;
      changed = true;
      return { ...a, label };
    });
    return changed && this.commit(next);
  }

  /** The open sample's boxes (object detection). */
  boxList(): BoxAnnotation[] {
    return this.boxes.boxes();
  }

  // ——— Saves ———

  saveInfo(sampleId: string | undefined): SaveInfo {
    return (sampleId === undefined ? undefined : this.saves.get(sampleId)) ?? { status: 'saved' };
  }

  /** The save of a sample went out. */
  saving(sampleId: string): void {
    if (this.saves.get(sampleId)?.status !== 'conflict') this.saves.set(sampleId, { status: 'saving' });
  }

  /** The host has `annotations` in its journal: the copy kept in the UI state for a reload can go. */
  journaled(sampleId: string, annotations: readonly Annotation[]): void {
    if (this.ui.unsaved?.sampleId === sampleId && this.ui.unsaved.annotations === annotations) this.ui = { ...this.ui, unsaved: undefined };
  }

  /** What the host said of a save (an answer, or a later notification of a retried one). */
  saved(sampleId: string, outcome: SaveOutcome, stillEditing: boolean): void {
    if (outcome.state === 'saved') this.saves.set(sampleId, { status: stillEditing ? 'editing' : 'saved' });
    else if (outcome.state === 'pending') this.saves.set(sampleId, { status: 'pending', message: outcome.message });
    else this.saves.set(sampleId, { status: 'conflict', mine: outcome.mine, theirs: outcome.theirs });
  }

  /** The user chose in a conflict; `annotations` is what the sample holds now. */
  resolved(sampleId: string, outcome: SaveOutcome, annotations: readonly Annotation[]): void {
    this.saved(sampleId, outcome, false);
    if (this.sample?.id === sampleId && this.history) {
      this.history.commit(annotations);
      this.boxes.replace(annotations);
    }
  }

  // ——— Labels changed by the user ———

  /** A rename reaches every annotation this panel holds, undo stacks included. */
  renameLabel(from: string, to: string): void {
    const rename = (list: readonly Annotation[]) =>
      list.some((a) => a.label === from) ? list.map((a) => (a.label === from ? { ...a, label: to } : a)) : list;
    this.histories.forEach((h) => h.map(rename));
    this.boxes.replace(this.annotations());
    if (this.boxes.drawLabel === from) this.setDrawLabel(to);
    if (this.boxes.lastLabel === from) this.boxes.lastLabel = to;
    if (this.ui.filter.label === from) this.setFilter({ ...this.ui.filter, label: to });
  }

  /** A deleted label's annotations go from what this panel holds too (the host deleted them on the platform). */
  deleteLabel(name: string): void {
    const drop = (list: readonly Annotation[]) => (list.some((a) => a.label === name) ? list.filter((a) => a.label !== name) : list);
    this.histories.forEach((h) => h.map(drop));
    this.boxes.replace(this.annotations());
    if (this.boxes.lastLabel === name) this.boxes.lastLabel = undefined;
    if (this.ui.filter.label === name) {
      const { label: _gone, ...rest } = this.ui.filter;
      this.setFilter(rest);
    }
  }

  private edited(): void {
    const id = this.sample?.id;
    if (id === undefined) return;
    const info = this.saves.get(id);
    // A conflict stays a conflict until the user chooses; more edits go into "mine".
    if (info?.status !== 'conflict') this.saves.set(id, { status: 'editing' });
    this.ui = { ...this.ui, unsaved: { sampleId: id, annotations: this.annotations() } };
  }
}

/** Whether two annotation lists say the same (order kept; ids and extras compared too). */
export function sameAnnotations(a: readonly Annotation[], b: readonly Annotation[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));
}

/** The labels a sample's summary shows: distinct names in first-seen order. */
export function labelNames(list: readonly Annotation[]): string[] {
  return [...new Set(list.map((a) => a.label))];
}
