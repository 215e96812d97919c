import assert from 'node:assert/strict';
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
});
