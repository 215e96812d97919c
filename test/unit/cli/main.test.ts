import assert from 'node:assert/strict';
import { runCli } from '../../../extension/cli/main';
import { readJson } from '../../helpers/repo';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describe('cli/main', () => {
  it('--version prints the package version and exits 0', () => {
    const { code, out } = run(['--version']);
    assert.equal(code, 0);
    assert.equal(out.trim(), readJson<{ version: string }>('package.json').version);
  });

  it('--help prints usage and exits 0; no arguments prints usage and exits 2', () => {
    assert.equal(run(['--help']).code, 0);
    assert.match(run(['--help']).out, /^Usage: modelarts/);
    const bare = run([]);
    assert.equal(bare.code, 2);
    assert.match(bare.out, /^Usage: modelarts/);
  });

  it('an unknown command is a usage error on stderr with exit 2', () => {
    const { code, out, err } = run(['frobnicate']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /unknown command or option 'frobnicate'/);
  });
});
