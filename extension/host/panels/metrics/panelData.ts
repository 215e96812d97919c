import type {
  ExportParams,
  MetricsStateParams,
  PointValue,
  RunSummary,
  SeriesView,
  SeriesViewParams,
  ValueAtParams,
} from '../../../../webviews/protocol/metrics';

/**
 * What a metrics panel needs of its data, in the protocol's terms: the host holds every point; the
 * webview asks for views of it. Implemented over the series store of extension/core/metrics.
 */
export interface PanelData {
  /** Fires when runs, tags, counts or the loading state change (new points included). */
  onDidChange(listener: () => void): { dispose(): void };
  state(): MetricsStateParams;
  seriesView(params: SeriesViewParams): SeriesView;
  valueAt(params: ValueAtParams): { readonly points: readonly PointValue[] };
  summaries(tag: string): { readonly runs: readonly RunSummary[] };
  /** Writes every point of the chosen runs and tags; resolves with how many. */
  exportPoints(params: ExportParams, write: (chunk: string) => Promise<void>): Promise<number>;
  dispose(): void;
}
