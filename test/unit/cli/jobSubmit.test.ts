import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliHarness, startCliHarness } from '../../helpers/cli';

/**
 * `modelarts job submit` as a user runs it: the spec is checked before any upload, a problem names
 * the file, line and column and what to do on the command line, the ignore files decide what goes
 * up, and a platform error leads with what went wrong, the platform's hint, then code and request id.
 */
describe('cli: job submit checks first, uploads after, and says what went wrong (local mode)', function () {
  this.timeout(180_000);
  let cli: CliHarness;
  before(async () => (cli = await startCliHarness()));
  after(() => cli.close());

  const engine = 'engine: {engine_name: PyTorch, engine_version: "1.8"}';
  /** A folder `name` with six files of code and spec.yaml; returns the spec's path relative to the CLI's cwd. */
  function project(name: string, spec: string): string {
    const code = path.join(cli.home, name, 'code');
    mkdirSync(code, { recursive: true });
    for (const f of ['train.py', 'a.py', 'b.py', 'c.py', 'd.py', 'e.py'])
      writeFileSync(path.join(code, f), 'print("MA_METRIC loss=1 step=1")\n');
    writeFileSync(path.join(cli.home, name, 'spec.yaml'), spec);
    return path.join(name, 'spec.yaml');
  }
  const uploaded = (job: string): string[] =>
    cli.run(['obs', 'ls', `obs://modelarts-local/jobs/${job}/code/`, '--output', 'json']).code === 0
      ? cli
          .json(['obs', 'ls', `obs://modelarts-local/jobs/${job}/code/`])
          .map((o: { url: string }) => o.url.replace(/\/$/, '').split('/').pop())
      : [];

  it('a name with a space fails at its line and column before a single file is uploaded', () => {
    const spec = project(
      'spaced',
      `metadata:\n  name: first run\nalgorithm:\n  code_dir: ./code\n  boot_file: train.py\n  ${engine}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n`,
    );
    const r = cli.run(['job', 'submit', spec]);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `modelarts: ${spec}:2:9: metadata.name "first run" is not valid. Expected: The job's name: 1 to 64 letters, digits, \`-\` and \`_\`\n`,
      'the place and the rule, and no usage line',
    );
    assert.doesNotMatch(r.err, /uploaded/);
    assert.deepEqual(uploaded('first run'), []);
  });

  it('a bad engine names the field, the engines there are and `modelarts job engines`, and uploads nothing', () => {
    const spec = project(
      'badengine',
      'metadata: {name: badengine}\nalgorithm:\n  code_dir: ./code\n  boot_file: train.py\n  engine: {engine_name: PyTorch, engine_version: "0.1"}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n',
    );
    const r = cli.run(['job', 'submit', spec]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      new RegExp(
        `^modelarts: ${spec.replace(/[./]/g, '\\$&')}:5:11: algorithm\\.engine: the platform has no engine PyTorch 0\\.1\\. Its engines: PyTorch 1\\.8`,
      ),
    );
    assert.match(r.err, /`modelarts job engines` lists them\.\n$/);
    assert.doesNotMatch(r.err, /no longer exists|Refresh the view|POST /);
    assert.deepEqual(uploaded('badengine'), []);
  });

  it('a YAML error: file, line and column, and no trailing colon', () => {
    const spec = project('badyaml', 'metadata:\n  name: x\nalgorithm: {code_dir: ./code\n');
    const r = cli.run(['job', 'submit', spec]);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`^modelarts: ${spec.replace(/[./]/g, '\\$&')}:\\d+:\\d+: not valid YAML: [^\\n]*[^:\\n]\\n$`));
  });

  it('uploads what .gitignore and .modelartsignore keep, and not the spec; says what it left out', () => {
    const spec = project(
      'ignoring',
      `metadata: {name: ignoring}\nalgorithm:\n  code_dir: .\n  command: "python3 code/train.py"\n  ${engine}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n`,
    );
    const root = path.join(cli.home, 'ignoring');
    writeFileSync(path.join(root, '.gitignore'), 'code/[b-e].py\n');
    writeFileSync(path.join(root, '.modelartsignore'), '!code/e.py\n');
    const r = cli.run(['job', 'submit', spec, '--wait', '--output', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /uploaded 5 file\(s\) .* left out: code\/b\.py, code\/c\.py, code\/d\.py, spec\.yaml\)/);
    assert.deepEqual(uploaded('ignoring').sort(), ['.gitignore', '.modelartsignore', 'code'].sort());
    const code = cli
      .json(['obs', 'ls', 'obs://modelarts-local/jobs/ignoring/code/code/'])
      .map((o: { url: string }) => o.url.split('/').pop());
    assert.deepEqual(code.sort(), ['a.py', 'e.py', 'train.py']);
    assert.equal(JSON.parse(r.out).status.phase, 'Completed');
  });

  it('a platform error leads with what went wrong, then the platform’s hint, then code and request id; no request line', () => {
    const spec = project(
      'done',
      `metadata: {name: done}\nalgorithm: {command: "true", ${engine}}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n`,
    );
    const job = JSON.parse(cli.run(['job', 'submit', spec, '--wait', '--output', 'json']).out);
    const r = cli.run(['job', 'stop', job.metadata.id]);
    assert.equal(r.code, 1);
    const lines = r.err.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^modelarts: Training job .* (has already ended|cannot be terminated)/);
    assert.equal(lines[1], '  Only Creating, Pending or Running jobs can be terminated.', 'the platform’s own hint reaches the user');
    assert.match(lines[lines.length - 1] ?? '', /^ {2}\(ModelArts\.2796, request [0-9a-f]{32}\)$/);
    assert.doesNotMatch(r.err, /POST|\/v2\//);
  });
});
