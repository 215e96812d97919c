import type * as vscode from 'vscode';
import type { LocalMode } from './localMode';
import type { LogChannels } from './logChannels';
import type { JobDetailsPanels } from './panels/jobDetails/jobDetailsPanels';
import type { LabelingPanels } from './panels/labeling/labelingPanels';
import type { MetricsPanels } from './panels/metrics/metricsPanels';
import type { CloudProfiles } from './platform/cloudProfiles';
import type { EditorJobs } from './specs/editorJobs';
import type { PlatformChooser } from './platform/platformChooser';
import type { PlatformSession } from './platform/session';
import type { NotebookBridge } from './ssh/bridge';
import type { ImageFilter } from './views/images/filter';
import type { JobFilter } from './views/trainingJobs/filter';
import type { Trees } from './views/trees';
import type { ViewFilter } from './views/viewFilter';

/** What commands receive: built once in main.ts and passed by hand, no global state. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly trees: Trees;
  readonly localMode: LocalMode;
  readonly session: PlatformSession;
  readonly profiles: CloudProfiles;
  readonly platform: PlatformChooser;
  readonly bridge: NotebookBridge;
  readonly logChannels: LogChannels;
  /** The open training-metrics panels (one per job, comparison or folder). */
  readonly metricsPanels: MetricsPanels;
  /** The open data labeling panels (one per dataset). */
  readonly labelingPanels: LabelingPanels;
  /** The open training job details panels (one per job). */
  readonly jobDetailsPanels: JobDetailsPanels;
  /** The filters of the views that have one, remembered per VS Code workspace. */
  readonly filters: { readonly images: ViewFilter<ImageFilter>; readonly trainingJobs: ViewFilter<JobFilter> };
  /** Jobs from the editor: the spec CodeLens, the modelarts task type, the job-ended notifications. */
  readonly editorJobs: EditorJobs;
}
