/**
 * Annotation converters at scale: an object detection dataset of 100,000 images with 3 boxes
 * each (float pixel coordinates, 640x480, 100 folders) is written in every format and read back,
 * in memory, so the figures are the converters' own (parsing, validation, formatting), beside a
 * floor: JSON.stringify and JSON.parse of the same samples in the API's own form, which any
 * converter must at least match in work. Export is writeAnnotations(); import is
 * readAnnotations() plus matching every record to its sample, as importAnnotations() does before
 * it sends anything. Figures are medians. With --disk, the same export and import go through a
 * local folder as well (writeFiles, then localSource), which adds the file system's cost per file.
 *
 * Usage: npx tsx bench/labelingFormats.ts [--samples 100000] [--boxes 3] [--runs 3] [--disk]
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memorySource, readAnnotations, writeAnnotations } from '../extension/core/labeling/formats';
import {
  type AnnotationFormat,
  annotationFormats,
  boxLabel,
  type ExportDocument,
  type FileSource,
} from '../extension/core/labeling/formats/model';
import { type DatasetSample, SampleMatcher } from '../extension/core/labeling/samples';
import { localSource, writeFiles } from '../extension/core/labeling/sources';

export interface FormatFigures {
  readonly format: AnnotationFormat;
  readonly files: number;
  readonly megabytes: number;
  /** Samples per second of wall-clock time, median. */
  readonly exportPerSec: number;
  readonly importPerSec: number;
  /** Samples per second of this process's CPU time, median: steady when other work shares the machine. */
  readonly exportPerCpuSec: number;
  readonly importPerCpuSec: number;
  /** Through a local folder (--disk), samples per second. */
  readonly diskExportPerSec?: number;
  readonly diskImportPerSec?: number;
}

export interface LabelingFormatFigures {
  readonly samples: number;
  readonly boxesPerSample: number;
  readonly runs: number;
  readonly floorStringifyPerSec: number;
  readonly floorParsePerSec: number;
  readonly floorStringifyPerCpuSec: number;
  readonly floorParsePerCpuSec: number;
  readonly formats: readonly FormatFigures[];
}

export interface RunOptions {
  readonly samples?: number;
  readonly boxes?: number;
  readonly runs?: number;
  readonly disk?: boolean;
}

/** A deterministic dataset: the same boxes on every run. */
export function benchDocument(samples: number, boxes: number): ExportDocument {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const labels = ['car', 'person', 'bicycle', 'traffic light', 'dog'];
  return {
    datasetName: 'bench',
    datasetType: 1,
    labels: labels.map((name) => ({ name })),
    samples: Array.from({ length: samples }, (_, i) => {
      const p = `images/${String(i % 100).padStart(2, '0')}/frame_${String(i).padStart(6, '0')}.jpg`;
      return {
        sampleId: i.toString(16).padStart(32, '0'),
        path: p,
        location: { bucket: 'data', key: `street/${p}` },
        size: { width: 640, height: 480, depth: 3 },
        labels: Array.from({ length: boxes }, (_, b) => {
          const x = Math.round(rnd() * 500 * 100) / 100;
          const y = Math.round(rnd() * 380 * 100) / 100;
          return boxLabel(labels[(i + b) % labels.length] as string, [
            x,
            y,
            x + 10 + Math.round(rnd() * 12000) / 100,
            y + 10 + Math.round(rnd() * 8000) / 100,
          ]);
        }),
      };
    }),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Wall-clock seconds; `cpu` collects this process's CPU seconds too (on a shared machine the honest measure of the work). */
async function timed(work: () => unknown, cpu?: number[]): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const c = process.cpuUsage(c0);
  cpu?.push((c.user + c.system) / 1e6);
  return (performance.now() - t0) / 1000;
}

/** Reads the files back and matches every record, failing loudly when anything is lost. */
async function importAll(format: AnnotationFormat, source: FileSource, matcher: SampleMatcher, expected: number): Promise<void> {
  const read = await readAnnotations(format, source, { sizeOf: (ref) => matcher.peek(ref)?.size });
  if (read.problems.length > 0) throw new Error(`${format}: ${read.problems.length} problems, e.g. ${JSON.stringify(read.problems[0])}`);
  let matched = 0;
  for (const r of read.samples) if (matcher.match(r.ref).kind === 'match') matched++;
  if (matched !== expected) throw new Error(`${format}: matched ${matched} of ${expected} samples`);
}

export async function run(options: RunOptions = {}): Promise<LabelingFormatFigures> {
  const n = options.samples ?? 100_000;
  const boxes = options.boxes ?? 3;
  const runs = options.runs ?? 3;
  const doc = benchDocument(n, boxes);
  const datasetSamples: DatasetSample[] = doc.samples.map((s) => ({
    sample: { sample_id: s.sampleId, sample_type: 0 },
    id: s.sampleId,
    path: s.path,
    ...(s.location ? { location: s.location } : {}),
    ...(s.size ? { size: s.size } : {}),
  }));

  const stringify: number[] = [];
  const parse: number[] = [];
  const stringifyCpu: number[] = [];
  const parseCpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    let json = '';
    stringify.push(await timed(() => (json = JSON.stringify(doc.samples)), stringifyCpu));
    parse.push(await timed(() => JSON.parse(json), parseCpu));
  }

  const formats: FormatFigures[] = [];
  for (const format of annotationFormats) {
    const exp: number[] = [];
    const imp: number[] = [];
    const expCpu: number[] = [];
    const impCpu: number[] = [];
    let files = new Map<string, string>();
    for (let r = 0; r < runs; r++) {
      exp.push(await timed(() => (files = writeAnnotations(format, doc).files), expCpu));
      const source = memorySource(files);
      imp.push(await timed(() => importAll(format, source, new SampleMatcher(datasetSamples), n), impCpu));
    }
    let bytes = 0;
    for (const v of files.values()) bytes += Buffer.byteLength(v);
    let disk: Pick<FormatFigures, 'diskExportPerSec' | 'diskImportPerSec'> = {};
    if (options.disk) {
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ma-bench-labeling-'));
      try {
        const w = await timed(async () => writeFiles(writeAnnotations(format, doc).files, dir, undefined));
        const i = await timed(async () => importAll(format, await localSource(dir), new SampleMatcher(datasetSamples), n));
        disk = { diskExportPerSec: n / w, diskImportPerSec: n / i };
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    }
    formats.push({
      format,
      files: files.size,
      megabytes: bytes / 1e6,
      exportPerSec: n / median(exp),
      importPerSec: n / median(imp),
      exportPerCpuSec: n / median(expCpu),
      importPerCpuSec: n / median(impCpu),
      ...disk,
    });
  }
  return {
    samples: n,
    boxesPerSample: boxes,
    runs,
    floorStringifyPerSec: n / median(stringify),
    floorParsePerSec: n / median(parse),
    floorStringifyPerCpuSec: n / median(stringifyCpu),
    floorParsePerCpuSec: n / median(parseCpu),
    formats,
  };
}

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

async function main(): Promise<void> {
  const f = await run({ samples: flag('samples'), boxes: flag('boxes'), runs: flag('runs'), disk: process.argv.includes('--disk') });
  const k = (v: number | undefined) => (v === undefined ? '' : `${Math.round(v / 1000).toLocaleString('en-US')}k/s`);
  const pair = (wall: number | undefined, cpu: number | undefined) => `${k(wall).padStart(7)} (${k(cpu).padStart(7)} cpu)`;
  const disk = f.formats[0]?.diskExportPerSec !== undefined;
  console.log(
    `${f.samples.toLocaleString('en-US')} samples, ${f.boxesPerSample} boxes each; samples per second of wall time (and of CPU time), median of ${f.runs} runs; goal ≥ 50k/s`,
  );
  console.log(
    `  floor, the same samples in the API's form: JSON.stringify ${pair(f.floorStringifyPerSec, f.floorStringifyPerCpuSec)}, JSON.parse ${pair(f.floorParsePerSec, f.floorParsePerCpuSec)}`,
  );
  console.log(
    `  ${'format'.padEnd(9)} ${'files'.padStart(7)} ${'MB'.padStart(6)}   ${'export'.padEnd(20)} ${'import (read + match)'.padEnd(22)}${disk ? ' via a local folder: export, import' : ''}`,
  );
  for (const x of f.formats) {
    console.log(
      `  ${x.format.padEnd(9)} ${String(x.files).padStart(7)} ${x.megabytes.toFixed(1).padStart(6)}   ${pair(x.exportPerSec, x.exportPerCpuSec)} ${pair(x.importPerSec, x.importPerCpuSec).padEnd(22)}${disk ? ` ${k(x.diskExportPerSec)}, ${k(x.diskImportPerSec)}` : ''}`,
    );
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
