/**
 * The test page's data sets. `demo` is a small sweep as a person would see it: four runs (one
 * live, one failed) with hyper-parameters, tags in groups (general, eval, train, 30 weight
 * norms far down the page, resource usage last), and one series of 1,000,000 points. The
 * bench ones are 4 tags × 1,000,000 points, and 100 runs × 4 tags × 10,000 points.
 */
import type { Loading, RunInfo } from '../../../webviews/protocol/metrics';
import type { ScenarioName } from './harness';
import { makeSeries, random, type Series, type Shape } from './synthetic';

export interface ScenarioData {
  title: string;
  runs: RunInfo[];
  /** tag → run → series. */
  series: Map<string, Map<string, Series>>;
  loading: Loading | undefined;
  warnings: string[];
}

/** The tag whose run-a series has a million points. */
export const bigTag = 'loss';

function run(id: string, name: string, color: number, hyperParameters: Record<string, string>, extra: Partial<RunInfo> = {}): RunInfo {
  return { id, name, color, live: false, hyperParameters, ...extra };
}

function put(series: ScenarioData['series'], tag: string, runId: string, s: Series): void {
  let byRun = series.get(tag);
  if (!byRun) series.set(tag, (byRun = new Map()));
  byRun.set(runId, s);
}

function demo(): ScenarioData {
  const runs = [
    run(
      'run-a',
      'resnet50-lr1e-3',
      0,
      { lr: '1e-3', batch_size: '64', optimizer: 'adam' },
      { outcome: { phase: 'Completed', reason: '' } },
    ),
    run('run-b', 'resnet50-lr3e-4', 1, { lr: '3e-4', batch_size: '128', optimizer: 'adam' }, { live: true }),
    run(
      'run-c',
      'resnet50-sgd',
      2,
      { lr: '0.1', batch_size: '256', optimizer: 'sgd', momentum: '0.9' },
      {
        outcome: { phase: 'Failed', reason: 'CUDA out of memory' },
      },
    ),
    run('run-d', 'vit-small', 3, { lr: '5e-4', batch_size: '64', optimizer: 'adamw' }, { outcome: { phase: 'Completed', reason: '' } }),
  ];
  const series: ScenarioData['series'] = new Map();
  // Every run reaches step 1,000,000 (the failed one 400,000) at its own logging density.
  const density: Record<string, { n: number; stride: number }> = {
    'run-a': { n: 1_000_000, stride: 1 },
    'run-b': { n: 20_000, stride: 50 },
    'run-c': { n: 8_000, stride: 50 },
    'run-d': { n: 20_000, stride: 50 },
  };
  runs.forEach((r, i) => {
    const d = density[r.id] as { n: number; stride: number };
    const start = 1_700_000_000 + i * 600;
    const end = (d.n * d.stride) / 1_000_000;
    put(series, bigTag, r.id, makeSeries(d.n, 'loss', 11 + i, { stepStride: d.stride, start, dt: (36_000 / d.n) * end }));
    put(series, 'grad_norm', r.id, makeSeries(Math.round(5000 * end), 'usage', 21 + i, { stepStride: 200, start, dt: 7.2 }));
    put(series, 'eval/loss', r.id, makeSeries(Math.round(100 * end), 'loss', 31 + i, { stepStride: 10_000, start, dt: 360 }));
    put(series, 'eval/accuracy', r.id, makeSeries(Math.round(100 * end), 'accuracy', 41 + i, { stepStride: 10_000, start, dt: 360 }));
    put(series, 'train/loss', r.id, makeSeries(Math.round(5000 * end), 'loss', 51 + i, { stepStride: 200, start, dt: 7.2 }));
    put(series, 'train/accuracy', r.id, makeSeries(Math.round(5000 * end), 'accuracy', 61 + i, { stepStride: 200, start, dt: 7.2 }));
    put(series, 'train/lr', r.id, makeSeries(Math.round(5000 * end), 'lr', 71 + i, { stepStride: 200, start, dt: 7.2 }));
    for (let l = 1; l <= 30; l++) {
      const tag = `weights/layer${String(l).padStart(2, '0')}/norm`;
      put(series, tag, r.id, makeSeries(Math.round(1000 * end), 'accuracy', 100 * l + i, { stepStride: 1000, start, dt: 36 }));
    }
    for (const [k, m] of ['cpuUsage', 'memUsage', 'gpuUtil', 'gpuMemUsage'].entries()) {
      put(series, `resources/${m}`, r.id, makeSeries(Math.round(600 * end), 'usage', 500 + 10 * k + i, { start, dt: 60 }));
    }
  });
  return {
    title: 'resnet50 sweep · 4 runs',
    runs,
    series,
    loading: undefined,
    warnings: ['2 corrupt records skipped in events.out.tfevents.1700000000.worker-0.4242.0'],
  };
}

function bench(runCount: number, points: number): ScenarioData {
  const shapes: [string, Shape][] = [
    ['loss', 'loss'],
    ['accuracy', 'accuracy'],
    ['lr', 'lr'],
    ['grad_norm', 'usage'],
  ];
  const runs: RunInfo[] = [];
  const series: ScenarioData['series'] = new Map();
  const rnd = random(7);
  for (let i = 0; i < runCount; i++) {
    const id = `r${String(i).padStart(3, '0')}`;
    runs.push(run(id, `trial-${String(i).padStart(3, '0')}`, i, { lr: (10 ** (-4 + 2 * rnd())).toPrecision(2), seed: String(i) }));
    for (const [j, [tag, shape]] of shapes.entries()) put(series, tag, id, makeSeries(points, shape, 1000 * i + j, { dt: 0.05 }));
  }
  return { title: `${runCount} runs`, runs, series, loading: undefined, warnings: [] };
}

export function buildScenario(name: ScenarioName): ScenarioData {
  switch (name) {
    case 'demo':
      return demo();
    case 'bench-1m':
      return bench(1, 1_000_000);
    case 'bench-100runs':
      return bench(100, 10_000);
    case 'loading':
      return {
        title: 'Reading event files',
        runs: [],
        series: new Map(),
        loading: { filesRead: 3, filesTotal: 12, pointsRead: 40_000 },
        warnings: [],
      };
    case 'empty':
    case 'silent':
      return { title: 'train-job-1', runs: [], series: new Map(), loading: undefined, warnings: [] };
  }
}

/** Appends `count` points that continue a series' curve: next steps, later wall times, values near the last. */
export function continueSeries(s: Series, count: number): void {
  const n = s.length;
  const stride = n > 1 ? (s.steps[n - 1] as number) - (s.steps[n - 2] as number) : 1;
  const dt = n > 1 ? (s.wall[n - 1] as number) - (s.wall[n - 2] as number) : 1;
  const rnd = random(n);
  const steps = new Float64Array(count);
  const wall = new Float64Array(count);
  const values = new Float64Array(count);
  let v = n > 0 ? (s.values[n - 1] as number) : 1;
  for (let i = 0; i < count; i++) {
    steps[i] = (n > 0 ? (s.steps[n - 1] as number) : 0) + stride * (i + 1);
    wall[i] = (n > 0 ? (s.wall[n - 1] as number) : 1_700_000_000) + dt * (i + 1);
    v = v * 0.9995 + (rnd() - 0.5) * 0.02;
    values[i] = v;
  }
  s.append(steps, wall, values);
}
