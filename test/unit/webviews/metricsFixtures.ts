import type { MetricsStateParams, RunInfo, SeriesView, SeriesViewParams } from '../../../webviews/protocol/metrics';

/** A run as the host describes it. */
export function run(id: string, color: number, extra: Partial<RunInfo> = {}): RunInfo {
  return { id, name: `name-${id}`, color, live: false, hyperParameters: {}, ...extra };
}

/** A state with `points` as tag → run → count. */
export function state(points: Record<string, Record<string, number>>, runs: RunInfo[] = [run('a', 0), run('b', 1)]): MetricsStateParams {
  return {
    title: 't',
    runs,
    tags: Object.entries(points).map(([tag, p]) => ({ tag, points: p })),
    warnings: [],
  };
}

/** A host answer for `params` whose data spans x 0..`end`, with `inRange` points per run. */
export function viewFor(params: SeriesViewParams, end = 100, inRange = 10): SeriesView {
  const n = 4;
  const x = Float64Array.from({ length: n }, (_, i) => (end * i) / (n - 1));
  return {
    tag: params.tag,
    x,
    runs: params.runs.map((r) => ({
      run: r,
      total: inRange,
      inRange,
      raw: new Float64Array(n).fill(1),
      smoothed: new Float64Array(n).fill(1),
    })),
    xExtent: [0, end],
    yExtent: [1, 1],
  };
}
