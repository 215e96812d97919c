/**
 * Which job a details panel shows, as plain data: kept in the webview's saved state so a panel
 * restored after a window reload shows the same job again. `platform` names the connection the
 * job belongs to ('local', or 'cloud:<profile>'). (No `vscode`.)
 */
export interface JobDetailsSpec {
  readonly platform: string;
  readonly jobId: string;
  /** For the title before the first read (and while the platform is not connected). */
  readonly jobName: string;
}

/** One panel per job: the key that finds the open one. */
export function jobDetailsKey(spec: JobDetailsSpec): string {
  return `${spec.platform}:${spec.jobId}`;
}

/** A spec read back from saved state (untrusted: the state is stored by the webview). */
export function parseJobDetailsSpec(value: unknown): JobDetailsSpec | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const str = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length < 512;
  if (!str(v.platform) || !str(v.jobId) || !str(v.jobName)) return undefined;
  return { platform: v.platform, jobId: v.jobId, jobName: v.jobName };
}
