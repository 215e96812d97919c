import assert from 'node:assert/strict';
import {
  defaultSwrLocation,
  imageDescriptionProblem,
  imageNameProblem,
  imageRegisterRequest,
  type ImageRegistration,
  imageTagProblem,
  registrationProblem,
  swrLocationProblem,
  swrPathOf,
  swrPathProblem,
} from '../../../../extension/host/flows/imageRegistration';
import { imageServices } from '../../../../extension/host/views/images/filter';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';

const t = (m: string) => m;
const none = new Set<string>();

const base: ImageRegistration = {
  name: 'trainer',
  location: 'swr.cn-north-4.myhuaweicloud.com/my-team',
  tag: 'v1.0',
  chips: ['CPU', 'GPU'],
  services: ['notebook', 'training'],
};

describe('host/flows: Register Image', () => {
  it('image names: lower-case letters, digits, _ . / and -, starting with a letter or digit', () => {
    assert.equal(imageNameProblem('my-trainer_2.0', t), undefined);
    assert.equal(imageNameProblem('group/trainer', t), undefined);
    assert.match(imageNameProblem('', t) ?? '', /Enter a name/);
    assert.ok(imageNameProblem('Trainer', t), 'upper case');
    assert.ok(imageNameProblem('-trainer', t));
    assert.ok(imageNameProblem('my trainer', t));
  });

  it('locations: an optional registry (host[:port]) and the organisation', () => {
    assert.equal(swrLocationProblem('swr.cn-north-4.myhuaweicloud.com/my-team', t), undefined);
    assert.equal(swrLocationProblem('registry.local:5000/team/', t), undefined, 'a trailing slash is fine');
    assert.equal(swrLocationProblem('my-team', t), undefined);
    assert.match(swrLocationProblem('', t) ?? '', /registry and organisation/);
    assert.ok(swrLocationProblem('swr.example.com/My-Team', t));
    assert.ok(swrLocationProblem('swr.example.com/team/sub', t), 'the organisation is one segment');
  });

  it('tags: up to 128 letters, digits, _ . and -, not starting with . or -', () => {
    assert.equal(imageTagProblem('v1.0-RC_2', t), undefined);
    assert.ok(imageTagProblem('', t));
    assert.ok(imageTagProblem('.hidden', t));
    assert.ok(imageTagProblem('x'.repeat(129), t));
  });

  it('the whole SWR path: 16 to 2048 characters, the platform’s shape, not registered yet', () => {
    assert.equal(swrPathOf({ location: 'swr.local/team/', name: 'trainer', tag: 'v1' }), 'swr.local/team/trainer:v1');
    assert.equal(swrPathProblem('swr.local/team/trainer:v1', none, t), undefined);
    assert.match(swrPathProblem('team/x:v1', none, t) ?? '', /16 to 2048/);
    assert.match(swrPathProblem('swr.local/team/trainer:v1', new Set(['swr.local/team/trainer:v1']), t) ?? '', /already registered/);
    assert.match(imageDescriptionProblem('x'.repeat(513), t) ?? '', /512/);
    assert.equal(imageDescriptionProblem('', t), undefined);
  });

  it('starts the location at the region’s registry on the cloud, a local one in local mode', () => {
    assert.equal(defaultSwrLocation('cn-north-4'), 'swr.cn-north-4.myhuaweicloud.com/');
    assert.equal(defaultSwrLocation(undefined), 'swr.local/');
  });

  it('checks a scripted registration whole, chips and services included', () => {
    assert.equal(registrationProblem(base, none, t), undefined);
    assert.ok(registrationProblem({ ...base, chips: [] }, none, t));
    assert.ok(registrationProblem({ ...base, chips: ['TPU' as never] }, none, t));
    assert.ok(registrationProblem({ ...base, services: ['inference' as never] }, none, t));
    assert.ok(registrationProblem({ ...base, tag: 'bad tag' }, none, t));
  });

  it('turns services into the two API fields, and Ascend into an ARM image', () => {
    const both = imageRegisterRequest(base, '0');
    assert.deepEqual(
      {
        swr: both.swr_path,
        arch: both.arch,
        services: both.services,
        type: both.service_type,
        chips: both.resource_category,
        ws: both.workspace_id,
      },
      {
        swr: 'swr.cn-north-4.myhuaweicloud.com/my-team/trainer:v1.0',
        arch: 'X86_64',
        services: ['NOTEBOOK', 'SSH'],
        type: 'COMMON',
        chips: ['CPU', 'GPU'],
        ws: '0',
      },
    );
    const train = imageRegisterRequest({ ...base, chips: ['ASCEND'], services: ['training'], description: 'npu' }, 'ws-1');
    assert.deepEqual(
      { arch: train.arch, services: train.services, type: train.service_type, description: train.description },
      { arch: 'AARCH64', services: [], type: 'TRAIN', description: 'npu' },
    );
    assert.equal(imageRegisterRequest({ ...base, services: ['notebook'] }, '0').service_type, 'DEV');
  });

  describe('against local mode', () => {
    let d: TestDaemon;
    before(async () => {
      d = await startTestDaemon();
    });
    after(() => d.stop());

    it('registers each kind of request, and the image reads back as what was chosen', async () => {
      for (const services of [['notebook', 'training'], ['training'], ['notebook']] as const) {
        const r: ImageRegistration = {
          ...base,
          location: 'swr.local/team',
          name: `img-${services.join('-')}`,
          chips: ['GPU', 'ASCEND'],
          services,
        };
        const res = await d.call('POST', '/v1/{p}/images', imageRegisterRequest(r, '0'));
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.deepEqual(imageServices(res.json).sort(), [...services].sort());
        assert.deepEqual(res.json.resource_categories, ['GPU', 'ASCEND']);
        assert.equal(res.json.swr_path, swrPathOf(r));
      }
    });
  });
});
