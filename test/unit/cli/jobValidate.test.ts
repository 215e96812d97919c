import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliHarness, startCliHarness } from '../../helpers/cli';

/** `modelarts job validate` lists every problem of a spec, as a compiler does, and creates nothing. */
describe('cli: job validate lists every problem of a spec (local mode)', function () {
  this.timeout(180_000);
  let cli: CliHarness;
  before(async () => (cli = await startCliHarness()));
  after(() => cli.close());

  function spec(name: string, text: string): string {
    mkdirSync(path.join(cli.home, name), { recursive: true });
    writeFileSync(path.join(cli.home, name, 'train.py'), 'print(1)\n');
    writeFileSync(path.join(cli.home, name, 'job.yaml'), text);
    return path.join(name, 'job.yaml');
  }

  it('prints each schema mistake at its place and exits 2, without asking the platform', () => {
    const file = spec('schema', 'metadata: {name: a b}\nalgorithm: {code_dir: ., boot_fle: train.py}\nspec: {resource: {node_count: 0}}\n');
    const r = cli.run(['job', 'validate', file]);
    assert.equal(r.code, 2);
    assert.deepEqual(r.err.trimEnd().split('\n'), [
      `${file}:1:18: metadata.name "a b" is not valid. Expected: The job's name: 1 to 64 letters, digits, \`-\` and \`_\``,
      `${file}:2:26: boot_fle is not a field of algorithm. Did you mean boot_file?`,
      `${file}:3:18: spec.resource.flavor_id is required. Expected: The flavor the job runs on, e.g. \`modelarts.vm.cpu.2u\` (\`modelarts job flavors\` lists them; a dedicated pool has its own)`,
      `${file}:3:31: spec.resource.node_count must be at least 1`,
    ]);
  });

  it('checks the engine, the flavor and the boot file against the platform and the code folder', () => {
    const file = spec(
      'platform',
      'metadata: {name: p}\nalgorithm:\n  code_dir: .\n  boot_file: main.py\n  engine: {engine_name: PyTorch, engine_version: "0.1"}\nspec: {resource: {flavor_id: modelarts.vm.none}}\n',
    );
    const r = cli.run(['job', 'validate', file, '--output', 'json']);
    assert.equal(r.code, 2);
    const problems = JSON.parse(r.out) as { message: string; line: number; column: number }[];
    assert.deepEqual(
      problems.map((p) => [p.line, p.column]),
      [
        [4, 14],
        [5, 11],
        [6, 30],
      ],
    );
    assert.match(problems[1]?.message ?? '', /the platform has no engine PyTorch 0\.1/);
    const good = spec(
      'good',
      'metadata: {name: good}\nalgorithm:\n  code_dir: .\n  boot_file: train.py\n  engine: {engine_name: PyTorch, engine_version: "1.8"}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u}}\n',
    );
    const ok = cli.run(['job', 'validate', good]);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, `${good}: no problems found\n`);
    assert.equal(cli.run(['job', 'list', '--output', 'json']).out.includes('"good"'), false, 'nothing was created');
  });
});
