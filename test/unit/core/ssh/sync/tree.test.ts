import assert from 'node:assert/strict';
import { IgnoreRules } from '../../../../../extension/core/ssh/sync/ignoreRules';
import { type RawEntry, type TreeReader, walkTree } from '../../../../../extension/core/ssh/sync/tree';

/** An in-memory tree: folder path → entries; `.gitignore` texts by path; folders that refuse listing. */
function reader(
  dirs: Record<string, RawEntry[]>,
  texts: Record<string, string> = {},
  denied: string[] = [],
): TreeReader & { listed: string[] } {
  const listed: string[] = [];
  return {
    listed,
    list: async (dir) => {
      listed.push(dir);
      if (denied.includes(dir)) throw Object.assign(new Error('Permission denied'), { code: 3 });
      return dirs[dir] ?? [];
    },
    readText: async (rel) => texts[rel] ?? '',
  };
}
const file = (name: string, size = 1): RawEntry => ({ name, kind: 'file', size, mtime: 100, mode: 0o644 });
const dir = (name: string): RawEntry => ({ name, kind: 'dir', size: 0, mtime: 100, mode: 0o755 });

describe('core/ssh/sync walkTree', () => {
  it('never lets a listed name leave the folder (a server answering "..", a slash or a NUL)', async () => {
    const r = reader({ '': [file('..'), file('.'), file('a/../../x'), file('nul\0byte'), file('ok.txt')] });
    const tree = await walkTree(r, { rules: new IgnoreRules(), loadGitignore: true, concurrency: 2 });
    assert.deepEqual([...tree.files.keys()], ['ok.txt']);
    assert.equal(tree.failures.length, 4);
    assert.match(tree.failures[0]?.message ?? '', /could point outside the folder/);
  });

  it("loads each folder's .gitignore before judging its entries, and does not descend into ignored folders", async () => {
    const r = reader(
      {
        '': [file('.gitignore'), dir('build'), dir('src')],
        src: [file('.gitignore'), file('a.py'), file('a.pyc')],
        build: [file('never-listed')],
      },
      { '.gitignore': 'build/\n', 'src/.gitignore': '*.pyc\n' },
    );
    const tree = await walkTree(r, { rules: new IgnoreRules(), loadGitignore: true, concurrency: 4 });
    assert.deepEqual([...tree.files.keys()].sort(), ['.gitignore', 'src/.gitignore', 'src/a.py']);
    assert.deepEqual(tree.ignored.sort(), ['build', 'src/a.pyc']);
    assert.ok(!r.listed.includes('build'));
  });

  it('records a folder it may not list (so nothing under it counts as gone) and carries on', async () => {
    const r = reader({ '': [dir('locked'), file('f')] }, {}, ['locked']);
    const tree = await walkTree(r, { rules: new IgnoreRules(), loadGitignore: true, concurrency: 2 });
    assert.deepEqual([...tree.unlisted], ['locked']);
    assert.match(tree.failures[0]?.message ?? '', /^locked: permission denied on the notebook/);
    assert.deepEqual([...tree.files.keys()], ['f']);
  });

  it('fails outright when the root itself cannot be listed', async () => {
    await assert.rejects(
      walkTree(reader({}, {}, ['']), { rules: new IgnoreRules(), loadGitignore: true, concurrency: 2 }),
      /Permission denied/,
    );
  });
});
