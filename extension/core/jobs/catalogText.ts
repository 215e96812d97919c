/**
 * What a job spec may name, as text: the platform's training engines and flavors as YAML a user
 * copies lines from into a spec (the editor's Show Training Engines / Flavors documents), and a
 * flavor's size in a few words (those documents and `modelarts job flavors`).
 */
import { stringify } from 'yaml';
import type { TrainingEngine, TrainingFlavor } from '../api/resources/trainingJobTypes';

/** `8 vCPUs 32GB`, `8 vCPUs 64GB 1 × NVIDIA-V100 (32GB)`: a flavor's size in one line. */
export function flavorSize(f: TrainingFlavor): string {
  const info = f.flavor_info;
  const parts = [
    info?.cpu?.core_num ? `${info.cpu.core_num} vCPUs` : '',
    info?.memory?.size ? `${info.memory.size}${info.memory.unit ?? 'GB'}` : '',
    info?.gpu?.unit_num ? `${info.gpu.unit_num} × ${info.gpu.product_name ?? 'GPU'}${info.gpu.memory ? ` (${info.gpu.memory})` : ''}` : '',
    info?.npu?.unit_num ? `${info.npu.unit_num} × ${info.npu.product_name ?? 'NPU'}` : '',
  ];
  return parts.filter((p) => p !== '').join(' ') || '-';
}

/** `header` as YAML comment lines, then the list. */
function document(header: string, list: readonly Record<string, unknown>[]): string {
  const comments = header
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');
  return `${comments}\n${list.length > 0 ? stringify(list) : '[]\n'}`;
}

/** The engines, each with the two lines a spec's `algorithm.engine` takes first. */
export function enginesYaml(header: string, engines: readonly TrainingEngine[]): string {
  return document(
    header,
    engines.map((e) => ({
      engine_name: e.engine_name,
      engine_version: e.engine_version,
      ...(e.image_info?.image_version ? { image_version: e.image_info.image_version } : {}),
      engine_id: e.engine_id,
    })),
  );
}

/** The flavors, each with the `flavor_id` a spec's `spec.resource` takes first. */
export function flavorsYaml(header: string, flavors: readonly TrainingFlavor[]): string {
  return document(
    header,
    flavors.map((f) => {
      const maxNodes = f.max_num ?? f.flavor_info?.max_num;
      return {
        flavor_id: f.flavor_id,
        type: f.flavor_type,
        size: flavorSize(f),
        ...(maxNodes !== undefined ? { max_nodes: maxNodes } : {}),
        name: f.flavor_name,
      };
    }),
  );
}
