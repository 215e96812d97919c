import type { NotebookFlavor } from '../../../core/api/resources/notebookTypes';

/** A notebook flavor as local mode answers it: with how many of it run at once. */
export type LocalNotebookFlavor = NotebookFlavor & {
  /** How many notebooks or jobs of this flavor local mode runs at once; more wait in a queue. */
  readonly capacity: number;
};

/**
 * Local mode's flavors: CPU sizes that share this machine. There is no GPU or Ascend hardware
 * behind local mode, so it offers none rather than pretend.
 */
export const notebookFlavors: readonly LocalNotebookFlavor[] = [
  {
    id: 'modelarts.vm.cpu.2u',
    name: 'CPU: 2 vCPUs 8 GB',
    arch: 'x86_64',
    category: 'CPU',
    description: 'Shares this machine: 2 vCPUs, 8 GB',
    feature: 'NOTEBOOK',
    free: true,
    sold_out: false,
    vcpus: 2,
    memory: 8 * 1024 * 1024,
    storages: ['EVS'],
    capacity: 4,
  },
  {
    id: 'modelarts.vm.cpu.8u',
    name: 'CPU: 8 vCPUs 32 GB',
    arch: 'x86_64',
    category: 'CPU',
    description: 'Shares this machine: 8 vCPUs, 32 GB',
    feature: 'NOTEBOOK',
    free: true,
    sold_out: false,
    vcpus: 8,
    memory: 32 * 1024 * 1024,
    storages: ['EVS'],
    capacity: 1,
  },
];
