import assert from 'node:assert/strict';
import { describePathError, FileChangedError, isPathError } from '../../../../../extension/core/ssh/sync/errors';

const withCode = (code: string | number, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('core/ssh/sync errors', () => {
  it('treats SFTP statuses and per-path errnos as one path failing, anything else as stopping the sync', () => {
    assert.equal(isPathError(withCode(3)), true, 'SFTP permission denied');
    assert.equal(isPathError(withCode(4)), true, 'SFTP failure');
    assert.equal(isPathError(withCode('EACCES')), true);
    assert.equal(isPathError(new FileChangedError()), true);
    assert.equal(isPathError(withCode(7)), false, 'SFTP connection lost');
    assert.equal(isPathError(withCode('ENOSPC')), false, 'a full local disk fails every file');
    assert.equal(isPathError(new Error('No response from server')), false);
  });

  it('names the path, the side and what to do', () => {
    assert.match(
      describePathError('a/b.txt', withCode(3)).message,
      /^a\/b\.txt: permission denied on the notebook; check the owner and mode/,
    );
    assert.match(describePathError('a/b.txt', withCode('EACCES')).message, /permission denied on this computer/);
    assert.match(describePathError('c', withCode('ENOENT')).message, /^c: no longer exists on this computer .*run the sync again/);
    assert.match(describePathError('d', withCode(4, 'Failure')).message, /^d: Failure on the notebook; .*df -h/);
    assert.match(describePathError('e', new FileChangedError()).message, /^e: it changed while it was being copied/);
  });
});
