import assert from 'node:assert/strict';
import { PlatformError } from '../../../../extension/core/api/errors';
import { settleEach } from '../../../../extension/host/commands/bulkOutcome';

const couldNot = (target: string, reason: string) => `Could not stop ${target}: ${reason}`;

function alreadyStopped(name: string): PlatformError {
  return new PlatformError({
    kind: 'http',
    status: 400,
    errorCode: 'ModelArts.6307',
    errorMsg: `Notebook ${name} is already stopped.`,
    method: 'POST',
    path: `/v1/p/notebooks/${name}/stop`,
    requestId: 'req-1',
  });
}

describe('host: an action on several targets (settleEach)', () => {
  it('acts on every target although one fails, and names the one that failed and why', async () => {
    const acted: string[] = [];
    const outcome = await settleEach(
      ['nb-1', 'nb-2', 'nb-3'],
      async (name) => {
        if (name === 'nb-2') throw alreadyStopped(name);
        acted.push(name);
      },
      (name) => name,
      couldNot,
    );
    assert.deepEqual(acted.sort(), ['nb-1', 'nb-3'], 'the failure stopped none of the others');
    assert.deepEqual(outcome.done, ['nb-1', 'nb-3']);
    assert.deepEqual(
      outcome.failed.map((f) => [f.target, f.reason]),
      [['nb-2', 'Notebook nb-2 is already stopped. (ModelArts.6307, request req-1)']],
    );
    assert.equal(outcome.message, 'Could not stop nb-2: Notebook nb-2 is already stopped. (ModelArts.6307, request req-1)');
    assert.match(outcome.failed[0]?.detail ?? '', /POST \/v1\/p\/notebooks\/nb-2\/stop; request req-1/, 'the log gets the request line');
  });

  it('names every failure, in the order of the targets, in one message', async () => {
    const outcome = await settleEach(
      [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      async (t) => {
        if (t.name !== 'b') throw new Error(`${t.name} is gone`);
      },
      (t) => t.name,
      couldNot,
    );
    assert.deepEqual(outcome.done, ['b']);
    assert.equal(outcome.message, 'Could not stop a: a is gone Could not stop c: c is gone');
  });

  it('counts an action that throws before it returns a promise as that target’s failure, not everyone’s', async () => {
    const outcome = await settleEach(
      ['x', 'y'],
      (name) => {
        if (name === 'x') throw new Error('bad id');
        return Promise.resolve();
      },
      (name) => name,
      couldNot,
    );
    assert.deepEqual(outcome.done, ['y']);
    assert.deepEqual(
      outcome.failed.map((f) => f.target),
      ['x'],
    );
  });

  it('has no message when nothing failed', async () => {
    const outcome = await settleEach(
      ['a'],
      async () => undefined,
      (n) => n,
      couldNot,
    );
    assert.deepEqual(outcome, { done: ['a'], failed: [] });
  });
});
