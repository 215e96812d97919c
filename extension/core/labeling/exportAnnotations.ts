import { isObsPath, writeFiles } from './sources';
import { writeAnnotations } from './formats';
import { type AnnotationFormat, type Omitted } from './formats/model';
import { checkFormatFits, type LabelingProgress, listDatasetSamples } from './common';
import type { LabelingServices } from './importAnnotations';
import { exportSample } from './samples';
import { parseObsUrl } from '../storage/urls';
import { throwIfAborted } from '../util/abort';

/**
 * Exporting a dataset's annotations: every sample, paged through the samples API, written in the
 * format into a local folder or an OBS folder (manifest: `<dataset>.manifest` plus VOC files for
 * detection; VOC: `Annotations/<path>.xml`; COCO: `annotations/instances_default.json`; YOLO:
 * `classes.txt` and `labels/<path>.txt`). Paths inside follow the samples' paths relative to the
 * dataset's data folder, so an export imported back finds every sample by its path. Annotations
 * a format cannot hold (a polygon in COCO or YOLO, a box on an image of unknown size in YOLO) are
 * not written and are listed in `omitted`. The images themselves stay where they are.
 */

export interface ExportOptions {
  readonly format: AnnotationFormat;
  /** A local folder (made if missing) or an obs:// folder. */
  readonly to: string;
  readonly signal?: AbortSignal;
  onProgress?(progress: LabelingProgress): void;
}

export interface ExportReport {
  readonly datasetId: string;
  readonly format: AnnotationFormat;
  readonly to: string;
  readonly samples: number;
  readonly annotations: number;
  readonly files: number;
  readonly omitted: readonly Omitted[];
}

/** Writes the dataset's annotations (see above). */
export async function exportAnnotations(services: LabelingServices, datasetId: string, options: ExportOptions): Promise<ExportReport> {
  const { api } = services;
  const { signal, format } = options;
  const progress = (p: LabelingProgress) => options.onProgress?.(p);
  const dataset = await api.datasets.get(datasetId, { signal });
  checkFormatFits(format, dataset);
  const labels = await api.datasets.labels(datasetId, { signal });
  const samples = await listDatasetSamples(api, dataset, {
    signal,
    onProgress: (done, total) => progress({ phase: 'listing', done, total }),
  });
  throwIfAborted(signal);
  const obs = isObsPath(options.to);
  const written = writeAnnotations(
    format,
    { datasetName: dataset.dataset_name, datasetType: dataset.dataset_type, labels, samples: samples.map(exportSample) },
    obs ? { destination: parseObsUrl(options.to) } : {},
  );
  const files = await writeFiles(written.files, options.to, services.storage, {
    ...(signal ? { signal } : {}),
    onProgress: (done, total) => progress({ phase: obs ? 'uploading' : 'writing', done, total }),
  });
  return {
    datasetId,
    format,
    to: options.to,
    samples: samples.length,
    annotations: written.annotations,
    files,
    omitted: written.omitted,
  };
}
