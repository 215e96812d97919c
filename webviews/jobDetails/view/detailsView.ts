/**
 * The panel's page: a header (name, phase, how long it ran, why it is where it is, and the
 * actions), the problem or loading state when there is one, then the sections. The structure is
 * built once; each state updates texts and rebuilds only the sections whose data changed, so focus
 * and scroll survive a running job's reads. A running job's duration ticks every second here,
 * between the host's reads. Every control is a button, link or select in tab order.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { JobAction, JobView } from '../../protocol/jobDetails';
import { h, setHidden, setText } from '../../common/dom';
import type { Messages, MessageKey } from '../i18n';
import { type EventFilter, type JobDetailsModel, phaseLabel, phaseTone, type UiState } from '../model';
import { eventsTable, historyList } from './activity';
import { dataSection, environmentSection, parametersSection, specSection } from './sections';

/** What the page asks of the host. */
export interface DetailsHost {
  action(action: JobAction): Promise<unknown>;
  reveal(url: string): Promise<{ revealed: string }>;
}

const actionLabels: Readonly<Record<JobAction, readonly [MessageKey, MessageKey]>> = {
  showLog: ['action.showLog', 'action.showLog.hint'],
  showMetrics: ['action.showMetrics', 'action.showMetrics.hint'],
  resubmit: ['action.resubmit', 'action.resubmit.hint'],
  stop: ['action.stop', 'action.stop.hint'],
  refresh: ['action.refresh', 'action.refresh.hint'],
};

/** A section whose body is rebuilt only when its data (as JSON) changed. */
interface Section {
  readonly element: HTMLElement;
  readonly body: HTMLElement;
  key: string | undefined;
}

export class DetailsView {
  private readonly title = h('h1', { class: 'title' });
  private readonly phase = h('span', { class: 'phase' });
  private readonly statusLine = h('span', { class: 'status-line', attrs: { role: 'timer', 'aria-live': 'off' } });
  private readonly meta = h('div', { class: 'meta-row' });
  private readonly reason = h('p', { class: 'reason' });
  private readonly buttons = new Map<JobAction, HTMLElementTagNameMap['vscode-button']>();
  private readonly notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite', hidden: true } });
  private readonly problem = h('div', { class: 'problem', attrs: { role: 'alert', hidden: true } });
  private readonly problemText = h('p', { class: 'problem-text' });
  private readonly retry: HTMLElementTagNameMap['vscode-button'];
  private readonly loading = h('div', { class: 'loading', attrs: { role: 'status', hidden: true } });
  private readonly content = h('main', { class: 'sections', attrs: { hidden: true } });
  private readonly sections: Record<'spec' | 'parameters' | 'data' | 'environment' | 'history' | 'events', Section>;
  private readonly eventFilter: HTMLElementTagNameMap['vscode-single-select'];
  private readonly eventsNote = h('p', { class: 'empty-note' });
  private readonly timeFormat: Intl.DateTimeFormat;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    root: HTMLElement,
    private readonly model: JobDetailsModel,
    private readonly host: DetailsHost,
    private readonly messages: Messages,
    private readonly save: (ui: UiState) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    const { t } = messages;
    this.timeFormat = new Intl.DateTimeFormat(messages.locale === 'zh-cn' ? 'zh-CN' : 'en-US', {
      dateStyle: 'medium',
      timeStyle: 'medium',
    });
    const actions = h('div', { class: 'actions', attrs: { role: 'toolbar', 'aria-label': t('actions.label') } });
    for (const [action, [label, hint]] of Object.entries(actionLabels) as [JobAction, readonly [MessageKey, MessageKey]][]) {
      const button = h('vscode-button', { text: t(label), attrs: { title: t(hint), 'data-action': action } });
      if (action !== 'showLog') button.setAttribute('secondary', '');
      button.addEventListener('click', () => void this.act(action));
      this.buttons.set(action, button);
      actions.append(button);
    }
    this.retry = h('vscode-button', { text: t('problem.retry') });
    this.retry.addEventListener('click', () => void this.act('refresh'));
    this.problem.append(this.problemText, this.retry);
    this.loading.append(h('vscode-progress-ring'), h('span', { text: t('app.reading') }));

    this.eventFilter = h('vscode-single-select', { attrs: { id: 'event-filter', 'aria-label': t('events.filter') } });
    for (const [value, key] of [
      ['all', 'events.all'],
      ['problems', 'events.problems'],
    ] as const) {
      const option = h('vscode-option', { text: t(key), attrs: { value } });
      if (model.ui.eventFilter === value) option.setAttribute('selected', '');
      this.eventFilter.append(option);
    }
    this.eventFilter.addEventListener('change', () => {
      this.model.setEventFilter(this.eventFilter.value as EventFilter);
      this.save(this.model.ui);
      this.sections.events.key = undefined;
      this.render();
    });

    const section = (id: string, titleKey: MessageKey, extra: readonly Node[] = []): Section => {
      const body = h('div', { class: 'section-body' });
      const heading = h('h2', { text: t(titleKey), attrs: { id: `${id}-title` } });
      const element = h('section', { class: `section section-${id}`, attrs: { 'aria-labelledby': `${id}-title` } }, [
        h('div', { class: 'section-head' }, [heading, ...extra]),
        body,
      ]);
      return { element, body, key: undefined };
    };
    this.sections = {
      spec: section('spec', 'section.spec'),
      parameters: section('parameters', 'section.parameters'),
      data: section('data', 'section.data'),
      environment: section('environment', 'section.environment'),
      history: section('history', 'section.history'),
      events: section('events', 'section.events', [this.eventFilter]),
    };
    this.content.append(...Object.values(this.sections).map((s) => s.element));

    const header = h('header', { class: 'header' }, [
      h('div', { class: 'title-row' }, [this.title, this.phase, this.statusLine]),
      this.meta,
      this.reason,
      actions,
      this.notice,
    ]);
    root.replaceChildren(header, this.problem, this.loading, this.content);
  }

  render(): void {
    const { model } = this;
    const state = model.state;
    const job = model.job;
    setText(this.title, state?.name ?? '');
    setHidden(this.phase, !job);
    if (job) {
      setText(this.phase, phaseLabel(job.phase, this.messages));
      this.phase.className = `phase tone-${phaseTone(job.phase)}`;
    }
    this.renderStatusLine();
    this.renderMeta(job);
    const reason = model.reason(this.messages);
    setText(this.reason, reason);
    setHidden(this.reason, reason === '');
    this.reason.className = `reason tone-${job ? phaseTone(job.phase) : 'pending'}`;
    for (const { action, enabled } of model.actions()) {
      const button = this.buttons.get(action);
      if (!button) continue;
      setHidden(button, action === 'stop' && !enabled);
      if (button.disabled !== !enabled) button.disabled = !enabled;
    }

    const problem = state?.problem;
    setHidden(this.problem, !problem);
    if (problem) {
      setText(this.problemText, problem.message);
      setHidden(this.retry, problem.kind === 'gone');
    }
    setHidden(this.loading, !(state === undefined || (state.loading && !job)));
    setHidden(this.content, !job);
    if (job) this.renderSections(job);
    this.schedule();
  }

  dispose(): void {
    clearInterval(this.ticker);
  }

  private renderMeta(job: JobView | undefined): void {
    const { t } = this.messages;
    const key = job ? `${job.id}|${job.createdAt}|${job.description ?? ''}` : '';
    if (this.meta.dataset.key === key) return;
    this.meta.dataset.key = key;
    if (!job) return this.meta.replaceChildren();
    this.meta.replaceChildren(
      h('span', { text: t('status.created', { time: this.formatTime(job.createdAt) }) }),
      h('span', { class: 'job-id' }, [`${t('status.id')} `, h('code', { text: job.id })]),
      ...(job.description ? [h('span', { class: 'description', text: job.description })] : []),
    );
  }

  private renderSections(job: JobView): void {
    const reveal = (url: string) => void this.reveal(url);
    const m = this.messages;
    this.update(
      this.sections.spec,
      [job.engine, job.flavor, job.nodeCount, job.codeDir, job.bootFile, job.command, job.workingDir, job.logExport],
      () => specSection(job, reveal, m),
    );
    this.update(this.sections.parameters, job.parameters, () => parametersSection(job, m));
    this.update(this.sections.data, [job.inputs, job.outputs], () => dataSection(job, reveal, m));
    setHidden(this.sections.environment.element, job.environment.length === 0);
    this.update(this.sections.environment, job.environment, () => environmentSection(job, m));
    this.update(this.sections.history, [job.history, job.durationMs], () =>
      historyList(this.model.historyRows(m), (ms) => this.formatTime(ms)),
    );
    this.update(this.sections.events, [job.events, job.eventsTotal, this.model.ui.eventFilter], () => {
      const note = this.model.eventsNote(m);
      setText(this.eventsNote, note ?? '');
      const shown = this.model.visibleEvents();
      return h('div', {}, [
        note ? this.eventsNote : undefined,
        shown.length > 0 ? eventsTable(shown, (ms) => this.formatTime(ms), m) : undefined,
      ]);
    });
  }

  private update(section: Section, data: unknown, build: () => HTMLElement): void {
    const key = JSON.stringify(data) ?? '';
    if (section.key === key) return;
    section.key = key;
    section.body.replaceChildren(build());
  }

  private renderStatusLine(): void {
    setText(this.statusLine, this.model.statusLine(this.now(), this.messages));
  }

  /** A running job's duration ticks every second; nothing ticks otherwise. */
  private schedule(): void {
    if (this.model.ticking && this.ticker === undefined) this.ticker = setInterval(() => this.renderStatusLine(), 1000);
    else if (!this.model.ticking && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private formatTime(ms: number): string {
    return this.timeFormat.format(new Date(ms));
  }

  private async act(action: JobAction): Promise<void> {
    const { t } = this.messages;
    try {
      await this.host.action(action);
    } catch (err) {
      this.say(t('action.failed', { action: t(actionLabels[action][0]), message: err instanceof Error ? err.message : String(err) }));
    }
  }

  private async reveal(url: string): Promise<void> {
    try {
      await this.host.reveal(url);
    } catch (err) {
      this.say(this.messages.t('link.revealFailed', { url, message: err instanceof Error ? err.message : String(err) }));
    }
  }

  private say(text: string): void {
    setText(this.notice, text);
    setHidden(this.notice, false);
  }
}
