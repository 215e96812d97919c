// The cursor of `GET …/training-jobs/{id}/metrics/{task_id}` (a local extension): where the
// client's last reading ended, so the next answer holds only new points. It is opaque to clients
// (base64url JSON) and checked when it comes back, since it is client input.

import type { LogPosition } from './scalars';
import { TrainingError } from './model';

export interface MetricsCursor {
  /** The log reading's position (MA_METRIC lines). */
  readonly log: LogPosition;
  /** Epoch ms of the last resource sample sent. */
  readonly sampleMs: number;
  /** Event files of the job's summary dir, by path relative to it: the offset after the last good record. */
  readonly events: Readonly<Record<string, number>>;
}

export const startCursor: MetricsCursor = { log: { offset: 0, counts: {} }, sampleMs: 0, events: {} };

export function encodeCursor(cursor: MetricsCursor): string {
  return Buffer.from(
    JSON.stringify({ v: 1, l: cursor.log.offset, c: cursor.log.counts, s: cursor.sampleMs, e: cursor.events }),
    'utf8',
  ).toString('base64url');
}

const invalid = () =>
  new TrainingError(
    400,
    'ModelArts.0104',
    'cursor is not one this platform gave.',
    'Leave cursor out to read from the start, or pass back next_cursor.',
  );

function offsets(value: unknown, max: number): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid();
  const entries = Object.entries(value);
  if (entries.length > max) throw invalid();
  for (const [, n] of entries) if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw invalid();
  return Object.fromEntries(entries);
}

export function decodeCursor(raw: string | null): MetricsCursor {
  if (raw === null || raw === '') return startCursor;
  if (raw.length > 256 * 1024) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const c = parsed as { v?: unknown; l?: unknown; c?: unknown; s?: unknown; e?: unknown };
  const whole = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (c.v !== 1 || !whole(c.l) || !whole(c.s)) throw invalid();
  return { log: { offset: c.l as number, counts: offsets(c.c, 10_000) }, sampleMs: c.s as number, events: offsets(c.e, 10_000) };
}
