import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareHostKey, knownHostsFile, pinHostKey, readPinnedKey, unpinHostKey } from '../../../../extension/core/ssh/knownHosts';
import { fingerprintOf, generateEd25519 } from '../../../../extension/core/ssh/keys';

describe('core/ssh/knownHosts', () => {
  let dir: string;
  let file: string;
  const keyA = generateEd25519('host-a').public;
  const keyB = generateEd25519().public;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ma-kh-'));
    file = knownHostsFile({ MODELARTS_CONFIG_DIR: dir });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives in <configDir>/ssh/known_hosts, 0600 in a 0700 dir, one line per alias without comments', () => {
    assert.equal(file, path.join(dir, 'ssh', 'known_hosts'));
    assert.equal(readPinnedKey('modelarts-notebook-1', file), undefined);
    assert.equal(pinHostKey('modelarts-notebook-1', keyA, file), fingerprintOf(keyA));
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8'), `modelarts-notebook-1 ${keyA.split(' ').slice(0, 2).join(' ')}\n`);
    assert.deepEqual(readPinnedKey('modelarts-notebook-1', file), {
      keyLine: keyA.split(' ').slice(0, 2).join(' '),
      fingerprint: fingerprintOf(keyA),
    });
  });

  it('compares a scanned key: new, match, changed with both fingerprints', () => {
    assert.deepEqual(compareHostKey('modelarts-notebook-1', keyA, file), { kind: 'new' });
    pinHostKey('modelarts-notebook-1', keyA, file);
    assert.deepEqual(compareHostKey('modelarts-notebook-1', keyA, file), { kind: 'match' });
    assert.deepEqual(compareHostKey('modelarts-notebook-1', keyB, file), {
      kind: 'changed',
      oldFingerprint: fingerprintOf(keyA),
      newFingerprint: fingerprintOf(keyB),
    });
  });

  it('replaces only the alias it pins, keeping other lines, comments and markers', () => {
    pinHostKey('modelarts-notebook-2', keyB, file);
    const extra = `# a comment\n@revoked modelarts-notebook-1 ${keyB}\nother-host,10.0.0.1 ${keyB}\n`;
    writeFileSync(file, readFileSync(file, 'utf8') + extra);
    pinHostKey('modelarts-notebook-1', keyA, file);
    pinHostKey('modelarts-notebook-1', keyB, file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('modelarts-notebook-1 ')).length, 1);
    assert.ok(
      lines.includes('# a comment') && lines.includes(`other-host,10.0.0.1 ${keyB}`) && lines.some((l) => l.startsWith('@revoked')),
    );
    assert.equal(readPinnedKey('modelarts-notebook-1', file)?.fingerprint, fingerprintOf(keyB));
    assert.equal(readPinnedKey('modelarts-notebook-2', file)?.fingerprint, fingerprintOf(keyB));
    assert.equal(unpinHostKey('modelarts-notebook-1', file), true);
    assert.equal(unpinHostKey('modelarts-notebook-1', file), false);
    assert.equal(readPinnedKey('modelarts-notebook-1', file), undefined);
  });

  it('refuses an alias that would name other hosts and a line that is not a key', () => {
    assert.throws(() => pinHostKey('a,b', keyA, file), /cannot name a host key/);
    assert.throws(() => pinHostKey('a\nb', keyA, file), /cannot name a host key/);
    assert.throws(() => pinHostKey('a', 'ssh-ed25519 nope', file), /Not an SSH public key/);
  });

  it('reports a damaged pin as changed, so the user is asked', () => {
    pinHostKey('modelarts-notebook-1', keyA, file);
    writeFileSync(file, 'modelarts-notebook-1 ssh-ed25519 AAAAbroken\n');
    const result = compareHostKey('modelarts-notebook-1', keyA, file);
    assert.equal(result.kind, 'changed');
  });
});
