import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { enginesYaml, flavorSize, flavorsYaml } from '../../../../extension/core/jobs/catalogText';

describe('core/jobs/catalogText: engines and flavors as a spec names them', () => {
  const gpu = {
    flavor_id: 'modelarts.p3.large.public',
    flavor_name: 'GPU: 1*NVIDIA-V100(32GB) | CPU: 8 vCPUs 64GB',
    flavor_type: 'GPU',
    flavor_info: {
      max_num: 8,
      cpu: { core_num: 8 },
      memory: { size: 64, unit: 'GB' },
      gpu: { unit_num: 1, product_name: 'NVIDIA-V100', memory: '32GB' },
    },
  };

  it('a flavor size names CPUs, memory and accelerators, or a dash when the platform says nothing', () => {
    assert.equal(flavorSize(gpu), '8 vCPUs 64GB 1 × NVIDIA-V100 (32GB)');
    assert.equal(
      flavorSize({
        flavor_id: 'x',
        flavor_name: 'x',
        flavor_type: 'Ascend',
        flavor_info: { npu: { unit_num: 8, product_name: 'Ascend-910' } },
      }),
      '8 × Ascend-910',
    );
    assert.equal(flavorSize({ flavor_id: 'x', flavor_name: 'x', flavor_type: 'CPU' }), '-');
  });

  it('the documents are YAML comments, then a list in the fields of a spec; an empty list stays valid YAML', () => {
    const flavors = flavorsYaml('Flavors of work (cn-north-4).\nA spec names one.', [gpu]);
    assert.match(flavors, /^# Flavors of work \(cn-north-4\)\.\n# A spec names one\.\n- flavor_id: modelarts\.p3\.large\.public\n/);
    assert.deepEqual(parse(flavors), [
      { flavor_id: gpu.flavor_id, type: 'GPU', size: '8 vCPUs 64GB 1 × NVIDIA-V100 (32GB)', max_nodes: 8, name: gpu.flavor_name },
    ]);
    const engines = enginesYaml('Engines.', [{ engine_id: 'pytorch_1.8', engine_name: 'PyTorch', engine_version: '1.8: cuda' }]);
    assert.deepEqual(parse(engines), [{ engine_name: 'PyTorch', engine_version: '1.8: cuda', engine_id: 'pytorch_1.8' }]);
    assert.deepEqual(parse(enginesYaml('None here.', [])), []);
  });
});
