import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliHarness, startCliHarness } from '../../helpers/cli';

describe('cli: modelarts obs (local mode storage, started on demand)', function () {
  this.timeout(180_000);
  let cli: CliHarness;
  before(async () => {
    cli = await startCliHarness();
  });
  after(() => cli.close());

  it('makes a bucket, uploads a file, lists it, downloads it byte-identical', () => {
    const file = path.join(cli.home, 'weights.bin');
    const data = randomBytes(3 * 1024 * 1024 + 5);
    writeFileSync(file, data);
    assert.equal(cli.run(['obs', 'mb', 'obs://models']).code, 0);
    const up = cli.json(['obs', 'cp', file, 'obs://models/run1/']);
    assert.equal(up.url, 'obs://models/run1/weights.bin');
    assert.match(up.sha256, /^[0-9a-f]{64}$/);
    const listed = cli.run(['obs', 'ls', 'obs://models/run1/']);
    assert.equal(listed.code, 0);
    assert.match(listed.out, /^TYPE\s+SIZE\s+MODIFIED\s+URL/);
    assert.match(listed.out, /OBJ\s+3145733\s+.*obs:\/\/models\/run1\/weights\.bin/);
    const back = path.join(cli.home, 'back.bin');
    const down = cli.json(['obs', 'cp', 'obs://models/run1/weights.bin', back]);
    assert.equal(down.verified, true);
    assert.ok(readFileSync(back).equals(data));
  });

  it('copies folders both ways and removes a prefix recursively', () => {
    const dir = path.join(cli.home, 'code');
    mkdirSync(path.join(dir, 'pkg'), { recursive: true });
    writeFileSync(path.join(dir, 'train.py'), 'print("hi")\n');
    writeFileSync(path.join(dir, 'pkg', 'util.py'), 'X = 1\n');
    assert.equal(cli.json(['obs', 'cp', dir, 'obs://models/code/']).transferred, 2);
    assert.equal(cli.json(['obs', 'cp', dir, 'obs://models/code/']).skipped, 2, 'unchanged files are skipped');
    const out = path.join(cli.home, 'code-back');
    assert.equal(cli.json(['obs', 'cp', 'obs://models/code/', out]).transferred, 2);
    assert.equal(readFileSync(path.join(out, 'pkg', 'util.py'), 'utf8'), 'X = 1\n');
    assert.equal(cli.json(['obs', 'rm', 'obs://models/code/', '--recursive']).deleted, 2);
    assert.deepEqual(cli.json(['obs', 'ls', 'obs://models/code/']), []);
  });

  it('fails clearly: usage errors exit 2, storage errors exit 1', () => {
    const both = cli.run(['obs', 'cp', 'a', 'b']);
    assert.equal(both.code, 2);
    assert.match(both.err, /exactly one side must be obs:\/\//);
    assert.equal(cli.run(['obs', 'cp', path.join(cli.home, 'missing'), 'obs://models/x']).code, 2);
    assert.equal(cli.run(['obs', 'ls', 'not-a-url']).code, 2);
    const prefix = cli.run(['obs', 'rm', 'obs://models/run1/']);
    assert.equal(prefix.code, 2);
    assert.match(prefix.err, /--recursive/);
    const missing = cli.run(['obs', 'rm', 'obs://models/nope.bin']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /does not exist/);
    const noBucket = cli.run(['obs', 'cp', path.join(cli.home, 'weights.bin'), 'obs://no-such-bucket/x']);
    assert.equal(noBucket.code, 1);
    assert.match(noBucket.err, /bucket/i);
    assert.equal(cli.run(['obs', 'ls', '--bogus']).code, 2);
  });
});
