/**
 * The labels side panel: every label of the dataset with its key (1–9), colour, and live counts
 * (annotations · samples); clicking a label applies it where the focus is (the grid's selection,
 * the sample's class, the next box or the selected box, the selected text). Add, rename, recolour
 * and delete in place; a delete says how many annotations go and asks first. For classification
 * a checkbox chooses one label per sample or several.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { LabelInfo } from '../../protocol/labeling';
import type { LabelingController } from '../controller';
import type { Messages } from '../i18n';
import type { LabelingModel } from '../model';
import { h, setHidden, setText } from '../../common/dom';

/** New labels get the next of these colours. */
const palette = ['#3399ff', '#ff6633', '#33cc66', '#cc33ff', '#ffcc00', '#00cccc', '#ff3399', '#996633', '#6666ff', '#99cc00'];

export class LabelsPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly multi: HTMLElementTagNameMap['vscode-checkbox'];
  private readonly addName: HTMLElementTagNameMap['vscode-textfield'];
  private readonly addError: HTMLElement;
  /** Which label shows its rename field or its delete question. */
  private editing: { name: string; what: 'rename' | 'delete' } | undefined;

  constructor(
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly messages: Messages,
    /** A label clicked: the view applies it where the focus is. */
    private readonly apply: (label: string) => void,
  ) {
    const { t } = messages;
    this.list = h('ul', { class: 'label-list', attrs: { 'aria-label': t('labels.title') } });
    this.empty = h('div', { class: 'empty-labels' }, [
      h('strong', { text: t('empty.noLabels.title') }),
      h('p', { text: t('empty.noLabels.next') }),
    ]);
    this.multi = h('vscode-checkbox', { attrs: { label: t('labels.multi'), id: 'multi-label' } });
    this.multi.addEventListener('change', () => void this.controller.setMultiLabel(this.multi.checked));
    this.addName = h('vscode-textfield', {
      attrs: { id: 'new-label', placeholder: t('labels.addPlaceholder'), 'aria-label': t('labels.add') },
    });
    this.addError = h('div', { class: 'field-error', attrs: { role: 'alert', hidden: true } });
    const addButton = h('vscode-button', { text: t('labels.add'), attrs: { id: 'add-label', secondary: true } });
    const add = () => void this.addLabel();
    addButton.addEventListener('click', add);
    this.addName.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') add();
    });
    this.element = h('aside', { class: 'labels-panel', attrs: { 'aria-label': t('labels.title') } }, [
      h('h2', { text: t('labels.title') }),
      this.list,
      this.empty,
      h('div', { class: 'add-label' }, [this.addName, addButton]),
      this.addError,
      this.multi,
    ]);
  }

  focusAdd(): void {
    this.addName.focus();
  }

  render(): void {
    const labels = this.model.labels();
    const kind = this.model.kind();
    setHidden(this.empty, labels.length > 0);
    setHidden(this.multi, kind !== 'image-classification' && kind !== 'text-classification');
    this.multi.checked = this.model.state?.multiLabel ?? false;
    const focused = document.activeElement;
    const keepFocus = focused instanceof HTMLElement && this.list.contains(focused) ? focused.dataset.focusKey : undefined;
    this.list.replaceChildren(...labels.map((l, i) => this.row(l, i)));
    if (keepFocus) this.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(keepFocus)}"]`)?.focus();
  }

  private row(l: LabelInfo, index: number): HTMLElement {
    const { t } = this.messages;
    const key = index < 9 ? String(index + 1) : index === 9 ? '0' : '';
    const color = h('input', {
      class: 'label-color',
      attrs: { type: 'color', value: l.color, 'aria-label': `${t('labels.recolor')} ${l.name}`, title: t('labels.recolor') },
    });
    color.addEventListener('change', () => void this.controller.changeLabel({ op: 'recolor', name: l.name, color: color.value }));
    const name = h('button', {
      class: 'label-name',
      text: l.name,
      attrs: {
        type: 'button',
        title: key ? t('labels.key', { key }) : undefined,
        'data-focus-key': `apply:${l.name}`,
        'data-label': l.name,
      },
    });
    name.addEventListener('click', () => this.apply(l.name));
    const rename = h('button', {
      class: 'icon-button',
      text: '✎',
      attrs: {
        type: 'button',
        title: t('labels.rename'),
        'aria-label': `${t('labels.rename')} ${l.name}`,
        'data-focus-key': `rename:${l.name}`,
      },
    });
    rename.addEventListener('click', () => this.startEdit(l.name, 'rename'));
    const remove = h('button', {
      class: 'icon-button',
      text: '✕',
      attrs: {
        type: 'button',
        title: t('labels.delete'),
        'aria-label': `${t('labels.delete')} ${l.name}`,
        'data-focus-key': `delete:${l.name}`,
      },
    });
    remove.addEventListener('click', () => this.startEdit(l.name, 'delete'));
    const li = h('li', { class: 'label-row', attrs: { 'data-label': l.name } }, [
      h('span', { class: 'label-key', text: key, attrs: { 'aria-hidden': 'true' } }),
      color,
      name,
      h('span', {
        class: 'label-count',
        text: t('labels.count', { count: l.count }),
        attrs: { title: t('labels.countHint', { count: l.count, samples: l.sampleCount }) },
      }),
      rename,
      remove,
    ]);
    if (this.editing?.name === l.name) li.append(this.editing.what === 'rename' ? this.renameBox(l) : this.deleteBox(l));
    return li;
  }

  private renameBox(l: LabelInfo): HTMLElement {
    const { t } = this.messages;
    const field = h('vscode-textfield', {
      attrs: { value: l.name, 'aria-label': t('labels.renameTo', { name: l.name }), class: 'rename-field' },
    });
    const error = h('div', { class: 'field-error', attrs: { role: 'alert', hidden: true } });
    const commit = async () => {
      const to = field.value.trim();
      if (to === '' || to === l.name) return this.stopEdit();
      if (this.model.labels().some((x) => x.name === to)) {
        setText(error, t('labels.exists', { name: to }));
        setHidden(error, false);
        return;
      }
      if (await this.controller.changeLabel({ op: 'rename', name: l.name, to })) this.stopEdit();
    };
    field.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void commit();
      if (e.key === 'Escape') this.stopEdit();
      e.stopPropagation();
    });
    requestAnimationFrame(() => field.focus());
    return h('div', { class: 'label-edit' }, [field, error]);
  }

  private deleteBox(l: LabelInfo): HTMLElement {
    const { t } = this.messages;
    const yes = h('vscode-button', { text: t('labels.confirm'), attrs: { class: 'confirm-delete' } });
    const no = h('vscode-button', { text: t('labels.cancel'), attrs: { secondary: true } });
    yes.addEventListener('click', () => {
      void this.controller.changeLabel({ op: 'delete', name: l.name }).then(() => this.stopEdit());
    });
    no.addEventListener('click', () => this.stopEdit());
    requestAnimationFrame(() => no.focus());
    return h('div', { class: 'label-edit', attrs: { role: 'alertdialog', 'aria-label': t('labels.delete') } }, [
      h('p', { text: t('labels.confirmDelete', { name: l.name, count: l.count, samples: l.sampleCount }) }),
      h('div', { class: 'buttons' }, [yes, no]),
    ]);
  }

  private startEdit(name: string, what: 'rename' | 'delete'): void {
    this.editing = { name, what };
    this.render();
  }

  private stopEdit(): void {
    const name = this.editing?.name;
    this.editing = undefined;
    this.render();
    if (name !== undefined) this.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(`apply:${name}`)}"]`)?.focus();
  }

  private async addLabel(): Promise<void> {
    const { t } = this.messages;
    const name = this.addName.value.trim();
    if (name === '') return;
    if (this.model.labels().some((l) => l.name === name)) {
      setText(this.addError, t('labels.exists', { name }));
      setHidden(this.addError, false);
      return;
    }
    setHidden(this.addError, true);
    const color = palette[this.model.labels().length % palette.length] as string;
    if (await this.controller.changeLabel({ op: 'add', name, color })) {
      this.addName.value = '';
      this.addName.focus();
    }
  }
}
