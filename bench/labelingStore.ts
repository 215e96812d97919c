/**
 * The local daemon's dataset store, on a fresh daemon in a temp data dir (its own process, as
 * users run it), over real loopback HTTP with signed requests:
 *   - one annotation saved (PUT .../samples, one sample, one label) at 100 samples and at 100,000:
 *     median and p95 round trip, and the bytes the save added to the dataset's files; beside two
 *     floors: a signed GET of one sample (what HTTP, signing and routing cost), and a bare append
 *     plus fdatasync of a line of the same size (what the disk costs);
 *   - what the whole-set design this store replaced costs at 100,000 (one JSON record written
 *     atomically per save), measured in this process on the same samples;
 *   - pages at 100,000: the first, an unlabelled one deep in, one of a label, a name search (a
 *     new term each time, so never from the cache), hard examples, a search within unlabelled;
 *   - loading the 100,000-sample store: with its journal replayed, from the snapshot alone, and
 *     a compaction; and the daemon's start to its first answer.
 * Half the large dataset is labelled first, in batches of 1,000, so filters have work to do.
 * Text samples (one per line of a .txt) keep the setup to one object in storage; the store
 * keeps image and text samples alike.
 *
 * Usage: npx tsx bench/labelingStore.ts [--samples 100000] [--saves 200]
 * `run()` returns the figures for bench/labeling.ts.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../esbuild.mjs';
import { signRequest } from '../extension/core/api/signer';
import { SampleStore } from '../extension/local/api/datasets/sampleStore';
import type { Discovery } from '../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../extension/local/lifecycle';
import { writeFileAtomic } from '../extension/core/util/atomicFile';
import { repoRoot } from '../test/tools/paths';

/** Median and 95th percentile, ms. */
export interface Spread {
  readonly medianMs: number;
  readonly p95Ms: number;
}

export interface LabelingStoreFigures {
  readonly saves: readonly (Spread & { readonly samples: number; readonly bytesPerSave: number })[];
  readonly floors: { readonly signedGet: Spread; readonly appendFsync: Spread };
  /** The design replaced: the whole sample set serialized and written atomically, at the large size. */
  readonly wholeSetRewrite: Spread & { readonly bytes: number };
  readonly pages: readonly (Spread & { readonly what: string; readonly matches: number })[];
  readonly load: {
    readonly withJournalMs: number;
    readonly journalLines: number;
    readonly snapshotOnlyMs: number;
    readonly compactionMs: number;
    readonly snapshotBytes: number;
    readonly daemonStartMs: number;
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read loosely; a wrong shape fails the bench loudly
async function call(d: Discovery, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; json: any }> {
  const url = new URL(pathAndQuery.replace('{p}', d.project_id), d.endpoint);
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = signRequest(
    {
      method,
      path: url.pathname,
      query: [...url.searchParams.entries()],
      headers: { Host: url.host, 'Content-Type': 'application/json', 'X-Client-Request-Id': randomUUID() },
      body: text,
    },
    { ak: d.ak, sk: d.sk },
  );
  const res = await fetch(url, { method, headers, body: text || undefined });
  const raw = await res.text();
  const json = raw ? JSON.parse(raw) : undefined;
  if (res.status >= 300 || json?.success === false)
    throw new Error(`${method} ${pathAndQuery} answered ${res.status} ${raw.slice(0, 300)}`);
  return { status: res.status, json };
}

function spread(ms: number[]): Spread {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

async function timed(times: number, work: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await work(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Sizes of the journal segments of a dataset's store. */
function journalBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith('journal-'))
    .reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

const samplesPath = (id: string) => `/v2/{p}/datasets/${id}/data-annotations/samples`;

async function createTextDataset(d: Discovery, s3: S3Client, name: string, lines: number): Promise<{ id: string; ids: string[] }> {
  const body = Array.from({ length: lines }, (_, i) => `sample ${i}: the quick brown fox jumps over the lazy dog ${(i * 7919) % 10007}`);
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `${name}/lines.txt`, Body: body.join('\n') }));
  const created = await call(d, 'POST', '/v2/{p}/datasets', {
    dataset_name: name,
    dataset_type: 100,
    data_sources: [{ data_path: `/bench/${name}/` }],
    work_path: `/bench/out/${name}/`,
    labels: [{ name: 'positive' }, { name: 'negative' }, { name: 'neutral' }],
  });
  const id = created.json.dataset_id as string;
  const ids: string[] = [];
  for (let offset = 0; offset < lines; offset += 100) {
    const page = await call(d, 'GET', `${samplesPath(id)}?offset=${offset}&limit=100`);
    for (const s of page.json.samples as { sample_id: string }[]) ids.push(s.sample_id);
  }
  return { id, ids };
}

/** 200 single-sample saves; their round trips and the journal bytes they added. */
async function saves(d: Discovery, dataDir: string, id: string, ids: readonly string[], count: number) {
  const dir = path.join(dataDir, 'state', 'dataset-store', id);
  const before = journalBytes(dir);
  const names = ['positive', 'negative', 'neutral'];
  const ms = await timed(count, (i) =>
    call(d, 'PUT', samplesPath(id), { samples: [{ sample_id: ids[(i * 37) % ids.length], labels: [{ name: names[i % 3] }] }] }),
  );
  const grown = journalBytes(dir) - before;
  if (grown <= 0) throw new Error('the journal did not grow: a compaction ran during the saves; run again');
  return { ...spread(ms), bytesPerSave: grown / count };
}

/** Append plus fdatasync of `bytes`-long lines, the disk's share of a save. */
function appendFloor(dir: string, bytes: number, count: number): Spread {
  const file = path.join(dir, 'floor.jsonl');
  const fd = openSync(file, 'a');
  const line = Buffer.from(`${'x'.repeat(Math.max(1, bytes - 1))}\n`);
  const ms: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      writeSync(fd, line);
      fdatasyncSync(fd);
      ms.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return spread(ms);
}

export async function run(options: { samples?: number; saves?: number; print?: boolean } = {}): Promise<LabelingStoreFigures> {
  const large = options.samples ?? 100_000;
  const count = options.saves ?? 200;
  const print = options.print ?? true;
  const say = (line: string) => print && console.log(line);
  await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-labeling-'));
  const daemonScript = path.join(repoRoot, 'dist', 'daemon.js');
  let d = await startDaemonDetached({ dataDir, daemonScript });
  const s3 = new S3Client({
    endpoint: d.s3_endpoint,
    region: 'local',
    forcePathStyle: true,
    credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    say(`setting up: datasets of 100 and ${large.toLocaleString('en-US')} text samples…`);
    const small = await createTextDataset(d, s3, 'small', 100);
    const big = await createTextDataset(d, s3, 'large', large);
    for (let start = 0; start < big.ids.length / 2; start += 1000) {
      const batch = big.ids.slice(start, Math.min(start + 1000, big.ids.length / 2));
      await call(d, 'PUT', samplesPath(big.id), {
        samples: batch.map((sample_id, i) => ({
          sample_id,
          labels: [{ name: i % 2 ? 'positive' : 'negative' }],
          ...(i % 50 === 0 ? { metadata: { '@modelarts:hard': 1 } } : {}),
        })),
      });
    }

    const savesSmall = { samples: 100, ...(await saves(d, dataDir, small.id, small.ids, count)) };
    const savesLarge = { samples: large, ...(await saves(d, dataDir, big.id, big.ids, count)) };
    const signedGet = spread(await timed(count, (i) => call(d, 'GET', `${samplesPath(big.id)}/${big.ids[(i * 37) % big.ids.length]}`)));
    const appendFsync = appendFloor(path.join(dataDir, 'state'), Math.round(savesLarge.bytesPerSave), count);

    const page = async (what: string, query: (i: number) => string) => {
      let matches = 0;
      const ms = await timed(30, async (i) => {
        matches = (await call(d, 'GET', `${samplesPath(big.id)}?limit=100&${query(i)}`)).json.sample_count as number;
      });
      return { what, matches, ...spread(ms) };
    };
    const search = (conditions: unknown) => `search_conditions=${encodeURIComponent(JSON.stringify(conditions))}`;
    const pages = [
      await page('first page', () => 'offset=0'),
      await page('unlabelled, offset 25,000', () => 'sample_state=__NONE__&offset=25000'),
      await page('label "negative", offset 10,000', () => 'label_name=negative&offset=10000'),
      await page('name search, a new term each time', (i) => search([{ sample_name: `#L${4000 + i}` }])),
      await page('hard examples', () => search([{ hard: '1' }])),
      await page('unlabelled + name search, new each time', (i) => `sample_state=__NONE__&${search([{ sample_name: `#L${9000 + i}` }])}`),
    ];

    // The daemon restarts with its journal; its first answer shows it has loaded every store.
    await stopDaemon(dataDir);
    const storeDir = path.join(dataDir, 'state', 'dataset-store', big.id);
    const journalLines = readdirSync(storeDir)
      .filter((f) => f.startsWith('journal-'))
      .reduce((n, f) => n + lineCount(path.join(storeDir, f)), 0);
    const t0 = performance.now();
    const loaded = await SampleStore.load(storeDir, big.id, () => undefined);
    const withJournalMs = performance.now() - t0;
    const t1 = performance.now();
    await loaded.compact();
    const compactionMs = performance.now() - t1;
    const legacyFile = path.join(dataDir, 'legacy.json');
    const wholeSet = spread(
      await timed(5, () => writeFileAtomic(legacyFile, JSON.stringify({ id: big.id, labels: loaded.labels, samples: loaded.all() }))),
    );
    const legacyBytes = statSync(legacyFile).size;
    await loaded.close();
    const snapshotBytes = statSync(path.join(storeDir, 'snapshot.jsonl')).size;
    const snapshotOnly = await timed(3, async () => (await SampleStore.load(storeDir, big.id, () => undefined)).close());
    const t2 = performance.now();
    d = await startDaemonDetached({ dataDir, daemonScript });
    await call(d, 'GET', `${samplesPath(big.id)}?limit=1`);
    const daemonStartMs = performance.now() - t2;

    const figures: LabelingStoreFigures = {
      saves: [savesSmall, savesLarge],
      floors: { signedGet, appendFsync },
      wholeSetRewrite: { ...wholeSet, bytes: legacyBytes },
      pages,
      load: {
        withJournalMs,
        journalLines,
        snapshotOnlyMs: spread(snapshotOnly).medianMs,
        compactionMs,
        snapshotBytes,
        daemonStartMs,
      },
    };
    if (print) report(figures);
    return figures;
  } finally {
    s3.destroy();
    await stopDaemon(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function lineCount(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

function report(f: LabelingStoreFigures): void {
  const ms = (s: Spread) => `median ${s.medianMs.toFixed(2)} ms, p95 ${s.p95Ms.toFixed(2)} ms`;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  console.log('\none annotation saved (PUT …/samples, 1 sample), round trip over loopback:');
  for (const s of f.saves)
    console.log(
      `  at ${s.samples.toLocaleString('en-US').padStart(7)} samples: ${ms(s)}, ${s.bytesPerSave.toFixed(0)} bytes written per save`,
    );
  console.log(`  floor, signed GET of one sample:      ${ms(f.floors.signedGet)}`);
  console.log(`  floor, append + fdatasync of a line:  ${ms(f.floors.appendFsync)}`);
  const largest = f.saves.at(-1)?.samples ?? 0;
  console.log(
    `  the replaced design at ${largest.toLocaleString('en-US')} (whole set serialized, written atomically): ${ms(f.wholeSetRewrite)}, ${mb(f.wholeSetRewrite.bytes)} per save`,
  );
  console.log(`\npages of 100 at ${largest.toLocaleString('en-US')} samples (half labelled), 30 requests each:`);
  for (const p of f.pages) console.log(`  ${p.what.padEnd(42)} ${ms(p)} (${p.matches.toLocaleString('en-US')} match)`);
  const l = f.load;
  console.log(`\nloading the ${largest.toLocaleString('en-US')}-sample store:`);
  console.log(`  snapshot + ${l.journalLines} journal lines replayed: ${l.withJournalMs.toFixed(0)} ms`);
  console.log(`  snapshot alone (${mb(l.snapshotBytes)}):            ${l.snapshotOnlyMs.toFixed(0)} ms`);
  console.log(`  compaction (snapshot rewritten):          ${l.compactionMs.toFixed(0)} ms`);
  console.log(`  daemon start to first answer:             ${l.daemonStartMs.toFixed(0)} ms`);
}

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (require.main === module) {
  run({ samples: flag('samples'), saves: flag('saves') }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
