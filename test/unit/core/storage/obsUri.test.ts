import assert from 'node:assert/strict';
import { StorageError } from '../../../../extension/core/storage/errors';
import { folderEntries, locationOfObsUri, obsUriParts } from '../../../../extension/core/storage/obsUri';
import { VersionBook } from '../../../../extension/core/storage/objectVersions';

/** The parts vscode.Uri.parse gives for a URI string; URL reads the same authority and path for obs://. */
function parts(text: string): { scheme: string; authority: string; path: string; query: string; fragment: string } {
  const u = new URL(text);
  return {
    scheme: u.protocol.replace(/:$/, ''),
    authority: u.host,
    path: decodeURIComponent(u.pathname),
    query: u.search.replace(/^\?/, ''),
    fragment: u.hash.replace(/^#/, ''),
  };
}

describe('core/storage obs: URIs of the editor', () => {
  it('maps obs://bucket/key to the bucket and key, and back', () => {
    assert.deepEqual(locationOfObsUri(parts('obs://my-bucket/data/train/a.py')), { bucket: 'my-bucket', key: 'data/train/a.py' });
    assert.deepEqual(obsUriParts({ bucket: 'my-bucket', key: 'data/train/a.py' }), {
      scheme: 'obs',
      authority: 'my-bucket',
      path: '/data/train/a.py',
    });
    for (const key of ['a b/ü.txt', 'x#y?z%20.txt', 'deep/er/than/that/file.json', '']) {
      assert.deepEqual(locationOfObsUri(obsUriParts({ bucket: 'b-1.x', key })), { bucket: 'b-1.x', key }, key);
    }
  });

  it('takes the bucket root and folders with or without their trailing slash', () => {
    assert.deepEqual(locationOfObsUri(parts('obs://bucket')), { bucket: 'bucket', key: '' });
    assert.deepEqual(locationOfObsUri(parts('obs://bucket/')), { bucket: 'bucket', key: '' });
    assert.deepEqual(locationOfObsUri(parts('obs://bucket/data/')), { bucket: 'bucket', key: 'data' });
    assert.deepEqual(obsUriParts({ bucket: 'bucket', key: 'data/' }).path, '/data', 'a folder marker names the folder');
  });

  it('refuses what names no object, saying what is wrong, and never carries credentials', () => {
    const refused = (uri: Parameters<typeof locationOfObsUri>[0], why: RegExp) =>
      assert.throws(
        () => locationOfObsUri(uri),
        (e: unknown) => e instanceof StorageError && e.code === 'InvalidObsUrl' && why.test(e.message),
      );
    refused({ scheme: 'file', authority: '', path: '/etc/passwd' }, /scheme is 'file'/);
    refused({ scheme: 'obs', authority: '', path: '/key' }, /bucket name is missing/);
    refused({ scheme: 'obs', authority: 'AK:SK@bucket', path: '/key' }, /not a valid bucket name/);
    refused({ scheme: 'obs', authority: 'bucket:443', path: '/key' }, /not a valid bucket name/);
    refused(parts('obs://bucket/key?X-Amz-Signature=abc'), /query or fragment/);
    refused({ scheme: 'obs', authority: 'bucket', path: '//key' }, /extra slash/);
    refused({ scheme: 'obs', authority: 'bucket', path: `/${'k'.repeat(1025)}` }, /longer than 1024 bytes/);
  });

  it('lists a folder’s entries by name: sub-folders, objects, not its own marker, an object name once', () => {
    assert.deepEqual(folderEntries('data/', ['data/sub/', 'data/a.txt/'], ['data/', 'data/a.txt', 'data/b.json']), [
      { name: 'sub', kind: 'folder' },
      { name: 'a.txt', kind: 'object' },
      { name: 'b.json', kind: 'object' },
    ]);
    assert.deepEqual(folderEntries('', ['top/'], ['root.txt']), [
      { name: 'top', kind: 'folder' },
      { name: 'root.txt', kind: 'object' },
    ]);
  });
});

describe('core/storage versions: a save never silently replaces a version the editor has not seen', () => {
  const id = 'obs://b/k';
  const v = (etag: string, lastModifiedMs = 1_000_000) => ({ etag, lastModifiedMs });

  it('lets a save through when the object is as the editor read it, or new, or deleted since', () => {
    const book = new VersionBook();
    assert.equal(book.conflict(id, 'Local', v('e1')), undefined, 'never read: nothing to compare');
    book.seen(id, 'Local', v('e1'), 'content');
    assert.equal(book.conflict(id, 'Local', v('e1')), undefined);
    assert.equal(book.conflict(id, 'Local', undefined), undefined, 'deleted since: saving brings it back');
  });

  it('refuses a save when the ETag differs from the one read, until the new version is seen (VS Code’s Overwrite stats first)', () => {
    const book = new VersionBook();
    book.seen(id, 'Local', v('e1'), 'content');
    assert.deepEqual(book.conflict(id, 'Local', v('e2')), { kind: 'changed', expectedEtag: 'e1', actualEtag: 'e2' });
    book.seen(id, 'Local', v('e2'), 'stat');
    assert.equal(book.conflict(id, 'Local', v('e2')), undefined);
  });

  it('refuses a save on another platform than the one the editor read from, even after a stat there', () => {
    const book = new VersionBook();
    book.seen(id, 'Local', v('e1'), 'content');
    book.seen(id, 'work (cn-north-4)', v('e1'), 'stat');
    assert.deepEqual(book.conflict(id, 'work (cn-north-4)', v('e1')), { kind: 'platform', openedOn: 'Local' });
    book.seen(id, 'work (cn-north-4)', v('e9'), 'content');
    assert.equal(book.conflict(id, 'work (cn-north-4)', v('e9')), undefined, 'read again there: its bytes are that platform’s');
  });

  it('reports a new version later than the one before, even within the same second; the same version keeps its mtime', () => {
    const book = new VersionBook();
    const first = book.seen(id, 'Local', v('e1', 5_000), 'content');
    assert.equal(first, 5_000);
    assert.equal(book.seen(id, 'Local', v('e1', 5_000), 'stat'), 5_000);
    const second = book.seen(id, 'Local', v('e2', 5_000), 'stat');
    assert.ok(second > first, `${second} > ${first}`);
    assert.equal(book.seen(id, 'Local', v('e3', 9_000), 'stat'), 9_000, 'a later Last-Modified is reported as it is');
    assert.ok(book.seen(id, 'Other', v('e3', 9_000), 'stat') > 9_000, 'another platform is another version');
  });

  it('forgets a deleted object', () => {
    const book = new VersionBook();
    book.seen(id, 'Local', v('e1'), 'content');
    assert.deepEqual(book.ids(), [id]);
    book.forget(id);
    assert.deepEqual(book.ids(), []);
    assert.equal(book.conflict(id, 'Local', v('e2')), undefined);
  });
});
