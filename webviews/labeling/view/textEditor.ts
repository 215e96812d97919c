/**
 * A text sample: classification (the whole text; keys 1–9 or the label chips) and named
 * entities (select some text, then a key or a chip marks it). Entities are drawn as layered
 * highlights over segments of the text (spans.ts cuts it at every entity edge), each in its
 * label's colour, and listed below as buttons: click or Tab to one, Del removes it. Offsets are
 * ModelArts' characters (code points), whatever the browser's selection counts.
 */
import type { SpanAnnotation } from '../../protocol/labeling';
import type { LabelingController } from '../controller';
import type { Messages } from '../i18n';
import type { LabelingModel } from '../model';
import { segments, spanFromSelection, spanText } from '../spans';
import { h, setText } from '../../common/dom';

export class TextEditor {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly entities: HTMLElement;
  private readonly hint: HTMLElement;
  /** The span the user selected with the mouse or keyboard, waiting for a label. */
  private selection: { start: number; end: number } | undefined;
  /** The entity picked in the list or the text (Del removes it). */
  selectedSpan: string | undefined;

  constructor(
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly messages: Messages,
  ) {
    this.body = h('div', { class: 'text-body', attrs: { tabindex: 0, role: 'document', 'aria-label': messages.t('kind.text-entity') } });
    this.entities = h('div', { class: 'entity-list', attrs: { role: 'list' } });
    this.hint = h('p', { class: 'hint' });
    this.element = h('div', { class: 'text-editor' }, [this.hint, this.body, this.entities]);
    this.body.addEventListener('mouseup', () => this.readSelection());
    this.body.addEventListener('keyup', () => this.readSelection());
    this.body.addEventListener('click', (e) => {
      const seg = (e.target as HTMLElement).closest<HTMLElement>('[data-span]');
      if (seg && window.getSelection()?.isCollapsed !== false) this.pick(seg.dataset.span);
    });
  }

  entityMode(): boolean {
    return this.model.kind() === 'text-entity';
  }

  focus(): void {
    this.body.focus({ preventScroll: true });
  }

  /** A label key or chip: marks the selected text (entities) or toggles the class (classification). */
  applyLabel(label: string): void {
    if (!this.entityMode()) {
      this.controller.toggleClass(label);
      return;
    }
    if (this.selection) {
      this.controller.addSpan(this.selection.start, this.selection.end, label);
      this.selection = undefined;
      window.getSelection()?.removeAllRanges();
    } else if (this.selectedSpan !== undefined) this.controller.relabel(this.selectedSpan, label);
  }

  deleteSelected(): void {
    if (this.selectedSpan === undefined) return;
    const id = this.selectedSpan;
    this.selectedSpan = undefined;
    this.controller.removeAnnotation(id);
  }

  render(): void {
    const { t } = this.messages;
    const text = this.model.sample?.text ?? '';
    const spans = this.model.annotations().filter((a): a is SpanAnnotation => a.type === 'span');
    setText(this.hint, this.entityMode() ? t('text.hint') : t('text.classHint'));
    if (this.selectedSpan !== undefined && !spans.some((s) => s.id === this.selectedSpan)) this.selectedSpan = undefined;
    const byId = new Map(spans.map((s) => [s.id, s]));
    const nodes = segments(text, spans).map((seg) => {
      const piece = text.slice(seg.from, seg.to);
      if (seg.spans.length === 0) return h('span', { text: piece, attrs: { 'data-from': seg.from } });
      const innermost = seg.spans[seg.spans.length - 1] as string;
      const span = byId.get(innermost) as SpanAnnotation;
      const el = h('mark', {
        class: `entity${seg.spans.includes(this.selectedSpan ?? '\u0000') ? ' selected' : ''}`,
        text: piece,
        attrs: { 'data-from': seg.from, 'data-span': innermost, title: seg.spans.map((id) => byId.get(id)?.label).join(' › ') },
      });
      el.style.setProperty('--ma-entity', this.model.labelColor(span.label));
      // Nested entities: each layer below thickens the underline.
      el.style.setProperty('--ma-depth', String(seg.spans.length));
      return el;
    });
    this.body.replaceChildren(...nodes);
    this.entities.replaceChildren(
      ...(this.entityMode()
        ? [
            h('div', { class: 'entity-count', text: t('text.entities', { count: spans.length }) }),
            ...spans.map((s) => {
              const b = h(
                'button',
                {
                  class: `entity-chip${s.id === this.selectedSpan ? ' selected' : ''}`,
                  attrs: { type: 'button', role: 'listitem', 'data-span': s.id },
                },
                [
                  h('span', { class: 'swatch' }),
                  h('span', { class: 'entity-label', text: s.label }),
                  h('span', { class: 'entity-text', text: spanText(text, s) }),
                  h('span', { class: 'entity-offsets', text: `${s.start}–${s.end}` }),
                ],
              );
              (b.firstChild as HTMLElement).style.background = this.model.labelColor(s.label);
              b.addEventListener('click', () => this.pick(s.id));
              b.addEventListener('keydown', (e) => {
                if (e.key === 'Delete' || e.key === 'Backspace') {
                  e.preventDefault();
                  this.pick(s.id);
                  this.deleteSelected();
                }
              });
              return b;
            }),
          ]
        : []),
    );
  }

  private pick(id: string | undefined): void {
    this.selectedSpan = id;
    this.selection = undefined;
    this.render();
  }

  /** The browser's selection in the text, as ModelArts offsets (or nothing). */
  private readSelection(): void {
    if (!this.entityMode()) return;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      this.selection = undefined;
      return;
    }
    const range = sel.getRangeAt(0);
    const a = this.offsetOf(range.startContainer, range.startOffset);
    const b = this.offsetOf(range.endContainer, range.endOffset);
    if (a === undefined || b === undefined) return;
    this.selection = spanFromSelection(this.model.sample?.text ?? '', a, b);
    if (this.selection) this.selectedSpan = undefined;
  }

  /** A DOM position inside the text as a UTF-16 offset into the sample's text. */
  private offsetOf(node: Node, offset: number): number | undefined {
    if (node === this.body) {
      const child = this.body.childNodes[offset] as HTMLElement | undefined;
      return child ? Number(child.dataset.from) : (this.model.sample?.text ?? '').length;
    }
    const el = (node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as HTMLElement))?.closest<HTMLElement>('[data-from]');
    if (!el || !this.body.contains(el)) return undefined;
    return Number(el.dataset.from) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }
}
