import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../helpers/repo';
import { scanRecords } from '../../../../extension/core/metrics/tfrecord';

/** Real event files written by PyTorch, TF2 and a TF Estimator, read in place (see SOURCES.md beside them). */
export const FIXTURES = process.env.MODELARTS_TFEVENTS_FIXTURES ?? path.resolve(repoRoot, '..', 'shared', 'fixtures', 'tfevents');

export const fixturesPresent = (): boolean => existsSync(FIXTURES);

/** Skips the test about to run, saying why, when the fixtures folder is absent. Call from beforeEach. */
export function skipWithoutFixtures(ctx: Mocha.Context): void {
  if (fixturesPresent()) return;
  const reason = `event-file fixtures not found at ${FIXTURES} (set MODELARTS_TFEVENTS_FIXTURES to their folder)`;
  if (ctx.currentTest) ctx.currentTest.title += ` [skipped: ${reason}]`;
  ctx.skip();
}

export const fixture = (rel: string): string => path.join(FIXTURES, rel);

export const STRICT_1 = 'pytorch-tensorboard-reducer/strict/run_1/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.0';
export const STRICT_2 = 'pytorch-tensorboard-reducer/strict/run_2/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.1';
export const LAX_2 = 'pytorch-tensorboard-reducer/lax/run_2/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.4';
export const DUPLICATE = 'pytorch-tensorboard-reducer/duplicate_steps/run_1/events.out.tfevents.1622966509.janoshs-mbp.lan.86059.0';
export const KATIB_TRAIN = 'tf2-katib/logs/train/events.out.tfevents.1637681485.2d662933d616.19.0.v2';
export const KATIB_TEST = 'tf2-katib/logs/test/events.out.tfevents.1637681485.2d662933d616.19.1.v2';
export const TFX = 'tf-estimator-tfx/Format-Serving/eval_chicago-taxi-eval/events.out.tfevents.1646034751.jiyongjung.c.googlers.com';

/** Start offsets of every record in a file's bytes (framing only, checksums checked). */
export function recordStarts(buf: Buffer): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  scanRecords(buf, (_b, start, end) => {
    starts.push(start - 12);
    ends.push(end + 4);
  });
  return { starts, ends };
}

export const readFixture = (rel: string): Buffer => readFileSync(fixture(rel));

/** A temp dir removed by the returned function. */
export function tempDir(prefix = 'ma-metrics-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
