import assert from 'node:assert/strict';
import { english } from '../../../extension/core/util/translate';
import { profileLiveCheck } from '../../../extension/host/flows/profileLiveCheck';
import { type TestDaemon, startTestDaemon } from '../../helpers/localDaemon';

/**
 * Add Cloud Profile's live check, against the real local daemon reached as a "cloud" through the
 * profile's endpoints: a wrong SK is really refused, and the message speaks of the keys just typed
 * in, since nothing was saved and there is no active profile to check.
 */
describe('host/flows: Add Cloud Profile’s live check (local daemon)', function () {
  this.timeout(60_000);
  let td: TestDaemon;
  before(async () => (td = await startTestDaemon()));
  after(async () => td?.stop());

  const fields = () => {
    const d = td.daemon.discovery;
    return {
      region: 'cn-north-4',
      projectId: d.project_id,
      modelartsEndpoint: d.endpoint,
      obsEndpoint: d.s3_endpoint,
      iamEndpoint: d.endpoint,
    };
  };

  it('a wrong secret key: what went wrong and to check the keys you entered, never "of the active profile"', async () => {
    const problem = await profileLiveCheck(fields(), { ak: td.daemon.discovery.ak, sk: 'NotTheRightSecretKey0000' }, english);
    assert.ok(problem, 'the wrong key was accepted');
    assert.match(problem, /^Incorrect IAM authentication information: .*\./);
    assert.match(problem, /Check the access key \(AK\) and secret key \(SK\) you entered/);
    assert.doesNotMatch(problem, /active profile/);
    assert.match(problem, /\(APIGW\.0301, request [0-9a-f]{32}\)$/);
    assert.ok(!problem.includes('NotTheRightSecretKey0000'), 'the secret key is not in the message');
  });

  it('the right keys: no problem', async () => {
    const d = td.daemon.discovery;
    assert.equal(await profileLiveCheck(fields(), { ak: d.ak, sk: d.sk }, english), undefined);
  });
});
