import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';

describe('local daemon: workspaces', () => {
  let d: TestDaemon;
  before(async () => {
    d = await startTestDaemon();
  });
  after(() => d.stop());

  it('has the default workspace with id "0"', async () => {
    const res = await d.call('GET', '/v1/{p}/workspaces');
    assert.equal(res.status, 200);
    assert.equal(res.json.total_count, 1);
    assert.equal(res.json.workspaces[0].id, '0');
    assert.equal(res.json.workspaces[0].name, 'default');
  });

  it('creates, gets, renames, lists and deletes a workspace', async () => {
    const created = await d.call('POST', '/v1/{p}/workspaces', { name: 'vision-team', description: 'cv', auth_type: 'public' });
    assert.equal(created.status, 200);
    assert.match(created.json.id, /^[0-9a-f]{32}$/);
    assert.equal(created.json.auth_type, 'PUBLIC');
    const id = created.json.id as string;
    assert.equal((await d.call('GET', `/v1/{p}/workspaces/${id}`)).json.name, 'vision-team');
    const updated = await d.call('PUT', `/v1/{p}/workspaces/${id}`, { name: 'vision-team-2' });
    assert.deepEqual(updated.json, { workspace_id: id });
    const listed = await d.call('GET', '/v1/{p}/workspaces?sort_by=name&order=asc');
    assert.deepEqual(
      listed.json.workspaces.map((w: { name: string }) => w.name),
      ['default', 'vision-team-2'],
    );
    assert.equal((await d.call('DELETE', `/v1/{p}/workspaces/${id}`)).status, 200);
    const gone = await d.call('GET', `/v1/{p}/workspaces/${id}`);
    assert.equal(gone.status, 400);
    assert.equal(gone.json.error_code, 'ModelArts.0102');
  });

  it('pages with offset and limit', async () => {
    for (const name of ['page-aaa', 'page-bbb', 'page-ccc'])
      assert.equal((await d.call('POST', '/v1/{p}/workspaces', { name })).status, 200);
    const page = await d.call('GET', '/v1/{p}/workspaces?sort_by=name&order=asc&offset=1&limit=2');
    assert.equal(page.json.total_count, 4);
    assert.equal(page.json.count, 2);
    assert.deepEqual(
      page.json.workspaces.map((w: { name: string }) => w.name),
      ['page-aaa', 'page-bbb'],
    );
  });

  it('rejects bad input with a clear 4xx and changes nothing', async () => {
    const before = (await d.call('GET', '/v1/{p}/workspaces')).json.total_count;
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [[1, 2], /JSON object/],
      [{ name: 42 }, /name is required/],
      [{ name: '../etc' }, /letters, digits/],
      [{ name: 'a/b/c/d' }, /letters, digits/],
      [{ name: 'default' }, /reserved/],
      [{ name: 'abc' }, /4 to 64/],
      [{ name: 'okay-name', auth_type: 'WORLD' }, /auth_type/],
      [{ name: 'okay-name', description: 'x'.repeat(300) }, /at most 256/],
    ];
    for (const [body, message] of cases) {
      const res = await d.call('POST', '/v1/{p}/workspaces', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.error_msg, message);
      assert.ok(res.json.error_code.startsWith('ModelArts.'));
    }
    assert.equal((await d.call('GET', '/v1/{p}/workspaces')).json.total_count, before);
  });

  it('refuses to delete or rename the default workspace', async () => {
    assert.equal((await d.call('DELETE', '/v1/{p}/workspaces/0')).status, 400);
    assert.equal((await d.call('PUT', '/v1/{p}/workspaces/0', { name: 'renamed-default' })).status, 400);
  });

  it('answers an oversized body with 413 and keeps serving', async () => {
    const res = await d.call('POST', '/v1/{p}/workspaces', { name: 'big-body', description: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(res.status, 413);
    assert.equal((await d.call('GET', '/v1/{p}/workspaces')).status, 200);
  });

  it('answers unknown routes and wrong methods with ModelArts errors', async () => {
    const unknown = await d.call('GET', '/v1/{p}/nothing');
    assert.equal(unknown.status, 404);
    assert.ok(unknown.json.error_code);
    const wrongMethod = await d.call('PATCH', '/v1/{p}/workspaces');
    assert.equal(wrongMethod.status, 405);
  });
});
