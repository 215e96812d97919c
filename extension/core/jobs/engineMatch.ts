import type { TrainingEngine } from '../api/resources/trainingJobTypes';

/** How a spec names an engine: by id, or by name and version. */
export type EngineRef = { readonly engineId: string } | { readonly engineName: string; readonly engineVersion: string };

/**
 * Whether `engine` is the one a spec names. Names compare without case; the version is the full
 * `engine_version` or the image's short version ("1.8"), as local mode resolves it. The one rule
 * the daemon's job validation and the toolkit's check before upload share.
 */
export function engineMatches(engine: TrainingEngine, ref: EngineRef): boolean {
  if ('engineId' in ref) return engine.engine_id === ref.engineId;
  return (
    engine.engine_name.toLowerCase() === ref.engineName.toLowerCase() &&
    (engine.engine_version === ref.engineVersion || engine.image_info?.image_version === ref.engineVersion)
  );
}
