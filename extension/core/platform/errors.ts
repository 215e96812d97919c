/**
 * The error body every ModelArts API returns, and that the local daemon returns too:
 * `{"error_code": "ModelArts.0104", "error_msg": "..."}`.
 */
export interface ModelArtsErrorBody {
  readonly error_code: string;
  readonly error_msg: string;
}
