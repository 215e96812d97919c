/**
 * Saves of the labeling panel: every edit goes to the journal on disk first (PendingEdits), then
 * to the platform's batch annotation call, one sample at a time in order. An edit the platform
 * cannot take now (no connection, the daemon restarting, a 5xx or 429) stays in the journal and
 * is retried with backoff; one it refuses (a 4xx) stays too, with the platform's reason shown,
 * and goes again on the next edit or panel. Nothing is overwritten silently: before sending, the
 * platform's copy is compared with the one the edit began from (`unchanged`); if someone else
 * changed it, the edit waits as a conflict for the user's choice.
 */
import type { DatasetsApi } from '../../../core/api/resources/datasets';
import { type SampleLabel, sampleChangedErrorCode } from '../../../core/api/resources/datasetTypes';
import { isPlatformError } from '../../../core/api/errors';
import type { PendingEdit, PendingEdits } from '../../../core/labeling/pendingEdits';
import { sameLabels } from '../../../core/labeling/sampleLabels';

/** What a save came to, in platform labels (LabelingData turns it into the protocol's SaveOutcome). */
export type RawOutcome =
  | { readonly state: 'saved'; readonly labels: readonly SampleLabel[] }
  | { readonly state: 'pending'; readonly message: string }
  | { readonly state: 'conflict'; readonly mine: readonly SampleLabel[]; readonly theirs: readonly SampleLabel[] };

/**
 * Whether the platform's copy of a sample is still the one an edit was based on, by its labels:
 * the cloud has no sample revision. Local mode has one (`annotation_revision`), and the write
 * itself is made conditional on it (see sendEntry), so nothing slips in between check and save.
 */
export type ConflictCheck = (base: readonly SampleLabel[], current: readonly SampleLabel[]) => boolean;
export const labelsUnchanged: ConflictCheck = (base, current) => sameLabels(base, current);

export interface SaveQueueDeps {
  readonly journal: PendingEdits;
  readonly datasetId: string;
  /** The platform's datasets API now; undefined while nothing is connected. */
  readonly datasets: () => DatasetsApi | undefined;
  readonly unchanged?: ConflictCheck;
  /** A save landed (or conflicted, or failed): for the counts and the webview. */
  readonly onOutcome: (sampleId: string, outcome: RawOutcome, background: boolean) => void;
  readonly log: (line: string) => void;
  /** Backoff of automatic retries, ms (the last one repeats). */
  readonly retryMs?: readonly number[];
}

const defaultRetryMs = [1000, 2000, 5000, 10_000, 30_000];

/** No answer, or an answer that says "later": worth retrying by itself. */
function transient(err: unknown): boolean {
  if (!isPlatformError(err)) return false;
  return err.kind === 'network' || err.kind === 'timeout' || err.status >= 500 || err.status === 429;
}

function reason(err: unknown): string {
  if (isPlatformError(err))
    return err.kind === 'network' || err.kind === 'timeout'
      ? `the platform did not answer (${err.errorCode}).`
      : `${err.errorMsg} (${err.errorCode})`;
  return err instanceof Error ? err.message : String(err);
}

export class SaveQueue {
  private readonly chains = new Map<string, Promise<RawOutcome>>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryStep = 0;
  private disposed = false;
  /** The last reason saves are waiting, while they are. */
  problem: string | undefined;

  constructor(private readonly deps: SaveQueueDeps) {}

  /** Journals the edit (durably, before anything is sent), then sends it. */
  save(
    sampleId: string,
    base: readonly SampleLabel[],
    labels: readonly SampleLabel[],
    metadata?: Record<string, unknown>,
  ): Promise<RawOutcome> {
    this.deps.journal.put({ sampleId, base, labels, ...(metadata ? { metadata } : {}) });
    return this.flush(sampleId, false);
  }

  /** Sends the sample's journal entry, after whatever is already sending for it. */
  flush(sampleId: string, background: boolean): Promise<RawOutcome> {
    const before = this.chains.get(sampleId) ?? Promise.resolve(undefined);
    const next = before.then(
      () => this.send(sampleId, background),
      () => this.send(sampleId, background),
    );
    this.chains.set(sampleId, next);
    void next.finally(() => {
      if (this.chains.get(sampleId) === next) this.chains.delete(sampleId);
    });
    return next;
  }

  /** Sends every waiting entry that is not a conflict (a panel opening replays the journal this way). */
  async flushAll(background = true): Promise<void> {
    const waiting = this.deps.journal.list().filter((e) => !e.conflict);
    await Promise.all(waiting.map((e) => this.flush(e.sampleId, background)));
  }

  /** The user kept their edit over the platform's version `theirs`: it is sent on top of that. */
  keepMine(sampleId: string, theirs: readonly SampleLabel[]): Promise<RawOutcome> {
    this.deps.journal.rebase(sampleId, theirs);
    return this.flush(sampleId, false);
  }

  /** The user took the platform's version: the edit goes from the journal. */
  dropEdit(sampleId: string): void {
    this.deps.journal.remove(sampleId);
  }

  /** A connection came (back): try what waits now rather than at the next backoff step. */
  nudge(): void {
    this.retryStep = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.deps.journal.size > 0) void this.flushAll();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async send(sampleId: string, background: boolean): Promise<RawOutcome> {
    const entry = this.deps.journal.get(sampleId);
    if (!entry) return { state: 'saved', labels: [] };
    if (entry.conflict) return this.report(sampleId, { state: 'conflict', mine: entry.labels, theirs: entry.conflict.theirs }, background);
    const datasets = this.deps.datasets();
    if (!datasets) return this.waiting(sampleId, 'no platform is connected.', background, true);
    try {
      return await this.sendEntry(datasets, entry, background);
    } catch (err) {
      this.deps.log(`labeling: saving ${sampleId} failed: ${err instanceof Error ? err.message : String(err)}`);
      return this.waiting(sampleId, reason(err), background, transient(err));
    }
  }

  private async sendEntry(datasets: DatasetsApi, entry: PendingEdit, background: boolean): Promise<RawOutcome> {
    const { sampleId } = entry;
    const sample = await datasets.getSample(this.deps.datasetId, sampleId);
    const current = sample.labels ?? [];
    const unchanged = this.deps.unchanged ?? labelsUnchanged;
    if (!unchanged(entry.base, current)) {
      if (sameLabels(current, entry.labels)) {
        // The platform holds this edit already (an answer lost on the way back): done.
        this.deps.journal.remove(sampleId, entry.seq);
        return this.report(sampleId, { state: 'saved', labels: current }, background);
      }
      this.deps.journal.setConflict(sampleId, current);
      return this.report(sampleId, { state: 'conflict', mine: entry.labels, theirs: current }, background);
    }
    // Where the platform keeps a revision (local mode), the save is conditional on the copy just
    // compared: a change that lands between that read and this write is refused, not overwritten.
    const revision = sample.annotation_revision;
    try {
      await datasets.updateAnnotations(this.deps.datasetId, [
        {
          sample_id: sampleId,
          labels: [...entry.labels],
          ...(entry.metadata ? { metadata: entry.metadata } : {}),
          ...(revision !== undefined ? { annotation_revision: revision } : {}),
        },
      ]);
    } catch (err) {
      if (isPlatformError(err) && err.errorCode === sampleChangedErrorCode) return this.sendEntry(datasets, entry, background);
      throw err;
    }
    if (!this.deps.journal.remove(sampleId, entry.seq)) {
      // A newer edit came while this one was on its way: it now starts from what the platform holds.
      this.deps.journal.rebase(sampleId, entry.labels);
      return this.sendEntry(datasets, this.deps.journal.get(sampleId) as PendingEdit, background);
    }
    this.retryStep = 0;
    if (this.deps.journal.size === 0) this.problem = undefined;
    return this.report(sampleId, { state: 'saved', labels: entry.labels }, background);
  }

  private waiting(sampleId: string, message: string, background: boolean, retry: boolean): RawOutcome {
    this.problem = message;
    if (retry) this.scheduleRetry();
    return this.report(sampleId, { state: 'pending', message }, background);
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.disposed) return;
    const steps = this.deps.retryMs ?? defaultRetryMs;
    const wait = steps[Math.min(this.retryStep, steps.length - 1)] ?? 30_000;
    this.retryStep++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flushAll();
    }, wait);
  }

  private report(sampleId: string, outcome: RawOutcome, background: boolean): RawOutcome {
    this.deps.onOutcome(sampleId, outcome, background);
    return outcome;
  }
}
