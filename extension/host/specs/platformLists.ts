import type { TrainingEngine, TrainingFlavor } from '../../core/api/resources/trainingJobTypes';
import type { JobCatalog } from '../../core/jobs/specCheck';
import type { Connection, PlatformSession } from '../platform/session';

/** How long a list is reused: diagnostics run on every edit, the platform's lists change rarely. */
const reuseMs = 60_000;

interface Kept<T> {
  readonly connection: Connection;
  readonly at: number;
  readonly value: Promise<T>;
}

/**
 * The connected platform's engines and flavors for the spec editor (diagnostics and completion),
 * asked once a minute at most and again when the connection changes; a failed answer is not kept.
 */
export class PlatformLists {
  private engineList: Kept<readonly TrainingEngine[]> | undefined;
  private flavorList: Kept<readonly TrainingFlavor[]> | undefined;

  constructor(private readonly session: PlatformSession) {}

  /** The catalog of the connection, or undefined when nothing is connected. */
  catalog(): JobCatalog | undefined {
    const connection = this.session.current();
    if (!connection) return undefined;
    return {
      engines: () => (this.engineList = this.keep(this.engineList, connection, () => connection.api.trainingJobs.engines())).value,
      flavors: () => (this.flavorList = this.keep(this.flavorList, connection, () => connection.api.trainingJobs.flavors())).value,
    };
  }

  private keep<T>(kept: Kept<T> | undefined, connection: Connection, load: () => Promise<T>): Kept<T> {
    if (kept && kept.connection === connection && Date.now() - kept.at < reuseMs) return kept;
    const value = load();
    const fresh = { connection, at: Date.now(), value };
    value.catch(() => {
      if (this.engineList === fresh) this.engineList = undefined;
      if (this.flavorList === fresh) this.flavorList = undefined;
    });
    return fresh;
  }
}
