import assert from 'node:assert/strict';
import { HostEndpoint } from '../../../webviews/common/hostEndpoint';
import { isEnvelope, notification, request } from '../../../webviews/protocol/rpc';

describe('webviews/protocol/rpc', () => {
  it('accepts the four envelope shapes', () => {
    assert.ok(isEnvelope({ id: 1, method: 'a/b', params: {} }));
    assert.ok(isEnvelope({ method: 'a/didB', params: null }));
    assert.ok(isEnvelope({ id: 2, result: [1, 2] }));
    assert.ok(isEnvelope({ id: 3, error: { code: 'x', message: 'y' } }));
  });

  it('rejects everything else', () => {
    for (const bad of [
      null,
      'x',
      [],
      {},
      { id: -1, result: 1 },
      { id: 1.5, result: 1 },
      { id: '1', result: 1 },
      { method: '', params: 1 },
      { method: 'a' },
      { id: 1 },
      { id: 1, error: { code: 1 } },
      { method: 'x'.repeat(201), params: 1 },
    ]) {
      assert.equal(isEnvelope(bad), false, JSON.stringify(bad));
    }
  });
});

describe('webviews/common/hostEndpoint', () => {
  type Listener = (event: { data: unknown }) => void;
  function setup() {
    const posted: unknown[] = [];
    let listener: Listener = () => undefined;
    const endpoint = new HostEndpoint({ postMessage: (m) => posted.push(m) }, { addEventListener: (_t, l) => (listener = l) });
    return { endpoint, posted, deliver: (data: unknown) => listener({ data }) };
  }
  const Echo = request<{ text: string }, { text: string }>('test/echo');
  const DidTick = notification<{ n: number }>('test/didTick');

  it('matches responses to requests by id', async () => {
    const { endpoint, posted, deliver } = setup();
    const first = endpoint.request(Echo, { text: 'one' });
    const second = endpoint.request(Echo, { text: 'two' });
    assert.deepEqual(posted, [
      { id: 1, method: 'test/echo', params: { text: 'one' } },
      { id: 2, method: 'test/echo', params: { text: 'two' } },
    ]);
    deliver({ id: 2, result: { text: 'TWO' } });
    deliver({ id: 1, error: { code: 'E1', message: 'failed' } });
    assert.deepEqual(await second, { text: 'TWO' });
    await assert.rejects(first, (err: Error & { code?: string }) => err.message === 'failed' && err.code === 'E1');
  });

  it('routes notifications and drops malformed or unknown messages', () => {
    const { endpoint, deliver } = setup();
    const ticks: number[] = [];
    endpoint.onNotification(DidTick, (p) => ticks.push(p.n));
    deliver({ method: 'test/didTick', params: { n: 7 } });
    deliver({ method: 'test/other', params: {} });
    deliver({ id: 99, result: 'nobody asked' });
    deliver('garbage');
    assert.deepEqual(ticks, [7]);
  });
});
