import assert from 'node:assert/strict';
import { chartNote, outlierRange, toAligned, zoomForKey } from '../../../webviews/metrics/chartData';
import {
  bestDirection,
  bestValue,
  compareParameter,
  defaultSummaryTag,
  formatDuration,
  formatValue,
  parameterNames,
  percentileRange,
  pointsPerPixel,
  snapLogRange,
  sortRows,
  type RunRow,
} from '../../../webviews/metrics/stats';
import { chartTitle, compileFilter, groupTags } from '../../../webviews/metrics/tags';
import { run } from './metricsFixtures';

describe('webviews/metrics: tags, stats and chart data', () => {
  it('groups: general first, prefixes alphabetically (numeric-aware), resource usage last', () => {
    const groups = groupTags(['train/loss', 'resources/gpuUtil', 'zeta', 'eval/acc', 'train/layer10', 'train/layer2', 'alpha', '/odd']);
    assert.deepEqual(
      groups.map((g) => [g.key, g.tags]),
      [
        ['general', ['/odd', 'alpha', 'zeta']],
        ['prefix:eval', ['eval/acc']],
        ['prefix:train', ['train/layer2', 'train/layer10', 'train/loss']],
        ['resources', ['resources/gpuUtil']],
      ],
    );
    assert.equal(chartTitle('resources/worker-0/cpuUsage'), 'worker-0/cpuUsage');
  });

  it('the filter is a case-insensitive regex; an invalid one says why and matches everything', () => {
    assert.equal(compileFilter('^train/').matches('train/loss'), true);
    assert.equal(compileFilter('LOSS').matches('eval/loss'), true);
    const bad = compileFilter('loss|(');
    assert.equal(bad.error, 'Unterminated group');
    assert.equal(bad.matches('anything'), true);
    assert.equal(compileFilter('   ').error, undefined);
  });

  it('outlier range: 2nd–98th percentile of what is in view, padded, ignoring gaps', () => {
    const values: (number | null)[] = Array.from({ length: 1000 }, (_, i) => i / 1000);
    values[10] = 1e9; // a spike
    values[20] = null;
    const r = percentileRange([values]);
    assert.ok(r);
    assert.ok(r[1] < 2, `the spike is ignored: ${r[1]}`);
    assert.ok(r[0] < 0.02 && r[0] > -0.1);
    assert.equal(percentileRange([[null, NaN]]), undefined);
    const flat = percentileRange([[5, 5, 5]]);
    assert.deepEqual(flat, [4.5, 5.5]);
    assert.deepEqual(snapLogRange([0.13, 1.03]), [0.1, 2]);
    assert.deepEqual(snapLogRange([20.5, 85]), [20, 100]);
    assert.deepEqual(snapLogRange([3, 5]), [2, 5]);
    const log = percentileRange([[-1, 0, 1, 10, 100]], 0, 1, true);
    assert.ok(log && log[0] > 0 && log[0] < 1 && log[1] > 100, 'log scale keeps positives only');
  });

  it('best is the minimum for losses and errors, else the maximum, unless chosen', () => {
    for (const t of ['loss', 'train/loss', 'val_error', 'eval/wer', 'perplexity', 'mse']) assert.equal(bestDirection(t), 'min', t);
    for (const t of ['accuracy', 'eval/f1', 'bleu', 'reward']) assert.equal(bestDirection(t), 'max', t);
    assert.equal(bestDirection('loss', 'max'), 'max');
    assert.equal(bestValue({ run: 'a', min: 1, max: 3, points: 2 }, 'min'), 1);
    assert.equal(bestValue(undefined, 'max'), undefined);
    assert.equal(defaultSummaryTag(['resources/cpuUsage', 'acc', 'train/loss']), 'train/loss');
    assert.equal(defaultSummaryTag(['resources/cpuUsage', 'acc']), 'acc');
  });

  it('sorts rows by hyper-parameter as numbers, missing values last in both directions', () => {
    const rows: RunRow[] = [
      { run: run('a', 0, { hyperParameters: { lr: '1e-3' } }), status: '', last: 0.5, best: 0.1 },
      { run: run('b', 1, { hyperParameters: { lr: '0.01' } }), status: '', last: undefined, best: 0.3 },
      { run: run('c', 2, { hyperParameters: {} }), status: '', last: 0.2, best: 0.2 },
    ];
    const ids = (key: string, desc: boolean) => sortRows(rows, key, desc).map((r) => r.run.id);
    assert.deepEqual(ids('hp:lr', false), ['a', 'b', 'c']);
    assert.deepEqual(ids('hp:lr', true), ['b', 'a', 'c']);
    assert.deepEqual(ids('last', false), ['c', 'a', 'b']);
    assert.deepEqual(ids('last', true), ['a', 'c', 'b']);
    assert.deepEqual(ids('best', true), ['b', 'c', 'a']);
    assert.ok(compareParameter('2', '10') < 0);
    assert.ok(compareParameter('adam', 'sgd') < 0);
    assert.deepEqual(parameterNames(rows.map((r) => r.run)), ['lr']);
  });

  it('formats values, durations and points per pixel for people', () => {
    assert.equal(formatValue(0.123456789), '0.12346');
    assert.equal(formatValue(1234567), '1.235e+6');
    assert.equal(formatValue(0.00001234), '1.234e-5');
    assert.equal(formatValue(undefined), '–');
    assert.equal(formatValue(0), '0');
    assert.equal(formatDuration(5.5), '5.5s');
    assert.equal(formatDuration(125), '2m 05s');
    assert.equal(formatDuration(3723), '1h 02m 03s');
    assert.equal(formatDuration(10800), '3h');
    assert.equal(formatDuration(9000), '2h 30m');
    assert.equal(formatDuration(90061), '1d 01h 01m');
    assert.equal(pointsPerPixel(1_000_000, 2048), 488);
    assert.equal(pointsPerPixel(5000, 2000), 2.5);
  });

  it('aligned data: x, every raw series, every smoothed series; NaN and (on log) values ≤ 0 become null', () => {
    const view = {
      tag: 't',
      x: Float64Array.from([0, 1, 2]),
      runs: [{ run: 'a', total: 3, inRange: 3, raw: Float64Array.from([1, NaN, -1]), smoothed: Float64Array.from([1, 1, 1]) }],
      xExtent: [0, 2] as const,
      yExtent: [-1, 1] as const,
    };
    assert.deepEqual(toAligned(view, ['a', 'missing'], false).slice(1), [
      [1, null, -1],
      [null, null, null],
      [1, 1, 1],
      [null, null, null],
    ]);
    assert.deepEqual(toAligned(view, ['a'], true)[1], [1, null, null]);
    const cols = toAligned(view, ['a'], false);
    assert.ok(outlierRange(cols, 1, false, false), 'smoothed only when raw is hidden');
  });

  it('the note says how many points and how many per pixel, zoomed or not', () => {
    const sent = { tag: 't', runs: ['a'], xAxis: 'step' as const, columns: 2048, smoothing: 0 };
    // `filled` slots hold a value; the rest are NaN (no point of the run in that column).
    const view = (inRange: number, total: number, filled = 4096) => {
      const raw = new Float64Array(4096).fill(NaN).fill(1, 0, filled);
      return {
        tag: 't',
        x: new Float64Array(4096),
        runs: [{ run: 'a', total, inRange, raw, smoothed: raw }],
        xExtent: undefined,
        yExtent: undefined,
      };
    };
    assert.deepEqual(chartNote(view(1_000_000, 1_000_000), sent, 1_000_000), {
      key: 'note.bucketed',
      vars: { points: 1_000_000, perPx: '488' },
      bucketed: true,
    });
    assert.equal(chartNote(view(900, 900, 900), sent, 900).key, 'note.all', 'each point in its own slot');
    assert.equal(chartNote(view(900, 900, 600), sent, 900).key, 'note.bucketed', 'fewer slots filled than points: merged');
    const zoomed = chartNote(view(12_000, 1_000_000), { ...sent, range: [0, 1] }, 1_000_500);
    assert.deepEqual(zoomed, { key: 'note.zoomedBucketed', vars: { inRange: 12_000, total: 1_000_500, perPx: '5.9' }, bucketed: true });
  });

  it('keys zoom like a drag: + halves around the middle, − doubles (and resets at full), arrows pan inside the data, 0 resets', () => {
    const full = [0, 100] as const;
    assert.deepEqual(zoomForKey('+', undefined, full), { range: [25, 75] });
    assert.deepEqual(zoomForKey('-', [40, 60], full), { range: [30, 70] });
    assert.equal(zoomForKey('-', [20, 80], full), 'reset');
    assert.equal(zoomForKey('-', undefined, full), undefined);
    assert.deepEqual(zoomForKey('ArrowRight', [80, 100], full), { range: [80, 100] }, 'stays inside the data');
    assert.deepEqual(zoomForKey('ArrowLeft', [40, 60], full), { range: [35, 55] });
    assert.equal(zoomForKey('ArrowLeft', undefined, full), undefined);
    assert.equal(zoomForKey('0', [1, 2], full), 'reset');
    assert.equal(zoomForKey('x', [1, 2], full), undefined);
  });
});
