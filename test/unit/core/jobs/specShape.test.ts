import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { looksLikeJobSpec } from '../../../../extension/core/jobs/specShape';

describe('looksLikeJobSpec: which YAML files get the spec CodeLens and tasks', () => {
  it('takes the file modelarts job init writes, whatever it holds', () => {
    assert.equal(looksLikeJobSpec('/w/job.yaml', ''), true);
  });

  it('takes the README’s spec under any name', () => {
    const readme = readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');
    const spec = /```yaml\n(# A training job[\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(spec, 'the README’s job spec example was not found');
    assert.equal(looksLikeJobSpec('/w/mnist.yml', spec), true);
  });

  it('takes a create body with algorithm beside metadata, spec or kind: job', () => {
    assert.equal(looksLikeJobSpec('a.yaml', 'algorithm:\n  boot_file: t.py\nspec: {}\n'), true);
    assert.equal(looksLikeJobSpec('a.yaml', 'kind: job\nalgorithm: {}\n'), true);
    assert.equal(looksLikeJobSpec('a.yaml', 'metadata: {name: x}\nalgorithm: {}\n'), true);
  });

  it('leaves other YAML alone: CI files, compose files, an indented algorithm key, other extensions', () => {
    assert.equal(looksLikeJobSpec('ci.yml', 'jobs:\n  build:\n    steps: []\n'), false);
    assert.equal(looksLikeJobSpec('a.yaml', 'spec:\n  algorithm: x\n'), false);
    assert.equal(looksLikeJobSpec('a.yaml', 'algorithm: x\n'), false);
    assert.equal(looksLikeJobSpec('job.json', 'algorithm: {}\nspec: {}\n'), false);
  });
});
