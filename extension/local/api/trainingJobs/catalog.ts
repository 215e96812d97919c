// What training jobs can run on locally: the flavors (`GET /v2/{p}/training-job-flavors`) with a
// local capacity each, and the engines (`GET /v2/{p}/training-job-engines`) derived from the
// preset images, so an engine named in a job always matches an image the catalog lists.

import type { TrainingEngine, TrainingFlavor } from '../../../core/api/resources/trainingJobTypes';
import type { trainingJobRoutes } from '../../../core/api/routes/trainingJobs';
import { Errors } from '../../http/apiError';
import type { Handlers } from '../../http/router';
import type { RecordStore } from '../../store/recordStore';
import type { LocalImage } from '../images/catalog';
import { allImages } from '../images/install';

/** A training flavor as local mode answers it: CPU sizes of this machine, with how many jobs run at once. */
export type LocalTrainingFlavor = TrainingFlavor & {
  readonly flavor_type: 'CPU';
  readonly max_num: number;
  readonly billing: { readonly code: string; readonly unit_num: number };
  readonly flavor_info: {
    readonly max_num: number;
    readonly cpu: { readonly arch: 'x86'; readonly core_num: number };
    readonly memory: { readonly size: number; readonly unit: 'GB' };
    readonly disk: { readonly size: number; readonly unit: 'GB' };
  };
  /** How many jobs of this flavor run at once; the rest wait (Pending/Queuing). */
  readonly capacity: number;
};

function cpuFlavor(cores: number, memoryGb: number, capacity: number): LocalTrainingFlavor {
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
export const trainingFlavors: readonly LocalTrainingFlavor[] = [cpuFlavor(2, 8, 2), cpuFlavor(8, 32, 1)];

export function findFlavor(id: string): LocalTrainingFlavor | undefined {
  return trainingFlavors.find((f) => f.flavor_id === id);
}

/** An engine as local mode lists it: with the image it stands for. */
export type LocalTrainingEngine = TrainingEngine & {
  readonly image_info: { readonly cpu_image_url: string; readonly gpu_image_url: string; readonly image_version: string };
  readonly image_id: string;
};

/**
 * One engine per preset training-capable image (CPU, x86; local mode has no GPU/Ascend). As on
 * ModelArts, engine_id and engine_version are the full image-derived name; `engine_version` in a
 * request may also be the short version ("1.8"), see `resolveEngine`.
 */
export function trainingEngines(images: RecordStore<LocalImage>): LocalTrainingEngine[] {
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

/** `GET …/training-job-flavors` and `…/training-job-engines`, served with the job routes. */
export function catalogHandlers(images: RecordStore<LocalImage>): Pick<Handlers<typeof trainingJobRoutes>, 'flavors' | 'engines'> {
  return {
    flavors: ({ query }) => {
      const type = query.get('flavor_type');
      if (type !== null && !['CPU', 'GPU', 'Ascend'].includes(type)) throw Errors.badRequest('flavor_type must be CPU, GPU or Ascend.');
      const flavors = trainingFlavors.filter((f) => type === null || f.flavor_type === type);
      return { status: 200, body: { total_count: flavors.length, flavors } };
    },
    engines: () => {
      const items = trainingEngines(images);
      return { status: 200, body: { total: items.length, items } };
    },
  };
}
