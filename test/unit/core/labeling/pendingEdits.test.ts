import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PendingEdits } from '../../../../extension/core/labeling/pendingEdits';

const cat = [{ name: 'cat', type: 0, property: {} }];
const dog = [{ name: 'dog', type: 0, property: {} }];

describe('core/labeling/pendingEdits', () => {
  let dir: string;
  beforeEach(() => (dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ma-journal-')), 'ds')));
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('keeps every edit on disk, 0600 in a 0700 folder, and finds it again when reopened', () => {
    const j = new PendingEdits(dir);
    j.put({ sampleId: 'a1', base: [], labels: cat });
    j.put({ sampleId: 'b2', base: cat, labels: dog, metadata: { '@modelarts:size': [4, 3, 3] } });
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(dir, 'a1.json')).mode & 0o777, 0o600);
    const again = new PendingEdits(dir);
    assert.deepEqual(
      again.list().map((e) => [e.sampleId, e.labels, e.base]),
      [
        ['a1', cat, []],
        ['b2', dog, cat],
      ],
    );
    assert.deepEqual(again.get('b2')?.metadata, { '@modelarts:size': [4, 3, 3] });
  });

  it('keeps the base of the first unsaved edit, and removes an entry only if it is the one that was sent', () => {
    const j = new PendingEdits(dir);
    const first = j.put({ sampleId: 'a', base: [], labels: cat });
    const second = j.put({ sampleId: 'a', base: cat, labels: dog });
    assert.deepEqual(second.base, [], 'still based on what the platform held before the first edit');
    assert.equal(j.remove('a', first.seq), false, 'a newer edit is queued');
    assert.ok(j.get('a'));
    assert.equal(j.remove('a', second.seq), true);
    assert.equal(j.get('a'), undefined);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('marks conflicts, rebases, and renames labels in every entry', () => {
    const j = new PendingEdits(dir);
    j.put({ sampleId: 'a', base: [], labels: cat });
    j.setConflict('a', dog);
    assert.deepEqual(new PendingEdits(dir).get('a')?.conflict, { theirs: dog });
    j.rebase('a', dog);
    assert.equal(j.get('a')?.conflict, undefined);
    assert.deepEqual(j.get('a')?.base, dog);
    j.mapLabels((labels) => labels.map((l) => (l.name === 'cat' ? { ...l, name: 'kitten' } : l)));
    assert.equal(new PendingEdits(dir).get('a')?.labels[0]?.name, 'kitten');
  });

  it('sets a corrupt file aside, says so, and loads the rest', () => {
    const j = new PendingEdits(dir);
    j.put({ sampleId: 'good', base: [], labels: cat });
    writeFileSync(path.join(dir, 'bad.json'), '{"format":1,"sampleId":"bad","labels":[');
    const again = new PendingEdits(dir);
    assert.deepEqual(
      again.list().map((e) => e.sampleId),
      ['good'],
    );
    assert.equal(again.problems.length, 1);
    assert.match(again.problems[0] as string, /^bad\.json: .*moved to bad\.json\.corrupt-\d+$/);
    assert.ok(readdirSync(dir).some((n) => n.startsWith('bad.json.corrupt-')));
  });

  it('refuses an id that could leave the folder', () => {
    const j = new PendingEdits(dir);
    assert.throws(() => j.put({ sampleId: '../x', base: [], labels: cat }), /Not a sample id/);
  });
});
