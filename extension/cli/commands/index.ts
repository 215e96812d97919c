import type { Command } from '../command';
import { catalogCommands } from './catalog';
import { datasetCommands } from './dataset';
import { datasetTransferCommands } from './datasetTransfer';
import { jobCommands } from './job';
import { jobCatalogCommands } from './jobCatalog';
import { keyPairCommands } from './keypair';
import { metricsCommands } from './metrics';
import { notebookCommands } from './notebook';
import { notebookSshCommands } from './notebookSsh';
import { obsCommands } from './obs';

/** Every `modelarts` command except `local`, which manages the daemon itself. */
export const allCommands: readonly Command[] = [
  ...catalogCommands,
  ...notebookCommands,
  ...notebookSshCommands,
  ...keyPairCommands,
  ...jobCommands,
  ...jobCatalogCommands,
  ...datasetCommands,
  ...datasetTransferCommands,
  ...obsCommands,
  ...metricsCommands,
];
