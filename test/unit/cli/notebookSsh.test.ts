import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fingerprintOf, generateEd25519 } from '../../../extension/core/ssh/keys';
import { MANAGED_START } from '../../../extension/core/ssh/sshConfig';
import { type CliHarness, startCliHarness } from '../../helpers/cli';
import { ensureCommand } from '../../helpers/peers';
import { freePort, run, waitFor } from '../local/ssh/harness';

/**
 * `modelarts notebook ssh-config` / `ssh` against local-mode notebooks, checked with real OpenSSH
 * (`ssh`, `scp`, `sftp`, `ssh -L`), always with strict host key checking.
 */
describe('cli: modelarts notebook ssh-config and ssh (real OpenSSH, local mode)', function () {
  this.timeout(240_000);
  let cli: CliHarness;
  let nb: { id: string; name: string; endpoints: { host_key_fingerprint: string }[] };
  let knownHosts: string;
  let configFile: string;
  const alias = 'modelarts-nb-ssh';

  /** Prints the notebook's block into a config file for `ssh -F`. */
  function writeConfig(extraArgs: string[] = [], env: Record<string, string> = {}): { code: number | null; err: string } {
    const r = cli.run(['notebook', 'ssh-config', 'nb-ssh', ...extraArgs], env);
    if (r.code === 0) writeFileSync(configFile, r.out, { mode: 0o600 });
    return r;
  }
  const openssh = (tool: 'ssh' | 'scp' | 'sftp', ...args: string[]) => run(tool, ['-F', configFile, '-o', 'BatchMode=yes', ...args]);

  before(async () => {
    for (const tool of ['ssh', 'scp', 'sftp']) ensureCommand(tool, 'openssh-client');
    cli = await startCliHarness();
    knownHosts = path.join(cli.home, 'config', 'ssh', 'known_hosts');
    configFile = path.join(cli.home, 'ssh_config');
    cli.json(['keypair', 'create', 'laptop']);
    nb = cli.json(['notebook', 'create', '--name', 'nb-ssh', '--key-pair', 'laptop', '--wait']);
  });
  after(() => cli?.close());

  it('pins the host key the platform announced and prints a block plain ssh uses with strict checking', async () => {
    const r = writeConfig();
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /pinned the host key of notebook 'nb-ssh'/);
    const block = readFileSync(configFile, 'utf8');
    assert.match(block, new RegExp(`^Host ${alias}\\n`));
    assert.match(block, /^ {2}StrictHostKeyChecking yes$/m);
    assert.match(block, new RegExp(`^ {2}HostKeyAlias modelarts-notebook-${nb.id}$`, 'm'));
    const pins = readFileSync(knownHosts, 'utf8').trim().split('\n');
    assert.equal(pins.length, 1);
    assert.equal(fingerprintOf(pins[0]!.split(' ').slice(1).join(' ')), nb.endpoints[0]!.host_key_fingerprint);
    assert.equal(statSync(knownHosts).mode & 0o777, 0o600);

    const result = await openssh('ssh', alias, 'echo "$NOTEBOOK_NAME" && pwd');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split('\n')[0], 'nb-ssh');

    const json = cli.json(['notebook', 'ssh-config', 'nb-ssh']);
    assert.equal(json.host, alias);
    assert.equal(json.host_key_fingerprint, nb.endpoints[0]!.host_key_fingerprint);
    assert.equal(json.config, block);
  });

  it('scp copies a file both ways and sftp runs a batch', async () => {
    const payload = randomBytes(200_000);
    const local = path.join(cli.home, 'payload.bin');
    writeFileSync(local, payload);
    const up = await openssh('scp', local, `${alias}:payload.bin`);
    assert.equal(up.code, 0, up.stderr);
    const back = path.join(cli.home, 'payload.back');
    const down = await openssh('scp', `${alias}:payload.bin`, back);
    assert.equal(down.code, 0, down.stderr);
    assert.ok(readFileSync(back).equals(payload));

    const batch = path.join(cli.home, 'batch.sftp');
    const got = path.join(cli.home, 'via-sftp.bin');
    writeFileSync(batch, `put ${local} sftp.bin\nls -l sftp.bin\nget sftp.bin ${got}\nrm sftp.bin\n`);
    const sftp = await openssh('sftp', '-b', batch, alias);
    assert.equal(sftp.code, 0, sftp.stderr);
    assert.match(sftp.stdout, /sftp\.bin/);
    assert.ok(readFileSync(got).equals(payload));
  });

  it('ssh -L forwards a local port to a server the notebook reaches', async () => {
    const web = http.createServer((_req, res) => res.end('through the notebook'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()));
    const localPort = await freePort();
    const tunnel = spawn(
      'ssh',
      [
        '-F',
        configFile,
        '-o',
        'BatchMode=yes',
        '-o',
        'ExitOnForwardFailure=yes',
        '-N',
        '-L',
        `${localPort}:127.0.0.1:${(web.address() as AddressInfo).port}`,
        alias,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const state = { stderr: '', exited: false };
    tunnel.stderr.on('data', (d: Buffer) => (state.stderr += d.toString()));
    tunnel.once('exit', () => (state.exited = true));
    try {
      const body = await waitFor(
        async () => {
          if (state.exited) throw new Error(`ssh -L exited: ${state.stderr}`);
          return fetch(`http://127.0.0.1:${localPort}/`).then(
            (r) => r.text(),
            () => undefined,
          );
        },
        'the -L tunnel',
        30_000,
      );
      assert.equal(body, 'through the notebook');
    } finally {
      tunnel.kill();
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it('a changed host key makes ssh refuse, and ssh-config replaces it only when told which key to accept', async () => {
    const real = readFileSync(knownHosts, 'utf8');
    const impostor = generateEd25519().public.split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHosts, `modelarts-notebook-${nb.id} ${impostor}\n`);
    const refused = await openssh('ssh', alias, 'true');
    assert.equal(refused.code, 255);
    assert.match(refused.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);

    const fingerprint = nb.endpoints[0]!.host_key_fingerprint;
    const asked = writeConfig();
    assert.equal(asked.code, 1);
    assert.match(asked.err, /changed from SHA256:\S+ to SHA256:\S+ and the new key was not accepted/);
    assert.ok(asked.err.includes(`--accept-host-key ${fingerprint}`));
    const wrong = writeConfig(['--accept-host-key', fingerprintOf(impostor)]);
    assert.equal(wrong.code, 1);
    assert.equal(readFileSync(knownHosts, 'utf8'), `modelarts-notebook-${nb.id} ${impostor}\n`, 'nothing was trusted');

    const accepted = writeConfig(['--accept-host-key', fingerprint]);
    assert.equal(accepted.code, 0, accepted.err);
    assert.match(accepted.err, /replaced the host key/);
    assert.equal(readFileSync(knownHosts, 'utf8'), real);
    assert.equal((await openssh('ssh', alias, 'true')).code, 0);
  });

  it('keeps working across stop and start on another port without pinning again', async () => {
    const pinsBefore = readFileSync(knownHosts, 'utf8');
    const oldPort = cli.json(['notebook', 'ssh-config', 'nb-ssh']).port as number;
    assert.equal(cli.json(['notebook', 'stop', 'nb-ssh', '--wait']).status, 'STOPPED');
    const stopped = cli.run(['notebook', 'ssh-config', 'nb-ssh']);
    assert.equal(stopped.code, 1);
    assert.match(stopped.err, /is STOPPED; start it/);
    assert.match(stopped.err, /modelarts notebook start \S+ --wait/);

    // Local mode gets its old port back when it is free; holding it forces the move a cloud restart makes.
    const squatter = net.createServer();
    await new Promise<void>((resolve, reject) => squatter.once('error', reject).listen(oldPort, '127.0.0.1', () => resolve()));
    try {
      assert.equal(cli.json(['notebook', 'start', 'nb-ssh', '--wait']).status, 'RUNNING');
      const r = writeConfig();
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.err, /pinned|replaced/);
      assert.doesNotMatch(readFileSync(configFile, 'utf8'), new RegExp(`Port ${oldPort}\\n`));
      assert.equal(readFileSync(knownHosts, 'utf8'), pinsBefore);
      const result = await openssh('ssh', alias, 'echo still here');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'still here');
    } finally {
      squatter.close();
    }
  });

  it('--write puts the block first in ~/.ssh/config, where it beats a user Host * that turns checking off', async () => {
    const home = path.join(cli.home, 'user-home');
    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    const userFile = path.join(home, '.ssh', 'config');
    const original =
      '# mine\nHost *\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n\nHost modelarts-nb-ssh\n  HostName 10.9.9.9\n';
    writeFileSync(userFile, original);
    chmodSync(userFile, 0o640);
    const r = cli.run(['notebook', 'ssh-config', 'nb-ssh', '--write'], { HOME: home });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`Host ${alias} is in ${userFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const written = readFileSync(userFile, 'utf8');
    assert.ok(written.startsWith(MANAGED_START) && written.endsWith(original));
    assert.equal(statSync(userFile).mode & 0o777, 0o640);
    assert.equal(cli.run(['notebook', 'ssh-config', 'nb-ssh', '--write'], { HOME: home }).code, 0);
    assert.equal(readFileSync(userFile, 'utf8'), written, 'a second --write changes nothing');

    const effective = await run('ssh', ['-G', '-F', userFile, alias]);
    assert.match(effective.stdout, /^stricthostkeychecking true$/m);
    assert.match(effective.stdout, /^hostname 127\.0\.0\.1$/m);
    const result = await run('ssh', ['-F', userFile, '-o', 'BatchMode=yes', alias, 'echo via user config']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'via user config');

    const freshHome = path.join(cli.home, 'fresh-home');
    mkdirSync(freshHome);
    assert.equal(cli.run(['notebook', 'ssh-config', 'nb-ssh', '--write'], { HOME: freshHome }).code, 0);
    assert.equal(statSync(path.join(freshHome, '.ssh')).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(freshHome, '.ssh', 'config')).mode & 0o777, 0o600);
  });

  it('notebook ssh runs a command with the system ssh and returns its exit code', () => {
    const r = cli.run(['notebook', 'ssh', 'nb-ssh', 'echo', 'hello', '&&', 'exit', '3']);
    assert.equal(r.code, 3, r.err);
    assert.equal(r.out, 'hello\n');
    const listing = cli.run(['notebook', 'ssh', 'nb-ssh', 'ls', '-a']);
    assert.equal(listing.code, 0, listing.err);
    assert.match(listing.out, /^\.\.$/m, '-a went to ls, not to ssh');
    const noSsh = cli.run(['notebook', 'ssh', 'nb-ssh', 'true'], { PATH: path.join(cli.home, 'empty-bin') });
    assert.equal(noSsh.code, 1);
    assert.match(noSsh.err, /ssh command is not on PATH\. Install the OpenSSH client/);
  });

  it('explains a notebook without SSH and a key pair whose private key is elsewhere', () => {
    cli.json(['notebook', 'create', '--name', 'nb-no-key', '--wait']);
    const noSsh = cli.run(['notebook', 'ssh-config', 'nb-no-key']);
    assert.equal(noSsh.code, 1);
    assert.match(noSsh.err, /created without remote SSH \(no key pair\)/);

    const elsewhere = path.join(cli.home, 'other-config');
    const noKey = cli.run(['notebook', 'ssh-config', 'nb-ssh'], { MODELARTS_CONFIG_DIR: elsewhere });
    assert.equal(noKey.code, 1);
    assert.match(noKey.err, /no private key for key pair 'laptop'.*--identity-file/);
    const withKey = cli.run(['notebook', 'ssh-config', 'nb-ssh', '--identity-file', path.join(cli.home, 'config', 'keys', 'laptop')], {
      MODELARTS_CONFIG_DIR: elsewhere,
    });
    assert.equal(withKey.code, 0, withKey.err);
    assert.match(withKey.out, /IdentityFile .*config\/keys\/laptop/);
    assert.equal(cli.run(['notebook', 'ssh-config', 'no-such-notebook']).code, 1);
  });
});
