import assert from 'node:assert/strict';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { EventFileReader, StorageObjectSource } from '../../../../extension/core/metrics/eventFileReader';
import { LogdirReader } from '../../../../extension/core/metrics/runs';
import type { StorageClient } from '../../../../extension/core/storage/client';
import type { ObjectLocation } from '../../../../extension/core/storage/urls';
import { countCommands, type Env, startEnv } from '../storage/helpers';
import { KATIB_TRAIN, LAX_2, readFixture, recordStarts, skipWithoutFixtures, STRICT_1, STRICT_2 } from './helpers';

/** The storage client with the bytes its ranged GETs returned counted. */
function counting(storage: StorageClient): { client: Pick<StorageClient, 'head' | 'readRange' | 'listAll'>; fetched: () => number } {
  let bytes = 0;
  return {
    client: {
      head: (loc, signal) => storage.head(loc, signal),
      listAll: (opts) => storage.listAll(opts),
      readRange: async (loc: ObjectLocation, start: number, end: number, signal?: AbortSignal) => {
        const b = await storage.readRange(loc, start, end, signal);
        bytes += b.length;
        return b;
      },
    },
    fetched: () => bytes,
  };
}

describe('core/metrics event files in object storage (local S3 endpoint)', function () {
  this.timeout(60_000);
  let env: Env;
  before(async () => {
    env = await startEnv('metrics');
  });
  after(async () => {
    await env?.close();
  });
  beforeEach(function () {
    skipWithoutFixtures(this);
  });

  const put = (key: string, body: Uint8Array): Promise<unknown> =>
    env.storage.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: key, Body: body }));

  it('readRange returns the bytes asked for, cut short at the end, and nothing past it', async () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i & 0xff));
    await put('range/data.bin', data);
    const loc = { bucket: env.bucket, key: 'range/data.bin' };
    assert.deepEqual(await env.storage.readRange(loc, 0, 9), data.subarray(0, 10));
    assert.deepEqual(await env.storage.readRange(loc, 990, 2000), data.subarray(990));
    assert.equal((await env.storage.readRange(loc, 1000, 1999)).length, 0);
    assert.equal((await env.storage.readRange(loc, 5, 4)).length, 0);
    await assert.rejects(env.storage.readRange({ bucket: env.bucket, key: 'range/missing' }, 0, 10), {
      name: 'StorageError',
      code: 'NoSuchKey',
    });
  });

  it('follows an object re-uploaded longer, fetching only the new bytes', async () => {
    const buf = readFixture(LAX_2);
    const { starts } = recordStarts(buf);
    // Cut inside a record, as a sync tool uploading a file being written would.
    const cut = starts[Math.floor(starts.length / 2)]! + 20;
    const loc = { bucket: env.bucket, key: 'live/run/events.out.tfevents.1622543341.h.1.0' };
    await put(loc.key, buf.subarray(0, cut));
    const { client, fetched } = counting(env.storage);
    const reader = new EventFileReader(new StorageObjectSource(client, loc));
    const first = await reader.poll();
    assert.equal(fetched(), cut);
    assert.equal(reader.offset, cut - 20);
    await put(loc.key, buf);
    const second = await reader.poll();
    assert.equal(fetched(), buf.length, 'each byte fetched once');
    assert.equal(first.points.length + second.points.length, 360);
    const third = await reader.poll();
    assert.equal(third.points.length, 0);
    assert.equal(fetched(), buf.length, 'an unchanged object costs no GET');
  });

  it('lists the runs under a prefix with one listing per poll and no HEAD per file', async () => {
    await put('logs/strict/run_1/events.out.tfevents.1622543341.h.1.0', readFixture(STRICT_1));
    await put('logs/strict/run_2/events.out.tfevents.1622543341.h.1.1', readFixture(STRICT_2));
    await put('logs/notes.txt', Buffer.from('not an event file'));
    await put('logs/', Buffer.alloc(0));
    const commands = countCommands(env.storage);
    const { client } = counting(env.storage);
    const reader = LogdirReader.storage(client, { bucket: env.bucket, key: 'logs' });
    const first = await reader.poll();
    assert.deepEqual(first.newRuns, ['strict/run_1', 'strict/run_2']);
    assert.deepEqual(
      first.updates.map((u) => u.points.length),
      [100, 100],
    );
    await put('logs/events.out.tfevents.1637681485.h.2.0', readFixture(KATIB_TRAIN));
    const second = await reader.poll();
    assert.deepEqual(second.newRuns, ['.']);
    assert.deepEqual(
      second.updates.map((u) => [u.run, u.points.length]),
      [['.', 20]],
    );
    assert.equal(commands.get('HeadObjectCommand') ?? 0, 0);
    assert.equal(commands.get('ListObjectsCommand'), 2);
    assert.equal(commands.get('GetObjectCommand'), 3);
  });

  it('reads one object named by its URL as the run "."', async () => {
    await put('single/events.out.tfevents.1622543341.h.1.0', readFixture(STRICT_1));
    const reader = LogdirReader.storage(env.storage, { bucket: env.bucket, key: 'single/events.out.tfevents.1622543341.h.1.0' });
    const result = await reader.poll();
    assert.deepEqual(
      result.updates.map((u) => [u.run, u.points.length]),
      [['.', 100]],
    );
  });
});
