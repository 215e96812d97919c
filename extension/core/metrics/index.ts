/**
 * Training metrics: TensorBoard event files (local or in OBS) read incrementally into compact
 * full-resolution series, and the views a chart asks for. Pure Node; the metrics panel
 * (extension/host/panels/metrics) and the CLI (`modelarts metrics`) build on it.
 *
 *   runs.ts            LogdirReader: a folder's runs, polled; listLocalRuns / listStorageRuns
 *   eventFileReader.ts EventFileReader / RunReader over a ByteSource (local file, OBS object)
 *   seriesStore.ts     SeriesStore / Series: every point, 16 bytes each
 *   axisOrder.ts       a series in order of an axis, without copying it
 *   seriesView.ts      buildView (min/max buckets per pixel column), valueAt, summary
 *   columnBuckets.ts, indexedView.ts: buildView's pass over points and its read of the indexes
 *   rankIndex.ts, smoothingIndex.ts, blockPyramid.ts: per-order summaries of raw and smoothed
 *                      values, so a view costs O(columns × log n) instead of a pass over the points
 *   smoothing.ts       TensorBoard's debiased EMA
 *   export.ts          CSV / JSON of every point, streamed
 *   nvidiaSmi.ts       GPU utilisation and memory
 *   tfrecord.ts, crc32c.ts, protobuf.ts, eventProto.ts, eventFileWriter.ts: the file format
 */
export {
  type ByteSource,
  EventFileReader,
  LocalFileSource,
  type PollOptions,
  type PollResult,
  type ReadCounts,
  type ReaderOptions,
  RunReader,
  type ScalarPoint,
  StorageObjectSource,
} from './eventFileReader';
export {
  type DiscoveredFile,
  isEventFileName,
  listLocalRuns,
  listStorageRuns,
  LogdirReader,
  type LogdirPollResult,
  type RunUpdate,
} from './runs';
export { RunInfo, Series, SeriesStore, type XAxis } from './seriesStore';
export {
  buildView,
  type ChartView,
  type PointAt,
  type RunView,
  summary,
  type SeriesSummary,
  valueAt,
  type ViewRequest,
  xExtentOf,
} from './seriesView';
export { Ema, normalizeWeight, smooth } from './smoothing';
export {
  type ExportSelection,
  exportToFile,
  formatFloat32,
  selectSeries,
  streamWriter,
  type WriteChunk,
  writeCsv,
  writeJson,
} from './export';
export { EventFileWriter, eventFileName } from './eventFileWriter';
export { type GpuSample, NvidiaSmiError, parseNvidiaSmi, queryNvidiaSmi } from './nvidiaSmi';
