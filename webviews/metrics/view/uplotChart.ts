/**
 * The one place that knows uPlot: create, setData, set the x range, resize, re-theme, export,
 * destroy. Colours are functions of the current theme, so a theme switch is a redraw, not a
 * rebuild. Zoom is ours, not uPlot's: a drag reports the x range it covers and the card asks
 * the host for that range at full detail (uPlot's own zoom would only stretch the coarse data).
 */
import uPlot from 'uplot';
import type { XAxis } from '../../protocol/metrics';
import type { AlignedColumns } from '../chartData';
import { durationIncrements, formatDuration, formatValue, snapLogRange } from '../stats';
import { type ChartTheme, runColor } from './theme';

/** Every chart joins this cursor group: the crosshair moves on all of them at once. */
export const cursorSyncKey = 'modelarts-metrics';

export interface ChartRun {
  readonly id: string;
  readonly name: string;
  readonly color: number;
}

export interface ChartConfig {
  readonly xAxis: XAxis;
  readonly logY: boolean;
  readonly showRaw: boolean;
  readonly runs: readonly ChartRun[];
  readonly width: number;
  readonly height: number;
  /** The x range to show (a zoom, or the data's extent); undefined: the data's own min and max. */
  readonly xRange: () => readonly [number, number] | undefined;
  /** The y range when outliers are ignored; undefined: uPlot's own range. */
  readonly yRange: (data: AlignedColumns) => readonly [number, number] | undefined;
}

export interface ChartHandlers {
  /** A drag selected this x range. */
  zoom(range: readonly [number, number]): void;
  /** A double-click: back to the whole series. */
  reset(): void;
  /** The pointer is at x (undefined: it left); left/top are CSS px inside the chart's container. */
  hover(x: number | undefined, left: number, top: number): void;
}

/** Only drags wider than this many CSS px zoom (a click is not a zoom). */
const minDragPx = 4;

export class UplotChart {
  private readonly u: uPlot;
  private pointerInside = false;

  constructor(
    parent: HTMLElement,
    private readonly config: ChartConfig,
    private theme: ChartTheme,
    data: AlignedColumns,
    private readonly handlers: ChartHandlers,
  ) {
    this.u = new uPlot(this.options(), data as uPlot.AlignedData, parent);
    const over = this.u.over;
    over.addEventListener('mouseenter', () => (this.pointerInside = true));
    over.addEventListener('mouseleave', () => {
      this.pointerInside = false;
      this.handlers.hover(undefined, 0, 0);
    });
    over.addEventListener('dblclick', () => this.handlers.reset());
  }

  /** The same runs and options, new numbers: uPlot rebuilds paths only (no DOM change, no flicker). */
  setData(data: AlignedColumns): void {
    this.u.setData(data as uPlot.AlignedData, true);
  }

  /** Shows `range` at once (a drag's immediate feedback, before the detailed data arrives). */
  setXRange(range: readonly [number, number]): void {
    this.u.setScale('x', { min: range[0], max: range[1] });
  }

  setSize(width: number, height: number): void {
    if (Math.round(width) !== Math.round(this.u.width) || Math.round(height) !== Math.round(this.u.height))
      this.u.setSize({ width: Math.max(50, Math.floor(width)), height: Math.max(50, Math.floor(height)) });
  }

  /** The chart's width in CSS px, as it was created or last resized (no layout read). */
  cssWidth(): number {
    return Math.round(this.u.width);
  }

  /** Pixel columns of the plot area in device pixels: one min/max bucket each. */
  columns(): number {
    return Math.max(1, Math.round(this.u.bbox.width));
  }

  /** New colours: the stroke functions read `this.theme` at draw time, so a redraw is enough. */
  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    for (let i = 1; i <= this.config.runs.length; i++) {
      const s = this.u.series[i];
      if (s) s.alpha = theme.rawAlpha;
    }
    this.u.redraw(false, true);
  }

  /** True when a theme's font differs from the one this chart was built with (fonts are fixed at creation). */
  fontChanged(theme: ChartTheme): boolean {
    return theme.fontFamily !== this.theme.fontFamily || theme.fontSize !== this.theme.fontSize;
  }

  /** The canvas with plot and axes (uPlot draws the axes on it too). */
  canvas(): HTMLCanvasElement {
    return this.u.ctx.canvas;
  }

  destroy(): void {
    this.u.destroy();
  }

  private options(): uPlot.Options {
    const { config } = this;
    const font = () => `${this.theme.fontSize}px ${this.theme.fontFamily}`;
    const axisColor = () => this.theme.axis;
    const gridColor = () => this.theme.grid;
    const raw = config.runs.map((r): uPlot.Series => ({
      label: r.name,
      stroke: () => runColor(this.theme, r.color),
      width: 1,
      alpha: this.theme.rawAlpha,
      show: config.showRaw,
      spanGaps: true,
      points: { show: false },
    }));
    const smoothed = config.runs.map((r): uPlot.Series => ({
      label: r.name,
      stroke: () => runColor(this.theme, r.color),
      width: this.theme.kind.startsWith('high-contrast') ? 2 : 1.5,
      // A run's points sit in slots of a grid shared with other runs; NaN (null) between them
      // is "no point of this run here", not a break: join across, as TensorBoard does.
      spanGaps: true,
    }));
    return {
      width: Math.max(50, Math.floor(config.width)),
      height: Math.max(50, Math.floor(config.height)),
      legend: { show: false },
      padding: [10, 14, 0, 0],
      cursor: {
        // The crosshair is shared; a drag is not: zoom belongs to the chart it was made on.
        sync: {
          key: cursorSyncKey,
          setSeries: false,
          scales: ['x', null],
          filters: { pub: (type) => type !== 'mousedown' && type !== 'mouseup' && type !== 'dblclick' },
        },
        drag: { x: true, y: false, setScale: false },
        points: { show: false },
        // A vertical crosshair only: the y of one chart means nothing on the others.
        y: false,
        // uPlot's double-click would rescale to the coarse data; ours asks the host instead.
        bind: { dblclick: () => () => null },
      },
      scales: {
        x: {
          time: config.xAxis === 'wall',
          range: (_u, min, max) => {
            const r = config.xRange();
            if (r) return [r[0], r[1]];
            return min === max ? [min - 1, max + 1] : [min, max];
          },
        },
        y: {
          distr: config.logY ? 3 : 1,
          log: 10,
          range: (u, min, max) => {
            const r = config.yRange(u.data as unknown as AlignedColumns);
            // On a log axis the percentile range is snapped to 1-2-5 steps, so its end ticks read as numbers.
            if (r) return config.logY ? snapLogRange(r) : [r[0], r[1]];
            if (min === null || max === null) return config.logY ? [1, 10] : [0, 1];
            return config.logY ? uPlot.rangeLog(min, max, 10, true) : uPlot.rangeNum(min, max, 0.1, true);
          },
        },
      },
      axes: [
        {
          stroke: axisColor,
          font: font(),
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor, width: 1, size: 4 },
          space: config.xAxis === 'step' ? 70 : 90,
          size: 30,
          ...(config.xAxis === 'relative' ? { incrs: durationIncrements } : {}),
          ...(config.xAxis === 'wall'
            ? {}
            : {
                values: (_u: uPlot, splits: number[], _i: number, _space: number, incr: number) =>
                  splits.map((v) => formatX(config.xAxis, v, incr)),
              }),
        },
        {
          stroke: axisColor,
          font: font(),
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor, width: 1, size: 4 },
          // A log axis leaves its minor ticks unlabelled: uPlot passes those as null.
          values: (_u, splits) => splits.map((v) => ((v as number | null) === null ? '' : formatValue(v))),
          size: axisSize,
        },
      ],
      series: [{}, ...raw, ...smoothed],
      hooks: {
        setSelect: [
          (u) => {
            const { left, width } = u.select;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            if (width < minDragPx) return;
            this.handlers.zoom([u.posToVal(left, 'x'), u.posToVal(left + width, 'x')]);
          },
        ],
        setCursor: [
          (u) => {
            // Synced charts move their crosshair too; only the chart under the pointer asks for values.
            if (!this.pointerInside) return;
            const { left, top } = u.cursor;
            if (left === undefined || left < 0) return;
            // Reported inside the chart's container: the plot area starts after the y axis.
            this.handlers.hover(u.posToVal(left, 'x'), left + u.over.offsetLeft, (top ?? 0) + u.over.offsetTop);
          },
        ],
      },
    };
  }
}

/** The y axis is as wide as its longest label, so "0.00012" is never clipped. */
function axisSize(u: uPlot, values: string[] | null, axisIdx: number, cycleNum: number): number {
  const axis = u.axes[axisIdx];
  if (!axis) return 50;
  if (cycleNum > 1) return (axis as { _size?: number })._size ?? 50;
  let size = (axis.ticks?.size ?? 4) + (axis.gap ?? 5) + 6;
  let longest = '';
  for (const v of values ?? []) if (v.length > longest.length) longest = v;
  if (longest !== '') {
    u.ctx.font = (axis.font as unknown as [string])[0];
    size += u.ctx.measureText(longest).width / devicePixelRatio;
  }
  return Math.ceil(size);
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/**
 * x tick labels. Steps: compact (250k, 1.5M) while the ticks are far enough apart for that to
 * keep every label distinct, full numbers (435,270) once a zoom brings them closer. Relative
 * time: durations.
 */
export function formatX(xAxis: XAxis, v: number, increment: number): string {
  if (xAxis === 'relative') return formatDuration(v);
  const a = Math.abs(v);
  const compact = (unit: number, suffix: string) => `${Number((v / unit).toFixed(3))}${suffix}`;
  if (a >= 1e9 && increment >= 1e7) return compact(1e9, 'G');
  if (a >= 1e6 && increment >= 1e4) return compact(1e6, 'M');
  if (a >= 1e4 && increment >= 100) return compact(1e3, 'k');
  return grouped.format(v);
}
