/**
 * Data labeling, the parts without a UI: annotation files in and out of a dataset, over the
 * platform API and the storage client, for the CLI (`modelarts dataset import|export`) and the
 * extension host (a dataset's Import…/Export… commands, under withProgress with cancel).
 *
 *   formats/              converters between files and the API's annotation model (pure)
 *   importAnnotations.ts  importAnnotations(): read, match, check, then apply in batches (policy in its header)
 *   exportAnnotations.ts  exportAnnotations(): every sample, paged, into a local or OBS folder
 *   samples.ts            a dataset's samples with their paths, and the record → sample matcher
 *   sources.ts            local and OBS file sources; writing an export's files
 */
export {
  ImportApplyError,
  ImportError,
  importAnnotations,
  type ImportOptions,
  type ImportReport,
  type LabelingServices,
} from './importAnnotations';
export { exportAnnotations, type ExportOptions, type ExportReport } from './exportAnnotations';
export { type LabelingProgress, datasetTypeName } from './common';
export { LabelingError, isObsPath } from './sources';
export {
  annotationFormats,
  type AnnotationFormat,
  formatLocation,
  formatProblem,
  type Problem,
  type SourceLocation,
} from './formats/model';
export { formatDatasetTypes } from './formats';
