import { abortableSleep } from '../api/retry';
import { writeCsv, writeJson } from './export';
import { buildView, summary, valueAt } from './seriesView';
import { type Series, SeriesStore, type XAxis } from './seriesStore';
import type { MetricsSource, MetricsWarning, SourceRun } from './source';

/** What a panel shows of its runs (the protocol's RunInfo, without a vscode or webview import). */
export interface SessionRun extends SourceRun {
  readonly color: number;
}

export interface SessionState {
  readonly title: string;
  readonly runs: readonly SessionRun[];
  readonly tags: readonly { readonly tag: string; readonly points: Readonly<Record<string, number>> }[];
  readonly loading?: { readonly filesRead: number; readonly filesTotal: number; readonly pointsRead: number };
  readonly warnings: readonly MetricsWarning[];
}

export interface ViewParams {
  readonly tag: string;
  readonly runs: readonly string[];
  readonly xAxis: XAxis;
  readonly range?: readonly [number, number];
  readonly columns: number;
  readonly smoothing: number;
}

/**
 * The data behind one metrics panel: its sources, polled while anything may still come (every
 * second for a running job), and every point they gave, at full resolution, in one store. Views
 * for charts are computed from the store on request; nothing is sent twice and nothing is
 * downsampled for keeps. Pure Node (no vscode): the host wires it to a webview.
 */
export class MetricsSession {
  readonly store = new SeriesStore();
  private readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();
  private readonly colors = new Map<string, number>();
  private readonly errors = new Map<MetricsSource, MetricsWarning>();
  private loop: Promise<void> | undefined;

  constructor(
    readonly title: string,
    private readonly sources: readonly MetricsSource[],
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Starts polling; the first poll of each source starts at once. */
  start(): this {
    this.loop ??= Promise.all(this.sources.map((s) => this.follow(s))).then(() => undefined);
    return this;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Resolves when every source has finished (tests, and the CLI's `job metrics`). */
  settled(): Promise<void> {
    return this.start().loop ?? Promise.resolve();
  }

  state(): SessionState {
    const runs = this.sources.flatMap((s) => s.runs()).map((run) => ({ ...run, color: this.colorOf(run.id) }));
    const tags = new Map<string, Record<string, number>>();
    for (const series of this.store.all()) {
      const points = tags.get(series.tag) ?? {};
      points[series.run] = series.length;
      tags.set(series.tag, points);
    }
    const progress = this.sources.map((s) => s.progress()).filter((p) => p !== undefined);
    const warnings = [...this.sources.flatMap((s) => s.warnings()), ...this.errors.values()];
    return {
      title: this.title,
      runs,
      tags: [...tags].sort(([a], [b]) => a.localeCompare(b)).map(([tag, points]) => ({ tag, points })),
      ...(progress.length > 0
        ? {
            loading: {
              filesRead: progress.reduce((n, p) => n + p.filesRead, 0),
              filesTotal: progress.reduce((n, p) => n + p.filesTotal, 0),
              pointsRead: this.store.pointCount,
            },
          }
        : {}),
      warnings,
    };
  }

  seriesView(p: ViewParams) {
    const view = buildView(this.seriesOf(p.tag, p.runs), {
      axis: p.xAxis,
      columns: p.columns,
      smoothing: p.smoothing,
      ...(p.range ? { range: p.range } : {}),
    });
    return { tag: p.tag, x: view.x, runs: view.runs, xExtent: view.xExtent, yExtent: view.yExtent };
  }

  valueAt(p: { tag: string; runs: readonly string[]; xAxis: XAxis; x: number; smoothing: number }) {
    const points = this.seriesOf(p.tag, p.runs).flatMap((series) => {
      const at = valueAt(series, p.xAxis, p.x, p.smoothing);
      return at ? [{ run: series.run, step: at.step, wallTime: at.wallTime, value: at.value, smoothed: at.smoothed }] : [];
    });
    return { points };
  }

  summaries(tag: string) {
    const runs = this.store.seriesOf(tag).map((series) => {
      const s = summary(series);
      const finite = (n: number) => (Number.isFinite(n) ? n : undefined);
      return { run: series.run, points: s.points, last: finite(s.last), min: finite(s.min), max: finite(s.max) };
    });
    return { runs };
  }

  /** Every point of the chosen runs and tags, streamed to `write`; resolves with how many. */
  exportPoints(
    p: { format: 'csv' | 'json'; runs: readonly string[]; tags: readonly string[] },
    write: (chunk: string) => Promise<void>,
  ): Promise<number> {
    const series = p.tags.flatMap((tag) => this.seriesOf(tag, p.runs));
    return p.format === 'csv' ? writeCsv(series, write) : writeJson(series, write);
  }

  dispose(): void {
    this.controller.abort();
    this.listeners.clear();
  }

  private seriesOf(tag: string, runs: readonly string[]): Series[] {
    return this.store.seriesOf(tag, runs);
  }

  /** Stable colours: a run keeps the palette index it got first, in the order runs appear. */
  private colorOf(run: string): number {
    let c = this.colors.get(run);
    if (c === undefined) this.colors.set(run, (c = this.colors.size));
    return c;
  }

  private async follow(source: MetricsSource): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const result = await source.poll(this.store, signal);
        failures = 0;
        if (this.errors.delete(source) || result.changed) this.emit();
        if (source.finished) return;
        if (result.more) continue;
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        const message = err instanceof Error ? err.message : String(err);
        this.log(`metrics: reading ${source.label} failed (${failures} in a row): ${message}`);
        this.errors.set(source, { kind: 'readFailed', where: source.label, message });
        this.emit();
      }
      // Back off after failures (the platform may be restarting), up to a minute.
      await abortableSleep(Math.min(60, source.pollSeconds * 2 ** failures) * 1000, signal).catch(() => undefined);
    }
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
