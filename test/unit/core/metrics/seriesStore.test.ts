import assert from 'node:assert/strict';
import { MAX_SEGMENTS } from '../../../../extension/core/metrics/axisOrder';
import { SeriesStore } from '../../../../extension/core/metrics/seriesStore';

function walkSteps(store: SeriesStore, run: string, tag: string, axis: 'step' | 'wall' = 'step'): number[] {
  const s = store.get(run, tag)!;
  const out: number[] = [];
  const w = s.order(axis).walk();
  for (let i = w.next(); i >= 0; i = w.next()) out.push(s.step(i));
  return out;
}

describe('core/metrics SeriesStore', () => {
  it('holds a million points in at most 20 MB, views, summary indexes and the smoothings kept included', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 1_000_000; i++) store.append('run', 'loss', i, 1_700_000_000 + i * 0.01, Math.sin(i));
    const s = store.get('run', 'loss')!;
    s.order('step');
    s.order('wall');
    s.rankIndex('step');
    s.rankIndex('wall');
    // A slider dragged over several weights on both axes: the last few smoothings are kept.
    for (const w of [0.1, 0.3, 0.6]) {
      s.smoothing('step', w);
      s.smoothing('relative', w);
    }
    assert.equal(store.pointCount, 1_000_000);
    assert.ok(store.bytes() <= 20_000_000, `${store.bytes()} bytes`);
    assert.ok(store.bytes() >= 16_000_000);
  });

  it('a restarted run (steps going back) still costs nothing per point for its sorted view', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 500_000; i++) store.append('run', 'loss', i, 1000 + i, i);
    for (let i = 250_000; i < 750_000; i++) store.append('run', 'loss', i, 2_000_000 + i, i);
    const s = store.get('run', 'loss')!;
    assert.equal(s.length, 1_000_000);
    assert.equal(s.order('step').segments, 2);
    s.smoothing('step', 0.6);
    assert.ok(store.bytes() <= 20_000_000, `${store.bytes()} bytes`);
  });

  it('keeps duplicates in arrival order; the sorted view puts the later copy after the earlier', () => {
    const store = new SeriesStore();
    for (const step of [0, 1, 2, 3, 1, 2, 3, 4]) store.append('r', 't', step, 100 + store.pointCount, step * 10 + store.pointCount);
    const s = store.get('r', 't')!;
    assert.deepEqual(
      Array.from({ length: s.length }, (_, i) => s.step(i)),
      [0, 1, 2, 3, 1, 2, 3, 4],
    );
    const w = s.order('step').walk();
    const values: number[] = [];
    for (let i = w.next(); i >= 0; i = w.next()) values.push(s.value(i));
    assert.deepEqual(values, [0, 11, 14, 22, 25, 33, 36, 47]);
    assert.deepEqual(walkSteps(store, 'r', 't', 'wall'), [0, 1, 2, 3, 1, 2, 3, 4], 'wall time order is arrival order here');
  });

  it('sorts badly shuffled points with a stable permutation', () => {
    const store = new SeriesStore();
    const steps = Array.from({ length: 500 }, (_, i) => (i * 7919) % 250);
    for (const st of steps) store.append('r', 't', st, 0, st);
    const order = store.get('r', 't')!.order('step');
    assert.ok(order.segments === 1 && steps.filter((s, i) => i > 0 && s < steps[i - 1]!).length + 1 > MAX_SEGMENTS);
    assert.deepEqual(
      walkSteps(store, 'r', 't'),
      [...steps].sort((a, b) => a - b),
    );
    assert.equal(order.rankBelow(100), 200);
    assert.equal(order.rankAtOrBelow(100), 202);
  });

  it('invalidates its views on append', () => {
    const store = new SeriesStore();
    store.append('r', 't', 5, 0, 1);
    assert.deepEqual(walkSteps(store, 'r', 't'), [5]);
    store.append('r', 't', 3, 1, 1);
    assert.deepEqual(walkSteps(store, 'r', 't'), [3, 5]);
  });

  it('stores wall time relative to the series origin; relative x counts from the run’s first point', () => {
    const store = new SeriesStore();
    store.append('r', 'late', 0, 1_700_000_100.5, 1);
    store.append('r', 'early', 0, 1_700_000_000.25, 1);
    const late = store.get('r', 'late')!;
    assert.equal(late.wallTime(0), 1_700_000_100.5);
    assert.equal(late.x('wall', 0), 1_700_000_100.5);
    assert.equal(late.x('relative', 0), 100.25);
    assert.equal(store.get('r', 'early')!.x('relative', 0), 0);
  });

  it('lists runs and tags, groups series by tag, and forgets a run', () => {
    const store = new SeriesStore();
    store.appendPoints('b', [
      { tag: 'loss', step: 0, wallTime: 0, value: 1 },
      { tag: 'acc', step: 0, wallTime: 0, value: 0.5 },
    ]);
    store.append('a', 'loss', 0, 0, 2);
    assert.deepEqual(store.runs(), ['a', 'b']);
    assert.deepEqual(store.tags(), ['acc', 'loss']);
    assert.deepEqual(store.tags('a'), ['loss']);
    assert.deepEqual(
      store.seriesOf('loss').map((s) => s.run),
      ['a', 'b'],
    );
    assert.equal(store.deleteRun('b'), true);
    assert.equal(store.pointCount, 1);
    assert.deepEqual(store.tags(), ['loss']);
  });
});
