/**
 * The whole panel's DOM: header, then the grid or the editor beside the labels panel, a line
 * for messages, and the two dialogs. It is the controller's LabelingViewPort, and it owns the
 * keyboard: one listener reads the shortcut table (keys.ts) for the mode the focus is in and
 * does the action; keys typed into a text field stay there.
 */
import type { BoxAnnotation } from '../../protocol/labeling';
import type { LabelingController, LabelingViewPort } from '../controller';
import type { Messages } from '../i18n';
import { actionFor, type KeyAction } from '../keys';
import type { LabelingModel } from '../model';
import { h, setText } from '../../common/dom';
import { EditorView } from './editorView';
import { GridView } from './gridView';
import type { ImageStore } from './images';
import { LabelsPanel } from './labelsPanel';
import { ConflictDialog, ShortcutsOverlay } from './overlays';
import { Toolbar } from './toolbar';

const noticeMs = 6000;

export class LabelingView implements LabelingViewPort {
  private readonly toolbar: Toolbar;
  private readonly grid: GridView;
  private readonly editor: EditorView;
  private readonly labels: LabelsPanel;
  private readonly main: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly shortcuts: ShortcutsOverlay;
  private readonly conflict: ConflictDialog;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly messages: Messages,
    images: ImageStore,
  ) {
    this.toolbar = new Toolbar(model, controller, messages);
    this.grid = new GridView(model, controller, messages);
    this.editor = new EditorView(model, controller, messages, images);
    this.labels = new LabelsPanel(model, controller, messages, (label) => this.applyLabel(label));
    this.shortcuts = new ShortcutsOverlay(messages);
    this.conflict = new ConflictDialog(model, controller, messages);
    this.main = h('main', { class: 'workspace' });
    this.notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite', hidden: true } });
    root.replaceChildren(
      this.toolbar.element,
      h('div', { class: 'body' }, [this.main, this.labels.element]),
      this.notice,
      this.shortcuts.element,
      this.conflict.element,
    );
    window.addEventListener('keydown', (e) => this.onKey(e));
    this.showMode();
  }

  // ——— LabelingViewPort ———

  renderState(): void {
    this.toolbar.render();
    this.labels.render();
    if (this.model.ui.mode === 'editor') this.editor.render();
  }

  renderGrid(): void {
    this.toolbar.render();
    if (this.model.ui.mode === 'grid') this.grid.render();
  }

  showMode(): void {
    const editing = this.model.ui.mode === 'editor' && this.model.sample !== undefined;
    const wanted = editing ? this.editor.element : this.grid.element;
    const switched = this.main.firstChild !== wanted;
    if (switched) this.main.replaceChildren(wanted);
    this.toolbar.render();
    this.labels.render();
    // Focus follows a switch only while the panel has the focus: a switch that arrives late (a
    // host round trip) must not take it from what the user went on to, such as a quick pick.
    const focus = switched && document.hasFocus();
    if (editing) {
      this.editor.show();
      if (focus) this.editor.focusBody();
    } else {
      this.grid.render();
      if (focus) this.grid.focus();
    }
  }

  editorChanged(): void {
    if (this.model.ui.mode === 'editor') this.editor.render();
    this.toolbar.render();
  }

  showConflict(sampleId: string): void {
    this.conflict.showFor(sampleId);
  }

  notify(message: string, kind: 'info' | 'error'): void {
    setText(this.notice, message);
    this.notice.dataset.kind = kind;
    this.notice.hidden = false;
    if (this.noticeTimer !== undefined) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice.hidden = true), noticeMs);
  }

  retheme(): void {
    this.editor.stage.retheme();
  }

  // ——— Keys ———

  private mode(): 'grid' | 'detection' | 'classification' | 'text' {
    if (this.model.ui.mode !== 'editor' || !this.model.sample) return 'grid';
    const kind = this.model.kind();
    if (kind === 'object-detection') return 'detection';
    if (kind === 'text-entity') return 'text';
    return 'classification';
  }

  private onKey(e: KeyboardEvent): void {
    if (this.conflict.open) return;
    if (this.shortcuts.open) {
      if (e.key === 'Escape' || e.key === '?') {
        e.preventDefault();
        this.shortcuts.close();
      }
      return;
    }
    // Typing in a field (search, a label's name) is typing, not a shortcut.
    const typing = e
      .composedPath()
      .some((t) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'VSCODE-TEXTFIELD'));
    if (typing) return;
    const mode = this.mode();
    const action = actionFor(e, mode);
    if (!action) {
      if (mode === 'grid' && document.activeElement?.id === 'grid' && this.grid.moveFocus(e.key)) e.preventDefault();
      return;
    }
    // Tab and arrows outside the canvas keep their usual meaning (moving between controls, scrolling lists).
    const onStage = document.activeElement?.classList.contains('stage-overlay') ?? false;
    if ((action.action === 'cycleNext' || action.action === 'cyclePrevious' || action.action === 'nudge') && !onStage) return;
    if (mode === 'grid' && (action.action === 'openSample' || action.action === 'toggleSelect') && document.activeElement?.id !== 'grid')
      return;
    e.preventDefault();
    this.run(action, e);
  }

  private run(a: KeyAction, e: KeyboardEvent): void {
    const c = this.controller;
    const m = this.model;
    const box = m.boxes;
    const commit = (next: ReturnType<typeof box.nudge>) => {
      if (next) c.commit(next);
      else this.editor.render();
    };
    switch (a.action) {
      case 'help':
        return this.shortcuts.toggle();
      case 'next':
      case 'skip':
        this.editor.stage.showRequestedAt = e.timeStamp;
        return void c.step(1);
      case 'previous':
        this.editor.stage.showRequestedAt = e.timeStamp;
        return void c.step(-1);
      case 'saveAndNext':
        this.editor.stage.showRequestedAt = e.timeStamp;
        return void c.saveAndNext();
      case 'undo':
        return c.undo();
      case 'redo':
        return c.redo();
      case 'escape':
        if (m.ui.mode === 'grid') {
          m.selection.clear();
          return c.gridSelectionChanged();
        }
        if (box.cancel()) return this.editor.render();
        if (this.editor.text.selectedSpan !== undefined) {
          this.editor.text.selectedSpan = undefined;
          return this.editor.render();
        }
        return void c.closeEditor();
      case 'toggleLabel': {
        const label = m.labelAt(a.index ?? 0);
        if (label !== undefined) this.applyLabel(label);
        return;
      }
      case 'boxLabel': {
        const label = m.labelAt(a.index ?? 0);
        if (label !== undefined) commit(box.setLabel(label));
        return;
      }
      case 'delete':
        if (this.mode() === 'text') return this.editor.text.deleteSelected();
        return commit(box.deleteSelected());
      case 'duplicate':
        return commit(box.duplicateSelected());
      case 'hide':
        box.toggleHidden();
        return this.editor.render();
      case 'lock':
        box.toggleLocked();
        return this.editor.render();
      case 'repeatLabel':
        return commit(box.repeatLastLabel());
      case 'cycleNext':
      case 'cyclePrevious':
        box.cycle(a.action === 'cycleNext');
        return this.editor.render();
      case 'nudge':
        return commit(box.nudge(a.dx ?? 0, a.dy ?? 0));
      case 'fit':
        return this.editor.stage.fitView();
      case 'zoomIn':
        return this.editor.stage.zoomIn();
      case 'zoomOut':
        return this.editor.stage.zoomOut();
      case 'openSample':
        return void c.openAt(m.selection.focus);
      case 'toggleSelect': {
        const s = m.window.at(m.selection.focus);
        if (s) m.selection.toggle(m.selection.focus, s.id);
        return c.gridSelectionChanged();
      }
      case 'selectAll':
        m.selection.set(m.window.loaded().map((s) => s.id));
        return c.gridSelectionChanged();
      case 'backToGrid':
        return void c.closeEditor();
      case 'pan':
        // Space-drag is the stage's own gesture; the table lists it for the overlay only.
        return;
    }
  }

  /** A label picked (a key or the labels panel), applied where the focus is. */
  private applyLabel(label: string): void {
    const mode = this.mode();
    if (mode === 'grid') return void this.controller.applyToSelection(label);
    if (mode === 'text') return this.editor.text.applyLabel(label);
    if (mode === 'classification') return this.controller.toggleClass(label);
    // Boxes: the selected box takes it; with none selected, it is the label of the next box.
    const selected: BoxAnnotation | undefined = this.model.boxes.box(this.model.boxes.selected);
    if (selected) {
      const next = this.model.boxes.setLabel(label);
      if (next) this.controller.commit(next);
    }
    this.controller.setDrawLabel(label);
  }
}
