import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { exampleSpecValues, jobSpecTemplate } from '../../../extension/core/jobs/specTemplate';
import { type CliHarness, startCliHarness } from '../../helpers/cli';
import { repoRoot } from '../../helpers/repo';

describe('cli: modelarts job init, engines and flavors; the spec example (local mode)', function () {
  this.timeout(180_000);
  let cli: CliHarness;
  before(async () => {
    cli = await startCliHarness();
  });
  after(() => cli.close());

  it('job engines and job flavors list what the daemon serves', () => {
    const engines = cli.json(['job', 'engines']) as { engine_name: string; engine_version: string }[];
    assert.ok(engines.some((e) => e.engine_name === 'PyTorch' && e.engine_version === exampleSpecValues.engineVersion));
    const table = cli.run(['job', 'engines']);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /^ENGINE_NAME +ENGINE_VERSION/);
    assert.equal(table.out.trim().split('\n').length, engines.length + 1);
    const flavors = cli.json(['job', 'flavors']) as { flavor_id: string }[];
    assert.ok(flavors.some((f) => f.flavor_id === exampleSpecValues.flavorId));
    assert.match(cli.run(['job', 'flavors']).out, /^FLAVOR_ID +TYPE +SIZE[\s\S]*modelarts\.vm\.cpu\.2u +CPU +2 vCPUs 8GB/);
    assert.deepEqual(cli.json(['job', 'flavors', '--type', 'gpu']), [], 'local mode has CPU flavors only');
    const bad = cli.run(['job', 'flavors', '--type', 'TPU']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--type must be CPU, GPU or Ascend/);
  });

  it('job init writes a commented spec next to the code that submits as written, and never overwrites one', () => {
    const dir = path.join(cli.home, 'My Project');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'main.py'), 'import sys\nprint("args", sys.argv[1:])\n');
    const made = cli.run(['job', 'init', dir]);
    assert.equal(made.code, 0, made.err);
    const file = path.join(dir, 'job.yaml');
    assert.match(made.out, /^wrote .*job\.yaml: job my-project, PyTorch /);
    assert.match(made.out, /submit it with: modelarts job submit .*job\.yaml --wait/);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# A training job/);
    assert.match(text, /engine: +# modelarts job engines lists them/);
    const spec = parse(text);
    assert.equal(spec.metadata.name, 'my-project');
    assert.equal(spec.algorithm.boot_file, 'main.py');
    assert.equal(spec.algorithm.code_dir, '.');
    assert.equal(spec.spec.resource.flavor_id, (cli.json(['job', 'flavors']) as { flavor_id: string }[])[0]?.flavor_id);
    const job = cli.json(['job', 'submit', file, '--wait']);
    assert.equal(job.status.phase, 'Completed');
    assert.match(cli.run(['job', 'logs', 'my-project']).out, /args \['--epochs=10'\]/);

    writeFileSync(file, 'metadata: {name: mine}\n');
    const again = cli.run(['job', 'init', dir]);
    assert.equal(again.code, 1);
    assert.match(again.err, /job\.yaml already exists; it was left as it is/);
    assert.equal(readFileSync(file, 'utf8'), 'metadata: {name: mine}\n');
  });

  it('job init: a missing folder, a bad name or a boot file that is not there are usage errors', () => {
    assert.equal(cli.run(['job', 'init', path.join(cli.home, 'nowhere')]).code, 2);
    const dir = path.join(cli.home, 'empty');
    mkdirSync(dir);
    assert.equal(cli.run(['job', 'init', dir, '--name', 'has space']).code, 2);
    assert.equal(cli.run(['job', 'init', dir, '--boot-file', 'missing.py']).code, 2);
    const noScript = cli.run(['job', 'init', dir, '--name', 'later']);
    assert.equal(noScript.code, 0, noScript.err);
    assert.match(noScript.out, /no script found in .*: write train\.py there/);
  });

  it('the spec example of job submit --help and the README is the template, and it runs on local mode', () => {
    const example = jobSpecTemplate(exampleSpecValues);
    const help = cli.run(['job', 'submit', '--help']);
    assert.equal(help.code, 0);
    assert.ok(help.out.includes(example.replace(/^(?=.)/gm, '  ')), help.out);
    assert.ok(
      readFileSync(path.join(repoRoot, 'README.md'), 'utf8').includes('```yaml\n' + example + '```'),
      'the README shows the example spec',
    );
    const dir = path.join(cli.home, 'example');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'train.py'), 'print("example ran")\n');
    writeFileSync(path.join(dir, 'job.yaml'), example);
    assert.equal(cli.json(['job', 'submit', path.join(dir, 'job.yaml'), '--wait']).status.phase, 'Completed');
  });
});
