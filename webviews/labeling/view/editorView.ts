/**
 * The editor of one sample: a bar (back to the grid, previous and next, where the sample is in
 * the list, its name, the save state, undo and redo, zoom), the body (the image stage or the
 * text editor), and a footer that says what is selected: the sample's classes as toggle chips,
 * or the selected box in exact image pixels with its label picker and the label new boxes get.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { LabelingController } from '../controller';
import type { Messages, MessageKey } from '../i18n';
import type { LabelingModel, SaveStatus } from '../model';
import { h, setHidden, setText } from '../../common/dom';
import type { ImageStore } from './images';
import { ImageStage } from './imageStage';
import { TextEditor } from './textEditor';

const statusKeys: Record<SaveStatus, MessageKey> = {
  saved: 'save.saved',
  editing: 'save.editing',
  saving: 'save.saving',
  pending: 'save.pending',
  conflict: 'save.conflict',
};

export class EditorView {
  readonly element: HTMLElement;
  readonly stage: ImageStage;
  readonly text: TextEditor;
  private readonly position: HTMLElement;
  private readonly name: HTMLElement;
  private readonly status: HTMLElement;
  private readonly undoButton: HTMLElementTagNameMap['vscode-button'];
  private readonly redoButton: HTMLElementTagNameMap['vscode-button'];
  private readonly zoomBar: HTMLElement;
  private readonly zoomText: HTMLElement;
  private readonly body: HTMLElement;
  private readonly classes: HTMLElement;
  private readonly boxBar: HTMLElement;
  private readonly drawSelect: HTMLElementTagNameMap['vscode-single-select'];
  private readonly boxSelect: HTMLElementTagNameMap['vscode-single-select'];
  private readonly boxInfo: HTMLElement;
  private readonly notes: HTMLElement;
  private optionsFor = '';

  constructor(
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly messages: Messages,
    images: ImageStore,
  ) {
    const { t } = messages;
    const button = (key: MessageKey, id: string, onClick: () => void, secondary = true, glyph?: string) => {
      const b = h('vscode-button', { text: glyph ?? t(key), attrs: { id, secondary, title: t(key), 'aria-label': t(key) } });
      b.addEventListener('click', onClick);
      return b;
    };
    this.stage = new ImageStage(model, controller, images, () => this.renderDetails());
    this.text = new TextEditor(model, controller, messages);
    this.position = h('span', { class: 'position' });
    this.name = h('span', { class: 'sample-name' });
    this.status = h('span', { class: 'save-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.undoButton = button('editor.undo', 'undo', () => controller.undo(), true, '↶');
    this.redoButton = button('editor.redo', 'redo', () => controller.redo(), true, '↷');
    this.zoomText = h('span', { class: 'zoom-text' });
    this.zoomBar = h('span', { class: 'zoom-bar' }, [
      button('editor.zoomOut', 'zoom-out', () => this.stage.zoomOut(), true, '−'),
      this.zoomText,
      button('editor.zoomIn', 'zoom-in', () => this.stage.zoomIn(), true, '+'),
      button('editor.fit', 'fit', () => this.stage.fitView()),
    ]);
    const bar = h('div', { class: 'editor-bar' }, [
      button('editor.back', 'back', () => void controller.closeEditor(), true, `← ${t('editor.grid')}`),
      button('editor.previous', 'previous', () => void controller.step(-1), true, '‹'),
      button('editor.next', 'next', () => void controller.step(1), true, '›'),
      (() => {
        const b = button('editor.saveNext', 'save-next', () => void controller.saveAndNext(), false);
        b.title = t('editor.saveNextHint');
        return b;
      })(),
      this.position,
      this.name,
      h('span', { class: 'spacer' }),
      this.status,
      this.undoButton,
      this.redoButton,
      this.zoomBar,
    ]);
    this.body = h('div', { class: 'editor-body' });
    this.classes = h('div', { class: 'class-chips', attrs: { role: 'group', 'aria-label': t('labels.title') } });
    this.drawSelect = h('vscode-single-select', { attrs: { id: 'draw-label', 'aria-label': t('editor.drawWith') } });
    this.drawSelect.addEventListener('change', () => controller.setDrawLabel(this.drawSelect.value));
    this.boxSelect = h('vscode-single-select', { attrs: { id: 'box-label', 'aria-label': t('editor.boxLabel') } });
    this.boxSelect.addEventListener('change', () => {
      const next = this.model.boxes.setLabel(this.boxSelect.value);
      if (next) controller.commit(next);
    });
    this.boxInfo = h('span', { class: 'box-info', attrs: { 'aria-live': 'polite' } });
    this.boxBar = h('div', { class: 'box-bar' }, [
      h('label', { class: 'control-label', text: t('editor.drawWith'), attrs: { for: 'draw-label' } }),
      this.drawSelect,
      this.boxInfo,
      this.boxSelect,
    ]);
    this.notes = h('div', { class: 'editor-notes' });
    this.element = h('section', { class: 'editor-view' }, [bar, this.body, this.classes, this.boxBar, this.notes]);
  }

  /** A new sample is open: mount its body and draw it. */
  show(): void {
    const s = this.model.sample;
    if (!s) return;
    const isText = s.text !== undefined;
    const wanted = isText ? this.text.element : this.stage.element;
    if (this.body.firstChild !== wanted) this.body.replaceChildren(wanted);
    if (isText) this.text.render();
    else this.stage.show(s);
    this.render();
  }

  focusBody(): void {
    if (this.model.sample?.text !== undefined) this.text.focus();
    else this.stage.focus();
  }

  /** The annotations, the selection or the save state changed. */
  render(): void {
    const s = this.model.sample;
    if (!s) return;
    const { t } = this.messages;
    const total = this.model.window.total ?? this.model.state?.total ?? 0;
    const index = this.model.ui.sampleIndex;
    setText(this.position, index !== undefined ? t('editor.position', { index: index + 1, total }) : '');
    setText(this.name, s.name);
    const info = this.model.saveInfo(s.id);
    setText(this.status, t(statusKeys[info.status], { message: info.message ?? '' }));
    this.status.dataset.status = info.status;
    this.undoButton.disabled = !this.model.canUndo();
    this.redoButton.disabled = !this.model.canRedo();
    setHidden(this.zoomBar, s.text !== undefined);
    if (s.text !== undefined) this.text.render();
    else this.stage.redraw();
    this.renderDetails();
  }

  /** The footer: class chips, or the box bar; and the zoom figure. */
  renderDetails(): void {
    const { t } = this.messages;
    const kind = this.model.kind();
    const classification = kind === 'image-classification' || kind === 'text-classification';
    setHidden(this.classes, !classification);
    setHidden(this.boxBar, kind !== 'object-detection');
    setText(this.zoomText, t('editor.zoom', { percent: Math.round(this.model.boxes.viewport.scale * 100) }));
    if (classification) this.renderClasses();
    if (kind === 'object-detection') this.renderBoxBar();
    const others = this.model.annotations().filter((a) => a.type === 'other').length;
    const notes: string[] = [];
    if (others > 0) notes.push(t('editor.otherShapes', { count: others }));
    if (kind === 'object-detection' && this.model.labels().length === 0) notes.push(t('editor.needLabel'));
    setText(this.notes, notes.join(' '));
  }

  private renderClasses(): void {
    const has = new Set(this.model.annotations().map((a) => a.label));
    const chips = this.model.labels().map((l, i) => {
      const on = has.has(l.name);
      const chip = h(
        'button',
        {
          class: `class-chip${on ? ' on' : ''}`,
          attrs: { type: 'button', 'aria-pressed': String(on), 'data-label': l.name },
        },
        [h('span', { class: 'chip-key', text: i < 9 ? String(i + 1) : '' }), h('span', { text: l.name })],
      );
      chip.style.setProperty('--ma-chip', l.color);
      chip.addEventListener('click', () => this.controller.toggleClass(l.name));
      return chip;
    });
    this.classes.replaceChildren(...chips);
  }

  private renderBoxBar(): void {
    const { t } = this.messages;
    const labels = this.model.labels();
    const key = labels.map((l) => l.name).join('\u0000');
    if (key !== this.optionsFor) {
      this.optionsFor = key;
      for (const select of [this.drawSelect, this.boxSelect])
        select.replaceChildren(...labels.map((l) => h('vscode-option', { text: l.name, attrs: { value: l.name } })));
    }
    const draw = this.model.boxes.drawLabel;
    if (draw !== undefined && this.drawSelect.value !== draw) this.drawSelect.value = draw;
    const editor = this.model.boxes;
    const box = editor.box(editor.selected);
    setHidden(this.boxSelect, !box);
    const boxes = editor.boxes();
    const hidden = editor.hidden.size;
    if (box) {
      if (this.boxSelect.value !== box.label) this.boxSelect.value = box.label;
      this.boxSelect.disabled = editor.locked.has(box.id);
      const text = t('editor.selectedBox', {
        label: box.label,
        // Coordinates as plain numbers (no thousands separators): they are copied into code.
        x0: String(box.x0),
        y0: String(box.y0),
        x1: String(box.x1),
        y1: String(box.y1),
        w: String(box.x1 - box.x0),
        h: String(box.y1 - box.y0),
      });
      setText(this.boxInfo, `${text}${editor.locked.has(box.id) ? ` · ${t('editor.locked')}` : ''}`);
    } else {
      setText(
        this.boxInfo,
        `${t('editor.boxes', { count: boxes.length })} · ${hidden > 0 ? t('editor.hiddenCount', { count: hidden }) : t('editor.noBox')}`,
      );
    }
  }
}
