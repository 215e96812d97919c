import assert from 'node:assert/strict';
import type { JobDetailsStateParams, JobView } from '../../../webviews/protocol/jobDetails';
import { messagesFor, messageTables, supportedLocales } from '../../../webviews/jobDetails/i18n';
import { formatDuration, JobDetailsModel, phaseLabel, restoreUiState } from '../../../webviews/jobDetails/model';

const en = messagesFor('en');
const zh = messagesFor('zh-CN');

function job(extra: Partial<JobView> = {}): JobView {
  return {
    id: 'job-1',
    name: 'resnet',
    phase: 'Running',
    ended: false,
    createdAt: 1_000,
    startedAt: 31_000,
    durationMs: 65_000,
    engine: { name: 'PyTorch', version: '1.8' },
    flavor: { id: 'modelarts.vm.cpu.2u' },
    nodeCount: 1,
    parameters: [],
    environment: [],
    inputs: [],
    outputs: [],
    history: [
      { step: 'created', phase: 'Creating', at: 1_000 },
      { step: 'started', phase: 'Running', at: 31_000 },
    ],
    events: [
      { time: 31_000, level: 'Info', source: 'Job', message: 'Training job is running.' },
      { time: 20_000, level: 'Warning', source: 'Job', message: 'Waiting for a free slot.' },
      { time: 1_000, level: 'Info', source: 'Job', message: 'Training job created.' },
    ],
    eventsTotal: 3,
    ...extra,
  };
}

function state(j: JobView | undefined, extra: Partial<JobDetailsStateParams> = {}): JobDetailsStateParams {
  return { name: j?.name ?? 'resnet', loading: false, ...(j ? { job: j } : {}), ...extra };
}

describe('webviews/jobDetails: the panel’s model', () => {
  it('a running job’s duration counts on from the read on the webview’s own clock; an ended one stays', () => {
    const m = new JobDetailsModel(restoreUiState(undefined));
    m.apply(state(job()), 5_000);
    assert.equal(m.ticking, true);
    assert.equal(m.durationAt(5_000), 65_000);
    assert.equal(m.durationAt(8_500), 68_500);
    assert.equal(m.statusLine(8_500, en), 'Running for 1 min 8 s');
    assert.equal(m.statusLine(8_500, zh), '已运行 1 分 8 秒');
    m.apply(state(job({ phase: 'Completed', ended: true, durationMs: 70_000 })), 9_000);
    assert.equal(m.ticking, false);
    assert.equal(m.durationAt(60_000), 70_000);
    assert.equal(m.statusLine(60_000, en), 'Ran for 1 min 10 s');
    // A problem (the platform went away) stops the clock: the job's time is not known to go on.
    m.apply(state(job(), { problem: { kind: 'failed', message: 'x' } }), 10_000);
    assert.equal(m.ticking, false);
  });

  it('a job not started says where it waits; one that never ran says so', () => {
    const m = new JobDetailsModel(restoreUiState(undefined));
    m.apply(state(job({ phase: 'Pending', startedAt: undefined, durationMs: undefined, queuePosition: 2 })), 0);
    assert.equal(m.statusLine(0, en), 'Queued, number 2 in line for its flavor');
    m.apply(state(job({ phase: 'Creating', startedAt: undefined, durationMs: undefined })), 0);
    assert.equal(m.statusLine(0, en), 'Not started yet');
    m.apply(state(job({ phase: 'Terminated', ended: true, startedAt: undefined, durationMs: undefined })), 0);
    assert.equal(m.statusLine(0, en), 'Never started');
  });

  it('history rows: what each step led to, with the wait before the start and the time it ran', () => {
    const m = new JobDetailsModel(restoreUiState(undefined));
    m.apply(
      state(
        job({
          phase: 'Failed',
          ended: true,
          history: [
            { step: 'created', phase: 'Creating', at: 1_000 },
            { step: 'started', phase: 'Running', at: 31_000 },
            { step: 'ended', phase: 'Failed', at: 96_000 },
          ],
        }),
      ),
      0,
    );
    assert.deepEqual(m.historyRows(en), [
      { step: 'created', label: 'Created', phase: 'Creating', at: 1_000 },
      { step: 'started', label: 'Started running', phase: 'Running', at: 31_000, note: 'after waiting 30 s' },
      { step: 'ended', label: 'Failed', phase: 'Failed', at: 96_000, note: 'after 1 min 5 s' },
    ]);
    m.apply(
      state(
        job({
          phase: 'Pending',
          history: [
            { step: 'created', phase: 'Creating', at: 1 },
            { step: 'now', phase: 'Pending' },
          ],
        }),
      ),
      0,
    );
    assert.equal(m.historyRows(zh)[1]?.label, '当前：等待中');
  });

  it('a restart reads as the run it begins, with why the one before ended, in both languages', () => {
    const m = new JobDetailsModel(restoreUiState(undefined));
    m.apply(
      state(
        job({
          phase: 'Running',
          history: [
            { step: 'created', phase: 'Creating', at: 1_000 },
            { step: 'started', phase: 'Running', at: 1_000 },
            { step: 'restarted', phase: 'Running', at: 50_000, run: 2, reason: 'exit with 127, worker-2' },
          ],
        }),
      ),
      0,
    );
    assert.deepEqual(m.historyRows(en)[2], {
      step: 'restarted',
      label: 'Restarted: run 2',
      phase: 'Running',
      at: 50_000,
      note: 'the run before ended: exit with 127, worker-2',
    });
    assert.equal(m.historyRows(zh)[2]?.label, '已重启：第 2 次运行');
  });

  it('the reason line: the platform’s reason, a non-zero exit code, nothing for a plain success', () => {
    const m = new JobDetailsModel(restoreUiState(undefined));
    m.apply(state(job({ phase: 'Failed', ended: true, reason: 'Exit code 3', exitCode: 3 })), 0);
    assert.equal(m.reason(en), 'Exit code 3');
    m.apply(state(job({ phase: 'Failed', ended: true, exitCode: 137 })), 0);
    assert.equal(m.reason(zh), '退出码 137');
    m.apply(state(job({ phase: 'Completed', ended: true, reason: 'Exit code 0', exitCode: 0 })), 0);
    assert.equal(m.reason(en), '');
  });

  it('actions: Stop only while the job can be stopped; Refresh not while a read is on its way; nothing before the first read', () => {
    const m = new JobDetailsModel(restoreUiState(undefined));
    const enabled = () =>
      m
        .actions()
        .filter((a) => a.enabled)
        .map((a) => a.action);
    assert.deepEqual(enabled(), []);
    m.apply(state(job()), 0);
    assert.deepEqual(enabled(), ['showLog', 'showMetrics', 'resubmit', 'stop', 'refresh']);
    m.apply(state(job({ phase: 'Terminating' }), { loading: true }), 0);
    assert.deepEqual(enabled(), ['showLog', 'showMetrics', 'resubmit']);
    m.apply(state(job({ phase: 'Completed', ended: true })), 0);
    assert.deepEqual(enabled(), ['showLog', 'showMetrics', 'resubmit', 'refresh']);
  });

  it('events: all, or warnings and errors only (kept across a reload); empty and capped lists say why', () => {
    const m = new JobDetailsModel(restoreUiState({ eventFilter: 'problems' }));
    m.apply(state(job()), 0);
    assert.deepEqual(
      m.visibleEvents().map((e) => e.level),
      ['Warning'],
    );
    m.setEventFilter('all');
    assert.equal(m.visibleEvents().length, 3);
    assert.deepEqual(restoreUiState(JSON.parse(JSON.stringify(m.ui))), { eventFilter: 'all' });
    assert.deepEqual(restoreUiState({ eventFilter: 'bogus' }), { eventFilter: 'all' });
    assert.equal(m.eventsNote(en), undefined);
    m.apply(state(job({ events: [], eventsTotal: 0 })), 0);
    assert.match(m.eventsNote(en) ?? '', /No events yet/);
    m.setEventFilter('problems');
    m.apply(state(job({ events: [{ level: 'Info', message: 'ok' }], eventsTotal: 1 })), 0);
    assert.equal(m.eventsNote(en), 'No warnings or errors: every event is information.');
    m.setEventFilter('all');
    m.apply(state(job({ events: [{ level: 'Info', message: 'ok' }], eventsTotal: 1200 })), 0);
    assert.equal(m.eventsNote(en), 'The newest 1 of 1,200 events.');
  });

  it('durations and phases in both languages; an unknown phase as the platform wrote it', () => {
    assert.equal(formatDuration(0, en), 'less than a second');
    assert.equal(formatDuration(42_400, en), '42 s');
    assert.equal(formatDuration(3_725_000, en), '1 h 2 min 5 s');
    assert.equal(formatDuration(3_725_000, zh), '1 小时 2 分 5 秒');
    assert.equal(phaseLabel('Terminated', en), 'Stopped');
    assert.equal(phaseLabel('Completed', zh), '已完成');
    assert.equal(phaseLabel('Hibernating', zh), 'Hibernating');
  });

  it('every message exists, non-empty, in English and Chinese, with the same placeholders', () => {
    assert.deepEqual([...supportedLocales].sort(), ['en', 'zh-cn']);
    const tables = messageTables as Record<string, Record<string, string>>;
    const enTable = tables.en ?? {};
    const zhTable = tables['zh-cn'] ?? {};
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(enTable)) {
      assert.ok(enTable[key]?.trim(), `en ${key}`);
      assert.ok(zhTable[key]?.trim(), `zh-cn ${key}`);
      assert.deepEqual(placeholders(zhTable[key] ?? ''), placeholders(enTable[key] ?? ''), key);
    }
    assert.deepEqual(Object.keys(zhTable).sort(), Object.keys(enTable).sort());
  });
});
