import assert from 'node:assert/strict';
import { MAX_SMOOTHINGS, type Series, SeriesStore, type XAxis } from '../../../../extension/core/metrics/seriesStore';
import { buildView, type ChartView, type ViewRequest } from '../../../../extension/core/metrics/seriesView';
import { smooth } from '../../../../extension/core/metrics/smoothing';
import { referenceBuildView } from './referenceView';

/**
 * The indexed buildView against the pass over every point it replaced (referenceView.ts), over
 * random series, zooms, grids and weights: every slot must be the same bits. Each path is forced
 * in turn (index always, index never) as well as left to choose. Seeded, so a failure names a
 * case that replays.
 */

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Shape = 'inOrder' | 'duplicates' | 'restarts' | 'shuffled' | 'plateaus' | 'gaps' | 'constant' | 'single';
const SHAPES: Shape[] = ['inOrder', 'duplicates', 'restarts', 'shuffled', 'plateaus', 'gaps', 'constant', 'single'];

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45];

/** The next point of a series of some shape: steps and wall times, and a value, some of them special. */
class PointSource {
  private step = 0;
  private wall = 1_700_000_000;
  private readonly palette: number[];
  private plateau = 0;
  /** A restart every so often: a few over the series, so the order is a few sorted stretches. */
  private readonly restartChance: number;

  constructor(
    private readonly rand: () => number,
    readonly shape: Shape,
    private readonly specials: number,
    expectedPoints: number,
  ) {
    // Few distinct values make ties (equal minima and maxima) common.
    this.palette = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => Math.fround((rand() - 0.5) * 100));
    this.restartChance = (1 + rand() * 8) / expectedPoints;
  }

  next(): [number, number, number] {
    const r = this.rand;
    const shape = this.shape;
    if (shape === 'shuffled') this.step = Math.floor(r() * 5000);
    else if (shape === 'restarts' && r() < this.restartChance) this.step = Math.max(0, this.step - Math.floor(r() * 400));
    else if (shape === 'duplicates' && r() < 0.3) this.step += 0;
    else this.step += r() < 0.9 ? 1 : 1 + Math.floor(r() * 20);
    this.wall += r() < 0.01 ? -r() * 50 : r() < 0.1 ? 0 : r() * 3;
    let value: number;
    if (shape === 'constant') value = 2.5;
    // Mostly NaN: whole blocks, and columns, with a single finite value.
    else if (shape === 'gaps') value = r() < 0.99 ? NaN : this.palette[Math.floor(r() * this.palette.length)]!;
    else if (shape === 'plateaus') {
      // Long flat stretches: the average settles on the value, so smoothed values tie too.
      // A one-point excursion now and then, after which the average comes back to the same bits.
      if (r() < 0.005) this.plateau = Math.floor(r() * this.palette.length);
      const excursion = r() < 0.03 ? Math.floor(r() * this.palette.length) : this.plateau;
      value = r() < this.specials / 10 ? SPECIAL[Math.floor(r() * SPECIAL.length)]! : this.palette[excursion]!;
    } else if (r() < this.specials) value = SPECIAL[Math.floor(r() * SPECIAL.length)]!;
    else if (r() < 0.5) value = this.palette[Math.floor(r() * this.palette.length)]!;
    else value = Math.fround(Math.sin(this.step / 50) * 10 + r());
    return [this.step, this.wall, value];
  }
}

function randomRequest(rand: () => number, series: readonly Series[]): ViewRequest {
  const axis = (['step', 'step', 'relative', 'wall'] as XAxis[])[Math.floor(rand() * 4)]!;
  const columns = rand() < 0.1 ? 1 : 1 + Math.floor(rand() ** 2 * 400);
  const smoothing = [0, 0.6, 0.999, 1, NaN, 0.1, 0.25, rand(), rand()][Math.floor(rand() * 9)]!;
  const req: ViewRequest = { axis, columns, smoothing };
  const pick = rand();
  if (pick < 0.3) return req;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      lo = Math.min(lo, s.x(axis, i));
      hi = Math.max(hi, s.x(axis, i));
    }
  }
  if (!(lo <= hi)) return req;
  const at = (): number => lo + (hi - lo) * (rand() * 1.2 - 0.1);
  if (pick < 0.4) {
    // Onto one x value that some point has, or just beside it.
    const s = series[0]!;
    const x = s.length > 0 ? s.x(axis, Math.floor(rand() * s.length)) : lo;
    return { ...req, range: rand() < 0.7 ? [x, x] : [x - 0.25, x + 0.5] };
  }
  if (pick < 0.5) return { ...req, range: [hi + 10, hi + 20] };
  const a = at();
  const b = rand() < 0.5 ? at() : a + (hi - lo) * rand() * 0.05;
  return { ...req, range: rand() < 0.2 ? [b, a] : [a, b] };
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

function assertSameView(got: ChartView, want: ChartView, what: string): void {
  assert.ok(sameBits(got.x, want.x), `${what}: x`);
  assert.deepEqual(got.xExtent, want.xExtent, `${what}: xExtent`);
  assert.equal(got.runs.length, want.runs.length, `${what}: runs`);
  got.runs.forEach((r, i) => {
    const w = want.runs[i]!;
    assert.equal(r.run, w.run);
    assert.equal(r.total, w.total, `${what}: total of ${r.run}`);
    assert.equal(r.inRange, w.inRange, `${what}: inRange of ${r.run}`);
    for (const k of ['raw', 'smoothed'] as const) {
      if (sameBits(r[k], w[k])) continue;
      const at = r[k].findIndex((v, j) => !Object.is(v, w[k][j]));
      assert.fail(`${what}: ${k} of ${r.run} differs first at slot ${at}: ${r[k][at]} vs ${w[k][at]}`);
    }
  });
  assert.ok(
    got.yExtent === want.yExtent ||
      (got.yExtent !== undefined && want.yExtent !== undefined && got.yExtent.every((v, i) => Object.is(v, want.yExtent![i]))),
    `${what}: yExtent ${JSON.stringify(got.yExtent)} vs ${JSON.stringify(want.yExtent)}`,
  );
}

/** The new buildView on each path and by its own choice, each against the reference. */
function checkAllPaths(series: readonly Series[], req: ViewRequest, what: string): void {
  const want = referenceBuildView(series, req);
  assertSameView(buildView(series, req, { indexMinPointsPerColumn: 0 }), want, `${what} (index)`);
  assertSameView(buildView(series, req, { indexMinPointsPerColumn: Infinity }), want, `${what} (pass)`);
  assertSameView(buildView(series, req), want, `${what} (chosen)`);
}

function randomStore(rand: () => number, runs: number, maxPoints: number): { store: SeriesStore; sources: PointSource[] } {
  const store = new SeriesStore();
  const sources: PointSource[] = [];
  for (let k = 0; k < runs; k++) {
    const shape = SHAPES[Math.floor(rand() * SHAPES.length)]!;
    const n = shape === 'single' ? 1 : 1 + Math.floor(rand() ** 2 * maxPoints);
    const src = new PointSource(rand, shape, rand() < 0.3 ? 0 : rand() * 0.2, n);
    sources.push(src);
    for (let i = 0; i < n; i++) store.append(`run-${k}`, 'tag', ...src.next());
  }
  return { store, sources };
}

describe('core/metrics seriesView over the summary index (randomised, against the pass over every point)', () => {
  it('gives the same bits as the reference over random series, zooms, grids and weights', () => {
    // Which kinds of sorted order the views read over several blocks: all three must be met.
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 150; seed++) {
      const rand = rng(seed);
      const { store } = randomStore(rand, 1 + Math.floor(rand() * 3), 6000);
      const series = store.seriesOf('tag');
      for (let q = 0; q < 6; q++) {
        const req = randomRequest(rand, series);
        checkAllPaths(series, req, `seed ${seed} view ${q} ${JSON.stringify(req)} shapes ${series.map((s) => s.length)}`);
        for (const s of series) {
          const order = s.order(req.axis);
          if (s.length > 4 * 64) kinds.add(order.isArrivalOrder ? 'arrival' : order.segments > 1 ? 'stretches' : 'permutation');
        }
      }
    }
    assert.deepEqual([...kinds].sort(), ['arrival', 'permutation', 'stretches']);
  });

  it('stays exact on series deep enough for several pyramid levels, with many columns and few', () => {
    for (let seed = 1000; seed < 1010; seed++) {
      const rand = rng(seed);
      const n = 40_000 + Math.floor(rand() * 40_000);
      const src = new PointSource(rand, (['inOrder', 'duplicates', 'restarts', 'plateaus', 'gaps'] as Shape[])[seed % 5]!, 0.01, n);
      const store = new SeriesStore();
      for (let i = 0; i < n; i++) store.append('big', 'tag', ...src.next());
      const series = store.seriesOf('tag');
      for (const columns of [1, 3, 17, 100, 1000]) {
        for (const smoothing of [0, 0.2, 0.6, 0.95]) {
          checkAllPaths(series, { axis: 'step', columns, smoothing }, `seed ${seed} full ${columns} ${smoothing}`);
          const req = { ...randomRequest(rand, series), columns, smoothing };
          checkAllPaths(series, req, `seed ${seed} ${JSON.stringify(req)}`);
        }
      }
    }
  });

  it('stays exact as points are appended after views were built, in order and out of order', () => {
    for (let seed = 2000; seed < 2040; seed++) {
      const rand = rng(seed);
      const { store, sources } = randomStore(rand, 1 + Math.floor(rand() * 2), 3000);
      const series = store.seriesOf('tag');
      const reqs = [randomRequest(rand, series), randomRequest(rand, series), { axis: 'step' as const, columns: 7, smoothing: 0.6 }];
      for (let round = 0; round < 6; round++) {
        for (const req of reqs) checkAllPaths(series, req, `seed ${seed} round ${round} ${JSON.stringify(req)}`);
        series.forEach((s, k) => {
          const more = Math.floor(rand() * 300);
          for (let i = 0; i < more; i++) store.append(s.run, 'tag', ...sources[k]!.next());
          // Now and then a point from the past: a restarted run's step, lands in the middle.
          if (rand() < 0.15) store.append(s.run, 'tag', Math.floor(rand() * 50), 1_600_000_000, 1);
        });
      }
    }
  });

  it('seeks to any rank with the same smoothed bits as smoothing the whole order from the start', () => {
    for (let seed = 3000; seed < 3030; seed++) {
      const rand = rng(seed);
      const { store } = randomStore(rand, 1, 5000);
      const s = store.seriesOf('tag')[0]!;
      // smooth() leaves a constant series as it is; views never ask the index to smooth one.
      if (s.isConstant) continue;
      for (const axis of ['step', 'wall'] as const) {
        const w = [0.6, 0.9, 0.999, rand()][Math.floor(rand() * 4)]!;
        const inOrder: number[] = [];
        const walk = s.order(axis).walk();
        for (let i = walk.next(); i >= 0; i = walk.next()) inOrder.push(s.value(i));
        const full = smooth(inOrder, w);
        for (let q = 0; q < 20; q++) {
          const rank = Math.floor(rand() * s.length);
          const { walk: at, ema } = s.seekSmoothed(axis, w, rank);
          const got = ema.next(s.value(at.next()));
          assert.ok(Object.is(got, full[rank]), `seed ${seed} ${axis} w ${w} rank ${rank}: ${got} vs ${full[rank]}`);
        }
      }
    }
  });

  it('extends its indexes as points arrive at the end, and rebuilds them after one lands in the middle', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 10_000; i++) store.append('r', 't', i, 1000 + i, Math.sin(i));
    const s = store.get('r', 't')!;
    const ranks = s.rankIndex('step');
    const smoothing = s.smoothing('step', 0.6);
    for (let i = 10_000; i < 10_100; i++) store.append('r', 't', i, 1000 + i, Math.cos(i));
    assert.equal(s.rankIndex('step'), ranks, 'appended at the end: the same index, extended');
    assert.equal(s.smoothing('step', 0.6), smoothing);
    assert.equal(ranks.length, 10_100);
    store.append('r', 't', 5, 20_000, 0);
    assert.notEqual(s.rankIndex('step'), ranks, 'a step from the past: rebuilt');
    assert.notEqual(s.smoothing('step', 0.6), smoothing);
    assert.equal(s.rankIndex('wall').length, 10_101, 'its wall time still grew: that order kept its index');
  });

  it('keeps the smoothings of the last few weights only', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 100_000; i++) store.append('r', 't', i, 1000 + i, Math.sin(i));
    const s = store.get('r', 't')!;
    s.rankIndex('step');
    const one = s.bytes();
    s.smoothing('step', 0.1);
    const perSmoothing = s.bytes() - one;
    for (let k = 0; k < 10; k++) s.smoothing('step', 0.1 + k / 20);
    assert.equal(s.bytes() - one, perSmoothing * MAX_SMOOTHINGS);
    assert.ok(perSmoothing < 0.5 * 100_000, `${perSmoothing} bytes for a smoothing of 100,000 points`);
    const first = s.smoothing('step', 0.1 + 9 / 20);
    s.smoothing('step', 0.1);
    assert.equal(s.smoothing('step', 0.1 + 9 / 20), first, 'the most recently used survives a new one');
  });
});
