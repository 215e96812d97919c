import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliHarness, startCliHarness } from '../../helpers/cli';
import { pngBytes } from '../../helpers/images';

/** A spec for a job that prints one line and a metric, then ends. */
function writeJob(dir: string, name: string, line: string): string {
  mkdirSync(path.join(dir, 'code'), { recursive: true });
  writeFileSync(path.join(dir, 'code', 'train.py'), `print(${JSON.stringify(line)})\nprint("MA_METRIC loss=0.5 step=1")\n`);
  const spec = path.join(dir, 'spec.yaml');
  writeFileSync(
    spec,
    `metadata: {name: ${name}}\nalgorithm: {code_dir: ./code, boot_file: train.py, engine: {engine_name: PyTorch, engine_version: "1.8"}}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u, node_count: 1}}\n`,
  );
  return spec;
}

describe('cli: every command that takes a resource takes its name or its id (local mode)', function () {
  this.timeout(180_000);
  let cli: CliHarness;
  before(async () => {
    cli = await startCliHarness();
  });
  after(() => cli.close());

  let first: string;
  it('job logs, get and metrics take a job name', () => {
    first = cli.json(['job', 'submit', writeJob(path.join(cli.home, 'a'), 'first-run', 'hello from the first run'), '--wait']).metadata.id;
    const logs = cli.run(['job', 'logs', 'first-run']);
    assert.equal(logs.code, 0, logs.err);
    assert.match(logs.out, /hello from the first run/);
    assert.equal(cli.json(['job', 'get', 'first-run']).metadata.id, first);
    assert.equal(cli.json(['job', 'get', first]).metadata.name, 'first-run', 'an id still works');
    assert.deepEqual(
      cli.json(['job', 'metrics', 'first-run', '--tag', '^loss$']).runs.map((r: { run: string }) => r.run),
      [first],
    );
  });

  it('a name two jobs share is a usage error that lists both ids; an unknown one exits 1 and names the list command', () => {
    const second = cli.json(['job', 'submit', writeJob(path.join(cli.home, 'b'), 'first-run', 'the second one'), '--wait']).metadata.id;
    const both = cli.run(['job', 'logs', 'first-run']);
    assert.equal(both.code, 2);
    assert.match(both.err, /2 training jobs are named 'first-run'; use an id: /);
    assert.ok(both.err.includes(first) && both.err.includes(second), both.err);
    assert.equal(both.out, '');
    assert.match(cli.run(['job', 'logs', second]).out, /the second one/);
    const none = cli.run(['job', 'delete', 'no-such-run']);
    assert.equal(none.code, 1);
    assert.match(none.err, /no training job with id or name 'no-such-run' \(see: modelarts job list\)/);
    assert.equal(cli.run(['job', 'delete', second]).code, 0);
    assert.equal(cli.json(['job', 'get', 'first-run']).metadata.id, first, 'one left with that name: the name works again');
    assert.equal(cli.run(['job', 'delete', 'first-run']).code, 0);
    assert.equal(cli.run(['job', 'get', first]).code, 1, 'deleted by its name');
  });

  it('dataset samples, import and export take a dataset name', () => {
    const images = path.join(cli.home, 'pets');
    mkdirSync(images);
    for (const name of ['a.png', 'b.png']) writeFileSync(path.join(images, name), pngBytes(8, 6));
    assert.equal(cli.run(['obs', 'mb', 'obs://pets']).code, 0);
    assert.equal(cli.json(['obs', 'cp', images, 'obs://pets/imgs/']).transferred, 2);
    const made = cli.run(['dataset', 'create', '--name', 'pets', '--type', 'image_classification', '--input', 'obs://pets/imgs/']);
    assert.equal(made.code, 0, made.err);
    const samples = cli.run(['dataset', 'samples', 'pets']);
    assert.equal(samples.code, 0, samples.err);
    assert.equal(samples.out.trim().split('\n').length, 3, 'a header and two samples');
    const exported = cli.run(['dataset', 'export', 'pets', '--format', 'manifest', '--to', path.join(cli.home, 'export')]);
    assert.equal(exported.code, 0, exported.err);
    const none = cli.run(['dataset', 'samples', 'dogs']);
    assert.equal(none.code, 1);
    assert.match(none.err, /no dataset with id or name 'dogs' \(see: modelarts dataset list\)/);
  });

  it('notebooks: a shared name lists the ids; --image takes an image name, and an unknown one exits 1', () => {
    const a = cli.json(['notebook', 'create', '--name', 'twin']).id;
    const b = cli.json(['notebook', 'create', '--name', 'twin']).id;
    const both = cli.run(['notebook', 'stop', 'twin']);
    assert.equal(both.code, 2);
    assert.match(both.err, /2 notebooks are named 'twin'; use an id: /);
    assert.ok(both.err.includes(a) && both.err.includes(b), both.err);
    for (const id of [a, b]) assert.equal(cli.run(['notebook', 'delete', id]).code, 0);
    const image = cli.json(['image', 'list', '--chip', 'CPU'])[0] as { id: string; name: string };
    const nb = cli.json(['notebook', 'create', '--name', 'by-image-name', '--image', image.name]);
    assert.equal(nb.image.id, image.id);
    assert.equal(cli.run(['notebook', 'delete', 'by-image-name']).code, 0);
    const unknown = cli.run(['notebook', 'create', '--name', 'n', '--image', 'no-such-image']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no image with id or name 'no-such-image' \(see: modelarts image list\)/);
  });
});
