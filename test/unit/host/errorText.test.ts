import assert from 'node:assert/strict';
import { adviceText } from '../../../extension/core/api/advice';
import { PlatformError, type PlatformErrorDetails } from '../../../extension/core/api/errors';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJobSpec } from '../../../extension/core/jobs/jobSpec';
import { describeError, errorForLog, openErrorLocation } from '../../../extension/host/errorText';

const base: PlatformErrorDetails = {
  kind: 'http',
  status: 401,
  errorCode: 'APIGW.0301',
  errorMsg: 'Incorrect IAM authentication information: verify aksk signature fail',
  method: 'GET',
  path: '/v1/p/workspaces',
  requestId: 'abc123',
  advice: { kind: 'signature' },
};

describe('host: the error a user is shown (describeError)', () => {
  it('says what went wrong and what to do, then the code and request id, but not the request line', () => {
    const text = describeError(new PlatformError(base));
    assert.equal(
      text,
      'Incorrect IAM authentication information: verify aksk signature fail. The platform rejected the signature. Check the access key (AK) and secret key (SK) of the active profile: they must be a matching, enabled pair (temporary keys also need their security token). (APIGW.0301, request abc123)',
    );
    assert.doesNotMatch(text, /GET|\/v1\//);
  });

  it('words key advice for keys just typed in when asked (Add Cloud Profile: nothing is saved yet)', () => {
    const text = describeError(new PlatformError(base), undefined, { keysEntered: true });
    assert.match(text, /secret key \(SK\) you entered/);
    assert.doesNotMatch(text, /active profile/);
  });

  it('adds the platform’s own suggested fix (training errors carry one), each suggestion once', () => {
    const { advice: _advice, ...noAdvice } = base;
    const withSolution = new PlatformError({
      ...noAdvice,
      status: 409,
      errorCode: 'ModelArts.2796',
      errorMsg: 'Training job a has already ended (Completed); it cannot be terminated.',
      errorSolution: 'Only Creating, Pending or Running jobs can be terminated.',
    });
    assert.equal(
      describeError(withSolution),
      'Training job a has already ended (Completed); it cannot be terminated. Only Creating, Pending or Running jobs can be terminated. (ModelArts.2796, request abc123)',
    );
    const ours = adviceText({ kind: 'signature' }, { surface: 'editor' });
    const same = new PlatformError({ ...base, errorSolution: ours });
    assert.equal(describeError(same).split(ours).length, 2, 'the hint is not repeated');
  });

  it('passes translations through: the advice and the request id are translated strings', () => {
    const shouting = (m: string, ...args: (string | number)[]) =>
      m.toUpperCase().replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)]));
    assert.match(describeError(new PlatformError(base), shouting), /THE PLATFORM REJECTED THE SIGNATURE.*\(APIGW\.0301, REQUEST abc123\)$/);
  });

  it('shows other errors as their message', () => {
    assert.equal(describeError(new Error('The bucket does not exist.')), 'The bucket does not exist.');
    assert.equal(describeError('plain'), 'plain');
  });

  it('logs the whole story: the message, the request line and id, then the advice in plain words', () => {
    const logged = errorForLog(new PlatformError(base));
    assert.match(
      logged,
      /^Incorrect IAM .* \(APIGW\.0301; HTTP 401 from GET \/v1\/p\/workspaces; request abc123\) The platform rejected the signature\. Check the access key \(AK\) and secret key \(SK\): they must/,
    );
  });

  it('a spec error offers to open its file at the line and column it names; other errors offer nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-errtext-'));
    try {
      const file = path.join(dir, 'job.yaml');
      writeFileSync(file, 'metadata:\n  name: [oops\n');
      let err: unknown;
      try {
        readJobSpec(file, { shown: 'job.yaml' });
      } catch (e) {
        err = e;
      }
      const open = openErrorLocation(err);
      assert.ok(open, 'no action for a spec error');
      assert.equal(open.label, 'Open job.yaml');
      const [, line, column] = /^job\.yaml:(\d+):(\d+): /.exec(describeError(err)) ?? [];
      assert.deepEqual(open.location, { file, line: Number(line), column: Number(column) });
      assert.equal(openErrorLocation(new PlatformError(base)), undefined);
      assert.equal(openErrorLocation(new Error('x')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
