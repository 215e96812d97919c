/**
 * What a metrics panel shows, as plain data: kept in the webview's saved state so a panel restored
 * after a window reload asks for the same data again (never the data itself). `platform` names
 * the connection the jobs or storage belong to ('local', or 'cloud:<profile>'). (No `vscode`.)
 */
import { plural } from '../../../core/util/plural';

export type MetricsSourceSpec =
  | { readonly kind: 'jobs'; readonly platform: string; readonly jobs: readonly { readonly id: string; readonly name: string }[] }
  | { readonly kind: 'folder'; readonly path: string }
  | { readonly kind: 'storage'; readonly platform: string; readonly bucket: string; readonly prefix: string };

/** One panel per job, comparison or folder: the key that finds the open one. */
export function specKey(spec: MetricsSourceSpec): string {
  switch (spec.kind) {
    case 'jobs':
      return `jobs:${spec.platform}:${spec.jobs
        .map((j) => j.id)
        .sort()
        .join(',')}`;
    case 'folder':
      return `folder:${spec.path}`;
    case 'storage':
      return `storage:${spec.platform}:${spec.bucket}/${spec.prefix}`;
  }
}

/** The panel's title. */
export function specTitle(spec: MetricsSourceSpec, t: (message: string, ...args: (string | number)[]) => string): string {
  switch (spec.kind) {
    case 'jobs':
      return spec.jobs.length === 1
        ? t('Metrics: {0}', spec.jobs[0]?.name ?? '')
        : plural(spec.jobs.length, { one: t('Metrics: {0} run', spec.jobs.length), other: t('Metrics: {0} runs', spec.jobs.length) });
    case 'folder':
      return t('Metrics: {0}', spec.path.split(/[\\/]/).filter(Boolean).pop() ?? spec.path);
    case 'storage':
      return t('Metrics: {0}', `obs://${spec.bucket}/${spec.prefix}`);
  }
}

/** A spec read back from saved state (untrusted: the state is stored by the webview). */
export function parseSourceSpec(value: unknown): MetricsSourceSpec | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const str = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length < 4096;
  if (v.kind === 'jobs' && str(v.platform) && Array.isArray(v.jobs) && v.jobs.length > 0 && v.jobs.length <= 1000) {
    const jobs = v.jobs.flatMap((j: unknown) => {
      const o = j as Record<string, unknown> | null;
      return o && str(o.id) && str(o.name) ? [{ id: o.id, name: o.name }] : [];
    });
    return jobs.length === v.jobs.length ? { kind: 'jobs', platform: v.platform, jobs } : undefined;
  }
  if (v.kind === 'folder' && str(v.path)) return { kind: 'folder', path: v.path };
  if (v.kind === 'storage' && str(v.platform) && str(v.bucket) && typeof v.prefix === 'string')
    return { kind: 'storage', platform: v.platform, bucket: v.bucket, prefix: v.prefix };
  return undefined;
}
