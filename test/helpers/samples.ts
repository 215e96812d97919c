import { createHash } from 'node:crypto';
import type { LabelDef, SampleLabel, StoredSample } from '../../extension/local/api/datasets/model';

/** Stored samples and labels made up for tests of the local dataset store, in list order. */

export function label(name: string, type = 0): LabelDef {
  return { name, type, property: { '@modelarts:color': '#3399ff' }, attributes: [] };
}

export function annotation(name: string, type = 0, property: Record<string, unknown> = {}): SampleLabel {
  return { name, type, annotated_by: 'human', property };
}

/** `count` image samples `img-000001.png`…, unlabelled, as a scan would make them. */
export function imageSamples(count: number, bucket = 'data'): StoredSample[] {
  return Array.from({ length: count }, (_, i) => {
    const key = `images/img-${String(i).padStart(6, '0')}.png`;
    return {
      sample_id: createHash('sha256').update(`${bucket}/${key}`).digest('hex').slice(0, 32),
      sample_type: 0,
      bucket,
      key,
      size: 100 + i,
      sha256: createHash('sha256').update(key).digest('hex'),
      width: 64,
      height: 48,
      depth: 3,
      format: 'png',
      sample_time: 1_700_000_000_000,
      labels: [],
      revision: 0,
      update_time: 1_700_000_000_000,
    };
  });
}

/** A small deterministic PRNG (mulberry32), so a failing case can be rerun exactly. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
