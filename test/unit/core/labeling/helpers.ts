import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SampleLabel } from '../../../../extension/core/api/resources/datasetTypes';
import { FEATURE } from '../../../../extension/core/labeling/formats/model';
import { repoRoot } from '../../../helpers/repo';

/** Annotation files written by CVAT, Label Studio, Datumaro, COCO and the ModelArts SDK, read in place (see SOURCES.md beside them). */
export const FIXTURES = process.env.MODELARTS_LABELING_FIXTURES ?? path.resolve(repoRoot, '..', 'shared', 'fixtures');

export const fixture = (rel: string): string => path.join(FIXTURES, rel);

/** Skips the test about to run, saying why, when the fixtures folder is absent. Call from beforeEach. */
export function skipWithoutFixtures(ctx: Mocha.Context): void {
  if (existsSync(path.join(FIXTURES, 'voc'))) return;
  const reason = `labeling fixtures not found at ${FIXTURES} (set MODELARTS_LABELING_FIXTURES to the fixtures folder)`;
  if (ctx.currentTest) ctx.currentTest.title += ` [skipped: ${reason}]`;
  ctx.skip();
}

/** A temp folder for malformed copies; removed by the returned function. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-labeling-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a fixture folder into `dir` (to damage the copy; the fixture itself is never written). */
export function copyFixture(rel: string, dir: string): string {
  const to = path.join(dir, path.basename(rel));
  cpSync(fixture(rel), to, { recursive: true });
  return to;
}

/** Asserts two annotation lists hold the same labels, with points equal within `tolerance` pixels. */
export function assertSameAnnotations(
  actual: readonly SampleLabel[],
  expected: readonly SampleLabel[],
  tolerance: number,
  where: string,
): void {
  assert.equal(actual.length, expected.length, `${where}: annotation count`);
  actual.forEach((a, i) => {
    const e = expected[i] as SampleLabel;
    assert.equal(a.name, e.name, `${where}[${i}] name`);
    const { [FEATURE]: fa, ...pa } = (a.property ?? {}) as Record<string, unknown>;
    const { [FEATURE]: fe, ...pe } = (e.property ?? {}) as Record<string, unknown>;
    assert.deepEqual(pa, pe, `${where}[${i}] property`);
    assert.equal(a.score, e.score, `${where}[${i}] score`);
    const flat = (f: unknown): number[] => (Array.isArray(f) ? f.flat(2).map(Number) : []);
    const [xa, xe] = [flat(fa), flat(fe)];
    assert.equal(xa.length, xe.length, `${where}[${i}] points`);
    xa.forEach((v, k) =>
      assert.ok(Math.abs(v - (xe[k] as number)) <= tolerance, `${where}[${i}] coordinate ${k}: ${v} vs ${xe[k]} (tolerance ${tolerance})`),
    );
  });
}
