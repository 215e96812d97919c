import type { Translate } from '../util/translate';
import type { SeriesStore } from './seriesStore';
import { plural } from '../util/plural';

/** How a run ended, when it did. */
export interface RunEnd {
  readonly phase: string;
  readonly reason: string;
  /** Epoch ms. */
  readonly endedAt?: number;
}

/** A run as a source knows it (its points are in the store under `id`). */
export interface SourceRun {
  readonly id: string;
  readonly name: string;
  /** New points may still come. */
  readonly live: boolean;
  readonly end?: RunEnd;
  readonly hyperParameters: Readonly<Record<string, string>>;
}

/** What one read of a source found. */
export interface SourcePoll {
  /** Anything changed: points, runs, or how a run stands. */
  readonly changed: boolean;
  /** The source has more to read right now (call again without waiting). */
  readonly more: boolean;
}

/**
 * Where a panel's points come from: a training job (the platform's metrics route, and its event
 * files), or a folder of event files (local or in storage). A source appends what is new to the
 * store on each poll and never reads what it read before.
 */
export interface MetricsSource {
  /** For messages: the job's name, or the folder's path. */
  readonly label: string;
  runs(): readonly SourceRun[];
  /** Files to read in all and read so far, while a first reading is under way; undefined otherwise. */
  progress(): { readonly filesRead: number; readonly filesTotal: number } | undefined;
  /** Problems worth showing (corrupt records skipped…), current totals. */
  warnings(): readonly MetricsWarning[];
  poll(store: SeriesStore, signal: AbortSignal): Promise<SourcePoll>;
  /** Nothing more will ever come (a job that ended and was read to the end). */
  readonly finished: boolean;
  /** Seconds to wait between polls while not finished. */
  readonly pollSeconds: number;
}

/** A problem a panel shows above its charts; words come from {@link describeWarning}, in the reader's language. */
export type MetricsWarning =
  | { readonly kind: 'corruptRecords'; readonly count: number; readonly where: string }
  | { readonly kind: 'resynced'; readonly count: number; readonly where: string }
  | { readonly kind: 'rewritten'; readonly run: string }
  | { readonly kind: 'readFailed'; readonly where: string; readonly message: string }
  /** Already in words (the host's own, translated where it was made). */
  | { readonly kind: 'text'; readonly text: string };

export function describeWarning(w: MetricsWarning, t: Translate): string {
  switch (w.kind) {
    case 'corruptRecords':
      return plural(w.count, {
        one: t('{0} corrupt event-file record skipped in {1}.', w.count, w.where),
        other: t('{0} corrupt event-file records skipped in {1}.', w.count, w.where),
      });
    case 'resynced':
      return plural(w.count, {
        one: t('{0} damaged place in {1} was skipped to the next good record.', w.count, w.where),
        other: t('{0} damaged places in {1} were skipped to the next good record.', w.count, w.where),
      });
    case 'rewritten':
      return t('An event file of {0} was rewritten; its earlier points are kept beside the new ones.', w.run);
    case 'readFailed':
      return t('Could not read {0}: {1}', w.where, w.message);
    case 'text':
      return w.text;
  }
}
