import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { readJson, repoRoot } from '../../helpers/repo';

/** What the Marketplace page and VS Code's settings, trust and remote machinery read from the manifest. */
interface Manifest {
  license?: string;
  icon?: string;
  extensionKind?: string[];
  categories?: string[];
  galleryBanner?: { color?: string; theme?: string };
  engines: { vscode: string };
  scripts: Record<string, string>;
  activationEvents: string[];
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[]; description?: string };
    virtualWorkspaces?: boolean | { supported: boolean | 'limited'; description?: string };
  };
  contributes: {
    views: Record<string, { id: string; initialSize?: number }[]>;
    commands: { command: string }[];
    walkthroughs?: { id: string }[];
    configuration: { properties: Record<string, { scope?: string; type?: string }> };
  };
}

const manifest = readJson<Manifest>('package.json');
const settings = manifest.contributes.configuration.properties;

/** The settings the host writes, and the target it writes them to: `update('x', …, vscode.ConfigurationTarget.T)`. */
function settingWrites(): { key: string; target: string; file: string }[] {
  const found: { key: string; target: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(full, 'utf8');
        for (const m of text.matchAll(/getConfiguration\('modelarts'\)\s*\.update\(\s*'([\w.]+)'[^;]*?ConfigurationTarget\.(\w+)/g))
          found.push({ key: `modelarts.${m[1]}`, target: m[2] as string, file: path.relative(repoRoot, full) });
      }
    }
  };
  walk(path.join(repoRoot, 'extension', 'host'));
  return found;
}

/** Width, height, bit depth and colour type of a PNG, from its IHDR; throws when it is not a whole PNG. */
function pngHeader(png: Buffer): { width: number; height: number; depth: number; colour: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG signature');
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const header = { width: png.readUInt32BE(16), height: png.readUInt32BE(20), depth: png[24] as number, colour: png[25] as number };
  // The image data inflates to one filter byte and width × 4 bytes a row (8-bit RGBA): the file is whole.
  if (header.colour === 6 && header.depth === 8)
    assert.equal(inflateSync(Buffer.concat(idat)).length, header.height * (header.width * 4 + 1));
  return header;
}

describe('project: manifest hygiene (settings scopes, trust, activation, Marketplace page)', () => {
  it('gives every setting a scope, and machine-specific paths one that does not sync', () => {
    const valid = new Set(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable']);
    for (const [key, setting] of Object.entries(settings)) assert.ok(valid.has(setting.scope ?? ''), `${key} has no valid scope`);
    // Paths on this machine mean nothing on another one: machine scopes are not synced by Settings Sync.
    for (const key of ['modelarts.local.dataDir', 'modelarts.ssh.configFile'])
      assert.match(settings[key]?.scope ?? '', /^machine/, `${key} would sync to other machines`);
  });

  it('reads the settings it writes from where it writes them: no workspace value can shadow a user-level write', () => {
    const writes = settingWrites();
    assert.ok(
      writes.some((w) => w.key === 'modelarts.activeProfile'),
      'the active profile is written somewhere',
    );
    for (const { key, target, file } of writes) {
      assert.ok(settings[key], `${file} writes ${key}, which the manifest does not declare`);
      assert.equal(target, 'Global', `${file} writes ${key} to ${target}`);
      // A Global write goes to user (or, in a remote window, remote) settings; application and
      // machine scopes cannot be set in a workspace, so get() returns what was written.
      assert.match(
        settings[key]?.scope ?? '',
        /^(application|machine)$/,
        `${key} (written Global) could be shadowed by a workspace setting`,
      );
    }
  });

  it('runs limited in untrusted workspaces, with every workspace-settable path setting restricted', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(trust?.supported, 'limited');
    assert.match(trust?.description ?? '', /^%.+%$/, 'the limit is explained (localised)');
    const restricted = new Set(trust?.restrictedConfigurations ?? []);
    for (const key of restricted) assert.ok(settings[key], `restricted ${key} is not a setting`);
    for (const key of ['modelarts.local.dataDir', 'modelarts.ssh.configFile']) assert.ok(restricted.has(key), `${key} is not restricted`);
    // A setting a workspace can set and that names a file or folder is a way for a cloned repo to
    // point the toolkit elsewhere: it must be restricted.
    for (const [key, setting] of Object.entries(settings)) {
      const workspaceSettable = !/^(application|machine)$/.test(setting.scope ?? '');
      if (workspaceSettable && setting.type === 'string' && /dir|file|path/i.test(key))
        assert.ok(restricted.has(key), `${key} is not restricted`);
    }
    const virtual = manifest.capabilities?.virtualWorkspaces;
    assert.ok(virtual !== undefined, 'virtual workspace support is decided');
  });

  it('runs on the UI side first (SSH config, keys, keychain and the local daemon are on the user’s machine), on the workspace side where it must', () => {
    assert.deepEqual(manifest.extensionKind, ['ui', 'workspace']);
  });

  it('declares no activation event VS Code derives from the contributions itself (1.74 and later)', () => {
    const minimum = /(\d+)\.(\d+)/.exec(manifest.engines.vscode);
    assert.ok(minimum && (Number(minimum[1]) > 1 || Number(minimum[2]) >= 74), 'implicit activation needs VS Code 1.74');
    const implicit = new Set([
      ...Object.values(manifest.contributes.views)
        .flat()
        .map((v) => `onView:${v.id}`),
      ...manifest.contributes.commands.map((c) => `onCommand:${c.command}`),
      ...(manifest.contributes.walkthroughs ?? []).map((w) => `onWalkthrough:${w.id}`),
    ]);
    const redundant = manifest.activationEvents.filter((e) => implicit.has(e));
    assert.deepEqual(redundant, []);
    assert.equal(new Set(manifest.activationEvents).size, manifest.activationEvents.length, 'an event is listed twice');
    // The one event that is wanted on purpose: the status bar item and local mode start after startup.
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  });

  it('builds the production bundles before packaging (vscode:prepublish)', () => {
    assert.match(manifest.scripts['vscode:prepublish'] ?? '', /esbuild\.mjs --production/);
  });

  it('has a 128×128 PNG icon, a licence file and a Marketplace banner and categories', () => {
    assert.ok(manifest.icon, 'no icon');
    const icon = pngHeader(readFileSync(path.join(repoRoot, manifest.icon)));
    assert.deepEqual([icon.width, icon.height], [128, 128]);
    assert.ok(manifest.license && manifest.license !== 'UNLICENSED', 'no licence');
    const licence = readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8');
    assert.match(licence, new RegExp(`^${manifest.license} License`), 'LICENSE names the licence package.json declares');
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''));
    assert.ok((manifest.categories ?? []).length > 0);
    assert.ok(existsSync(path.join(repoRoot, 'test', 'tools', 'drawIcon.ts')), 'the script that draws the icon is kept');
  });

  it('sizes every view (initialSize), so Workspaces does not take half the sidebar', () => {
    const views = manifest.contributes.views.modelarts ?? [];
    for (const v of views) assert.ok((v.initialSize ?? 0) > 0, `${v.id} has no initialSize`);
    const size = (id: string) => views.find((v) => v.id === id)?.initialSize ?? 0;
    assert.ok(size('modelarts.workspaces') < size('modelarts.trainingJobs'));
  });
});
