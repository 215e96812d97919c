import assert from 'node:assert/strict';
import { type AnswerFacts, adviceFor, adviceText } from '../../../../extension/core/api/advice';
import { PlatformError, isPlatformError, parseErrorBody, redactSecrets, sentence } from '../../../../extension/core/api/errors';

describe('core/api/errors', () => {
  describe('parseErrorBody (the Python SDK order)', () => {
    it('error_code + error_msg, with request_id and error_solution', () => {
      const p = parseErrorBody(
        JSON.stringify({
          error_code: 'ModelArts.0104',
          error_msg: 'bad',
          request_id: 'r1',
          error_solution: 'fix it',
          code: 'ignored',
          message: 'ignored',
        }),
        400,
      );
      assert.deepEqual(p, { errorCode: 'ModelArts.0104', errorMsg: 'bad', requestId: 'r1', errorSolution: 'fix it' });
    });
    it('then errorCode + errorMsg', () => {
      assert.deepEqual(parseErrorBody('{"errorCode":"IAM.0001","errorMsg":"nope","message":"x"}', 400), {
        errorCode: 'IAM.0001',
        errorMsg: 'nope',
      });
    });
    it('then code + message (numeric codes too)', () => {
      assert.deepEqual(parseErrorBody('{"code":404,"message":"gone"}', 404), { errorCode: '404', errorMsg: 'gone' });
    });
    it('then nested objects', () => {
      assert.deepEqual(parseErrorBody('{"error":{"code":"IAM.0011","message":"Request body is invalid.","title":"Bad Request"}}', 400), {
        errorCode: 'IAM.0011',
        errorMsg: 'Request body is invalid.',
      });
      assert.deepEqual(parseErrorBody('{"outer":{"inner":{"error_code":"X.1","error_msg":"deep"}}}', 500), {
        errorCode: 'X.1',
        errorMsg: 'deep',
      });
    });
    it('then raw text, or the status for empty bodies and HTML pages', () => {
      assert.deepEqual(parseErrorBody('upstream connect error', 502), { errorCode: 'HTTP.502', errorMsg: 'upstream connect error' });
      assert.deepEqual(parseErrorBody('', 503), { errorCode: 'HTTP.503', errorMsg: 'HTTP 503' });
      assert.deepEqual(parseErrorBody('<html><body>Bad Gateway</body></html>', 502), { errorCode: 'HTTP.502', errorMsg: 'HTTP 502' });
      assert.deepEqual(parseErrorBody('{"unrelated":true}', 500), { errorCode: 'HTTP.500', errorMsg: '{"unrelated":true}' });
    });
  });

  describe('adviceFor, worded by adviceText for each surface', () => {
    const hint = (status: number, errorCode: string, errorMsg: string, more: Partial<AnswerFacts> = {}) => {
      const advice = adviceFor({ status, errorCode, errorMsg, method: 'GET', path: '/v1/p/unknown', ...more });
      return advice && adviceText(advice, { surface: 'log' });
    };
    it('APIGW.0301: check the AK/SK (or the token, in token modes)', () => {
      assert.match(
        hint(401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail') ?? '',
        /access key \(AK\) and secret key \(SK\)/,
      );
      assert.match(
        hint(401, 'APIGW.0301', 'Incorrect IAM authentication information: token expired', { authKind: 'password' }) ?? '',
        /token/,
      );
    });
    it('clock skew wins over the AK/SK hint', () => {
      assert.match(hint(401, 'APIGW.0301', 'X-Sdk-Date 20200101T000000Z is more than 15 minutes from the server clock') ?? '', /clock/);
    });
    it('project/region mismatch', () => {
      assert.match(hint(403, 'ModelArts.0210', 'project id mismatch') ?? '', /region and project id/);
      assert.match(hint(401, 'ModelArts.0207', 'no project') ?? '', /region/);
    });
    it('quota', () => {
      assert.match(hint(400, 'ModelArts.0118', 'Insufficient quota') ?? '', /quota/);
      assert.match(hint(400, 'ModelArts.6556', 'The notebook quota is exceeded') ?? '', /quota/);
    });
    it('not found', () => {
      for (const code of ['ModelArts.0102', 'ModelArts.6309', 'ModelArts.6797'])
        assert.match(hint(400, code, 'x') ?? '', /no longer exists/);
      assert.match(hint(400, 'ModelArts.9999', 'Job abc does not exist') ?? '', /no longer exists/);
    });
    it('busy and throttled', () => {
      assert.match(hint(429, 'HTTP.429', 'HTTP 429') ?? '', /busy/);
      assert.match(hint(400, 'ModelArts.6101', 'System busy') ?? '', /busy/);
    });
    it('permissions, server errors, and nothing for a plain bad request', () => {
      assert.match(hint(403, 'ModelArts.0108', 'denied') ?? '', /permission/);
      assert.match(hint(500, 'ModelArts.0010', 'internal') ?? '', /Try again later/);
      assert.equal(hint(400, 'ModelArts.0104', 'name is too long'), undefined);
    });
    it('network hints name the host and what to check', () => {
      const network = (code: string, host: string) => adviceText({ kind: 'network', code, host }, { surface: 'log' });
      assert.match(network('ECONNREFUSED', '127.0.0.1:1'), /local platform/);
      assert.match(network('ENOTFOUND', 'modelarts.x'), /NO_PROXY/);
      assert.match(network('SELF_SIGNED_CERT_IN_CHAIN', 'h'), /NODE_EXTRA_CA_CERTS/);
    });
  });

  it('redactSecrets removes known secrets and an echoed AK, and leaves ordinary words', () => {
    assert.equal(redactSecrets('ak HWABCDEFGH12345678 not exist', []), 'ak *** not exist');
    assert.equal(redactSecrets('bad token tok-abcdef and sk s3cr3tvalue', ['tok-abcdef', 's3cr3tvalue', '']), 'bad token *** and sk ***');
    assert.equal(redactSecrets('verify aksk signature fail', []), 'verify aksk signature fail');
  });

  it('PlatformError: one-line message for the log, what went wrong first and the request id last', () => {
    const e = new PlatformError({
      kind: 'http',
      status: 400,
      errorCode: 'ModelArts.0104',
      errorMsg: 'bad name',
      method: 'POST',
      path: '/v1/p/workspaces',
      requestId: 'r9',
      advice: { kind: 'quota' },
    });
    assert.equal(e.message, 'bad name. (ModelArts.0104; HTTP 400 from POST /v1/p/workspaces; request r9)');
    assert.match(e.hint ?? '', /^A quota is exhausted/);
    assert.equal(sentence('Is it there?  '), 'Is it there?');
    assert.equal(sentence('作业不存在。'), '作业不存在。');
    assert.equal(sentence('gone...'), 'gone.');
    assert.equal(e.name, 'PlatformError');
    assert.ok(isPlatformError(e));
    assert.ok(e.isClientError);
    assert.ok(
      !new PlatformError({ kind: 'network', status: 0, errorCode: 'ECONNRESET', errorMsg: 'x', method: 'GET', path: '/' }).isClientError,
    );
  });
});
