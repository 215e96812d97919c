import assert from 'node:assert/strict';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uploadJobCode, defaultCodeUrl } from '../../../../extension/core/jobs/codeUpload';
import { JobSpecError, readJobSpec } from '../../../../extension/core/jobs/jobSpec';
import { prepareJobSubmission } from '../../../../extension/core/jobs/specCheck';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { type Live, rejection, startLive } from '../api/resources/liveHarness';

/** A spec's problems are found before anything is uploaded: each at its file, line and column. */
describe('core/jobs: a spec is checked before its code is uploaded (local daemon)', function () {
  this.timeout(60_000);
  let live: Live;
  let dir: string;
  before(async () => (live = await startLive()));
  after(async () => {
    await live?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'ma-spec-'))));

  const engine = 'engine: {engine_name: PyTorch, engine_version: "1.8"}';
  /** Writes spec.yaml (and a code folder with train.py) and returns its path. */
  function specFile(text: string): string {
    mkdirSync(path.join(dir, 'code'), { recursive: true });
    writeFileSync(path.join(dir, 'code', 'train.py'), 'print("hi")\n');
    const file = path.join(dir, 'spec.yaml');
    writeFileSync(file, text);
    return file;
  }
  const prepare = (file: string, surface: 'cli' | 'editor' = 'cli') =>
    prepareJobSubmission(file, live.api.trainingJobs, { surface, shown: 'spec.yaml' });
  async function specError(promise: Promise<unknown>): Promise<JobSpecError> {
    const err = await rejection(promise);
    assert.ok(err instanceof JobSpecError, `not a spec error: ${String(err)}`);
    return err;
  }

  it('a YAML error names file, line and column, with no trailing colon, and carries the place', async () => {
    const file = specFile('metadata:\n  name: ok\nalgorithm: {code_dir: ./code\nspec: {}\n');
    let err: unknown;
    try {
      readJobSpec(file, { shown: 'spec.yaml' });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof JobSpecError);
    const match = /^spec\.yaml:(\d+):(\d+): not valid YAML: (.+)$/.exec(err.message);
    assert.ok(match, err.message);
    assert.doesNotMatch(err.message, /:\s*$/, 'no trailing colon');
    assert.deepEqual(err.location, { file, line: Number(match[1]), column: Number(match[2]) });
    assert.ok(Number(match[1]) >= 3, 'the line of the broken mapping or after it');
    const dup = await specError(Promise.resolve().then(() => readJobSpec(specFile('metadata: {name: a}\nmetadata: {name: b}\n'))));
    assert.match(dup.message, /:2:1: not valid YAML: Map keys must be unique$/);
  });

  it('a name with a space: the field, its line and column, and the rule', async () => {
    const file = specFile(
      `metadata:\n  name: first run\nalgorithm:\n  code_dir: ./code\n  boot_file: train.py\n  ${engine}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n`,
    );
    const err = await specError(prepare(file));
    assert.equal(
      err.message,
      'spec.yaml:2:9: metadata.name "first run" is not valid. Expected: The job\'s name: 1 to 64 letters, digits, `-` and `_`',
    );
    assert.deepEqual(err.location, { file, line: 2, column: 9 });
  });

  it('an engine the platform does not list: its place, the engines it has, and on the CLI the command that lists them', async () => {
    const file = specFile(
      'metadata: {name: e}\nalgorithm:\n  command: "true"\n  engine:\n    engine_name: PyTorch\n    engine_version: "9.9"\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n',
    );
    const cli = await specError(prepare(file, 'cli'));
    assert.match(cli.message, /^spec\.yaml:5:5: algorithm\.engine: the platform has no engine PyTorch 9\.9\. Its engines: .*PyTorch 1\.8/);
    assert.match(cli.message, /`modelarts job engines` lists them\.$/);
    assert.doesNotMatch(cli.message, /no longer exists|Refresh the view/);
    const editor = await specError(prepare(file, 'editor'));
    assert.doesNotMatch(editor.message, /modelarts job engines/);
    // The full engine id and the short version both name a listed engine.
    const [first] = await live.api.trainingJobs.engines();
    assert.ok(first);
    const byId = specFile(
      `metadata: {name: e}\nalgorithm: {command: "true", engine: {engine_id: ${first.engine_id}}}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n`,
    );
    assert.equal((await prepare(byId)).name, 'e');
  });

  it('a flavor the platform does not list: its place and the flavors; a dedicated pool’s flavor is left to the platform', async () => {
    const file = specFile(
      `metadata: {name: f}\nalgorithm: {command: "true", ${engine}}\nspec:\n  resource:\n    flavor_id: modelarts.vm.gpu.huge\n`,
    );
    const err = await specError(prepare(file));
    assert.match(
      err.message,
      /^spec\.yaml:5:16: spec\.resource\.flavor_id: the platform has no flavor modelarts\.vm\.gpu\.huge\. Its flavors: modelarts\.vm\.cpu\.2u, modelarts\.vm\.cpu\.8u\. `modelarts job flavors` lists them\.$/,
    );
    const pool = specFile(
      `metadata: {name: f}\nalgorithm: {command: "true", ${engine}}\nspec: {resource: {flavor_id: modelarts.pool.x, pool_id: p1}}\n`,
    );
    assert.equal((await prepare(pool)).name, 'f');
    const missing = await specError(
      prepare(specFile(`metadata: {name: f}\nalgorithm: {command: "true", ${engine}}\nspec: {resource: {}}\n`)),
    );
    assert.match(missing.message, /^spec\.yaml:3:18: spec\.resource\.flavor_id is required\. Expected: The flavor the job runs on/);
  });

  it('uploads only what the ignore files keep, never the spec unless the job names it; nothing before the check passes', async () => {
    const code = path.join(dir, 'code');
    mkdirSync(path.join(code, 'data'), { recursive: true });
    mkdirSync(path.join(code, 'sub'), { recursive: true });
    writeFileSync(path.join(code, 'train.py'), 'print("hi")\n');
    writeFileSync(path.join(code, 'config.yaml'), 'lr: 0.1\n');
    writeFileSync(path.join(code, 'model.ckpt'), 'weights');
    writeFileSync(path.join(code, 'keep.ckpt'), 'small');
    writeFileSync(path.join(code, 'notes.md'), 'draft');
    writeFileSync(path.join(code, 'data', 'big.bin'), 'x');
    writeFileSync(path.join(code, 'sub', 'util.py'), '');
    writeFileSync(path.join(code, 'sub', 'scratch.tmp'), '');
    writeFileSync(path.join(code, '.gitignore'), '*.ckpt\ndata/\n');
    writeFileSync(path.join(code, '.modelartsignore'), 'notes.md\n!keep.ckpt\n');
    writeFileSync(path.join(code, 'sub', '.gitignore'), '*.tmp\n');
    const spec = `metadata: {name: ignored}\nalgorithm: {code_dir: ., boot_file: train.py, ${engine}}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n`;
    writeFileSync(path.join(code, 'job.yaml'), spec);
    const prepared = await prepareJobSubmission(path.join(code, 'job.yaml'), live.api.trainingJobs, { surface: 'cli' });
    const kept = ['.gitignore', '.modelartsignore', 'config.yaml', 'keep.ckpt', 'sub/.gitignore', 'sub/util.py', 'train.py'];
    assert.deepEqual(
      prepared.code?.files.map((f) => f.rel),
      kept,
    );
    assert.deepEqual(prepared.code?.ignored, ['data', 'job.yaml', 'model.ckpt', 'notes.md', 'sub/scratch.tmp']);

    const d = live.td.daemon.discovery;
    const storage = new StorageClient(s3CompatibleConfig(d.s3_endpoint, 'local', { accessKeyId: d.ak, secretAccessKey: d.sk }));
    try {
      const { codeDir } = await uploadJobCode(storage, prepared.code ?? { dir: code, files: [] }, defaultCodeUrl('ignored'), {
        createBucket: true,
      });
      const listed = await live.s3.send(new ListObjectsV2Command({ Bucket: 'modelarts-local', Prefix: 'jobs/ignored/code/' }));
      assert.deepEqual((listed.Contents ?? []).map((o) => o.Key?.slice('jobs/ignored/code/'.length)).sort(), kept);
      assert.equal(codeDir, 'obs://modelarts-local/jobs/ignored/code/');
    } finally {
      storage.dispose();
    }

    // A job that reads its own spec gets it.
    writeFileSync(path.join(code, 'job.yaml'), spec.replace('boot_file: train.py', 'command: "python train.py --config job.yaml"'));
    const reading = await prepareJobSubmission(path.join(code, 'job.yaml'), live.api.trainingJobs, { surface: 'cli' });
    assert.ok(reading.code?.files.some((f) => f.rel === 'job.yaml'));
  });

  it('a boot file that would not be uploaded fails now: left out by an ignore file, or not there', async () => {
    writeFileSync(path.join(dir, 'spec.yaml'), '');
    const file = specFile(
      `metadata: {name: b}\nalgorithm:\n  code_dir: ./code\n  boot_file: train.py\n  ${engine}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n`,
    );
    writeFileSync(path.join(dir, 'code', '.modelartsignore'), 'train.py\n');
    const ignored = await specError(prepare(file));
    assert.equal(
      ignored.message,
      'spec.yaml:4:14: algorithm.boot_file train.py is left out of the upload by .gitignore or .modelartsignore',
    );
    rmSync(path.join(dir, 'code', '.modelartsignore'));
    rmSync(path.join(dir, 'code', 'train.py'));
    const absent = await specError(prepareJobSubmission(file, live.api.trainingJobs, { surface: 'cli', shown: 'spec.yaml' }));
    assert.equal(absent.message, 'spec.yaml:4:14: algorithm.boot_file train.py is not in algorithm.code_dir ./code');
  });
});
