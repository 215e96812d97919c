import assert from 'node:assert/strict';
import { checkFlags, numberFlag, parseArgs, UsageError } from '../../../extension/cli/args';
import { displayWidth, formatTable } from '../../../extension/cli/output';

describe('cli/args and cli/output', () => {
  it('splits words and flags, in any order, with = or a separate value', () => {
    const { words, flags } = parseArgs(
      ['--output', 'json', 'notebook', 'create', '--name=nb1', '--wait', '--auto-stop', '2'],
      new Set(['wait']),
    );
    assert.deepEqual(words, ['notebook', 'create']);
    assert.equal(flags.get('output'), 'json');
    assert.equal(flags.get('name'), 'nb1');
    assert.equal(flags.get('wait'), true);
    assert.equal(flags.get('auto-stop'), '2');
  });

  it('treats everything after -- as words', () => {
    assert.deepEqual(parseArgs(['obs', 'rm', '--', '--weird-name']).words, ['obs', 'rm', '--weird-name']);
  });

  it('refuses a flag without its value, a repeated flag, and unknown flags', () => {
    assert.throws(() => parseArgs(['--name']), UsageError);
    assert.throws(() => parseArgs(['--name', 'a', '--name', 'b']), /twice/);
    assert.throws(() => checkFlags(parseArgs(['--nmae', 'x']).flags, ['name']), /unknown option --nmae/);
    assert.doesNotThrow(() => checkFlags(parseArgs(['--profile', 'p', '--name', 'x']).flags, ['name']));
  });

  it('checks number flags against their range', () => {
    const { flags } = parseArgs(['--auto-stop', '100']);
    assert.throws(() => numberFlag(flags, 'auto-stop', 1, 72), /from 1 to 72/);
    assert.equal(numberFlag(parseArgs(['--auto-stop', '3']).flags, 'auto-stop', 1, 72), 3);
  });

  it('aligns table columns, counting CJK characters as two columns', () => {
    assert.equal(displayWidth('训练'), 4);
    const text = formatTable(
      [
        { n: '训练', s: 'RUNNING' },
        { n: 'job-1', s: 'STOPPED' },
      ],
      [
        { header: 'NAME', value: (r) => r.n },
        { header: 'STATUS', value: (r) => r.s },
      ],
    );
    assert.equal(text, 'NAME   STATUS\n训练   RUNNING\njob-1  STOPPED\n');
  });
});
