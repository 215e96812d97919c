import assert from 'node:assert/strict';
import { isAbortError } from '../../../../extension/core/util/abort';
import { runSshSelfTest } from '../../../../extension/core/ssh/selfTest';

describe('core/ssh/selfTest', () => {
  it('completes a loopback handshake with public-key auth and reports what was negotiated', async () => {
    const result = await runSshSelfTest();
    assert.ok(result.cipher.length > 0, 'a cipher was negotiated');
    assert.ok(result.kex.length > 0, 'a key exchange was negotiated');
    assert.equal(typeof result.nativeCrypto, 'boolean');
  });

  it('stops with an AbortError when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runSshSelfTest(controller.signal), (err: unknown) => isAbortError(err));
  });
});
