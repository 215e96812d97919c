import assert from 'node:assert/strict';
import { isPlatformError } from '../../../../../extension/core/api/errors';
import { isNotebookNotFound } from '../../../../../extension/core/api/resources/notebooks';
import { generateKeyPair } from '../../../../../extension/core/ssh/keys';
import { type Live, rejection, startLive } from './liveHarness';

describe('core/api/resources against the local daemon: notebooks (live)', function () {
  this.timeout(120_000);
  let live: Live;
  before(async () => {
    live = await startLive();
  });
  after(async () => {
    await live?.close();
  });

  it('create with an SSH key pair → RUNNING → stop → STOPPED → start → renew lease → delete', async () => {
    const { notebooks, images, keyPairs } = live.api;
    const flavors = await notebooks.flavors({ category: 'CPU' });
    assert.ok(flavors.some((f) => f.id === 'modelarts.vm.cpu.2u'));
    const image = await images.findImage('pytorch1.8-cuda10.2-cudnn7-ubuntu18.04');
    assert.ok(image);
    await keyPairs.create({ name: 'nb-key', public_key: generateKeyPair('nb').publicKey });

    const created = await notebooks.create({
      name: 'res-nb',
      flavor: 'modelarts.vm.cpu.2u',
      image_id: image.id,
      description: 'typed api',
      endpoints: [{ service: 'SSH', key_pair_names: ['nb-key'] }],
    });
    assert.equal(created.status, 'CREATING');
    const seen: string[] = [];
    const running = await notebooks.waitFor(created.id, 'RUNNING', { pollMs: 50, onUpdate: (nb) => seen.push(nb.status) });
    assert.equal(running.status, 'RUNNING');
    assert.ok(seen.length >= 1);
    const ssh = running.endpoints?.find((e) => e.service === 'SSH');
    assert.match(ssh?.uri ?? '', /^ssh:\/\/ma-user@127\.0\.0\.1:\d+$/);
    assert.deepEqual(ssh?.key_pair_names, ['nb-key']);

    const listed = await notebooks.listAll({ status: 'RUNNING', pageSize: 1 });
    assert.deepEqual(
      listed.map((n) => n.id),
      [created.id],
    );
    const iterated: string[] = [];
    for await (const nb of notebooks.list({ name: 'res-nb' })) iterated.push(nb.name);
    assert.deepEqual(iterated, ['res-nb']);
    assert.equal((await notebooks.update(created.id, { description: 'renamed' })).description, 'renamed');
    assert.equal((await notebooks.get(created.id)).description, 'renamed');

    assert.equal((await notebooks.stop(created.id)).status, 'STOPPING');
    await notebooks.waitFor(created.id, ['STOPPED'], { pollMs: 50 });
    // Stopping a stopped notebook is the platform's 400 (ModelArts.6307), untouched.
    const again = await rejection(notebooks.stop(created.id));
    assert.ok(isPlatformError(again) && again.errorCode === 'ModelArts.6307');

    const started = await notebooks.start(created.id, { duration: 2 * 3_600_000 });
    assert.equal(started.status, 'STARTING');
    await notebooks.waitFor(created.id, (nb) => nb.status === 'RUNNING', { pollMs: 50 });
    assert.equal((await notebooks.getLease(created.id)).duration, 2 * 3_600_000);
    const renewed = await notebooks.renewLease(created.id, 5 * 3_600_000);
    assert.equal(renewed.duration, 5 * 3_600_000);
    assert.equal((await notebooks.getLease(created.id)).duration, 5 * 3_600_000);

    const deleting = await notebooks.delete(created.id);
    assert.equal(deleting?.status, 'DELETING');
    await notebooks.waitForDeletion(created.id, { pollMs: 50 });
    const gone = await rejection(notebooks.get(created.id));
    assert.ok(isNotebookNotFound(gone));
    await keyPairs.delete('nb-key');
  });

  it('waitFor gives up with a TimeoutError after timeoutMs and stops with an AbortError on abort', async () => {
    const { notebooks } = live.api;
    const image = await live.api.images.findImage('conda3-ubuntu18.04');
    assert.ok(image);
    const nb = await notebooks.create({ name: 'res-nb-wait', flavor: 'modelarts.vm.cpu.2u', image_id: image.id });
    // A status that will not come: the timeout reports the state last seen.
    const timedOut = await rejection(notebooks.waitFor(nb.id, 'SNAPSHOTTING', { pollMs: 20, timeoutMs: 300 }));
    assert.ok(timedOut instanceof Error && timedOut.name === 'TimeoutError', String(timedOut));
    const controller = new AbortController();
    const waiting = notebooks.waitFor(nb.id, 'SNAPSHOTTING', { pollMs: 20, signal: controller.signal });
    controller.abort();
    const aborted = await rejection(waiting);
    assert.ok(aborted instanceof Error && aborted.name === 'AbortError', String(aborted));
    await notebooks.waitFor(nb.id, 'RUNNING', { pollMs: 50 });
    await notebooks.delete(nb.id);
    await notebooks.waitForDeletion(nb.id, { pollMs: 50 });
    // The ERROR/fail_reason path is driven by a cloud fixture (cloudFixtures.test.ts): local mode
    // offers no way to make a healthy notebook fail on demand.
  });
});
