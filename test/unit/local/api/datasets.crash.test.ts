import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../../../esbuild.mjs';
import type { Discovery } from '../../../../extension/local/dataDir';
import { signedFetch, startDaemonProcess } from '../../../helpers/daemonProcess';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('local daemon: datasets after kill -9 during annotation saves', function () {
  this.timeout(120_000);
  let dataDir: string;
  before(async () => {
    await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-ds-crash-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const json = async (d: Discovery, method: string, p: string, body?: unknown) => {
    const res = await signedFetch(d, method, p.replace('{p}', d.project_id), body);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely; each check names the field
    return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
  };

  it('keeps every acknowledged annotation and label, and loads without setting anything aside', async () => {
    const first = await startDaemonProcess(dataDir);
    const { s3_endpoint: endpoint, ak, sk } = first.discovery;
    const s3 = new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials: { accessKeyId: ak, secretAccessKey: sk } });
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    const lines = Array.from({ length: 400 }, (_, i) => `review number ${i}: ${'好'.repeat(i % 7)} fine`);
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'text/reviews.txt', Body: lines.join('\n') }));
    s3.destroy();
    const created = await json(first.discovery, 'POST', '/v2/{p}/datasets', {
      dataset_name: 'crash-reviews',
      dataset_type: 100,
      data_sources: [{ data_path: '/data/text/' }],
      work_path: '/data/out/',
      labels: [{ name: 'good' }, { name: 'bad' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.dataset_id as string;
    const page = await json(first.discovery, 'GET', `/v2/{p}/datasets/${id}/data-annotations/samples?limit=100&offset=0`);
    const ids = (page.json.samples as { sample_id: string }[]).map((s) => s.sample_id);

    // Eight writers, each owning its samples: the last acknowledged save of a sample, or the one
    // in flight when the daemon died (written but never answered), is what it must hold after.
    const acked = new Map<string, string>();
    const inFlight = new Map<string, string>();
    const labelsAdded: string[] = [];
    let stop = false;
    let count = 0;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const sample = ids[w + 8 * (i % 12)] as string;
        const name = i % 3 === 0 ? 'bad' : 'good';
        inFlight.set(sample, name);
        try {
          const res = await json(first.discovery, 'PUT', `/v2/{p}/datasets/${id}/data-annotations/samples`, {
            samples: [{ sample_id: sample, labels: [{ name }] }],
          });
          if (res.status !== 200) throw new Error(JSON.stringify(res.json));
          acked.set(sample, name);
          inFlight.delete(sample);
          count++;
        } catch {
          return; // the daemon is gone
        }
      }
    };
    const labeller = async () => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await json(first.discovery, 'POST', `/v2/{p}/datasets/${id}/data-annotations/labels`, {
            labels: [{ name: `l${i}` }],
          });
          if (res.status === 200) labelsAdded.push(`l${i}`);
        } catch {
          return;
        }
      }
    };
    const running = [...Array.from({ length: 8 }, (_, w) => writer(w)), labeller()];
    while (count < 300) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(running);

    const second = await startDaemonProcess(dataDir);
    try {
      const after = await json(second.discovery, 'GET', `/v2/{p}/datasets/${id}/data-annotations/samples?limit=100&offset=0`);
      const stored = new Map<string, string[]>(
        (after.json.samples as { sample_id: string; labels: { name: string }[] }[]).map((s) => [s.sample_id, s.labels.map((l) => l.name)]),
      );
      const lost = [...acked].filter(([sample, name]) => {
        const have = stored.get(sample)?.[0];
        return have !== name && have !== inFlight.get(sample);
      });
      assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged annotations were lost`);
      const labels = (await json(second.discovery, 'GET', `/v2/{p}/datasets/${id}/data-annotations/labels`)).json.labels as {
        name: string;
      }[];
      const names = new Set(labels.map((l) => l.name));
      assert.deepEqual(
        labelsAdded.filter((n) => !names.has(n)),
        [],
        'every acknowledged label is there',
      );
      const stats = (await json(second.discovery, 'GET', `/v2/{p}/datasets/${id}/data-annotations/stats`)).json;
      assert.equal(stats.sample_stats.__ALL__, [...stored.values()].filter((l) => l.length > 0).length);
      assert.deepEqual(
        filesUnder(path.join(dataDir, 'state')).filter((f) => f.includes('.corrupt-')),
        [],
        'a kill leaves nothing damaged',
      );
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});
