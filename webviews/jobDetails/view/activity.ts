/**
 * What happened to the job: the status history (created, started, ended, with how long each step
 * took) and the platform's events, newest first, with warnings and errors marked.
 */
import type { EventView } from '../../protocol/jobDetails';
import { h } from '../../common/dom';
import type { Messages } from '../i18n';
import { type HistoryRow, phaseTone } from '../model';

export type FormatTime = (epochMs: number) => string;

export function historyList(rows: readonly HistoryRow[], formatTime: FormatTime): HTMLElement {
  return h(
    'ol',
    { class: 'history' },
    rows.map((r) =>
      h('li', { class: `history-step tone-${r.step === 'created' ? 'stopped' : phaseTone(r.phase)}` }, [
        h('span', { class: 'history-dot', attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'history-label', text: r.label }),
        r.at !== undefined
          ? h('time', { class: 'history-time', text: formatTime(r.at), attrs: { datetime: new Date(r.at).toISOString() } })
          : undefined,
        r.note ? h('span', { class: 'history-note', text: r.note }) : undefined,
      ]),
    ),
  );
}

export function eventsTable(events: readonly EventView[], formatTime: FormatTime, messages: Messages): HTMLElement {
  const { t } = messages;
  const level = (l: EventView['level']) => t(l === 'Error' ? 'level.Error' : l === 'Warning' ? 'level.Warning' : 'level.Info');
  return h('table', { class: 'grid events' }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        [t('events.time'), t('events.level'), t('events.source'), t('events.message')].map((c) =>
          h('th', { text: c, attrs: { scope: 'col' } }),
        ),
      ),
    ]),
    h(
      'tbody',
      {},
      events.map((e) =>
        h('tr', { class: `event level-${e.level.toLowerCase()}` }, [
          h('td', { class: 'event-time', text: e.time !== undefined ? formatTime(e.time) : '' }),
          h('td', { class: 'event-level' }, [h('span', { class: 'level-badge', text: level(e.level) })]),
          h('td', { class: 'event-source', text: e.source ?? '' }),
          h('td', { class: 'event-message', text: e.message }),
        ]),
      ),
    ),
  ]);
}
