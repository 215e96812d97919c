import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { fingerprintOf, generateEd25519, generateKeyPair } from '../../../../extension/core/ssh/keys';

describe('core/ssh/keys', () => {
  it('generates an Ed25519 pair whose public line carries the comment', () => {
    const pair = generateKeyPair('alice@notebook');
    assert.match(pair.publicKey, /^ssh-ed25519 [A-Za-z0-9+/]+=* alice@notebook$/);
    assert.match(pair.privateKey, /^-----BEGIN OPENSSH PRIVATE KEY-----/);
    assert.match(pair.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('computes the same fingerprint as OpenSSH ssh-keygen, and OpenSSH reads the private key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-keys-'));
    try {
      const pair = generateKeyPair('peer-check');
      const pub = path.join(dir, 'id.pub');
      const priv = path.join(dir, 'id');
      writeFileSync(pub, `${pair.publicKey}\n`);
      writeFileSync(priv, pair.privateKey, { mode: 0o600 });
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub], { encoding: 'utf8' });
      assert.equal(printed.split(' ')[1], pair.fingerprint);
      const derived = execFileSync('ssh-keygen', ['-y', '-f', priv], { encoding: 'utf8' }).trim();
      assert.equal(derived.split(' ').slice(0, 2).join(' '), pair.publicKey.split(' ').slice(0, 2).join(' '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a line that is not a public key', () => {
    assert.throws(() => fingerprintOf('ssh-ed25519 not-base64!'), /Not an SSH public key/);
    assert.throws(() => fingerprintOf(''), /Not an SSH public key/);
  });
});

describe('core/ssh/keys: generateEd25519', () => {
  it('always gives a pair ssh2 can read back (its raw generator sometimes does not)', () => {
    for (let i = 0; i < 2000; i++) {
      const pair = generateEd25519();
      assert.ok(!(utils.parseKey(pair.private) instanceof Error), `key ${i} did not parse`);
    }
  });
});
