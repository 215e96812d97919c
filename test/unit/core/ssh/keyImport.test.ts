import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkKeyFile, fixKeyFilePermissions } from '../../../../extension/core/ssh/keyFilePermissions';
import {
  EncryptedKeyError,
  fingerprintOf,
  fingerprintOfBlob,
  generateKeyPair,
  publicKeyFromPrivate,
} from '../../../../extension/core/ssh/keys';
import { ensureCommand } from '../../../helpers/peers';

const run = promisify(execFile);

describe('core/ssh: importing an existing key', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-keyimport-'));

  it('derives the public key line ssh-keygen -y prints, for our keys and OpenSSH’s, encrypted ones with their passphrase', async () => {
    const ours = generateKeyPair('x');
    assert.equal(publicKeyFromPrivate(ours.privateKey), ours.publicKey.split(' ').slice(0, 2).join(' '));
    ensureCommand('ssh-keygen', 'openssh-client');
    const file = path.join(dir, 'id_enc');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'pass phrase', '-f', file]);
    const text = readFileSync(file, 'utf8');
    assert.throws(() => publicKeyFromPrivate(text), EncryptedKeyError);
    assert.throws(() => publicKeyFromPrivate(text, 'wrong'), EncryptedKeyError);
    const expected = readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    assert.equal(publicKeyFromPrivate(text, 'pass phrase'), expected);
    assert.throws(() => publicKeyFromPrivate(readFileSync(`${file}.pub`, 'utf8')), /public key; choose the private key/);
    assert.throws(() => publicKeyFromPrivate('not a key'), /Not a private key/);
  });

  it('fingerprints a wire-format key blob the way it fingerprints the line', () => {
    const { publicKey } = generateKeyPair('x');
    assert.equal(fingerprintOfBlob(Buffer.from(publicKey.split(' ')[1] as string, 'base64')), fingerprintOf(publicKey));
  });

  it('finds a key file others can read, and makes it private', async function () {
    if (process.platform === 'win32') this.skip();
    const file = path.join(dir, 'open_key');
    writeFileSync(file, 'x');
    chmodSync(file, 0o644);
    const check = checkKeyFile(file);
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.problem, 'too-open');
    assert.match(!check.ok ? check.detail : '', /0644.*0600/);
    await fixKeyFilePermissions(file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(checkKeyFile(file), { ok: true });
    assert.equal((checkKeyFile(path.join(dir, 'missing')) as { problem: string }).problem, 'missing');
    assert.equal((checkKeyFile(dir) as { problem: string }).problem, 'not-a-file');
  });
});
