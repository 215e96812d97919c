import assert from 'node:assert/strict';
import { ParamsError, RpcEndpoint, type RpcFailure } from '../../../webviews/protocol/endpoint';
import { notification, request } from '../../../webviews/protocol/rpc';

/** Two endpoints wired to each other, as host and webview are through postMessage. */
function pair() {
  const errors: string[] = [];
  let toB: (m: unknown) => void = () => undefined;
  let toA: (m: unknown) => void = () => undefined;
  const a = new RpcEndpoint({ send: (m) => queueMicrotask(() => toB(m)), timeoutMs: 200, onHandlerError: (method) => errors.push(method) });
  const b = new RpcEndpoint({ send: (m) => queueMicrotask(() => toA(m)), timeoutMs: 200, onHandlerError: (method) => errors.push(method) });
  toB = (m) => b.receive(m);
  toA = (m) => a.receive(m);
  return { a, b, errors };
}

const Add = request<{ x: number; y: number }, number>('test/add');
const Tick = notification<{ n: number }>('test/tick');
const parseAdd = (raw: unknown) => {
  const o = raw as { x?: unknown; y?: unknown };
  if (typeof o?.x !== 'number' || typeof o.y !== 'number') throw new ParamsError('x and y must be numbers');
  return { x: o.x, y: o.y };
};

describe('webviews/protocol/endpoint', () => {
  it('answers requests in both directions', async () => {
    const { a, b } = pair();
    a.onRequest(Add, parseAdd, ({ x, y }) => x + y);
    b.onRequest(Add, parseAdd, async ({ x, y }) => x * y);
    assert.equal(await b.request(Add, { x: 2, y: 3 }), 5);
    assert.equal(await a.request(Add, { x: 2, y: 3 }), 6);
  });

  it('checks params before the handler runs: bad ones answer bad-params', async () => {
    const { a, b, errors } = pair();
    let ran = false;
    a.onRequest(Add, parseAdd, () => {
      ran = true;
      return 0;
    });
    await assert.rejects(
      b.request(Add, { x: 'one', y: 2 } as unknown as { x: number; y: number }),
      (e: RpcFailure) => e.code === 'bad-params',
    );
    assert.equal(ran, false);
    assert.deepEqual(errors, ['test/add']);
  });

  it('a request nobody answers times out; an unknown method answers no-handler', async () => {
    const silent = new RpcEndpoint({ send: () => undefined, timeoutMs: 30 });
    await assert.rejects(silent.request(Add, { x: 1, y: 1 }), (e: RpcFailure) => e.code === 'timeout');
    const { b } = pair();
    await assert.rejects(b.request(Add, { x: 1, y: 1 }), (e: RpcFailure) => e.code === 'no-handler');
  });

  it('close() rejects every pending request with closed and sends nothing more', async () => {
    const sent: unknown[] = [];
    const end = new RpcEndpoint({ send: (m) => sent.push(m), timeoutMs: 0 });
    const waiting = end.request(Add, { x: 1, y: 2 });
    end.close();
    await assert.rejects(waiting, (e: RpcFailure) => e.code === 'closed');
    end.notify(Tick, { n: 1 });
    await assert.rejects(end.request(Add, { x: 1, y: 2 }), (e: RpcFailure) => e.code === 'closed');
    assert.equal(sent.length, 1);
  });

  it('delivers notifications whose params parse, and drops the others', async () => {
    const { a, b } = pair();
    const got: number[] = [];
    a.onNotification(
      Tick,
      (raw) => {
        const n = (raw as { n?: unknown }).n;
        if (typeof n !== 'number') throw new ParamsError('n');
        return { n };
      },
      ({ n }) => got.push(n),
    );
    b.notify(Tick, { n: 1 });
    b.notify(Tick, { n: 'two' } as unknown as { n: number });
    b.notify(Tick, { n: 3 });
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got, [1, 3]);
  });
});
