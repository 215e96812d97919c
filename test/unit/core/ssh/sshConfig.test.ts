import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  hostBlockFor,
  type HostBlock,
  MANAGED_END,
  MANAGED_START,
  managedHostAliases,
  removeManagedHost,
  renderHostBlock,
  SshConfigEditError,
  updateSshConfigFile,
  upsertManagedHost,
  userSshConfigPath,
} from '../../../../extension/core/ssh/sshConfig';
import type { SshTarget } from '../../../../extension/core/ssh/target';
import { ensureCommand } from '../../../helpers/peers';

const run = promisify(execFile);

const target: SshTarget = {
  notebookId: 'nb-1',
  notebookName: 'my-notebook',
  host: '127.0.0.1',
  port: 40222,
  user: 'ma-user',
  hostAlias: 'modelarts-my-notebook',
  hostKeyAlias: 'modelarts-notebook-nb-1',
  keyPairNames: ['laptop'],
  identityFile: '/home/u/.modelarts/keys/laptop',
};
const block = hostBlockFor(target, { knownHostsFile: '/home/u/.modelarts/ssh/known_hosts' });
const other: HostBlock = hostBlockFor(
  { ...target, notebookId: 'nb-2', hostAlias: 'modelarts-other', hostKeyAlias: 'modelarts-notebook-nb-2', port: 40333 },
  { knownHostsFile: '/kh' },
);

/** Files people really have: comments, Include, Match, odd indentation, a block of their own for our name. */
const tricky = [
  '# my ssh config',
  'Include /etc/ssh/extra.d/*.conf',
  'User bob',
  '',
  'Host modelarts-my-notebook',
  '\tHostName 10.9.9.9',
  '    ForwardAgent yes   # keep',
  '',
  'Match host *.corp exec "test -f /tmp/x"',
  '  ProxyJump bastion',
  '',
  'Host *',
  '  StrictHostKeyChecking no',
  '  UserKnownHostsFile /dev/null',
  '',
].join('\n');

describe('core/ssh/sshConfig: the Host block', () => {
  it('has strict checking against our known_hosts, keepalives and the alias that survives port changes', () => {
    assert.equal(
      renderHostBlock(block),
      [
        'Host modelarts-my-notebook',
        '  # ModelArts notebook my-notebook (nb-1)',
        '  HostName 127.0.0.1',
        '  Port 40222',
        '  User ma-user',
        '  IdentityFile /home/u/.modelarts/keys/laptop',
        '  IdentitiesOnly yes',
        '  HostKeyAlias modelarts-notebook-nb-1',
        '  UserKnownHostsFile /home/u/.modelarts/ssh/known_hosts',
        '  StrictHostKeyChecking yes',
        '  CheckHostIP no',
        '  ServerAliveInterval 15',
        '  ServerAliveCountMax 4',
        '  ConnectTimeout 30',
        '',
      ].join('\n'),
    );
  });

  it('quotes paths with spaces, doubles %, and leaves out IdentityFile when there is no key here', () => {
    const text = renderHostBlock(
      hostBlockFor({ ...target, identityFile: '/Users/Jo Doe/key%1' }, { knownHostsFile: '/Users/Jo Doe/.modelarts/ssh/known_hosts' }),
    );
    assert.match(text, /^ {2}IdentityFile "\/Users\/Jo Doe\/key%%1"$/m);
    assert.match(text, /^ {2}UserKnownHostsFile "\/Users\/Jo Doe\/.modelarts\/ssh\/known_hosts"$/m);
    const { identityFile: _none, ...withoutKey } = target;
    const bare = renderHostBlock(hostBlockFor(withoutKey, { knownHostsFile: '/kh' }));
    assert.doesNotMatch(bare, /IdentityFile|IdentitiesOnly/);
  });

  it('refuses values that would end the line early', () => {
    assert.throws(() => renderHostBlock({ alias: 'a', options: [['HostName', 'x\nProxyCommand evil']] }), SshConfigEditError);
    assert.throws(() => renderHostBlock({ alias: 'a', options: [['IdentityFile', '/a"b']] }), SshConfigEditError);
    assert.throws(() => renderHostBlock({ alias: 'a b', options: [] }), SshConfigEditError);
  });
});

describe('core/ssh/sshConfig: the managed section', () => {
  const cases: Record<string, string> = {
    'an empty file': '',
    'a file without a final newline': 'Host a\n  HostName x',
    'a CRLF file': tricky.split('\n').join('\r\n'),
    'a file with a byte order mark': '\uFEFFHost a\n  HostName x\n',
    'a file with Include, Match, comments and a block for our name': tricky,
  };
  for (const [name, original] of Object.entries(cases)) {
    it(`round-trips ${name}: upsert is idempotent, remove gives back the original bytes`, () => {
      const once = upsertManagedHost(original, block);
      assert.equal(upsertManagedHost(once, block), once, 'a repeated upsert changes nothing');
      assert.ok(once.endsWith(original.replace(/^\uFEFF/, '')), 'the original text follows the section untouched');
      assert.deepEqual(managedHostAliases(once), ['modelarts-my-notebook']);
      const two = upsertManagedHost(once, other);
      assert.deepEqual(managedHostAliases(two), ['modelarts-my-notebook', 'modelarts-other']);
      assert.equal(removeManagedHost(removeManagedHost(two, 'modelarts-my-notebook'), 'modelarts-other'), original);
      assert.equal(removeManagedHost(once, 'modelarts-my-notebook'), original);
      assert.equal(removeManagedHost(original, 'modelarts-my-notebook'), original, 'nothing to remove');
    });
  }

  it('puts the section first, ends it with Match all, and keeps the file line ending', () => {
    const crlf = upsertManagedHost(tricky.split('\n').join('\r\n'), block);
    assert.ok(crlf.startsWith(`${MANAGED_START}\r\n`));
    assert.equal(crlf.split('\r\n').join('').includes('\n'), false, 'no bare LF in a CRLF file');
    const lines = upsertManagedHost(tricky, block).split('\n');
    assert.equal(lines[0], MANAGED_START);
    const end = lines.indexOf(MANAGED_END);
    assert.equal(lines[end - 1], 'Match all');
    assert.equal(lines[end + 1], '# my ssh config');
  });

  it('replaces its own block in place when the notebook moved to another port', () => {
    const moved = hostBlockFor({ ...target, port: 40999 }, { knownHostsFile: '/home/u/.modelarts/ssh/known_hosts' });
    const text = upsertManagedHost(upsertManagedHost(upsertManagedHost(tricky, block), other), moved);
    assert.deepEqual(managedHostAliases(text), ['modelarts-my-notebook', 'modelarts-other']);
    assert.match(text, /Port 40999/);
    assert.doesNotMatch(text, /Port 40222/);
    assert.equal(text, upsertManagedHost(upsertManagedHost(tricky, moved), other));
  });

  it('leaves a section the user moved where it is', () => {
    const atEnd = `${tricky}${upsertManagedHost('', other)}`;
    const updated = upsertManagedHost(atEnd, block);
    assert.ok(updated.startsWith(tricky));
    assert.deepEqual(managedHostAliases(updated), ['modelarts-other', 'modelarts-my-notebook']);
  });

  it('refuses to edit a file whose markers are broken', () => {
    assert.throws(
      () => upsertManagedHost(`${MANAGED_START}\nHost x\n`, block),
      (e: Error) => e instanceof SshConfigEditError && /Delete the section/.test(e.message),
    );
    assert.throws(() => upsertManagedHost(`${MANAGED_END}\n${MANAGED_START}\n`, block), SshConfigEditError);
    const both = upsertManagedHost('', block);
    assert.throws(() => removeManagedHost(both + both, 'modelarts-my-notebook'), SshConfigEditError);
  });
});

describe('core/ssh/sshConfig: what OpenSSH makes of it', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => ensureCommand('ssh', 'openssh-client'));
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ma-sshconfig-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** `ssh -G`: the options OpenSSH would use for `host`, without connecting. */
  async function effective(configText: string, host: string): Promise<Map<string, string>> {
    const file = path.join(dir, 'config');
    writeFileSync(file, configText, { mode: 0o600 });
    const { stdout } = await run('ssh', ['-G', '-F', file, host]);
    return new Map(stdout.split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)] as [string, string]));
  }

  it('our values win over a user block for the same name and over Host *; the user keeps everything else', async () => {
    const include = path.join(dir, 'extra.conf');
    writeFileSync(include, 'Host *\n  Port 2200\n  Compression yes\n');
    const userConfig = tricky.replace('/etc/ssh/extra.d/*.conf', include);
    for (const text of [userConfig, userConfig.split('\n').join('\r\n')]) {
      const before = await effective(text, 'modelarts-my-notebook');
      assert.equal(before.get('hostname'), '10.9.9.9');
      assert.equal(before.get('stricthostkeychecking'), 'false');

      const ours = await effective(upsertManagedHost(text, block), 'modelarts-my-notebook');
      assert.equal(ours.get('hostname'), '127.0.0.1');
      assert.equal(ours.get('port'), '40222');
      assert.equal(ours.get('user'), 'ma-user');
      assert.equal(ours.get('stricthostkeychecking'), 'true');
      assert.equal(ours.get('userknownhostsfile'), '/home/u/.modelarts/ssh/known_hosts');
      assert.equal(ours.get('hostkeyalias'), 'modelarts-notebook-nb-1');
      assert.equal(ours.get('serveraliveinterval'), '15');
      assert.equal(ours.get('forwardagent'), 'yes', 'an option we do not set still comes from the user block');
      assert.equal(ours.get('compression'), 'yes', 'the Include still applies');

      // Every other host sees exactly what it saw before: Match all hands the rest back.
      const elsewhere = await effective(upsertManagedHost(text, block), 'github.com');
      const elsewhereBefore = await effective(text, 'github.com');
      assert.deepEqual(elsewhere, elsewhereBefore);
      assert.equal(elsewhere.get('user'), 'bob');
      assert.equal(elsewhere.get('port'), '2200');
    }
  });
});

describe('core/ssh/sshConfig: the file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ma-sshfile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates ~/.ssh 0700 and the config 0600 when missing', () => {
    const file = userSshConfigPath({ HOME: dir, USERPROFILE: dir });
    assert.equal(file, path.join(dir, '.ssh', 'config'));
    assert.equal(
      updateSshConfigFile(file, (t) => upsertManagedHost(t, block)),
      true,
    );
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(
      updateSshConfigFile(file, (t) => upsertManagedHost(t, block)),
      false,
      'unchanged text is not rewritten',
    );
  });

  it('keeps an existing file mode and writes through a symlinked config', () => {
    const real = path.join(dir, 'dotfiles', 'ssh_config');
    mkdirSync(path.dirname(real));
    writeFileSync(real, 'Host a\n');
    // A mode the umask would not give a new file: kept exactly.
    chmodSync(real, 0o640);
    const link = path.join(dir, 'config');
    symlinkSync(real, link);
    updateSshConfigFile(link, (t) => upsertManagedHost(t, block));
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal(statSync(real).mode & 0o777, 0o640);
    assert.ok(readFileSync(real, 'utf8').startsWith(MANAGED_START));
  });
});
