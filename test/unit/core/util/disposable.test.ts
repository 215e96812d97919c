import assert from 'node:assert/strict';
import { DisposableStore, toDisposable } from '../../../../extension/core/util/disposable';

describe('core/util/disposable', () => {
  it('toDisposable runs its cleanup once however often it is disposed', () => {
    let runs = 0;
    const d = toDisposable(() => runs++);
    d.dispose();
    d.dispose();
    assert.equal(runs, 1);
  });

  it('a store disposes in reverse order of registration', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(toDisposable(() => order.push('second')));
    store.dispose();
    assert.deepEqual(order, ['second', 'first']);
    assert.equal(store.isDisposed, true);
  });

  it('a failing dispose does not stop the others, and its error is rethrown', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(
      toDisposable(() => {
        throw new Error('boom');
      }),
    );
    store.add(toDisposable(() => order.push('c')));
    assert.throws(() => store.dispose(), /boom/);
    assert.deepEqual(order, ['c', 'a']);
  });

  it('adding to a disposed store disposes the item at once', () => {
    const store = new DisposableStore();
    store.dispose();
    let disposed = false;
    store.add(toDisposable(() => (disposed = true)));
    assert.equal(disposed, true);
  });
});
