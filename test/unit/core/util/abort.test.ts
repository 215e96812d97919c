import assert from 'node:assert/strict';
import { abortError, isAbortError, throwIfAborted } from '../../../../extension/core/util/abort';

describe('core/util/abort', () => {
  it('recognises abort errors by name, from any realm', () => {
    assert.equal(isAbortError(abortError()), true);
    assert.equal(isAbortError(new DOMException('stop', 'AbortError')), true);
    assert.equal(isAbortError({ name: 'AbortError' }), true);
    assert.equal(isAbortError(new Error('other')), false);
    assert.equal(isAbortError(undefined), false);
    assert.equal(isAbortError('AbortError'), false);
  });

  it('throwIfAborted throws only once the signal is aborted, keeping a string reason', () => {
    const controller = new AbortController();
    assert.doesNotThrow(() => throwIfAborted(controller.signal));
    assert.doesNotThrow(() => throwIfAborted(undefined));
    controller.abort('user pressed cancel');
    assert.throws(
      () => throwIfAborted(controller.signal),
      (err: Error) => isAbortError(err) && err.message === 'user pressed cancel',
    );
  });
});
