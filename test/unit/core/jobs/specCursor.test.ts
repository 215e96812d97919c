import assert from 'node:assert/strict';
import { isJobSpecFileName, specCursorAt } from '../../../../extension/core/jobs/specCursor';

/** `|` marks the cursor. */
function at(text: string) {
  const offset = text.indexOf('|');
  return specCursorAt(text.replace('|', ''), offset);
}

describe('core/jobs: the spec field at the cursor, for completion', () => {
  it('finds the field of a value being typed, and what is typed of it', () => {
    assert.deepEqual(at('spec:\n  resource:\n    flavor_id: mod|\n'), {
      field: ['spec', 'resource', 'flavor_id'],
      typed: 'mod',
      start: 33,
      end: 36,
    });
    assert.deepEqual(at('algorithm:\n  code_dir: obs://b/|\n')?.field, ['algorithm', 'code_dir']);
    assert.equal(at('algorithm:\n  code_dir: obs://b/|\n')?.typed, 'obs://b/');
  });

  it('finds the field of an empty value after its colon, in lists and flow mappings too, inside quotes', () => {
    assert.deepEqual(at('spec:\n  resource:\n    flavor_id: |\n    node_count: 1\n')?.field, ['spec', 'resource', 'flavor_id']);
    assert.deepEqual(at('algorithm:\n  engine:\n    engine_name: PyTorch\n    engine_version: |')?.field, [
      'algorithm',
      'engine',
      'engine_version',
    ]);
    assert.deepEqual(at('algorithm:\n  inputs:\n    - name: d\n      remote:\n        obs:\n          obs_url: |\n')?.field, [
      'algorithm',
      'inputs',
      0,
      'remote',
      'obs',
      'obs_url',
    ]);
    const quoted = at('algorithm:\n  inputs:\n    - {name: d, remote: {obs: {obs_url: "obs://|"}}}\n');
    assert.deepEqual(quoted?.field, ['algorithm', 'inputs', 0, 'remote', 'obs', 'obs_url']);
    assert.equal(quoted?.typed, 'obs://');
  });

  it('is nothing in a key or a comment', () => {
    assert.equal(at('spec:\n  reso|urce:\n'), undefined);
    assert.equal(at('# a comm|ent\nspec: {}\n'), undefined);
  });

  it('knows the spec files by name: job.yaml as job init writes it, and *.job.yaml', () => {
    for (const name of ['/a/job.yaml', 'job.yml', '/a/train.job.yaml', '/a/JOB.YAML']) assert.ok(isJobSpecFileName(name), name);
    for (const name of ['/a/myjob.yaml', '/a/config.yaml', '/a/job.json']) assert.ok(!isJobSpecFileName(name), name);
  });
});
