import { paging } from '../http/json';
import type { Router } from '../http/router';
import { pageOf } from './paging';

/** A notebook flavor, as `GET /v1/{project_id}/notebooks/flavors` returns it. */
export interface NotebookFlavor {
  readonly id: string;
  readonly name: string;
  readonly arch: 'x86_64' | 'aarch64';
  readonly category: 'CPU' | 'GPU' | 'ASCEND';
  readonly description: string;
  readonly feature: 'NOTEBOOK';
  readonly free: boolean;
  readonly sold_out: boolean;
  readonly vcpus: number;
  /** KB, as the API counts it (8 GB is 8388608). */
  readonly memory: number;
  readonly storages: readonly string[];
  /** How many notebooks or jobs of this flavor local mode runs at once; more wait in a queue. */
  readonly capacity: number;
}

/**
 * Local mode's flavors: CPU sizes that share this machine. There is no GPU or Ascend hardware
 * behind local mode, so it offers none rather than pretend.
 */
export const notebookFlavors: readonly NotebookFlavor[] = [
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

export function registerFlavorRoutes(router: Router): void {
  router.add('GET', '/v1/{project_id}/notebooks/flavors', ({ query }) => {
    const { offset, limit } = paging(query, 100, 1000);
    const category = query.get('category')?.toUpperCase();
    const list = notebookFlavors.filter((f) => !category || f.category === category);
    const page = pageOf(list, offset, limit);
    return { status: 200, body: { ...page, flavors: page.data } };
  });
}
