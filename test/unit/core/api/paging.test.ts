import assert from 'node:assert/strict';
import { HttpClient } from '../../../../extension/core/api/http';
import { anonymousAuthenticator } from '../../../../extension/core/api/credentials';
import {
  type PageRequest,
  collectItems,
  dataPaging,
  datasetPaging,
  items,
  labelPaging,
  pages,
  samplePaging,
  trainingEventPaging,
  trainingSearchPaging,
  workspacePaging,
} from '../../../../extension/core/api/paging';
import { isAbortError } from '../../../../extension/core/util/abort';
import { json, startFixture } from './fixtureServer';

const all = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}` }));
const slice = (offset: number, limit: number) => all.slice(offset, offset + limit);

describe('core/api/paging', () => {
  it('workspaces: record offsets, stops when total_count is reached', async () => {
    const seen: PageRequest[] = [];
    const got = await collectItems(
      (r) => (
        seen.push(r),
        Promise.resolve({ total_count: all.length, count: slice(r.offset, r.limit).length, workspaces: slice(r.offset, r.limit) })
      ),
      workspacePaging(),
      { limit: 3 },
    );
    assert.deepEqual(got, all);
    assert.deepEqual(
      seen.map((r) => r.offset),
      [0, 3, 6],
    );
  });

  it('notebooks/images: {current,pages,total,data} over a real fixture server with the HttpClient', async () => {
    const fixture = await startFixture((req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const limit = Number(q.get('limit'));
      const data = slice(offset, limit);
      json(res, 200, {
        current: Math.floor(offset / limit),
        pages: Math.ceil(all.length / limit),
        size: data.length,
        total: all.length,
        data,
      });
    });
    const client = new HttpClient({ endpoint: fixture.url, authenticator: anonymousAuthenticator, projectId: 'p', proxy: {} });
    try {
      const got = await collectItems(
        (r, signal) =>
          client
            .request<{ total: number; data: { id: string }[] }>({
              method: 'GET',
              path: '/v1/{project_id}/notebooks',
              query: { offset: r.offset, limit: r.limit },
              ...(signal ? { signal } : {}),
            })
            .then((x) => x.body),
        dataPaging<{ id: string }>(),
        { limit: 2 },
      );
      assert.deepEqual(got, all);
      assert.deepEqual(
        fixture.requests.map((r) => r.url),
        [
          '/v1/p/notebooks?offset=0&limit=2',
          '/v1/p/notebooks?offset=2&limit=2',
          '/v1/p/notebooks?offset=4&limit=2',
          '/v1/p/notebooks?offset=6&limit=2',
        ],
      );
    } finally {
      client.close();
      await fixture.close();
    }
  });

  it('training searches: offset is a page index in the POST body', async () => {
    const seen: number[] = [];
    const got = await collectItems(
      (r) => (
        seen.push(r.offset),
        Promise.resolve({ total: all.length, count: 3, limit: r.limit, offset: r.offset, items: slice(r.offset * r.limit, r.limit) })
      ),
      trainingSearchPaging(),
      { limit: 3 },
    );
    assert.deepEqual(got, all);
    assert.deepEqual(seen, [0, 1, 2]);
  });

  it('datasets {total_number, datasets}, samples {sample_count, samples}, labels, events', async () => {
    assert.deepEqual(
      await collectItems((r) => Promise.resolve({ total_number: 7, datasets: slice(r.offset, r.limit) }), datasetPaging(), { limit: 4 }),
      all,
    );
    assert.deepEqual(
      await collectItems((r) => Promise.resolve({ sample_count: 7, samples: slice(r.offset, r.limit) }), samplePaging(), { limit: 5 }),
      all,
    );
    assert.deepEqual(
      await collectItems((r) => Promise.resolve({ total_number: 7, labels: slice(r.offset, r.limit) }), labelPaging(), { limit: 100 }),
      all,
    );
    assert.deepEqual(
      await collectItems((r) => Promise.resolve({ total: 7, events: slice(r.offset, r.limit) }), trainingEventPaging(), { limit: 6 }),
      all,
    );
  });

  it('stops on an empty page even when the total promises more, and on a short page without a total', async () => {
    let calls = 0;
    const lying = await collectItems((r) => (calls++, Promise.resolve({ total: 100, data: slice(r.offset, r.limit) })), dataPaging(), {
      limit: 5,
    });
    assert.deepEqual(lying, all);
    assert.equal(calls, 3);
    calls = 0;
    const noTotal = await collectItems((r) => (calls++, Promise.resolve({ data: slice(r.offset, r.limit) })), dataPaging(), { limit: 5 });
    assert.deepEqual(noTotal, all);
    assert.equal(calls, 2);
    const pageList = [];
    for await (const p of pages(() => Promise.resolve({ data: [] as unknown[] }), dataPaging(), { limit: 5 })) pageList.push(p);
    assert.equal(pageList.length, 0);
  });

  it('maxPages bounds a server that ignores offset', async () => {
    let calls = 0;
    const got = await collectItems(() => (calls++, Promise.resolve({ data: [1, 2] })), dataPaging<number>(), { limit: 2, maxPages: 4 });
    assert.equal(got.length, 8);
    assert.equal(calls, 4);
  });

  it('an abort between pages stops the iteration with an AbortError', async () => {
    const controller = new AbortController();
    const got: unknown[] = [];
    const err = await (async () => {
      for await (const item of items((r) => Promise.resolve({ total: 7, data: slice(r.offset, r.limit) }), dataPaging(), {
        limit: 2,
        signal: controller.signal,
      })) {
        got.push(item);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    assert.ok(isAbortError(err));
    assert.equal(got.length, 2);
  });
});
