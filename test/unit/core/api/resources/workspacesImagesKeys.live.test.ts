import assert from 'node:assert/strict';
import { isPlatformError } from '../../../../../extension/core/api/errors';
import { generateKeyPair } from '../../../../../extension/core/ssh/keys';
import { type Live, rejection, startLive } from './liveHarness';

describe('core/api/resources against the local daemon: workspaces, images, key pairs (live)', () => {
  let live: Live;
  before(async () => {
    live = await startLive();
  });
  after(async () => {
    await live?.close();
  });

  it('workspace CRUD: create, get, update, list (iterator and collected, paged), delete', async () => {
    const { workspaces } = live.api;
    const created = await workspaces.create({ name: 'res-ws-one', description: 'typed' });
    assert.equal(created.name, 'res-ws-one');
    assert.equal(created.status, 'NORMAL');
    await workspaces.create({ name: 'res-ws-two' });
    assert.equal((await workspaces.get(created.id)).description, 'typed');
    assert.equal(await workspaces.update(created.id, { description: 'changed' }), created.id);
    assert.equal((await workspaces.get(created.id)).description, 'changed');

    const seen: string[] = [];
    for await (const ws of workspaces.list({ pageSize: 1, sortBy: 'name', order: 'asc' })) seen.push(ws.name);
    assert.deepEqual(seen, ['default', 'res-ws-one', 'res-ws-two']);
    assert.deepEqual((await workspaces.listAll({ name: 'res-ws' })).map((w) => w.name).sort(), ['res-ws-one', 'res-ws-two']);

    assert.equal(await workspaces.delete(created.id), created.id);
    const err = await rejection(workspaces.get(created.id));
    assert.ok(isPlatformError(err));
    assert.equal(err.errorCode, 'ModelArts.0102');
    assert.match(err.hint ?? '', /no longer exists/);
  });

  it('images: filters by engine, chip, type, name and workspace; register, find, delete', async () => {
    const { images } = live.api;
    const pytorch = await images.listAll({ engine: 'pytorch', pageSize: 2 });
    assert.ok(pytorch.length >= 3, `several PyTorch presets, got ${pytorch.length}`);
    assert.ok(pytorch.every((i) => i.engine === 'PyTorch'));
    const ascend = await images.listAll({ chip: 'ASCEND' });
    assert.ok(ascend.length > 0 && ascend.every((i) => i.resource_categories.includes('ASCEND')));

    const ws = await live.api.workspaces.create({ name: 'res-img-ws' });
    const registered = await images.register({
      swr_path: 'swr.local/team/my-image:v1.0',
      description: 'custom',
      workspace_id: ws.id,
      engine: 'PyTorch',
      engine_version: '2.0',
    });
    assert.equal(registered.type, 'DEDICATED');
    assert.equal(registered.name, 'my-image');
    const dedicated = await images.listAll({ type: 'DEDICATED', workspaceId: ws.id });
    assert.deepEqual(
      dedicated.map((i) => i.id),
      [registered.id],
    );
    assert.deepEqual(
      (await images.listAll({ name: 'my-image', nameFuzzy: false })).map((i) => i.id),
      [registered.id],
    );

    assert.equal((await images.get(registered.id)).swr_path, 'swr.local/team/my-image:v1.0');
    assert.equal((await images.findImage(registered.id))?.id, registered.id);
    assert.equal((await images.findImage('my-image'))?.id, registered.id);
    assert.equal((await images.findImage('pytorch1.8-cuda10.2-cudnn7-ubuntu18.04'))?.type, 'BUILD_IN');
    assert.equal(await images.findImage('no-such-image-anywhere'), undefined);

    assert.equal((await images.delete(registered.id))?.id, registered.id);
    assert.equal(await images.findImage(registered.id), undefined);
    await live.api.workspaces.delete(ws.id);
  });

  it('key pairs: create from a generated pair, get, list, delete', async () => {
    const { keyPairs } = live.api;
    const pair = generateKeyPair('resources-test');
    const created = await keyPairs.create({ name: 'res-key', public_key: pair.publicKey });
    assert.equal(created.name, 'res-key');
    assert.equal(created.fingerprint, pair.fingerprint);
    assert.equal((await keyPairs.get('res-key')).public_key, pair.publicKey);
    assert.deepEqual(
      (await keyPairs.list()).map((k) => k.name),
      ['res-key'],
    );
    await keyPairs.delete('res-key');
    assert.deepEqual(await keyPairs.list(), []);
    const err = await rejection(keyPairs.get('res-key'));
    assert.ok(isPlatformError(err));
    assert.equal(err.status, 404);
  });
});
