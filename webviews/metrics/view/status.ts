/**
 * What the panel says about its data: a loading line whenever the host is still reading (so
 * partial data is never mistaken for all of it), the host's warnings, a short-lived message
 * after an export, and the empty state, which teaches both ways of emitting metrics.
 */
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { Messages } from '../i18n';
import type { MetricsModel } from '../model';
import { h, setHidden, setText } from '../../common/dom';

const stdoutExample = [
  'for step, batch in enumerate(loader):',
  '    loss = train_step(batch)',
  '    print(f"MA_METRIC loss={loss:.4f} step={step}", flush=True)',
].join('\n');

const tensorboardExample = [
  'from torch.utils.tensorboard import SummaryWriter',
  "w = SummaryWriter(os.environ.get('MA_SUMMARY_DIR', 'runs'))",
  "w.add_scalar('train/loss', loss, step)",
].join('\n');

/** How long an export's "wrote N points" line stays. */
const noticeMs = 8000;

export class StatusArea {
  readonly element: HTMLElement;
  readonly empty: HTMLElement;
  private readonly loading: HTMLElement;
  private readonly loadingText: HTMLElement;
  private readonly progress: HTMLElementTagNameMap['vscode-progress-bar'];
  private readonly warnings: HTMLElement;
  private readonly warningsTitle: HTMLElement;
  private readonly warningsList: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly emptyTitle: HTMLElement;
  private readonly emptyBody: HTMLElement;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly model: MetricsModel,
    private readonly messages: Messages,
  ) {
    const { t } = messages;
    this.progress = h('vscode-progress-bar', { attrs: { 'aria-label': t('app.connecting') } });
    this.loadingText = h('span', { class: 'loading-text' });
    this.loading = h('div', { class: 'loading', attrs: { role: 'status', 'aria-live': 'polite' } }, [
      this.progress,
      h('div', { class: 'loading-line' }, [this.loadingText, h('span', { class: 'loading-partial', text: t('loading.partial') })]),
    ]);
    this.warningsTitle = h('div', { class: 'warnings-title' });
    this.warningsList = h('ul');
    this.warnings = h('div', { class: 'warnings', attrs: { role: 'status', hidden: true } }, [this.warningsTitle, this.warningsList]);
    this.notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite', hidden: true } });
    this.element = h('div', { class: 'status-area' }, [this.loading, this.warnings, this.notice]);

    this.emptyTitle = h('h2', { text: t('empty.title') });
    this.emptyBody = h('div', { class: 'empty-body' }, [
      h('p', { text: t('empty.intro') }),
      h('div', { class: 'empty-ways' }, [
        way(t('empty.stdout.title'), stdoutExample, t('empty.stdout.note')),
        way(t('empty.tensorboard.title'), tensorboardExample, t('empty.tensorboard.note')),
      ]),
    ]);
    this.empty = h('section', { class: 'empty', attrs: { hidden: true } }, [this.emptyTitle, this.emptyBody]);
  }

  render(): void {
    const { model } = this;
    const { t } = this.messages;
    const state = model.state;
    // Loading: before the first state (connecting), and whenever the host says it is still reading.
    const loading = state === undefined ? undefined : state.loading;
    const isLoading = state === undefined || loading !== undefined;
    setHidden(this.loading, !isLoading);
    if (state === undefined) {
      setText(this.loadingText, t('app.connecting'));
      this.progress.indeterminate = true;
    } else if (loading) {
      const known = loading.filesTotal > 0;
      setText(
        this.loadingText,
        known
          ? t('loading.files', { read: loading.filesRead, total: loading.filesTotal, points: loading.pointsRead })
          : t('loading.points', { points: loading.pointsRead }),
      );
      this.progress.indeterminate = !known;
      this.progress.max = Math.max(1, loading.filesTotal);
      this.progress.value = Math.min(loading.filesRead, loading.filesTotal);
    }
    this.loading.classList.toggle('partial', state !== undefined && model.tagCount() > 0);

    const warnings = state?.warnings ?? [];
    setHidden(this.warnings, warnings.length === 0);
    setText(this.warningsTitle, t('warnings.title', { count: warnings.length }));
    if (
      this.warningsList.childElementCount !== warnings.length ||
      warnings.some((w, i) => this.warningsList.children[i]?.textContent !== w)
    )
      this.warningsList.replaceChildren(...warnings.map((w) => h('li', { text: w })));

    // Empty: nothing to chart and nothing more coming; or tags exist and the filter hides them all.
    const noTags = state !== undefined && model.tagCount() === 0 && !isLoading;
    const noMatch = model.tagCount() > 0 && model.visibleTags().length === 0;
    setHidden(this.empty, !(noTags || noMatch));
    setText(this.emptyTitle, noMatch ? t('empty.noMatch', { filter: model.ui.filter }) : t('empty.title'));
    setHidden(this.emptyBody, noMatch);
  }

  notify(message: string, kind: 'info' | 'error'): void {
    setText(this.notice, message);
    this.notice.classList.toggle('error', kind === 'error');
    setHidden(this.notice, false);
    if (this.noticeTimer !== undefined) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => setHidden(this.notice, true), noticeMs);
  }
}

function way(title: string, code: string, note: string): HTMLElement {
  return h('div', { class: 'empty-way' }, [
    h('h3', { text: title }),
    h('pre', {}, [h('code', { text: code })]),
    h('p', { class: 'empty-note', text: note }),
  ]);
}
