import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Notebook, NotebookEndpoint } from '../../../../extension/core/api/resources/notebookTypes';
import { hostAliasFor, hostKeyAliasFor, parseSshAddress, SshTargetError, sshTargetOf } from '../../../../extension/core/ssh/target';

function notebook(overrides: Partial<Notebook> = {}, endpoint: Partial<NotebookEndpoint> | null = {}): Notebook {
  return {
    id: '3f1c2a9e-55b0-4c1e-9d1e-0a1b2c3d4e5f',
    name: 'My_Notebook',
    status: 'RUNNING',
    flavor: 'modelarts.vm.cpu.2u',
    image: { id: 'img', name: 'pytorch' } as Notebook['image'],
    endpoints:
      endpoint === null
        ? []
        : [
            {
              service: 'SSH',
              uri: 'ssh://ma-user@127.0.0.1:40222',
              key_pair_names: ['laptop'],
              host_key_fingerprint: 'SHA256:abc',
              ...endpoint,
            },
          ],
    ...overrides,
  };
}

describe('core/ssh/target', () => {
  let configDir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    configDir = mkdtempSync(path.join(os.tmpdir(), 'ma-target-'));
    env = { MODELARTS_CONFIG_DIR: configDir };
  });
  afterEach(() => rmSync(configDir, { recursive: true, force: true }));

  it('reads a local-mode endpoint: address, user, aliases and the fingerprint to expect', () => {
    const t = sshTargetOf(notebook(), { env });
    assert.deepEqual(t, {
      notebookId: '3f1c2a9e-55b0-4c1e-9d1e-0a1b2c3d4e5f',
      notebookName: 'My_Notebook',
      host: '127.0.0.1',
      port: 40222,
      user: 'ma-user',
      hostAlias: 'modelarts-my-notebook',
      hostKeyAlias: 'modelarts-notebook-3f1c2a9e-55b0-4c1e-9d1e-0a1b2c3d4e5f',
      keyPairNames: ['laptop'],
      expectedFingerprint: 'SHA256:abc',
    });
  });

  it('finds the private key of the key pair on this machine, or takes the one given', () => {
    mkdirSync(path.join(configDir, 'keys'), { recursive: true });
    writeFileSync(path.join(configDir, 'keys', 'laptop'), 'secret', { mode: 0o600 });
    assert.equal(sshTargetOf(notebook(), { env }).identityFile, path.join(configDir, 'keys', 'laptop'));
    assert.equal(sshTargetOf(notebook(), { env, identityFile: '/picked/key.pem' }).identityFile, '/picked/key.pem');
    // A cloud key pair name this toolkit would not make is simply not found here.
    assert.equal(sshTargetOf(notebook({}, { key_pair_names: ['KeyPair 1'] }), { env }).identityFile, undefined);
  });

  it('reads the cloud forms of the address', () => {
    assert.deepEqual(parseSshAddress('ssh://ma-user@dev-modelarts-cnnorth4.huaweicloud.com:31205'), {
      host: 'dev-modelarts-cnnorth4.huaweicloud.com',
      port: 31205,
      user: 'ma-user',
    });
    assert.deepEqual(parseSshAddress('dev-modelarts.example.com:31205'), {
      host: 'dev-modelarts.example.com',
      port: 31205,
      user: 'ma-user',
    });
    assert.deepEqual(parseSshAddress('192.168.0.12'), { host: '192.168.0.12', port: 22, user: 'ma-user' });
    assert.deepEqual(parseSshAddress('root@10.0.0.1:2022'), { host: '10.0.0.1', port: 2022, user: 'root' });
    assert.deepEqual(parseSshAddress('[fd00::1]:2222'), { host: 'fd00::1', port: 2222, user: 'ma-user' });
    assert.deepEqual(parseSshAddress('fd00::1'), { host: 'fd00::1', port: 22, user: 'ma-user' });
    assert.deepEqual(parseSshAddress('ssh://u@[fd00::2]:23'), { host: 'fd00::2', port: 23, user: 'u' });
    assert.deepEqual(parseSshAddress('ssh://host.example'), { host: 'host.example', port: 22, user: 'ma-user' });
  });

  it('refuses addresses that could smuggle options into ssh config', () => {
    for (const bad of [
      'host:0',
      'host:99999',
      'host:abc',
      'ho st:22',
      'host\nProxyCommand x',
      '-oProxyCommand=x',
      'http://host:22',
      'a%hb',
      '',
    ]) {
      assert.equal(parseSshAddress(bad), undefined, bad);
    }
    assert.throws(
      () => sshTargetOf(notebook({}, { uri: 'ssh://x@host:22\nProxyCommand evil' })),
      (e: SshTargetError) => e.problem === 'bad-address',
    );
  });

  it('says to start a notebook that is not running, and explains a notebook without SSH', () => {
    assert.throws(
      () => sshTargetOf(notebook({ status: 'STOPPED' })),
      (e: SshTargetError) => e instanceof SshTargetError && e.problem === 'not-running' && /is STOPPED; start it/.test(e.message),
    );
    assert.throws(
      () => sshTargetOf(notebook({}, null)),
      (e: SshTargetError) => e.problem === 'no-ssh' && /created without remote SSH \(no key pair\)/.test(e.message),
    );
    assert.throws(
      () => sshTargetOf(notebook({}, { key_pair_names: [] })),
      (e: SshTargetError) => e.problem === 'no-ssh',
      'local mode lists SSH without key pairs',
    );
    assert.equal(sshTargetOf(notebook({}, { key_pair_names: [] }), { identityFile: '/k' }).identityFile, '/k');
    assert.throws(
      () => sshTargetOf(notebook({}, { uri: '' })),
      (e: SshTargetError) => e.problem === 'no-address',
    );
  });

  it('makes host aliases from names, adding the short id only when needed', () => {
    const a = { id: 'aaaaaaaa-1111-2222-3333-444444444444', name: 'Train-GPU' };
    const b = { id: 'bbbbbbbb-1111-2222-3333-444444444444', name: 'train_gpu' };
    assert.equal(hostAliasFor(a), 'modelarts-train-gpu');
    assert.equal(hostAliasFor(a, [a]), 'modelarts-train-gpu', 'itself is no collision');
    assert.equal(hostAliasFor(a, [a, b]), 'modelarts-train-gpu-aaaaaaaa');
    assert.equal(hostAliasFor(b, [a, b]), 'modelarts-train-gpu-bbbbbbbb');
    assert.equal(hostAliasFor({ id: 'cccccccc-0000', name: '训练笔记本' }), 'modelarts-cccccccc');
    assert.match(hostAliasFor({ id: 'd', name: 'x'.repeat(128) }), /^modelarts-x{40}$/);
    assert.equal(hostKeyAliasFor('ABC_def-1'), 'modelarts-notebook-abcdef-1');
  });
});
