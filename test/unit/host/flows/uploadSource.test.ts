import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { english } from '../../../../extension/core/util/translate';
import { typedSource, typedSourceItem, resolveTypedPath, uploadMessage } from '../../../../extension/host/flows/uploadSource';
import { bucketNameProblem } from '../../../../extension/host/flows/validation';

const statOf = (file: string) => {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
};

describe('host/flows: Upload’s first step and Create Bucket’s name', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ma-upload-step-'));
    mkdirSync(path.join(dir, 'data', 'train'), { recursive: true });
    writeFileSync(path.join(dir, 'data', 'train', 'a.txt'), 'a');
    writeFileSync(path.join(dir, 'model.bin'), Buffer.alloc(2048));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const dest = { bucket: 'team-data', prefix: 'inbox/' };

  it('a typed folder is the upload at once: the row says it goes up with everything in it, under its name', () => {
    const source = typedSource(path.join(dir, 'data'), os.homedir(), dir, statOf);
    assert.deepEqual(source, { kind: 'folder', path: path.join(dir, 'data'), name: 'data' });
    assert.ok(source);
    const row = typedSourceItem(source, dest, english);
    assert.equal(row.ready, true);
    assert.equal(row.detail, 'Upload this folder, with everything in it, as obs://team-data/inbox/data/');
  });

  it('a typed file, relative to the workspace folder; ~ is home; a path that names nothing is not uploaded', () => {
    const file = typedSource('model.bin', os.homedir(), dir, statOf);
    assert.deepEqual(file, { kind: 'file', path: path.join(dir, 'model.bin'), name: 'model.bin', size: 2048 });
    assert.ok(file);
    assert.equal(typedSourceItem(file, dest, english).detail, 'Upload this file (2.0 KB) as obs://team-data/inbox/model.bin');
    assert.equal(resolveTypedPath('~/x', '/home/me', dir), '/home/me/x');
    assert.equal(resolveTypedPath('  ', '/home/me', dir), undefined);
    const missing = typedSource('nope/none', os.homedir(), dir, statOf);
    assert.equal(missing?.kind, 'missing');
    assert.ok(missing);
    assert.equal(typedSourceItem(missing, dest, english).ready, false);
  });

  it('a finished upload says what it did: how many files, how much, where', () => {
    assert.equal(
      uploadMessage({ uploaded: ['obs://team-data/inbox/data/'], files: 1, skipped: 0, bytes: 1 }, dest, english),
      'Uploaded 1 file (1 B) to obs://team-data/inbox/data/.',
    );
    assert.equal(
      uploadMessage(
        { uploaded: ['obs://team-data/inbox/a', 'obs://team-data/inbox/b'], files: 12, skipped: 2, bytes: 3 * 1024 * 1024 },
        dest,
        english,
      ),
      'Uploaded 12 files (3.0 MB) to obs://team-data/inbox/. 2 files were already there unchanged.',
    );
  });

  it('bucket names: 3 to 63 lower-case letters, digits, - and ., not an IP, not one already there', () => {
    const none = new Set<string>();
    assert.equal(bucketNameProblem('team-data.v2', none, english), undefined);
    assert.match(bucketNameProblem('', none, english) ?? '', /Enter a name/);
    assert.match(bucketNameProblem('ab', none, english) ?? '', /3 to 63/);
    assert.match(bucketNameProblem('Team', none, english) ?? '', /lower-case/);
    assert.match(bucketNameProblem('-team', none, english) ?? '', /Start and end/);
    assert.match(bucketNameProblem('team..data', none, english) ?? '', /next to/);
    assert.match(bucketNameProblem('192.168.1.1', none, english) ?? '', /IP address/);
    assert.match(bucketNameProblem('team-data', new Set(['team-data']), english) ?? '', /already have/);
  });
});
