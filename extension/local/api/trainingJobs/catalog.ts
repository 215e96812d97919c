// What training jobs can run on locally: the flavors (`GET /v2/{p}/training-job-flavors`) with a
// local capacity each, and the engines (`GET /v2/{p}/training-job-engines`) derived from the
// preset images, so an engine named in a job always matches an image the catalog lists.

import { Errors } from '../../http/apiError';
import type { Router } from '../../http/router';
import type { RecordStore } from '../../store/recordStore';
import type { Image } from '../imageCatalog';
import { allImages } from '../images';

/** A training flavor as the API returns it, plus local mode's `capacity`. */
export interface TrainingFlavor {
  readonly flavor_id: string;
  readonly flavor_name: string;
  readonly flavor_type: 'CPU';
  readonly max_num: number;
  readonly billing: { readonly code: string; readonly unit_num: number };
  readonly flavor_info: {
    readonly max_num: number;
    readonly cpu: { readonly arch: 'x86'; readonly core_num: number };
    readonly memory: { readonly size: number; readonly unit: 'GB' };
    readonly disk: { readonly size: number; readonly unit: 'GB' };
  };
  readonly attributes: Readonly<Record<string, string>>;
  /** Local mode: how many jobs of this flavor run at once; the rest wait (Pending/Queuing). */
  readonly capacity: number;
}

function cpuFlavor(cores: number, memoryGb: number, capacity: number): TrainingFlavor {
  return {
    flavor_id: `modelarts.vm.cpu.${cores}u`,
    flavor_name: `CPU: ${cores} vCPUs ${memoryGb}GB (this machine)`,
    flavor_type: 'CPU',
    // Local jobs are single-node: there is one machine.
    max_num: 1,
    billing: { code: `modelarts.vm.cpu.${cores}u`, unit_num: 1 },
    flavor_info: {
      max_num: 1,
      cpu: { arch: 'x86', core_num: cores },
      memory: { size: memoryGb, unit: 'GB' },
      disk: { size: 50, unit: 'GB' },
    },
    attributes: { local_capacity: String(capacity) },
    capacity,
  };
}

/**
 * Local CPU flavors. The sizes are what the job is charted against (cpuUsage is a percent of
 * core_num, memUsage of memory), not a limit the daemon enforces: jobs share this machine.
 */
export const trainingFlavors: readonly TrainingFlavor[] = [cpuFlavor(2, 8, 2), cpuFlavor(8, 32, 1)];

export function findFlavor(id: string): TrainingFlavor | undefined {
  return trainingFlavors.find((f) => f.flavor_id === id);
}

/** An engine as `GET /v2/{p}/training-job-engines` lists it. */
export interface TrainingEngine {
  readonly engine_id: string;
  readonly engine_name: string;
  readonly engine_version: string;
  readonly v1_compatible: boolean;
  readonly run_user: string;
  readonly image_info: { readonly cpu_image_url: string; readonly gpu_image_url: string; readonly image_version: string };
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  /** Local mode: the image it stands for. */
  readonly image_id: string;
}

/**
 * One engine per preset training-capable image (CPU, x86; local mode has no GPU/Ascend). As on
 * ModelArts, engine_id and engine_version are the full image-derived name; `engine_version` in a
 * request may also be the short version ("1.8"), see `resolveEngine`.
 */
export function trainingEngines(images: RecordStore<Image>): TrainingEngine[] {
  return allImages(images)
    .filter((img) => img.type === 'BUILD_IN' && img.resource_categories.includes('CPU') && img.arch === 'X86_64')
    .map((img) => ({
      engine_id: img.name,
      engine_name: img.engine,
      engine_version: img.name,
      v1_compatible: false,
      run_user: '1000',
      image_info: {
        cpu_image_url: img.swr_path,
        gpu_image_url: img.resource_categories.includes('GPU') ? img.swr_path : '',
        image_version: img.engine_version,
      },
      tags: [{ key: 'version', value: img.engine_version }],
      image_id: img.id,
    }));
}

export function registerCatalogRoutes(router: Router, images: RecordStore<Image>): void {
  router.add('GET', '/v2/{project_id}/training-job-flavors', ({ query }) => {
    const type = query.get('flavor_type');
    if (type !== null && !['CPU', 'GPU', 'Ascend'].includes(type)) throw Errors.badRequest('flavor_type must be CPU, GPU or Ascend.');
    const flavors = trainingFlavors.filter((f) => type === null || f.flavor_type === type);
    return { status: 200, body: { total_count: flavors.length, flavors } };
  });
  router.add('GET', '/v2/{project_id}/training-job-engines', () => {
    const items = trainingEngines(images);
    return { status: 200, body: { total: items.length, items } };
  });
}
