/**
 * The error body every ModelArts API returns, and that the local daemon returns too:
 * `{"error_code": "ModelArts.0104", "error_msg": "..."}`.
 */
export interface ModelArtsErrorBody {
  readonly error_code: string;
  readonly error_msg: string;
}

/** True when `value` has the ModelArts error body's two string fields. */
export function isModelArtsErrorBody(value: unknown): value is ModelArtsErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.error_code === 'string' && typeof v.error_msg === 'string';
}
