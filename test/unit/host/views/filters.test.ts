import assert from 'node:assert/strict';
import { createPlatformClient, localPlatformConfig } from '../../../../extension/core/api/client';
import type { Image } from '../../../../extension/core/api/resources/images';
import { ModelArtsApi } from '../../../../extension/core/api/resources/modelArtsApi';
import type { TrainingJob } from '../../../../extension/core/api/resources/trainingJobTypes';
import { describeImagesNode } from '../../../../extension/host/views/images/describe';
import { describeImageFilter, imageServices, matchesImageFilter, parseImageFilter } from '../../../../extension/host/views/images/filter';
import type { Translate } from '../../../../extension/host/views/node';
import { describeJobsNode, groupOf, groupOrder, isJobTransitional } from '../../../../extension/host/views/trainingJobs/describe';
import {
  describeJobFilter,
  groupPhases,
  jobSearchFilter,
  matchesJobFilter,
  parseJobFilter,
} from '../../../../extension/host/views/trainingJobs/filter';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { commandJob, waitPhase } from '../../local/api/trainingJobs/helpers';

const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

function image(name: string, chips: string[], devServices: string[], serviceType: string): Image {
  return {
    id: name,
    name,
    tag: 'v1',
    swr_path: `swr.local/team/${name}:v1`,
    type: 'DEDICATED',
    resource_categories: chips,
    dev_services: devServices,
    service_type: serviceType,
  } as unknown as Image;
}

function job(name: string, phase: string): TrainingJob {
  return {
    kind: 'job',
    metadata: { id: name, name, create_time: 1 },
    status: { phase },
    algorithm: {},
    spec: { resource: { flavor_id: 'f', node_count: 1 } },
  } as unknown as TrainingJob;
}

describe('host/views: the Images filter', () => {
  const gpuBoth = image('gpu-both', ['CPU', 'GPU'], ['NOTEBOOK', 'SSH'], 'COMMON');
  const ascendTrain = image('ascend-train', ['ASCEND'], [], 'TRAIN');
  const cpuNotebook = image('cpu-nb', ['CPU'], ['NOTEBOOK'], 'DEV');
  const unsaid = image('unsaid', ['GPU'], ['NOTEBOOK', 'SSH'], 'UNKNOWN');

  it('reads services from both fields: NOTEBOOK in dev_services, TRAIN or COMMON in service_type', () => {
    assert.deepEqual(imageServices(gpuBoth), ['notebook', 'training']);
    assert.deepEqual(imageServices(ascendTrain), ['training']);
    assert.deepEqual(imageServices(cpuNotebook), ['notebook']);
    assert.deepEqual(imageServices(unsaid), ['notebook'], 'UNKNOWN (registered without a type) is not counted as training');
  });

  it('matches any chip of the list, any service of the list, and both lists together', () => {
    const pick = (raw: object) =>
      [gpuBoth, ascendTrain, cpuNotebook, unsaid]
        .filter((i) => matchesImageFilter(i, parseImageFilter(raw) ?? { chips: [], services: [] }))
        .map((i) => i.name);
    assert.deepEqual(pick({ chips: ['GPU', 'ASCEND'] }), ['gpu-both', 'ascend-train', 'unsaid']);
    assert.deepEqual(pick({ services: ['training'] }), ['gpu-both', 'ascend-train']);
    assert.deepEqual(pick({ chips: ['GPU'], services: ['training'] }), ['gpu-both']);
    assert.deepEqual(pick({ chips: ['CPU'], services: ['notebook', 'training'] }), ['gpu-both', 'cpu-nb']);
  });

  it('parses what was stored or scripted: any case, unknown values dropped, nothing selected is no filter', () => {
    assert.deepEqual(parseImageFilter({ chips: ['gpu', 'TPU', 3], services: ['Training', 'inference'] }), {
      chips: ['GPU'],
      services: ['training'],
    });
    assert.equal(parseImageFilter({ chips: [], services: [] }), undefined);
    assert.equal(parseImageFilter({ chips: ['TPU'] }), undefined);
    assert.equal(parseImageFilter('GPU'), undefined);
    assert.equal(parseImageFilter(undefined), undefined);
  });

  it('says the filter in the view description, and leads out of an empty result', () => {
    assert.equal(describeImageFilter({ chips: ['GPU', 'ASCEND'], services: ['training'] }, t), 'GPU, Ascend · Training');
    assert.equal(describeImageFilter({ chips: [], services: ['notebook'] }, t), 'Notebook');
    const none = describeImagesNode({ kind: 'noMatch' }, t);
    assert.equal(none.command?.command, 'modelarts.images.clearFilter');
    assert.doesNotMatch(none.contextValue, /^image\./, 'no image actions on the placeholder row');
  });
});

describe('host/views: the Training Jobs filter', () => {
  it('covers each status group with exactly the phases the view puts in it', () => {
    for (const group of groupOrder) for (const phase of groupPhases[group]) assert.equal(groupOf(phase), group, phase);
    const all = groupOrder.flatMap((g) => groupPhases[g]);
    for (const phase of ['Creating', 'Pending', 'Running', 'Failed', 'Completed', 'Terminating', 'Terminated', 'Abnormal'])
      assert.ok(all.includes(phase as never), `${phase} is in no group`);
  });

  it('asks the search API for a name and phases only when the filter has them', () => {
    assert.deepEqual(jobSearchFilter(undefined), {});
    assert.deepEqual(jobSearchFilter({ name: 'resnet', groups: [] }), { name: 'resnet' });
    assert.deepEqual(jobSearchFilter({ groups: ['Failed', 'Running'] }), { phases: ['Failed', 'Abnormal', 'Running', 'Terminating'] });
  });

  it('parses what was stored or scripted: the name trimmed, groups in view order, nothing selected is no filter', () => {
    assert.deepEqual(parseJobFilter({ name: '  resnet ', groups: ['failed', 'Running', 'Lost'] }), {
      name: 'resnet',
      groups: ['Running', 'Failed'],
    });
    assert.deepEqual(parseJobFilter({ name: 'x'.repeat(80) })?.name?.length, 64);
    assert.equal(parseJobFilter({ name: '   ', groups: [] }), undefined);
    assert.equal(parseJobFilter(null), undefined);
  });

  it('says the filter in the view description, and leads out of an empty result', () => {
    assert.equal(describeJobFilter({ name: 'resnet', groups: ['Running', 'Failed'] }, t), '“resnet” · Running, Failed');
    assert.equal(describeJobFilter({ groups: ['Completed'] }, t), 'Completed');
    const none = describeJobsNode({ kind: 'noMatch' }, t);
    assert.equal(none.command?.command, 'modelarts.trainingJobs.clearFilter');
    assert.doesNotMatch(none.contextValue, /^trainingJob\./, 'no job actions on the placeholder row');
    assert.equal(isJobTransitional({ kind: 'noMatch' }), false);
  });

  it('matches a job on the client exactly as the filter asks the server', () => {
    const filter = { name: 'ResNet', groups: ['Failed'] } as const;
    assert.equal(matchesJobFilter(job('resnet-50', 'Abnormal'), filter), true);
    assert.equal(matchesJobFilter(job('resnet-50', 'Completed'), filter), false);
    assert.equal(matchesJobFilter(job('vgg', 'Failed'), filter), false);
  });

  describe('against local mode’s search API', () => {
    let d: TestDaemon;
    let api: ModelArtsApi;
    let close: () => void;
    before(async function () {
      this.timeout(60_000);
      d = await startTestDaemon();
      const client = createPlatformClient(localPlatformConfig(d.daemon.discovery));
      api = new ModelArtsApi(client);
      close = () => client.close();
      for (const [name, command] of [
        ['resnet-ok', 'true'],
        ['resnet-bad', 'exit 3'],
        ['vgg-ok', 'true'],
      ] as const) {
        const created = await d.call('POST', '/v2/{p}/training-jobs', commandJob(name, command));
        assert.equal(created.status, 201, JSON.stringify(created.json));
        await waitPhase(d, created.json.metadata.id, 'Completed', 'Failed');
      }
    });
    after(async () => {
      close();
      await d.stop();
    });

    it('returns what matchesJobFilter keeps, for name, status and both', async function () {
      this.timeout(30_000);
      const all: TrainingJob[] = [];
      for await (const j of api.trainingJobs.search({})) all.push(j);
      for (const raw of [
        { name: 'resnet' },
        { groups: ['Completed'] },
        { name: 'RESNET', groups: ['Failed'] },
        { name: 'nothing-like-this' },
      ]) {
        const filter = parseJobFilter(raw);
        assert.ok(filter);
        const served: string[] = [];
        for await (const j of api.trainingJobs.search({ ...jobSearchFilter(filter) })) served.push(j.metadata.name);
        assert.deepEqual(
          served.sort(),
          all
            .filter((j) => matchesJobFilter(j, filter))
            .map((j) => j.metadata.name)
            .sort(),
          JSON.stringify(raw),
        );
      }
    });
  });
});
