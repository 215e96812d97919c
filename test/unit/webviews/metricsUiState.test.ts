import assert from 'node:assert/strict';
import { placeholdersOf } from '../../../webviews/common/i18n';
import { messagesFor, messageTables, resolveLocale, supportedLocales } from '../../../webviews/metrics/i18n';
import { MetricsModel } from '../../../webviews/metrics/model';
import { defaultUiState, restoreUiState } from '../../../webviews/metrics/uiState';
import { state, viewFor } from './metricsFixtures';

describe('webviews/metrics: saved UI state and messages', () => {
  it('what the model set survives a JSON round trip through setState/getState', () => {
    const m = new MetricsModel(defaultUiState());
    m.applyState(state({ loss: { a: 5 }, acc: { a: 5 } }));
    const r = m.mount('loss', 300);
    assert.ok(r);
    m.settle('loss', r.params, viewFor(r.params));
    m.setXAxis('relative');
    m.zoom('acc', [1, 2]);
    m.zoom('loss', [3, 4]);
    m.setLogY(true);
    m.setIgnoreOutliers(true);
    m.setSmoothing(0.95);
    m.setFilter('loss');
    m.setCollapsed('prefix:train', true);
    m.setRunsHidden(['b'], true);
    m.setSummaryTag('acc');
    m.setBest('max');
    m.sortBy('hp:lr');
    m.setScrollTop(1234.4);
    const restored = restoreUiState(JSON.parse(JSON.stringify(m.ui)));
    assert.deepEqual(restored, { ...m.ui });
    assert.equal(restored.scrollTop, 1234);
    assert.deepEqual(restored.zoom, { acc: [1, 2], loss: [3, 4] });
  });

  it('a missing, foreign or malformed state falls back field by field, never throws', () => {
    assert.deepEqual(restoreUiState(undefined), defaultUiState());
    assert.deepEqual(restoreUiState('junk'), defaultUiState());
    assert.deepEqual(restoreUiState({ version: 2, logY: true }), defaultUiState());
    const partial = restoreUiState({
      version: 1,
      xAxis: 'nope',
      logY: 'yes',
      smoothing: 7,
      zoom: { a: [2, 1], b: [0, 1], c: 'x' },
      hiddenRuns: ['r', 3],
      sort: { key: 'last' },
      scrollTop: -5,
    });
    assert.equal(partial.xAxis, 'step');
    assert.equal(partial.logY, false);
    assert.equal(partial.smoothing, 0.999);
    assert.deepEqual(partial.zoom, { b: [0, 1] });
    assert.deepEqual(partial.hiddenRuns, ['r']);
    assert.deepEqual(partial.sort, defaultUiState().sort);
    assert.equal(partial.scrollTop, 0);
  });

  it('every message exists, non-empty, in English and Chinese, with the same placeholders', () => {
    assert.deepEqual(supportedLocales.sort(), ['en', 'zh-cn']);
    const en = messageTables.en;
    const zh = messageTables['zh-cn'];
    assert.ok(en && zh);
    const placeholders = placeholdersOf;
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      assert.ok(en[key].trim(), `en ${key}`);
      assert.ok(zh[key].trim(), `zh-cn ${key}`);
      assert.deepEqual(placeholders(zh[key]), placeholders(en[key]), key);
    }
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  });

  it('picks the table from the locale core/ready answers, and formats counts in messages', () => {
    assert.equal(resolveLocale('zh-CN'), 'zh-cn');
    assert.equal(resolveLocale('zh-Hans'), 'zh-cn');
    assert.equal(resolveLocale('zh-tw'), 'en');
    assert.equal(resolveLocale('de'), 'en');
    assert.equal(messagesFor('en').t('note.bucketed', { points: 1_000_000, perPx: '488' }), '1,000,000 points · 1 px = 488 points');
    assert.equal(messagesFor('zh-cn').t('loading.files', { read: 3, total: 12, points: 40_000 }), '正在读取第 3 / 12 个文件 · 40,000 个点');
  });
});
