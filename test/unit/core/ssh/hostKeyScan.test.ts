import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Server } from 'ssh2';
import { type HostKeyError, type HostKeyQuestion, pinHostKeyForTarget, scanHostKey } from '../../../../extension/core/ssh/hostKeyScan';
import { pinHostKey, readPinnedKey } from '../../../../extension/core/ssh/knownHosts';
import { fingerprintOf, generateEd25519 } from '../../../../extension/core/ssh/keys';
import type { SshTarget } from '../../../../extension/core/ssh/target';
import { ensureCommand } from '../../../helpers/peers';

const keyLine = (publicKey: string) => publicKey.split(' ').slice(0, 2).join(' ');

describe('core/ssh/hostKeyScan', function () {
  this.timeout(30_000);
  const hostKey = generateEd25519();
  let server: Server;
  let port: number;
  let authAttempts = 0;
  let dir: string;
  let file: string;
  let target: SshTarget;

  before(async () => {
    server = new Server({ hostKeys: [hostKey.private] }, (conn) => {
      conn.on('authentication', (ctx) => {
        authAttempts++;
        ctx.reject();
      });
      conn.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ma-scan-'));
    file = path.join(dir, 'ssh', 'known_hosts');
    target = {
      notebookId: 'nb1',
      notebookName: 'nb',
      host: '127.0.0.1',
      port,
      user: 'ma-user',
      hostAlias: 'modelarts-nb',
      hostKeyAlias: 'modelarts-notebook-nb1',
      keyPairNames: [],
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the key OpenSSH sees (ssh-keyscan), without ever authenticating', async () => {
    ensureCommand('ssh-keyscan', 'openssh-client');
    const line = await scanHostKey('127.0.0.1', port);
    assert.equal(line, keyLine(hostKey.public));
    const { stdout } = await promisify(execFile)('ssh-keyscan', ['-t', 'ed25519', '-p', String(port), '127.0.0.1'], { encoding: 'utf8' });
    assert.equal(stdout.trim().split(' ').slice(1).join(' '), line);
    assert.equal(authAttempts, 0);
  });

  it('pins silently when the platform vouches for the key (local mode), then finds it pinned', async () => {
    const asked: HostKeyQuestion[] = [];
    const decide = (q: HostKeyQuestion) => (asked.push(q), false);
    const vouched = { ...target, expectedFingerprint: fingerprintOf(hostKey.public) };
    assert.deepEqual(await pinHostKeyForTarget(vouched, { decide, knownHostsFile: file }), {
      fingerprint: fingerprintOf(hostKey.public),
      outcome: 'pinned',
    });
    assert.deepEqual(await pinHostKeyForTarget(vouched, { decide, knownHostsFile: file }), {
      fingerprint: fingerprintOf(hostKey.public),
      outcome: 'already-pinned',
    });
    assert.deepEqual(asked, []);
    assert.equal(readFileSync(file, 'utf8'), `modelarts-notebook-nb1 ${keyLine(hostKey.public)}\n`);
  });

  it('fails loudly when the key differs from the one the platform announced', async () => {
    const other = fingerprintOf(generateEd25519().public);
    await assert.rejects(
      pinHostKeyForTarget({ ...target, expectedFingerprint: other }, { decide: () => true, knownHostsFile: file }),
      (e: HostKeyError) => e.problem === 'unexpected-key' && e.message.includes(other) && /intercepting/.test(e.message),
    );
    assert.equal(readPinnedKey(target.hostKeyAlias, file), undefined);
  });

  it('asks about a first key when nobody vouches for it (cloud), and pins only on yes', async () => {
    const fingerprint = fingerprintOf(hostKey.public);
    const asked: HostKeyQuestion[] = [];
    await assert.rejects(
      pinHostKeyForTarget(target, { decide: (q) => (asked.push(q), false), knownHostsFile: file }),
      (e: HostKeyError) => e.problem === 'refused-new' && e.message.includes(fingerprint),
    );
    assert.deepEqual(asked, [{ kind: 'new', fingerprint }]);
    assert.equal(readPinnedKey(target.hostKeyAlias, file), undefined);
    await assert.rejects(
      pinHostKeyForTarget(target, { knownHostsFile: file }),
      (e: HostKeyError) => e.problem === 'refused-new',
      'no decider: refused',
    );
    assert.equal((await pinHostKeyForTarget(target, { decide: async () => true, knownHostsFile: file })).outcome, 'pinned');
  });

  it('never replaces a changed key silently, not even one the platform vouches for', async () => {
    const old = generateEd25519().public;
    pinHostKey(target.hostKeyAlias, old, file);
    const asked: HostKeyQuestion[] = [];
    const vouched = { ...target, expectedFingerprint: fingerprintOf(hostKey.public) };
    await assert.rejects(
      pinHostKeyForTarget(vouched, { decide: (q) => (asked.push(q), false), knownHostsFile: file }),
      (e: HostKeyError) => e.problem === 'refused-changed' && e.message.includes(fingerprintOf(old)),
    );
    assert.deepEqual(asked, [{ kind: 'changed', oldFingerprint: fingerprintOf(old), newFingerprint: fingerprintOf(hostKey.public) }]);
    assert.equal(readPinnedKey(target.hostKeyAlias, file)?.fingerprint, fingerprintOf(old), 'the old pin stays');
    assert.equal((await pinHostKeyForTarget(vouched, { decide: () => true, knownHostsFile: file })).outcome, 'replaced');
    assert.equal(readPinnedKey(target.hostKeyAlias, file)?.fingerprint, fingerprintOf(hostKey.public));
  });

  it('says where it could not connect, gives up on a silent server, and stops when cancelled', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await assert.rejects(
      pinHostKeyForTarget({ ...target, port: closedPort }, { knownHostsFile: file }),
      (e: HostKeyError) => e.problem === 'unreachable' && e.message.includes(`127.0.0.1:${closedPort}`) && /allow-list/.test(e.message),
    );

    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      await assert.rejects(scanHostKey('127.0.0.1', silentPort, { timeoutMs: 300 }), /handshake|timed out/i);
      const controller = new AbortController();
      const pending = scanHostKey('127.0.0.1', silentPort, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
      await assert.rejects(
        pinHostKeyForTarget({ ...target, port: silentPort }, { signal: AbortSignal.abort(), knownHostsFile: file }),
        (e: Error) => e.name === 'AbortError',
      );
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
