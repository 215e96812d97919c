import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageVsix } from '../../tools/packageVsix';
import { readJson } from '../../helpers/repo';
import { readZip } from '../../helpers/zip';

/**
 * The packaged extension. test/run.ts packages once and passes the path in MODELARTS_VSIX;
 * run alone, this suite packages it itself.
 */
async function vsix(): Promise<string> {
  return process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
}

describe('project: the packaged .vsix', function () {
  this.timeout(120_000);
  let entries: Map<string, Buffer>;
  before(async () => {
    entries = await readZip(await vsix());
  });

  it('holds only what runs: bundles, manifest, translations, icons, walkthrough pages and README', () => {
    const allowed = [
      /^extension\.vsixmanifest$/,
      /^\[Content_Types\]\.xml$/,
      /^extension\/package(\.nls(\.[a-z-]+)?)?\.json$/,
      /^extension\/l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/,
      /^extension\/dist\/(extension|daemon|cli)\.js$/,
      /^extension\/dist\/webviews\/[a-zA-Z]+\.(js|css)$/,
      /^extension\/dist\/schemas\/jobSpec\.schema(\.zh-cn)?\.json$/,
      /^extension\/media\/[\w.-]+\.(svg|png|css)$/,
      /^extension\/media\/walkthrough\/[\w.-]+\.md$/,
      /^extension\/readme\.md$/i,
      /^extension\/LICENSE\.txt$/,
    ];
    const unexpected = [...entries.keys()].filter((name) => !allowed.some((re) => re.test(name)));
    assert.deepEqual(unexpected, []);
    for (const required of [
      'extension/dist/extension.js',
      'extension/dist/daemon.js',
      'extension/dist/cli.js',
      'extension/package.nls.zh-cn.json',
      'extension/l10n/bundle.l10n.zh-cn.json',
      'extension/dist/webviews/metrics.js',
      'extension/dist/webviews/metrics.css',
      'extension/dist/webviews/jobDetails.js',
      'extension/dist/webviews/jobDetails.css',
      'extension/media/icon.png',
      'extension/LICENSE.txt',
      // The job spec schema yamlValidation names, in each language.
      'extension/dist/schemas/jobSpec.schema.json',
      'extension/dist/schemas/jobSpec.schema.zh-cn.json',
    ]) {
      assert.ok(entries.has(required), `missing ${required}`);
    }
  });

  it('bundles ssh2 with its native parts left out, falling back to pure JS', () => {
    const bundle = entries.get('extension/dist/extension.js')?.toString('utf8') ?? '';
    assert.ok(bundle.length > 0);
    assert.match(bundle, /sshcrypto\.node/, 'the optional require of the native binding stays (and fails softly at run time)');
    assert.ok(![...entries.keys()].some((n) => n.endsWith('.node')), 'no native binary is shipped');
    assert.ok(!bundle.includes('sourceMappingURL'), 'production bundle has no source map reference');
  });

  it('ships a CLI that runs from the package with plain Node', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-vsix-'));
    try {
      for (const [name, data] of entries) {
        const target = path.join(dir, name);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, data);
      }
      const printed = execFileSync(process.execPath, [path.join(dir, 'extension/dist/cli.js'), '--version'], { encoding: 'utf8' });
      assert.equal(printed.trim(), readJson<{ version: string }>('package.json').version);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
