import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers/repo';

/** `tsc` over each project, as `npm run typecheck` does: strict, noUncheckedIndexedAccess. */
describe('project: type check', function () {
  this.timeout(120_000);
  for (const project of ['tsconfig.json', 'webviews/tsconfig.json']) {
    it(`${project} type-checks clean`, () => {
      const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const run = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    });
  }
});
