/**
 * The commented job spec `modelarts job init` writes next to the code, and the example that
 * `job submit --help` and the README show: one text, so what a user is told a spec may say is
 * what the submit path reads (see jobSpec.ts) and what the platform accepts.
 */
import { stringify } from 'yaml';

/** The values a spec is written with; everything else is a commented-out example. */
export interface SpecTemplateValues {
  /** metadata.name. */
  readonly name: string;
  /** algorithm.boot_file, relative to the spec's folder (the code dir). */
  readonly bootFile: string;
  readonly engineName: string;
  readonly engineVersion: string;
  readonly flavorId: string;
}

/** The spec file name `job init` writes. */
export const specFileName = 'job.yaml';

/** The values of the example in `job submit --help` and the README: local mode's engine and flavor. */
export const exampleSpecValues: SpecTemplateValues = {
  name: 'mnist',
  bootFile: 'train.py',
  engineName: 'PyTorch',
  engineVersion: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
  flavorId: 'modelarts.vm.cpu.2u',
};

/** A YAML scalar as YAML writes it (quoted only when it must be). */
const scalar = (value: string) => stringify(value).trimEnd();

/**
 * Column at which the comments start, so they line up. A value longer than that still gets its
 * comment, two spaces after it.
 */
const commentColumn = 36;

function line(text: string, comment?: string): string {
  if (!comment) return text;
  return `${text.padEnd(Math.max(commentColumn, text.length + 2))}# ${comment}`;
}

/** The commented spec, ready to write to `<code dir>/job.yaml`. */
export function jobSpecTemplate(v: SpecTemplateValues): string {
  return [
    '# A training job: `modelarts job submit job.yaml --wait`, or in VS Code Submit Training Job',
    '# from YAML on this file. It is the ModelArts v2 create-job body in YAML, sent as written,',
    '# except a local algorithm.code_dir, which is uploaded first.',
    'kind: job',
    'metadata:',
    line(`  name: ${scalar(v.name)}`, "1-64 letters, digits, '_' and '-'"),
    line('  description: ""'),
    'algorithm:',
    line('  code_dir: .', 'the code: a folder relative to this file, or obs://bucket/code/'),
    line(`  boot_file: ${scalar(v.bootFile)}`, 'the script that runs (.py or .sh), inside code_dir'),
    line('  engine:', 'modelarts job engines lists them'),
    line(`    engine_name: ${scalar(v.engineName)}`),
    line(`    engine_version: ${scalar(v.engineVersion)}`),
    line('  parameters:', 'each is given to the script as --name=value'),
    line('    - name: epochs'),
    line('      value: "10"'),
    line('  # inputs:', 'data the job reads: --data_url=<a local copy>'),
    line('  #   - name: data_url'),
    line('  #     remote: {obs: {obs_url: obs://bucket/data/}}'),
    line('  # outputs:', 'what it writes to --train_url=<a folder> goes to obs_url'),
    line('  #   - name: train_url'),
    line('  #     remote: {obs: {obs_url: obs://bucket/output/}}'),
    line('  # environments:', 'environment variables of the job'),
    line('  #   MY_SETTING: "1"'),
    '# Metrics: print lines like "MA_METRIC loss=0.3 step=10", or write TensorBoard event files',
    '# to $MA_SUMMARY_DIR; Show Metrics (or modelarts job metrics NAME) charts them.',
    'spec:',
    '  resource:',
    line(`    flavor_id: ${scalar(v.flavorId)}`, 'modelarts job flavors lists them'),
    line('    node_count: 1'),
    '',
  ].join('\n');
}
