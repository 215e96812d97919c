import assert from 'node:assert/strict';
import { allCommands } from '../../../extension/cli/commands/index';
import { runCli } from '../../../extension/cli/main';
import { readJson } from '../../helpers/repo';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('cli/main', () => {
  it('--version prints the package version and exits 0', async () => {
    const { code, out } = await run(['--version']);
    assert.equal(code, 0);
    assert.equal(out.trim(), readJson<{ version: string }>('package.json').version);
  });

  it('--help prints usage and exits 0; no arguments prints usage and exits 2', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: modelarts/);
    const bare = await run([]);
    assert.equal(bare.code, 2);
    assert.match(bare.out, /^Usage: modelarts/);
  });

  it('an unknown command is a usage error on stderr with exit 2', async () => {
    const { code, out, err } = await run(['frobnicate']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /unknown command 'frobnicate'/);
  });

  it('local: an unknown verb or flag is a usage error with exit 2', async () => {
    assert.equal((await run(['local', 'explode'])).code, 2);
    assert.equal((await run(['local', 'start', '--port', 'abc'])).code, 2);
    assert.equal((await run(['local', 'status', '--bogus'])).code, 2);
  });

  it('every group answers --help, -h and `help GROUP` with its own commands and exit 0', async () => {
    const groups = [...new Set(allCommands.map((c) => c.path[0] as string))];
    assert.ok(groups.length >= 8, groups.join(' '));
    for (const group of groups) {
      const mine = allCommands.filter((c) => c.path[0] === group).map((c) => c.path.join(' '));
      for (const argv of [
        [group, '--help'],
        [group, '-h'],
        ['help', group],
      ]) {
        const { code, out, err } = await run(argv);
        assert.equal(code, 0, `${argv.join(' ')}: ${err}`);
        assert.match(out, new RegExp(`^Usage: modelarts ${group} <command>`), argv.join(' '));
        for (const command of mine) assert.ok(out.includes(`  ${command} `), `${argv.join(' ')} lists ${command}`);
        assert.equal(err, '');
      }
    }
    const local = await run(['local', '--help']);
    assert.equal(local.code, 0, local.err);
    assert.match(local.out, /^Usage: modelarts local <start\|status\|stop>/);
    assert.equal((await run(['help', 'local'])).code, 0);
    assert.equal((await run(['local', 'start', '--help'])).code, 0);
  });

  it('a command answers -h and `help GROUP COMMAND` as it answers --help; -h after its arguments is theirs', async () => {
    for (const argv of [
      ['job', 'logs', '-h'],
      ['help', 'job', 'logs'],
    ]) {
      const { code, out } = await run(argv);
      assert.equal(code, 0, argv.join(' '));
      assert.match(out, /^Usage: modelarts job logs /);
    }
    const unknown = await run(['help', 'frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command 'frobnicate'/);
  });
});
