import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cmdLauncher, shellLauncher, writeLaunchers } from '../../../../extension/core/config/cliLauncher';

describe('core/config/cliLauncher', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ma-launcher-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the CLI script with the given Node and every argument as given, where no node is on PATH', function () {
    if (process.platform === 'win32') this.skip();
    // A folder with a quote, a space and a $ in its name: the launcher must keep each path one word.
    const odd = path.join(dir, `it's a $HOME dir`);
    mkdirSync(odd);
    const cli = path.join(odd, 'cli.js');
    writeFileSync(cli, 'console.log(JSON.stringify({ args: process.argv.slice(2), electron: process.env.ELECTRON_RUN_AS_NODE }));\n');
    const { sh } = writeLaunchers(path.join(dir, 'bin'), { nodePath: process.execPath, cliScript: cli });
    assert.equal(statSync(sh).mode & 0o777, 0o755);
    const out = execFileSync('/bin/sh', ['-c', 'modelarts "two words" \'$PATH\' --flag'], {
      env: { PATH: `${path.dirname(sh)}${path.delimiter}/nonexistent` },
      encoding: 'utf8',
    });
    assert.deepEqual(JSON.parse(out), { args: ['two words', '$PATH', '--flag'], electron: '1' });
  });

  it('passes the CLI’s exit code through', function () {
    if (process.platform === 'win32') this.skip();
    const cli = path.join(dir, 'fail.js');
    writeFileSync(cli, 'process.exit(3);\n');
    const { sh } = writeLaunchers(path.join(dir, 'bin'), { nodePath: process.execPath, cliScript: cli });
    assert.throws(
      () => execFileSync(sh, [], { stdio: 'ignore' }),
      (err: { status?: number }) => err.status === 3,
    );
  });

  it('writes a Windows launcher that keeps ELECTRON_RUN_AS_NODE local and doubles %', () => {
    const text = cmdLauncher({ nodePath: 'C:\\Program Files\\Code\\Code.exe', cliScript: 'C:\\Users\\a%b\\ext\\dist\\cli.js' });
    const lines = text.split('\r\n');
    assert.deepEqual(lines.slice(2, 5), [
      'setlocal',
      'set ELECTRON_RUN_AS_NODE=1',
      '"C:\\Program Files\\Code\\Code.exe" "C:\\Users\\a%%b\\ext\\dist\\cli.js" %*',
    ]);
    assert.ok(!text.replace(/\r\n/g, '').includes('\n'), 'cmd files end lines with CRLF');
  });

  it('rewrites a launcher that changed (an editor update moves its Node) and leaves an equal one alone', () => {
    const bin = path.join(dir, 'bin');
    const { sh, cmd } = writeLaunchers(bin, { nodePath: '/old/node', cliScript: '/ext/dist/cli.js' });
    writeLaunchers(bin, { nodePath: '/new/node', cliScript: '/ext/dist/cli.js' });
    assert.equal(readFileSync(sh, 'utf8'), shellLauncher({ nodePath: '/new/node', cliScript: '/ext/dist/cli.js' }));
    assert.ok(readFileSync(cmd, 'utf8').includes('"/new/node"'));
    const before = statSync(sh).mtimeMs;
    writeLaunchers(bin, { nodePath: '/new/node', cliScript: '/ext/dist/cli.js' });
    assert.equal(statSync(sh).mtimeMs, before);
  });
});
