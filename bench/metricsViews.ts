/**
 * What a chart view costs the extension host: buildView (extension/core/metrics/seriesView.ts)
 * beside the pass over every point in range it replaced (test/unit/core/metrics/referenceView.ts,
 * the old algorithm kept verbatim), on the same store, each answer checked equal to the other's.
 * Rows are medians of several views, old and new interleaved so both see the same machine load:
 *   - 1 run × 1,000,000 points, full range and zoomed, smoothing off and 0.6, step and wall axes;
 *   - the first view of a series, when the new one builds its summary index;
 *   - a live job: 100 points appended at the end, then the full range viewed again;
 *   - Compare Runs: 100 runs × 10,000 points on one chart.
 * And the store's bytes per million points: its columns alone, then with what views built.
 * With smoothing, "old" here seeks from the new store's checkpoints, which are kept across
 * appends; the old store rebuilt its own after every append (a pass over the series, not counted).
 * Usage: npx tsx bench/metricsViews.ts [--points 1000000] [--columns 1000] [--repeat 9]
 */
import { type Series, SeriesStore } from '../extension/core/metrics/seriesStore';
import { buildView, type ChartView, type ViewRequest } from '../extension/core/metrics/seriesView';
import { referenceBuildView } from '../test/unit/core/metrics/referenceView';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const points = Number(arg('points') ?? 1_000_000);
const columns = Number(arg('columns') ?? 1000);
const repeat = Number(arg('repeat') ?? 9);

type Build = (series: readonly Series[], req: ViewRequest) => ChartView;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} ms`.padStart(9);

function timed(build: Build, series: readonly Series[], req: ViewRequest): number {
  const t = performance.now();
  build(series, req);
  return performance.now() - t;
}

/** Fails loudly when the two answers differ anywhere: a figure for a wrong answer means nothing. */
function assertSame(a: ChartView, b: ChartView, what: string): void {
  const same = (x: Float64Array, y: Float64Array): boolean => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  const ok =
    same(a.x, b.x) &&
    a.runs.length === b.runs.length &&
    a.runs.every((r, i) => same(r.raw, b.runs[i]!.raw) && same(r.smoothed, b.runs[i]!.smoothed) && r.inRange === b.runs[i]!.inRange) &&
    JSON.stringify(a.yExtent) === JSON.stringify(b.yExtent);
  if (!ok) throw new Error(`${what}: buildView and the reference disagree`);
}

function row(title: string, old: number[], now: number[]): void {
  const o = median(old);
  const n = median(now);
  console.log(`  ${title.padEnd(56)} old ${ms(o)}   new ${ms(n)}   ×${(o / n).toFixed(1)}`);
}

function compare(title: string, series: readonly Series[], req: ViewRequest): void {
  // Warm-up: both compiled, and the index built, before the clock runs.
  assertSame(referenceBuildView(series, req), buildView(series, req), title);
  const old: number[] = [];
  const now: number[] = [];
  // Short views are repeated for longer: the medians of sub-millisecond rows need more samples.
  const start = performance.now();
  for (let i = 0; i < repeat || (i < 200 && performance.now() - start < 500); i++) {
    old.push(timed(referenceBuildView, series, req));
    now.push(timed(buildView, series, req));
  }
  row(title, old, now);
}

/** A loss-like curve with noise, as Float32 (what the store keeps). */
const wave = (i: number): number => Math.fround(Math.exp(-i / 200_000) + 0.05 * Math.sin(i / 37) + ((i * 2654435761) % 1000) / 20_000);

function fill(store: SeriesStore, run: string, from: number, to: number, seed = 0): void {
  for (let i = from; i < to; i++) store.append(run, 'loss', i, 1_700_000_000 + i * 0.01, wave(i + seed));
}

const perMillion = (bytes: number, n: number): string => `${(bytes / n).toFixed(2)} MB`;

function oneRun(): void {
  console.log(`\n== 1 run × ${points.toLocaleString('en-US')} points, ${columns} columns`);
  const store = new SeriesStore();
  fill(store, 'run', 0, points);
  const series = store.seriesOf('loss');
  const columnsOnly = store.bytes();
  const mid = Math.floor(points / 2);
  for (const smoothing of [0, 0.6]) {
    compare(`full range, smoothing ${smoothing}`, series, { axis: 'step', columns, smoothing });
    for (const share of [0.1, 0.01, 0.001]) {
      const range: [number, number] = [mid, mid + points * share];
      compare(`zoom to ${share * 100}% of the steps, smoothing ${smoothing}`, series, { axis: 'step', range, columns, smoothing });
    }
  }
  const stepBytes = store.bytes();
  compare('wall-time axis, full range, smoothing 0.6', series, { axis: 'wall', columns, smoothing: 0.6 });
  console.log(
    `  store per million points: columns alone ${perMillion(columnsOnly, points)}; with the step order's index and smoothing 0.6 ` +
      `${perMillion(stepBytes, points)}; and the wall order's too ${perMillion(store.bytes(), points)}`,
  );
  firstView();
  live(store);
}

/** Fresh series each time: the new buildView builds its index on this view. */
function firstView(): void {
  for (const smoothing of [0, 0.6]) {
    const old: number[] = [];
    const now: number[] = [];
    const req: ViewRequest = { axis: 'step', columns, smoothing };
    for (let i = 0; i < Math.min(repeat, 5); i++) {
      const store = new SeriesStore();
      fill(store, 'a', 0, points);
      fill(store, 'b', 0, points);
      old.push(timed(referenceBuildView, store.seriesOf('loss', ['a']), req));
      now.push(timed(buildView, store.seriesOf('loss', ['b']), req));
    }
    row(`first view of a series (index built), smoothing ${smoothing}`, old, now);
  }
}

function live(store: SeriesStore): void {
  const series = store.seriesOf('loss');
  for (const smoothing of [0, 0.6]) {
    const req: ViewRequest = { axis: 'step', columns, smoothing };
    const old: number[] = [];
    const now: number[] = [];
    for (let i = 0; i < repeat; i++) {
      fill(store, 'run', series[0]!.length, series[0]!.length + 100);
      old.push(timed(referenceBuildView, series, req));
      fill(store, 'run', series[0]!.length, series[0]!.length + 100);
      now.push(timed(buildView, series, req));
    }
    assertSame(referenceBuildView(series, req), buildView(series, req), 'live');
    row(`live: 100 points appended, then the full range, smoothing ${smoothing}`, old, now);
  }
}

function compareRuns(): void {
  const runs = 100;
  const each = 10_000;
  const cols = 600;
  console.log(`\n== Compare Runs: ${runs} runs × ${each.toLocaleString('en-US')} points on one chart, ${cols} columns`);
  const store = new SeriesStore();
  for (let r = 0; r < runs; r++) fill(store, `run-${r}`, 0, each, r * 7919);
  const series = store.seriesOf('loss');
  const columnsOnly = store.bytes();
  for (const smoothing of [0, 0.6]) {
    compare(`full range, smoothing ${smoothing}`, series, { axis: 'step', columns: cols, smoothing });
    compare(`zoom to 10% of the steps, smoothing ${smoothing}`, series, { axis: 'step', range: [5000, 6000], columns: cols, smoothing });
  }
  console.log(
    `  store per million points: columns alone ${perMillion(columnsOnly, runs * each)}, with what the views built ${perMillion(store.bytes(), runs * each)}`,
  );
}

oneRun();
compareRuns();
