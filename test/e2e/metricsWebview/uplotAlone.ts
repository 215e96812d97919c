/**
 * The bench's reference: uPlot by itself drawing the same bucketed data the panel draws (same
 * scenario, columns and smoothing; raw and smoothed series per run), in the same Chromium, so
 * the panel's overhead over the library it wraps can be read off side by side.
 */
import uPlot from 'uplot';
import type { ScenarioName } from './harness';
import { buildScenario } from './scenarios';
import { seriesView } from './synthetic';

interface AloneGlobals {
  readonly location: { readonly search: string };
  readonly document: { createElement(tag: 'div'): unknown; readonly body: { append(el: unknown): void } };
  uplotAlone?: { run(): Promise<{ bucketMs: number; drawMs: number }> };
}

const page = globalThis as unknown as AloneGlobals;
const q = new URLSearchParams(page.location.search);
const scenario = (q.get('scenario') ?? 'bench-1m') as ScenarioName;
const columns = Number(q.get('columns') ?? '1000');
const width = Number(q.get('width') ?? '400');
const smoothing = Number(q.get('smoothing') ?? '0.6');

page.uplotAlone = {
  run: async () => {
    const data = buildScenario(scenario);
    const t0 = performance.now();
    const views = [...data.series].map(([tag, byRun]) =>
      seriesView({ tag, runs: data.runs.map((r) => r.id), xAxis: 'step', columns, smoothing }, byRun),
    );
    const t1 = performance.now();
    const drawn: Promise<void>[] = [];
    for (const view of views) {
      const toNull = (a: Float64Array) => Array.from(a, (v) => (v !== v ? null : v));
      const columnsData = [view.x, ...view.runs.map((r) => toNull(r.raw)), ...view.runs.map((r) => toNull(r.smoothed))];
      const series: uPlot.Series[] = [{}, ...view.runs.map(() => ({ stroke: '#3794ff', alpha: 0.25, spanGaps: true }))];
      series.push(...view.runs.map(() => ({ stroke: '#3794ff', width: 1.5, spanGaps: true })));
      const el = page.document.createElement('div');
      page.document.body.append(el);
      drawn.push(
        new Promise<void>((resolve) => {
          new uPlot(
            { width, height: 226, legend: { show: false }, series, hooks: { draw: [() => resolve()] } },
            columnsData as unknown as uPlot.AlignedData,
            el as ConstructorParameters<typeof uPlot>[2],
          );
        }),
      );
    }
    await Promise.all(drawn);
    return { bucketMs: t1 - t0, drawMs: performance.now() - t1 };
  },
};
