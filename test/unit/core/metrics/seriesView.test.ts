import assert from 'node:assert/strict';
import { SeriesStore } from '../../../../extension/core/metrics/seriesStore';
import { buildView, summary, valueAt } from '../../../../extension/core/metrics/seriesView';
import { smooth } from '../../../../extension/core/metrics/smoothing';

const finite = (a: Float64Array): number[] => [...a].filter((v) => !Number.isNaN(v));

function storeOf(values: readonly number[], run = 'r', tag = 't', steps?: readonly number[]): SeriesStore {
  const store = new SeriesStore();
  values.forEach((v, i) => store.append(run, tag, steps?.[i] ?? i, 1000 + i, v));
  return store;
}

describe('core/metrics seriesView', () => {
  it('each column keeps its minimum and maximum, in the order they occur', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.fround(Math.sin(i / 10) * (i % 7)));
    const store = storeOf(values);
    const view = buildView(store.seriesOf('t'), { axis: 'step', columns: 10, smoothing: 0 });
    const raw = view.runs[0]!.raw;
    // The range is [0, 999]: column c covers steps [99.9c, 99.9(c+1)).
    for (let c = 0; c < 10; c++) {
      const inCol = values.filter((_, i) => Math.min(9, Math.floor(i / 99.9)) === c);
      const lo = Math.min(...inCol);
      const hi = Math.max(...inCol);
      const first = inCol.indexOf(lo) <= inCol.lastIndexOf(hi) ? lo : hi;
      assert.deepEqual([raw[2 * c], raw[2 * c + 1]], [first, first === lo ? hi : lo], `column ${c}`);
    }
    assert.equal(view.runs[0]!.inRange, 1000);
    assert.deepEqual(view.xExtent, [0, 999]);
    assert.deepEqual(view.yExtent, [Math.min(...values), Math.max(...values)]);
    for (let i = 1; i < view.x.length; i++) assert.ok(view.x[i]! > view.x[i - 1]!);
  });

  it('a one-point spike survives at one column', () => {
    const values = new Array<number>(100_000).fill(0);
    values[61_234] = 100;
    const view = buildView(storeOf(values).seriesOf('t'), { axis: 'step', columns: 1, smoothing: 0.9 });
    assert.deepEqual([...view.runs[0]!.raw], [0, 100]);
    assert.equal(view.runs[0]!.inRange, 100_000);
  });

  it('zooming re-buckets the points in range; sparse points each take their own slot', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i % 10);
    const store = storeOf(values);
    const zoom = buildView(store.seriesOf('t'), { axis: 'step', range: [5000, 5020], columns: 100, smoothing: 0 });
    const run = zoom.runs[0]!;
    assert.equal(run.inRange, 21);
    assert.equal(run.total, 10_000);
    assert.deepEqual(finite(run.raw), values.slice(5000, 5021));
    // Each value sits in the slot nearest its step: x of its slot within a quarter column.
    const width = 20 / 100;
    for (let k = 0; k < run.raw.length; k++)
      if (!Number.isNaN(run.raw[k])) assert.ok(Math.abs(zoom.x[k]! - Math.round(zoom.x[k]!)) <= width / 4 + 1e-9);
    const wide = buildView(store.seriesOf('t'), { axis: 'step', range: [0, 9999], columns: 100, smoothing: 0 });
    assert.equal(finite(wide.runs[0]!.raw).length, 200);
  });

  it('two points in one column keep both slots, in order, even in the same half', () => {
    const store = new SeriesStore();
    store.append('r', 't', 0, 0, 5);
    store.append('r', 't', 1, 0, 3);
    store.append('r', 't', 100, 0, 1);
    const view = buildView(store.seriesOf('t'), { axis: 'step', columns: 10, smoothing: 0 });
    assert.deepEqual([view.runs[0]!.raw[0], view.runs[0]!.raw[1]], [5, 3]);
    assert.ok(Number.isNaN(view.runs[0]!.raw[18]!));
    assert.equal(view.runs[0]!.raw[19], 1, 'the last point is in the second half of the last column');
  });

  it('smooths the full-resolution series first, then buckets it; a zoom gives the same smoothed values', () => {
    const values = Array.from({ length: 3000 }, (_, i) => Math.fround(Math.cos(i) + i / 1000));
    const store = storeOf(values);
    const full = smooth(values, 0.8);
    const all = buildView(store.seriesOf('t'), { axis: 'step', columns: 3000, smoothing: 0.8 });
    assert.deepEqual(finite(all.runs[0]!.smoothed), [...full]);
    const zoom = buildView(store.seriesOf('t'), { axis: 'step', range: [2100, 2200], columns: 200, smoothing: 0.8 });
    assert.deepEqual(finite(zoom.runs[0]!.smoothed), [...full.subarray(2100, 2201)]);
    const none = buildView(store.seriesOf('t'), { axis: 'step', columns: 3000, smoothing: 0 });
    assert.deepEqual(finite(none.runs[0]!.smoothed), finite(none.runs[0]!.raw));
  });

  it('puts several runs on one grid over the union of their ranges; an empty range is all gaps', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 10; i++) store.append('a', 'loss', i, 100 + i, 1);
    for (let i = 50; i < 60; i++) store.append('b', 'loss', i, 500 + i, 2);
    const view = buildView(store.seriesOf('loss'), { axis: 'step', columns: 59, smoothing: 0.6 });
    assert.deepEqual(view.xExtent, [0, 59]);
    assert.deepEqual(
      view.runs.map((r) => [r.run, r.inRange, finite(r.raw).length]),
      [
        ['a', 10, 10],
        ['b', 10, 10],
      ],
    );
    const empty = buildView(store.seriesOf('loss'), { axis: 'step', range: [20, 30], columns: 5, smoothing: 0 });
    assert.deepEqual(
      empty.runs.map((r) => r.inRange),
      [0, 0],
    );
    assert.equal(empty.yExtent, undefined);
    const rel = buildView(store.seriesOf('loss'), { axis: 'relative', columns: 20, smoothing: 0 });
    assert.deepEqual(rel.xExtent, [0, 9], 'each run counts from its own first point');
    const wall = buildView(store.seriesOf('loss'), { axis: 'wall', columns: 20, smoothing: 0 });
    assert.deepEqual(wall.xExtent, [100, 559]);
  });

  it('a restarted run is bucketed in step order with both copies of its repeated steps', () => {
    const steps = [...Array.from({ length: 100 }, (_, i) => i), ...Array.from({ length: 110 }, (_, i) => 90 + i)];
    const values = steps.map((s, i) => (i < 100 ? 1 : 2) * (s + 1));
    const store = storeOf(values, 'r', 't', steps);
    const view = buildView(store.seriesOf('t'), { axis: 'step', range: [90, 99], columns: 10, smoothing: 0 });
    assert.equal(view.runs[0]!.inRange, 20);
    for (let c = 0; c < 10; c++) assert.deepEqual([view.runs[0]!.raw[2 * c], view.runs[0]!.raw[2 * c + 1]], [91 + c, 2 * (91 + c)]);
  });

  it('valueAt finds the exact nearest point, the later of duplicates, with its smoothed value', () => {
    const steps = [0, 10, 20, 30, 20, 30, 40];
    const values = [1, 2, 3, 4, 5, 6, 7];
    const store = storeOf(values, 'r', 't', steps);
    const s = store.get('r', 't')!;
    assert.deepEqual(valueAt(s, 'step', 11, 0), { index: 1, step: 10, wallTime: 1001, x: 10, value: 2, smoothed: 2 });
    assert.equal(valueAt(s, 'step', 19, 0)?.index, 4, 'step 20 arrived twice: the later copy');
    assert.equal(valueAt(s, 'step', 1e9, 0)?.step, 40);
    assert.equal(valueAt(s, 'step', -5, 0)?.step, 0);
    const sorted = [1, 2, 3, 5, 4, 6, 7]; // values in step order, ties by arrival
    const sm = smooth(sorted, 0.6);
    assert.equal(valueAt(s, 'step', 20, 0.6)?.smoothed, sm[3]);
    assert.equal(valueAt(s, 'step', 40, 0.6)?.smoothed, sm[6]);
    assert.equal(valueAt(s, 'wall', 1003.4, 0)?.value, 4);
    assert.equal(valueAt(new SeriesStore().series('x', 'y'), 'step', 0, 0), undefined);
  });

  it('summary gives points, last value and step, value range and step range', () => {
    const store = storeOf([3, NaN, -1, 8, 2], 'r', 't', [0, 1, 2, 3, 1]);
    assert.deepEqual(summary(store.get('r', 't')!), {
      points: 5,
      last: 2,
      lastStep: 1,
      lastWallTime: 1004,
      firstStep: 0,
      maxStep: 3,
      min: -1,
      max: 8,
    });
  });
});
