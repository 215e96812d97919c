/**
 * Event-file parsing throughput: writes a ~100 MB TensorBoard event file (4 tags of
 * simple_value scalars, as PyTorch's SummaryWriter writes them) with core/metrics' writer into
 * a temp dir, then reads it, several times each, beside a plain sequential read of the same
 * file with fs.read in the same chunk size (the ceiling: what the disk and page cache give
 * before any parsing). Figures are medians. Rows:
 *   - plain fs.read: bytes only;
 *   - EventFileReader.poll(): framing, both CRCs per record, Event decoding, an array of points;
 *   - poll({ onPoint }): the same without the array (how a caller streams into its own store);
 *   - poll({ onPoint }) into SeriesStore: what the metrics panel does.
 * Usage: npx tsx bench/metricsParse.ts [--mb 100] [--runs 5]
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CHUNK_SIZE, EventFileReader, LocalFileSource } from '../extension/core/metrics/eventFileReader';
import { ScalarRecordEncoder } from '../extension/core/metrics/eventFileWriter';
import { SeriesStore } from '../extension/core/metrics/seriesStore';

export interface ParseFigures {
  fileBytes: number;
  points: number;
  runs: number;
  chunkSize: number;
  /** Median MB/s (10^6 bytes) of each way of reading. */
  plainReadMBps: number;
  readerMBps: number;
  readerPointsPerSec: number;
  callbackMBps: number;
  callbackPointsPerSec: number;
  storeMBps: number;
  storePointsPerSec: number;
  /** SeriesStore.bytes() after loading the file, and per million points. */
  storeBytes: number;
  storeBytesPerMillionPoints: number;
}

const TAGS = ['train/loss', 'train/accuracy', 'eval/loss', 'learning_rate'];

/** Writes the benchmark file; returns its size and point count. */
async function writeEventFile(file: string, targetBytes: number): Promise<{ bytes: number; points: number }> {
  const fh = await fsp.open(file, 'w');
  const enc = new ScalarRecordEncoder();
  let bytes = 0;
  let points = 0;
  try {
    const t0 = 1_700_000_000;
    for (let step = 0; bytes + enc.length < targetBytes; step++) {
      for (let t = 0; t < TAGS.length; t++) {
        enc.add(TAGS[t]!, step, t0 + step * 0.05 + t * 1e-4, Math.fround(Math.exp(-step / 5e5) + 0.01 * Math.sin(step * (t + 1))));
        points++;
      }
      if (enc.length >= 8 << 20) {
        const chunk = enc.take();
        await fh.write(chunk);
        bytes += chunk.length;
      }
    }
    const rest = enc.take();
    await fh.write(rest);
    bytes += rest.length;
  } finally {
    await fh.close();
  }
  return { bytes, points };
}

async function plainRead(file: string, chunkSize: number): Promise<number> {
  const fh = await fsp.open(file, 'r');
  const buf = Buffer.allocUnsafe(chunkSize);
  let total = 0;
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, chunkSize, total);
      if (bytesRead === 0) return total;
      total += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

export async function benchmarkParsing(opts: { megabytes?: number; runs?: number; chunkSize?: number } = {}): Promise<ParseFigures> {
  const megabytes = opts.megabytes ?? 100;
  const runs = Math.max(1, opts.runs ?? 5);
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ma-bench-metrics-'));
  try {
    const file = path.join(dir, 'events.out.tfevents.1700000000.bench.1.0');
    const { bytes, points } = await writeEventFile(file, megabytes * 1e6);
    const t: Record<'plain' | 'reader' | 'callback' | 'store', number[]> = { plain: [], reader: [], callback: [], store: [] };
    let storeBytes = 0;
    await plainRead(file, chunkSize); // warm the page cache and the JIT alike for every row
    for (let r = 0; r < runs; r++) {
      t.plain.push(
        await timed(async () => {
          if ((await plainRead(file, chunkSize)) !== bytes) throw new Error('short read');
        }),
      );
      t.reader.push(
        await timed(async () => {
          const { points: got } = await new EventFileReader(new LocalFileSource(file), { chunkSize }).poll();
          if (got.length !== points) throw new Error(`read ${got.length} of ${points} points`);
        }),
      );
      t.callback.push(
        await timed(async () => {
          let n = 0;
          await new EventFileReader(new LocalFileSource(file), { chunkSize }).poll({ onPoint: () => void n++ });
          if (n !== points) throw new Error(`read ${n} of ${points} points`);
        }),
      );
      const store = new SeriesStore();
      t.store.push(
        await timed(() =>
          new EventFileReader(new LocalFileSource(file), { chunkSize }).poll({
            onPoint: (tag, step, wallTime, value) => store.append('bench', tag, step, wallTime, value),
          }),
        ),
      );
      storeBytes = store.bytes();
    }
    const mbps = (s: number): number => bytes / 1e6 / s;
    return {
      fileBytes: bytes,
      points,
      runs,
      chunkSize,
      plainReadMBps: mbps(median(t.plain)),
      readerMBps: mbps(median(t.reader)),
      readerPointsPerSec: points / median(t.reader),
      callbackMBps: mbps(median(t.callback)),
      callbackPointsPerSec: points / median(t.callback),
      storeMBps: mbps(median(t.store)),
      storePointsPerSec: points / median(t.store),
      storeBytes,
      storeBytesPerMillionPoints: (storeBytes / points) * 1e6,
    };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

async function main(): Promise<void> {
  const f = await benchmarkParsing({ megabytes: flag('mb'), runs: flag('runs') });
  const row = (name: string, mbps: number, pps?: number): string =>
    `  ${name.padEnd(36)} ${mbps.toFixed(0).padStart(6)} MB/s  ${pps === undefined ? '' : `${(pps / 1e6).toFixed(2).padStart(6)} M points/s`}`;
  console.log(
    `event file: ${(f.fileBytes / 1e6).toFixed(1)} MB, ${f.points.toLocaleString('en-US')} points, 4 tags; ${(f.chunkSize / 2 ** 20).toFixed(0)} MiB chunks; median of ${f.runs} runs`,
  );
  console.log(row('plain fs.read (no parsing)', f.plainReadMBps));
  console.log(row('EventFileReader.poll()', f.readerMBps, f.readerPointsPerSec));
  console.log(row('poll({ onPoint })', f.callbackMBps, f.callbackPointsPerSec));
  console.log(row('poll({ onPoint }) into SeriesStore', f.storeMBps, f.storePointsPerSec));
  console.log(
    `  SeriesStore: ${(f.storeBytes / 1e6).toFixed(1)} MB held, ${(f.storeBytesPerMillionPoints / 1e6).toFixed(1)} MB per million points`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
