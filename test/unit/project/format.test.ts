import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers/repo';

/** `npm run format:check`: every file Prettier formats is formatted (config in .prettierrc.json). */
describe('project: formatting', function () {
  this.timeout(120_000);
  it('the whole tree is formatted by Prettier (run `npm run format` to fix)', () => {
    const prettier = path.join(repoRoot, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
    const run = spawnSync(process.execPath, [prettier, '--list-different', '.'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.deepEqual(run.stdout.split('\n').filter(Boolean), [], 'files Prettier would change');
    assert.equal(run.status, 0);
  });
});
