import assert from 'node:assert/strict';
import { planSync } from '../../../../../extension/core/ssh/sync/plan';
import { emptyTree, type Tree } from '../../../../../extension/core/ssh/sync/tree';

function tree(files: Record<string, [size: number, mtime: number]>, dirs: string[] = [], extra: Partial<Tree> = {}): Tree {
  const t = emptyTree();
  for (const [rel, [size, mtime]] of Object.entries(files)) t.files.set(rel, { size, mtime, mode: 0o644 });
  for (const d of dirs) t.dirs.set(d, 0o755);
  return { ...t, ...extra };
}

describe('core/ssh/sync planSync', () => {
  it('copies new and changed files, skips those with equal size and mtime', () => {
    const plan = planSync(
      tree({ same: [1, 10], newer: [1, 11], bigger: [2, 10], fresh: [1, 10] }),
      tree({ same: [1, 10], newer: [1, 10], bigger: [1, 10] }),
      false,
    );
    assert.deepEqual(
      plan.copies.map((c) => [c.rel, c.replaces]),
      [
        ['bigger', true],
        ['fresh', false],
        ['newer', true],
      ],
    );
    assert.equal(plan.unchanged, 1);
    assert.deepEqual(plan.deleteFiles, []);
  });

  it('creates folders parents first and deletes them children first', () => {
    const plan = planSync(tree({}, ['a/b/c', 'a', 'a/b']), tree({ 'x/y/f': [1, 1] }, ['x', 'x/y']), true);
    assert.deepEqual(
      plan.mkdirs.map((d) => d.rel),
      ['a', 'a/b', 'a/b/c'],
    );
    assert.deepEqual(plan.deleteFiles, ['x/y/f']);
    assert.deepEqual(plan.deleteDirs, ['x/y', 'x']);
  });

  it('deletes nothing under folders the source could not list, nor folders holding ignored paths or links', () => {
    const source = tree({}, ['locked', 'kept'], { unlisted: new Set(['locked']) });
    const dest = tree({ 'locked/data': [1, 1], 'gone/f': [1, 1] }, ['locked', 'gone', 'holds', 'linky'], {
      ignored: ['holds/node_modules'],
      others: new Map([['linky/l', 'symlink' as const]]),
    });
    const plan = planSync(source, dest, true);
    assert.deepEqual(plan.deleteFiles, ['gone/f']);
    assert.deepEqual(plan.deleteDirs, ['gone']);
  });

  it('reports a file/folder clash as a conflict unless delete mode clears the way', () => {
    const source = tree({ clash: [1, 1] }, ['other']);
    const dest = tree({ other: [1, 1], 'clash/inner': [1, 1] }, ['clash']);
    const keep = planSync(source, dest, false);
    assert.deepEqual(keep.conflicts.map((c) => c.path).sort(), ['clash', 'other']);
    assert.deepEqual(keep.copies, []);
    assert.match(keep.conflicts[0]?.message ?? '', /delete on/);
    const clear = planSync(source, dest, true);
    assert.deepEqual(clear.conflicts, []);
    assert.deepEqual(
      clear.copies.map((c) => c.rel),
      ['clash'],
    );
    assert.deepEqual(clear.deleteFiles, ['clash/inner', 'other']);
    assert.deepEqual(clear.deleteDirs, ['clash']);
    assert.deepEqual(
      clear.mkdirs.map((d) => d.rel),
      ['other'],
    );
  });

  it('never replaces a symbolic link at the destination', () => {
    const plan = planSync(tree({ l: [1, 1] }), tree({}, [], { others: new Map([['l', 'symlink' as const]]) }), true);
    assert.deepEqual(plan.copies, []);
    assert.match(plan.conflicts[0]?.message ?? '', /symbolic link/);
  });
});
