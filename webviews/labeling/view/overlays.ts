/**
 * The panel's two dialogs: `?` lists every shortcut (from the one table the key handler reads),
 * and a conflict shows the user's version and the platform's side by side, each annotation in
 * words (label and, for a box, its corners in image pixels), to keep one of them. Both are modal
 * (focus stays inside, Esc closes the shortcuts), and both give the focus back where it was.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { Annotation } from '../../protocol/labeling';
import type { LabelingController } from '../controller';
import type { Messages } from '../i18n';
import { type Scope, shortcuts } from '../keys';
import type { LabelingModel } from '../model';
import { h } from '../../common/dom';

const scopes: readonly Scope[] = ['editor', 'detection', 'text', 'grid', 'all'];

abstract class Dialog {
  readonly element: HTMLElement;
  protected readonly box: HTMLElement;
  private returnFocus: HTMLElement | undefined;

  constructor(label: string) {
    this.box = h('div', { class: 'dialog', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-label': label, tabindex: -1 } });
    this.element = h('div', { class: 'dialog-backdrop', attrs: { hidden: true } }, [this.box]);
    this.box.addEventListener('keydown', (e) => {
      if (e.key === 'Tab') this.trapTab(e);
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  protected show(): void {
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    this.element.hidden = false;
    requestAnimationFrame(() => (this.box.querySelector<HTMLElement>('[autofocus], vscode-button, button') ?? this.box).focus());
  }

  close(): void {
    if (!this.open) return;
    this.element.hidden = true;
    this.returnFocus?.focus({ preventScroll: true });
  }

  private trapTab(e: KeyboardEvent): void {
    const items = [...this.box.querySelectorAll<HTMLElement>('vscode-button, button, [tabindex="0"]')];
    if (items.length === 0) return;
    const first = items[0] as HTMLElement;
    const last = items[items.length - 1] as HTMLElement;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }
}

export class ShortcutsOverlay extends Dialog {
  constructor(messages: Messages) {
    const { t } = messages;
    super(t('keys.title'));
    const close = h('vscode-button', { text: t('keys.close'), attrs: { secondary: true, id: 'close-shortcuts' } });
    close.addEventListener('click', () => this.close());
    const groups = scopes.map((scope) =>
      h('section', { class: 'keys-group' }, [
        h('h3', { text: t(`keys.scope.${scope}`) }),
        h(
          'dl',
          {},
          shortcuts
            .filter((s) => s.scope === scope)
            .flatMap((s) => [h('dt', {}, [h('kbd', { text: s.keys })]), h('dd', { text: t(s.describe) })]),
        ),
      ]),
    );
    this.box.classList.add('shortcuts');
    this.box.append(h('h2', { text: t('keys.title') }), h('div', { class: 'keys-grid' }, groups), h('div', { class: 'buttons' }, [close]));
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }
}

export class ConflictDialog extends Dialog {
  private readonly mine: HTMLElement;
  private readonly theirs: HTMLElement;
  private readonly mineTitle: HTMLElement;
  private readonly theirsTitle: HTMLElement;

  constructor(
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly messages: Messages,
  ) {
    const { t } = messages;
    super(t('conflict.title'));
    this.mineTitle = h('h3');
    this.theirsTitle = h('h3');
    this.mine = h('ul', { class: 'version-list' });
    this.theirs = h('ul', { class: 'version-list' });
    const keepMine = h('vscode-button', { text: t('conflict.keepMine'), attrs: { id: 'keep-mine' } });
    const keepTheirs = h('vscode-button', { text: t('conflict.keepTheirs'), attrs: { id: 'keep-theirs', secondary: true } });
    keepMine.addEventListener('click', () => void this.choose('mine'));
    keepTheirs.addEventListener('click', () => void this.choose('theirs'));
    this.box.classList.add('conflict');
    this.box.append(
      h('h2', { text: t('conflict.title') }),
      h('p', { text: t('conflict.intro') }),
      h('div', { class: 'versions' }, [
        h('div', { class: 'version mine' }, [this.mineTitle, this.mine]),
        h('div', { class: 'version theirs' }, [this.theirsTitle, this.theirs]),
      ]),
      h('div', { class: 'buttons' }, [keepMine, keepTheirs]),
    );
  }

  /** Shows the open sample's conflict (its versions as the last save answer gave them). */
  showFor(sampleId: string): void {
    if (this.model.sample?.id !== sampleId) return;
    const info = this.model.saveInfo(sampleId);
    const { t } = this.messages;
    const mine = info.mine ?? this.model.annotations();
    const theirs = info.theirs ?? this.model.sample.annotations;
    this.mineTitle.textContent = t('conflict.mine', { count: mine.length });
    this.theirsTitle.textContent = t('conflict.theirs', { count: theirs.length });
    this.mine.replaceChildren(...mine.map((a) => this.item(a)));
    this.theirs.replaceChildren(...theirs.map((a) => this.item(a)));
    this.show();
  }

  private item(a: Annotation): HTMLElement {
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = this.model.labelColor(a.label);
    const where =
      a.type === 'box'
        ? ` [${a.x0}, ${a.y0} – ${a.x1}, ${a.y1}]`
        : a.type === 'span'
          ? ` [${a.start}–${a.end}]`
          : a.type === 'other'
            ? ` (${a.shape})`
            : '';
    return h('li', {}, [swatch, h('span', { text: `${a.label}${where}` })]);
  }

  private async choose(keep: 'mine' | 'theirs'): Promise<void> {
    await this.controller.resolveConflict(keep);
    this.close();
  }
}
