import type { SeriesStore } from './seriesStore';

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
  warnings(): readonly string[];
  poll(store: SeriesStore, signal: AbortSignal): Promise<SourcePoll>;
  /** Nothing more will ever come (a job that ended and was read to the end). */
  readonly finished: boolean;
  /** Seconds to wait between polls while not finished. */
  readonly pollSeconds: number;
}
