import assert from 'node:assert/strict';
import { CapacityQueue } from '../../../../extension/local/runtime/capacityQueue';

describe('local/runtime/capacityQueue', () => {
  let started: string[];
  let errors: string[];
  let capacities: Record<string, number>;
  let queue: CapacityQueue;
  const start = (jobId: string) => () => {
    started.push(jobId);
    return Promise.resolve();
  };

  beforeEach(() => {
    started = [];
    errors = [];
    capacities = { cpu: 2, gpu: 1 };
    queue = new CapacityQueue({
      capacityOf: (f) => capacities[f],
      onStartError: (jobId, _f, err) => errors.push(`${jobId}: ${String(err)}`),
    });
  });

  it('starts jobs while there is capacity and queues the rest in order', () => {
    assert.equal(queue.enqueue('a', 'cpu', start('a')), 'running');
    assert.equal(queue.enqueue('b', 'cpu', start('b')), 'running');
    assert.equal(queue.enqueue('c', 'cpu', start('c')), 'queued');
    assert.equal(queue.enqueue('d', 'cpu', start('d')), 'queued');
    assert.deepEqual(started, ['a', 'b']);
    assert.deepEqual(queue.running('cpu'), ['a', 'b']);
    assert.deepEqual(queue.queued('cpu'), ['c', 'd']);
  });

  it('reports positions: 0 running, 1-based in the queue, undefined unknown', () => {
    for (const id of ['a', 'b', 'c', 'd']) queue.enqueue(id, 'cpu', start(id));
    assert.equal(queue.position('a'), 0);
    assert.equal(queue.position('c'), 1);
    assert.equal(queue.position('d'), 2);
    assert.equal(queue.position('zzz'), undefined);
    assert.deepEqual(queue.stateOf('d'), { state: 'queued', flavorId: 'cpu', position: 2 });
    assert.deepEqual(queue.stateOf('a'), { state: 'running', flavorId: 'cpu' });
  });

  it('starts the head of the queue when a slot is released', () => {
    for (const id of ['a', 'b', 'c', 'd']) queue.enqueue(id, 'cpu', start(id));
    assert.equal(queue.release('a'), true);
    assert.deepEqual(started, ['a', 'b', 'c']);
    assert.equal(queue.position('d'), 1);
    assert.equal(queue.release('a'), false, 'releasing twice is a no-op');
    assert.deepEqual(started, ['a', 'b', 'c']);
  });

  it('keeps flavors independent', () => {
    queue.enqueue('g1', 'gpu', start('g1'));
    queue.enqueue('g2', 'gpu', start('g2'));
    queue.enqueue('c1', 'cpu', start('c1'));
    assert.deepEqual(started, ['g1', 'c1']);
    assert.equal(queue.position('g2'), 1);
  });

  it('cancels a queued job without starting it and moves the others up', () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) queue.enqueue(id, 'cpu', start(id));
    assert.equal(queue.cancel('d'), true);
    assert.equal(queue.position('d'), undefined);
    assert.equal(queue.position('e'), 2);
    assert.equal(queue.cancel('a'), false, 'cancel does not touch running jobs');
    queue.release('a');
    queue.release('b');
    assert.deepEqual(started, ['a', 'b', 'c', 'e']);
  });

  it('keeps strict FIFO: a small job does not overtake a big one at the head', () => {
    capacities.cpu = 3;
    queue.enqueue('a', 'cpu', start('a'), 2);
    queue.enqueue('big', 'cpu', start('big'), 3);
    queue.enqueue('small', 'cpu', start('small'), 1);
    assert.deepEqual(started, ['a']);
    queue.release('a');
    assert.deepEqual(started, ['a', 'big']);
    queue.release('big');
    assert.deepEqual(started, ['a', 'big', 'small']);
  });

  it('lets smaller jobs through when a blocking head is cancelled', () => {
    capacities.cpu = 3;
    queue.enqueue('a', 'cpu', start('a'), 2);
    queue.enqueue('big', 'cpu', start('big'), 3);
    queue.enqueue('small', 'cpu', start('small'), 1);
    queue.cancel('big');
    assert.deepEqual(started, ['a', 'small']);
  });

  it('frees the slot and reports when start fails', async () => {
    capacities.gpu = 1;
    queue.enqueue('bad', 'gpu', () => Promise.reject(new Error('no such image')));
    queue.enqueue('next', 'gpu', start('next'));
    queue.enqueue('throws', 'cpu', () => {
      throw new Error('sync');
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, ['next']);
    assert.deepEqual(errors.sort(), ['bad: Error: no such image', 'throws: Error: sync']);
    assert.equal(queue.position('bad'), undefined);
  });

  it('rejects duplicates, unknown flavors and jobs bigger than the flavor', () => {
    queue.enqueue('a', 'cpu', start('a'));
    assert.throws(() => queue.enqueue('a', 'cpu', start('a')), /already queued or running/);
    assert.throws(() => queue.enqueue('x', 'tpu', start('x')), /Unknown flavor tpu/);
    assert.throws(() => queue.enqueue('y', 'gpu', start('y'), 2), /needs 2 slots/);
    assert.throws(() => queue.enqueue('z', 'gpu', start('z'), 0), /positive whole number/);
  });

  it('starts waiting jobs when capacity grows and dispatchAll() is called', () => {
    queue.enqueue('g1', 'gpu', start('g1'));
    queue.enqueue('g2', 'gpu', start('g2'));
    capacities.gpu = 2;
    queue.dispatchAll();
    assert.deepEqual(started, ['g1', 'g2']);
  });

  it('copes with a start that releases its own slot synchronously', () => {
    capacities.gpu = 1;
    queue.enqueue('quick', 'gpu', () => {
      started.push('quick');
      queue.release('quick');
      return Promise.resolve();
    });
    queue.enqueue('after', 'gpu', start('after'));
    assert.deepEqual(started, ['quick', 'after']);
    assert.deepEqual(queue.running('gpu'), ['after']);
  });
});
