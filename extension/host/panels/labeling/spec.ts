/**
 * What a labeling panel shows, as plain data: kept in the webview's saved state so a panel
 * restored after a window reload opens the same dataset again. `platform` names the connection
 * the dataset belongs to ('local', or 'cloud:<profile>'). (No `vscode`.)
 */
export interface LabelingSpec {
  readonly platform: string;
  readonly datasetId: string;
  readonly datasetName: string;
}

/** One panel per dataset: the key that finds the open one. */
export function labelingKey(spec: LabelingSpec): string {
  return `${spec.platform}:${spec.datasetId}`;
}

/** A spec read back from saved state (untrusted: the state is stored by the webview). */
export function parseLabelingSpec(value: unknown): LabelingSpec | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const str = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length < 512;
  if (!str(v.platform) || !str(v.datasetId) || !str(v.datasetName)) return undefined;
  return { platform: v.platform, datasetId: v.datasetId, datasetName: v.datasetName };
}
