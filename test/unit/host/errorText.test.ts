import assert from 'node:assert/strict';
import { PlatformError, type PlatformErrorDetails } from '../../../extension/core/api/errors';
import { describeError, errorForLog } from '../../../extension/host/errorText';

const base: PlatformErrorDetails = {
  kind: 'http',
  status: 401,
  errorCode: 'APIGW.0301',
  errorMsg: 'Incorrect IAM authentication information: verify aksk signature fail',
  method: 'GET',
  path: '/v1/p/workspaces',
  requestId: 'abc123',
  hint: 'The platform rejected the signature. Check the access key (AK) and secret key (SK) of the active profile.',
};

describe('host: the error a user is shown (describeError)', () => {
  it('says what went wrong and what to do, with the code, but not the request line', () => {
    const text = describeError(new PlatformError(base));
    assert.equal(
      text,
      'Incorrect IAM authentication information: verify aksk signature fail. The platform rejected the signature. Check the access key (AK) and secret key (SK) of the active profile. (APIGW.0301)',
    );
    assert.doesNotMatch(text, /GET|\/v1\/|abc123/);
  });

  it('adds the platform’s own suggested fix (training errors carry one), each suggestion once', () => {
    const { hint: _hint, ...noHint } = base;
    const withSolution = new PlatformError({
      ...noHint,
      status: 409,
      errorCode: 'ModelArts.2796',
      errorMsg: 'Training job a has already ended (Completed); it cannot be terminated.',
      errorSolution: 'Only Creating, Pending or Running jobs can be terminated.',
    });
    assert.equal(
      describeError(withSolution),
      'Training job a has already ended (Completed); it cannot be terminated. Only Creating, Pending or Running jobs can be terminated. (ModelArts.2796)',
    );
    const same = new PlatformError({ ...base, errorSolution: base.hint });
    assert.equal(describeError(same).split(base.hint ?? '').length, 2, 'the hint is not repeated');
  });

  it('shows other errors as their message', () => {
    assert.equal(describeError(new Error('The bucket does not exist.')), 'The bucket does not exist.');
    assert.equal(describeError('plain'), 'plain');
  });

  it('logs the whole story: request line and id, then the hint, as the CLI prints it', () => {
    const logged = errorForLog(new PlatformError(base));
    assert.match(logged, /^GET \/v1\/p\/workspaces failed: .*APIGW\.0301, request abc123\) The platform rejected the signature/);
  });
});
