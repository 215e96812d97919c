import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJson, repoRoot } from '../../helpers/repo';

/**
 * The README's ways to get `modelarts` from a fresh clone, run as a user runs them: npm's own
 * lifecycle (prepare builds dist/), `npx modelarts` inside the clone and `npm link`, in a copy of
 * the working tree without dist/, offline, with npm's cache and global prefix in a temp dir so
 * nothing outside it changes. node_modules is the repository's (linked, only read).
 */
describe('project: modelarts from a fresh clone (npm install builds dist/, npx modelarts, npm link)', function () {
  this.timeout(240_000);
  let tmp: string;
  let clone: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    if (spawnSync('npm', ['--version']).status !== 0) this.skip();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-clone-'));
    clone = path.join(tmp, 'clone');
    // What a clone holds: tracked files and new ones not ignored (so uncommitted work is tested too).
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '' && existsSync(path.join(repoRoot, f)));
    for (const f of files) {
      mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
      cpSync(path.join(repoRoot, f), path.join(clone, f));
    }
    symlinkSync(realpathSync(path.join(repoRoot, 'node_modules')), path.join(clone, 'node_modules'));
    assert.equal(existsSync(path.join(clone, 'dist')), false);
    // Only npm's own settings change: an empty cache, a global prefix of its own, no network.
    env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
      npm_config_cache: path.join(tmp, 'npm-cache'),
      npm_config_prefix: path.join(tmp, 'global'),
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      MODELARTS_LOCAL_HOME: path.join(tmp, 'local'),
    };
  });
  after(() => tmp && rmSync(tmp, { recursive: true, force: true }));

  const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 180_000 });

  it('package.json: bin modelarts is dist/cli.js, and prepare (which npm install runs) builds it', () => {
    const pkg = readJson<{ bin: Record<string, string>; scripts: Record<string, string> }>('package.json');
    assert.equal(pkg.bin.modelarts, './dist/cli.js');
    assert.ok(pkg.scripts.prepare, 'a prepare script, which npm install and npm ci run after installing');
  });

  it('npx modelarts inside the clone builds dist/ through prepare and runs the command line', () => {
    const r = spawnSync('npx', ['modelarts', '--help'], { cwd: clone, env, encoding: 'utf8', timeout: 180_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^Usage: modelarts /m);
    assert.ok(existsSync(path.join(clone, 'dist', 'cli.js')) && existsSync(path.join(clone, 'dist', 'daemon.js')));
  });

  it('npm link puts modelarts on the PATH; it runs from any folder', () => {
    rmSync(path.join(clone, 'dist'), { recursive: true, force: true });
    const linked = npm(['link'], clone);
    assert.equal(linked.status, 0, `${linked.stdout}\n${linked.stderr}`);
    const elsewhere = mkdtempSync(path.join(tmp, 'cwd-'));
    const r = spawnSync('modelarts', ['--version'], {
      cwd: elsewhere,
      env: { ...env, PATH: `${path.join(tmp, 'global', 'bin')}${path.delimiter}${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}${r.error ? String(r.error) : ''}`);
    assert.equal(r.stdout.trim(), readJson<{ version: string }>('package.json').version);
  });
});
