import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JobSpecError, jobSpecFromText } from '../../../../extension/core/jobs/jobSpec';
import { jobSpecSchema, validateJobSpecText } from '../../../../extension/core/jobs/specSchema';
import type { SpecSchemaNode } from '../../../../extension/core/jobs/specSchemaMessages';
import { exampleSpecValues, jobSpecTemplate } from '../../../../extension/core/jobs/specTemplate';
import { repoRoot } from '../../../helpers/repo';

/** The spec the README shows under "A job spec is the v2 create body in YAML". */
function readmeSpec(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf('A job spec is the v2 create body'));
  const block = /```yaml\n([\s\S]*?)```/.exec(after);
  assert.ok(block?.[1], 'the README has a spec example');
  return block[1];
}

/** The create bodies of the API reference's examples (read in place, as the fixtures are). */
const apiExamples = path.resolve(repoRoot, '..', 'shared', 'reference', 'api-examples', 'training-jobs');

const problems = (text: string, opts = {}) => validateJobSpecText(text, '/work/job.yaml', { shown: 'job.yaml', ...opts });
const messages = (text: string, opts = {}) => problems(text, opts).map((p) => p.message);

const valid = `kind: job
metadata:
  name: mnist
algorithm:
  code_dir: .
  boot_file: train.py
  engine: {engine_name: PyTorch, engine_version: "1.8"}
  parameters:
    - name: epochs
      value: "10"
  environments: {MY_SETTING: "1"}
spec:
  resource:
    flavor_id: modelarts.vm.cpu.2u
    node_count: 1
`;

describe('core/jobs: the job spec schema', () => {
  it('accepts the README’s example, the template job init writes, and a spec with every usual field', () => {
    assert.deepEqual(messages(readmeSpec()), []);
    assert.deepEqual(messages(jobSpecTemplate(exampleSpecValues)), []);
    assert.deepEqual(
      messages(jobSpecTemplate({ name: '训练-1', bootFile: 'main.py', engineName: 'TensorFlow', engineVersion: '2.1', flavorId: 'x' })),
      [],
    );
    assert.deepEqual(messages(valid), []);
    // A list of maps for environments, as responses write them, and the output and input channels.
    const channels = `${valid}  log_export_path: {obs_url: obs://b/logs/}\n`.replace(
      '  environments: {MY_SETTING: "1"}\n',
      '  environments: [{A: "1"}]\n  inputs: [{name: data_url, remote: {obs: {obs_url: obs://b/data/}}}]\n  outputs: [{name: train_url, remote: {obs: {obs_url: /b/out/}}}]\n',
    );
    assert.deepEqual(messages(channels), []);
  });

  it('accepts the create bodies of the API reference', function () {
    if (!existsSync(apiExamples)) this.skip();
    const bodies = readdirSync(apiExamples).filter((f) => /^create.*\.request\.json$/.test(f));
    assert.ok(bodies.length >= 2, bodies.join());
    for (const name of bodies) assert.deepEqual(messages(readFileSync(path.join(apiExamples, name), 'utf8')), [], name);
  });

  it('names each mistake at its line and column, underlined to its end, with what is expected', () => {
    const text = valid
      .replace('name: mnist', 'name: first run')
      .replace('value: "10"', 'value: 10')
      .replace('flavor_id:', 'flavour_id:')
      .replace('node_count: 1', 'node_count: 0')
      .concat('extra: 1\n');
    const found = problems(text);
    assert.deepEqual(
      found.map((p) => [p.message, p.location?.line, p.location?.column, p.end?.line, p.end?.column]),
      [
        [
          'job.yaml:3:9: metadata.name "first run" is not valid. Expected: The job\'s name: 1 to 64 letters, digits, `-` and `_`',
          3,
          9,
          3,
          18,
        ],
        ['job.yaml:10:14: algorithm.parameters[0].value must be text: write it in quotes, "10"', 10, 14, 10, 16],
        [
          'job.yaml:14:5: spec.resource.flavor_id is required. Expected: The flavor the job runs on, e.g. `modelarts.vm.cpu.2u` (`modelarts job flavors` lists them; a dedicated pool has its own)',
          14,
          5,
          14,
          36,
        ],
        ['job.yaml:14:5: flavour_id is not a field of spec.resource. Did you mean flavor_id?', 14, 5, 14, 15],
        ['job.yaml:15:17: spec.resource.node_count must be at least 1', 15, 17, 15, 18],
        ['job.yaml:16:1: extra is not a field of the spec. Its fields: kind, metadata, algorithm, spec, tasks, endpoints', 16, 1, 16, 6],
      ],
    );
    for (const p of found) assert.deepEqual(p.location?.file, '/work/job.yaml');
  });

  it('says what the rules need: required fields, pairs, types in words, allowed values, one message per mistake', () => {
    const text =
      'kind: jobs\nmetadata: {name: ""}\nalgorithm:\n  engine:\n  environments: {A: 1}\n  boot_file: x.py\nspec: {resource: {}, notification: {topic_urn: u, events: [JobDone]}}\n';
    assert.deepEqual(messages(text), [
      'job.yaml:1:7: kind must be one of: job, visualization_job',
      "job.yaml:2:18: metadata.name must not be empty. Expected: The job's name: 1 to 64 letters, digits, `-` and `_`",
      'job.yaml:4:3: algorithm.engine must be a mapping',
      'job.yaml:5:21: algorithm.environments.A must be text: write it in quotes, "1"',
      'job.yaml:6:3: algorithm.boot_file is written without algorithm.code_dir, which it needs',
      'job.yaml:7:18: spec.resource.flavor_id is required. Expected: The flavor the job runs on, e.g. `modelarts.vm.cpu.2u` (`modelarts job flavors` lists them; a dedicated pool has its own)',
      'job.yaml:7:60: spec.notification.events[0] must be one of: JobStarted, JobCompleted, JobFailed, JobTerminated, JobRestarted, JobHanged, JobPreempted',
    ]);
    assert.deepEqual(messages('metadata: {name: a}\nspec: {resource: {flavor_id: f}}\n'), [
      'job.yaml:1:1: algorithm is required. Expected: What runs: a saved algorithm (`id`), a subscribed one (`subscription_id` and `item_version_id`), code with a boot file and a preset engine (`code_dir`, `boot_file`, `engine`), or a custom image with a command (`engine.image_url`, `command`)',
    ]);
  });

  it('quotes the schema’s Chinese descriptions for a Chinese reader', () => {
    assert.deepEqual(
      messages('metadata: {name: a b}\nalgorithm: {command: x}\nspec: {resource: {flavor_id: f}}\n', { language: 'zh-cn' }),
      ['job.yaml:1:18: metadata.name "a b" is not valid. Expected: 作业名称：1 到 64 个字母、数字、`-` 和 `_`'],
    );
  });

  it('YAML problems come first, each at its place, and nothing else is checked', () => {
    const found = problems('metadata:\n  name: ok\nalgorithm: {code_dir: ./code\nspec: {}\n');
    assert.ok(found.length >= 1);
    assert.ok(found.every((p) => p instanceof JobSpecError && /^job\.yaml:\d+:\d+: not valid YAML: /.test(p.message)));
    assert.deepEqual(messages('- a\n- b\n'), [
      'job.yaml:1:1: the spec must be a mapping: the training job’s create body (kind, metadata, algorithm, spec)',
    ]);
  });

  it('is the one check of the submit path: jobSpecFromText throws the first problem', () => {
    assert.throws(
      () => jobSpecFromText(valid.replace('  boot_file: train.py\n', '  boot_fle: train.py\n'), '/work/job.yaml', { shown: 'job.yaml' }),
      (err: unknown) =>
        err instanceof JobSpecError && err.message === 'job.yaml:6:3: boot_fle is not a field of algorithm. Did you mean boot_file?',
    );
    assert.equal(jobSpecFromText(valid, '/work/job.yaml').body.kind, 'job');
  });

  it('describes every field in English and Chinese, and the build writes a copy per language for the YAML extension', async () => {
    // The build script is plain JavaScript: imported by URL, it is not type-checked here.
    const build = (await import(pathToFileURL(path.join(repoRoot, 'esbuild.mjs')).href)) as {
      localizedSchema: (node: unknown, language: 'en' | 'zh-cn') => unknown;
    };
    const { localizedSchema } = build;
    const missing: string[] = [];
    const walk = (node: SpecSchemaNode, at: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (!child.description || !child['x-description-zh-cn']) missing.push(`${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
      if (node.items) walk(node.items, `${at}[]`);
    };
    walk(jobSpecSchema, '');
    for (const [name, definition] of Object.entries(jobSpecSchema.definitions ?? {})) walk(definition, `#${name}`);
    assert.deepEqual(missing, []);
    const zh = localizedSchema(jobSpecSchema, 'zh-cn') as SpecSchemaNode;
    const en = localizedSchema(jobSpecSchema, 'en') as SpecSchemaNode;
    assert.equal(zh.properties?.metadata?.properties?.name?.description, '作业名称：1 到 64 个字母、数字、`-` 和 `_`。');
    assert.equal(zh.properties?.metadata?.properties?.name?.markdownDescription, '作业名称：1 到 64 个字母、数字、`-` 和 `_`。');
    assert.equal(en.properties?.metadata?.properties?.name?.description, "The job's name: 1 to 64 letters, digits, `-` and `_`.");
    assert.doesNotMatch(JSON.stringify(zh) + JSON.stringify(en), /x-description-zh-cn/);
    // A property called "description" stays a property.
    assert.equal(typeof en.properties?.metadata?.properties?.description, 'object');
  });
});
