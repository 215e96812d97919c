import assert from 'node:assert/strict';
import { RequestBudget } from '../../../../../extension/core/ssh/sync/budget';

describe('core/ssh/sync RequestBudget', () => {
  it('hands out permits up to the total and queues the rest first come, first served', async () => {
    const budget = new RequestBudget(4);
    const order: string[] = [];
    await budget.acquire(3);
    const big = budget.acquire(3).then(() => order.push('big'));
    const small = budget.acquire(1).then(() => order.push('small'));
    await Promise.resolve();
    assert.deepEqual(order, [], 'a later small request does not overtake a waiting big one');
    budget.release(3);
    await Promise.all([big, small]);
    assert.deepEqual(order, ['big', 'small']);
  });

  it('never asks for more than the total (a step larger than the budget still runs, alone)', async () => {
    const budget = new RequestBudget(2);
    await budget.acquire(10);
    let second = false;
    const next = budget.acquire(1).then(() => (second = true));
    await Promise.resolve();
    assert.equal(second, false);
    budget.release(10);
    await next;
    assert.equal(second, true);
  });
});
