import { PutObjectCommand } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import {
  datasetCreateRequest,
  datasetDescriptionProblem,
  type DatasetDraft,
  datasetNameProblem,
  defaultOutputFolder,
  draftProblem,
  folderUrl,
  inputFolderProblem,
  labelListProblem,
  outputFolderProblem,
  parseLabelList,
} from '../../../../extension/host/flows/datasetDraft';
import { pngBytes } from '../../../helpers/images';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';
import { putObjects, s3Of } from '../../local/api/trainingJobs/helpers';

const t = (m: string) => m;
const none = new Set<string>();

const draft: DatasetDraft = { name: 'flowers', type: 0, input: 'obs://team-data/images/', output: 'obs://team-data/flowers-output/' };

describe('host/flows: New Dataset', () => {
  it('names: 1 to 100 letters of any script, digits, - and _, not taken', () => {
    assert.equal(datasetNameProblem('花卉_2024-v1', none, t), undefined);
    assert.match(datasetNameProblem('', none, t) ?? '', /Enter a name/);
    assert.ok(datasetNameProblem('a b', none, t));
    assert.ok(datasetNameProblem('x'.repeat(101), none, t));
    assert.match(datasetNameProblem('pets', new Set(['pets']), t) ?? '', /already exists/);
  });

  it('reads a folder however it is written, and refuses what is not one', () => {
    assert.equal(folderUrl('obs://bkt/data/train'), 'obs://bkt/data/train/');
    assert.equal(folderUrl('/bkt/data/'), 'obs://bkt/data/');
    assert.equal(folderUrl('s3://bkt'), 'obs://bkt/');
    assert.equal(folderUrl('https://bkt/data/'), undefined);
    assert.equal(folderUrl('obs://BKT/data/'), undefined, 'bucket names are lower-case');
    assert.equal(folderUrl('obs://bkt/data/../x/'), undefined);
    assert.equal(inputFolderProblem('obs://bkt/', t), undefined, 'a whole bucket can be the input');
    assert.ok(inputFolderProblem('bkt/data', t));
  });

  it('outputs: a folder inside a bucket, not the input folder nor inside it', () => {
    assert.equal(outputFolderProblem('obs://bkt/out/', 'obs://bkt/in/', t), undefined);
    assert.equal(
      outputFolderProblem('obs://bkt/in-output/', 'obs://bkt/in/', t),
      undefined,
      'a sibling whose name starts the same is fine',
    );
    assert.match(outputFolderProblem('obs://bkt', 'obs://bkt/in/', t) ?? '', /not the bucket itself/);
    assert.match(outputFolderProblem('obs://bkt/in', 'obs://bkt/in/', t) ?? '', /must not be the input/);
    assert.match(outputFolderProblem('obs://bkt/in/labels/', '/bkt/in/', t) ?? '', /must not be the input/);
    assert.ok(outputFolderProblem('nowhere', 'obs://bkt/in/', t));
  });

  it('descriptions: at most 256 characters, none of ^ ! < > = & "', () => {
    assert.equal(datasetDescriptionProblem('Flowers, 5 classes (v2)', t), undefined);
    assert.ok(datasetDescriptionProblem('a & b', t));
    assert.ok(datasetDescriptionProblem('x'.repeat(257), t));
  });

  it('suggests an output folder next to the input, named after the dataset', () => {
    assert.equal(defaultOutputFolder('obs://bkt/data/images/', 'flowers'), 'obs://bkt/data/flowers-output/');
    assert.equal(defaultOutputFolder('obs://bkt/images/', 'flowers'), 'obs://bkt/flowers-output/');
    assert.equal(outputFolderProblem(defaultOutputFolder('obs://bkt/images/', 'flowers'), 'obs://bkt/images/', t), undefined);
    assert.equal(
      defaultOutputFolder('obs://bkt/', 'flowers'),
      'obs://bkt/',
      'a whole-bucket input leaves the choice of bucket to the user',
    );
  });

  it('labels: an optional comma-separated set, each name 1 to 64 characters, none twice', () => {
    assert.deepEqual(parseLabelList(' cat, dog ,,bird '), ['cat', 'dog', 'bird']);
    assert.deepEqual(parseLabelList('猫，狗, 鸟'), ['猫', '狗', '鸟'], 'a Chinese keyboard’s full-width comma separates too');
    assert.deepEqual(parseLabelList('   '), []);
    assert.equal(labelListProblem('', t), undefined, 'no labels is fine: they can be added while labelling');
    assert.equal(labelListProblem('cat, dog', t), undefined);
    assert.match(labelListProblem('cat, dog, cat', t) ?? '', /twice/);
    assert.match(labelListProblem(`cat, ${'x'.repeat(65)}`, t) ?? '', /longer than/);
    assert.match(labelListProblem('cat, do\u0007g', t) ?? '', /control characters/);
    assert.ok(draftProblem({ ...draft, labels: ['a', 'a'] }, none, t));
    assert.ok(draftProblem({ ...draft, labels: 'a, b' as never }, none, t), 'a script passes a list, not a string');
    assert.deepEqual(datasetCreateRequest({ ...draft, type: 1, labels: ['car', 'person'] }, '0').labels, [
      { name: 'car', type: 1 },
      { name: 'person', type: 1 },
    ]);
    assert.equal(datasetCreateRequest({ ...draft, labels: [] }, '0').labels, undefined);
  });

  it('checks a scripted draft whole, and sends paths in the /bucket/folder/ spelling', () => {
    assert.equal(draftProblem(draft, none, t), undefined);
    assert.ok(draftProblem({ ...draft, type: 3 as never }, none, t));
    assert.equal(draftProblem({ ...draft, type: 101 }, none, t), undefined, 'named entities are served locally');
    assert.ok(draftProblem({ ...draft, output: draft.input }, none, t));
    const req = datasetCreateRequest({ ...draft, input: 'obs://team-data/images', description: 'pets' }, 'ws-1');
    assert.deepEqual(req, {
      dataset_name: 'flowers',
      dataset_type: 0,
      data_sources: [{ data_type: 0, data_path: '/team-data/images/' }],
      work_path: '/team-data/flowers-output/',
      work_path_type: 0,
      workspace_id: 'ws-1',
      description: 'pets',
    });
  });

  describe('against local mode', () => {
    let d: TestDaemon;
    before(async () => {
      d = await startTestDaemon();
      const s3 = s3Of(d.daemon.discovery);
      await putObjects(s3, 'team-data', { 'texts/lines.txt': 'good\nbad\n' });
      await s3.send(new PutObjectCommand({ Bucket: 'team-data', Key: 'images/a.png', Body: pngBytes(8, 8) }));
      s3.destroy();
    });
    after(() => d.stop());

    it('creates a dataset from the request, its samples indexed from the input folder', async () => {
      const created = await d.call('POST', '/v2/{p}/datasets', datasetCreateRequest(draft, '0'));
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const got = await d.call('GET', `/v2/{p}/datasets/${created.json.dataset_id}`);
      assert.equal(got.json.dataset_name, 'flowers');
      assert.equal(got.json.work_path, '/team-data/flowers-output/');
      assert.equal(got.json.data_sources[0].data_path, '/team-data/images/');
      assert.equal(got.json.total_sample_count, 1, 'the one image in the input folder');
    });

    it('creates a dataset with the label set typed in the flow', async () => {
      const labels = parseLabelList('daisy, rose，tulip');
      assert.equal(labelListProblem('daisy, rose，tulip', t), undefined);
      const created = await d.call(
        'POST',
        '/v2/{p}/datasets',
        datasetCreateRequest({ ...draft, name: 'labelled-flowers', output: 'obs://team-data/labelled-output/', labels }, '0'),
      );
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const got = await d.call('GET', `/v2/{p}/datasets/${created.json.dataset_id}`);
      assert.deepEqual(
        (got.json.labels as { name: string; type: number }[]).map((l) => [l.name, l.type]),
        [
          ['daisy', 0],
          ['rose', 0],
          ['tulip', 0],
        ],
      );
    });

    it('creates a text classification dataset too', async () => {
      const created = await d.call(
        'POST',
        '/v2/{p}/datasets',
        datasetCreateRequest(
          { name: 'reviews', type: 100, input: 'obs://team-data/texts/', output: defaultOutputFolder('obs://team-data/texts/', 'reviews') },
          '0',
        ),
      );
      assert.equal(created.status, 201, JSON.stringify(created.json));
    });
  });
});
