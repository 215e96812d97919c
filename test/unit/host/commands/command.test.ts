import assert from 'node:assert/strict';
import { commandOptions } from '../../../../extension/host/commands/command';

describe('host: scripted command options (commandOptions)', () => {
  it('confirms only on { confirmed: true }: anything else still asks', () => {
    assert.deepEqual(commandOptions({ confirmed: true }), { confirmed: true });
    for (const value of [undefined, null, true, 'confirmed', { confirmed: 'yes' }, { confirmed: 1 }, [{ confirmed: true }], {}])
      assert.deepEqual(commandOptions(value), {}, `${JSON.stringify(value)} confirmed`);
  });
});
