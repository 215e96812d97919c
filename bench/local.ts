/**
 * Local mode's figures, on a fresh daemon in a temp data dir (run as its own process, as users run it):
 *   - signed REST list requests per second and latency percentiles at 50 concurrent clients,
 *     beside the unauthenticated /health route (what signature checking and routing cost);
 *   - notebook start to SSH-ready (POST start until an SSH client is authenticated);
 *   - training job create to Running;
 *   - S3 PUT and GET MB/s through @aws-sdk/client-s3 beside s3cmd on the same endpoint.
 * Loopback only, bounded in time. Usage: npm run bench:local [-- --seconds 5]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client } from 'ssh2';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../esbuild.mjs';
import { signRequest } from '../extension/core/api/signer';
import { generateKeyPair } from '../extension/core/ssh/keys';
import type { Discovery } from '../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../extension/local/lifecycle';
import { ensureCommand } from '../test/helpers/peers';
import { repoRoot } from '../test/tools/paths';

const secondsFlag = process.argv.indexOf('--seconds');
const seconds = secondsFlag >= 0 ? Number(process.argv[secondsFlag + 1]) : 5;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read loosely here; a wrong shape fails the bench loudly
async function call(d: Discovery, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; json: any }> {
  const url = new URL(pathAndQuery, d.endpoint);
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
  return { status: res.status, json: raw ? JSON.parse(raw) : undefined };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** 50 clients in a closed loop for `seconds`; returns rps and latency percentiles in ms. */
async function load(request: () => Promise<number>): Promise<string> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        const status = await request();
        latencies.push(performance.now() - t0);
        if (status !== 200) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return `${(latencies.length / seconds).toFixed(0)} req/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ${errors} errors`;
}

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function sshReady(port: number, privateKey: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => {
      c.end();
      resolve();
    });
    c.on('error', reject);
    c.connect({ host: '127.0.0.1', port, username: 'ma-user', privateKey });
  });
}

async function notebookToSsh(d: Discovery): Promise<string> {
  const p = `/v1/${d.project_id}`;
  const pair = generateKeyPair('bench');
  await call(d, 'POST', `/v3/${d.project_id}/keypairs`, { keypair: { name: 'bench', public_key: pair.publicKey } });
  const image = (await call(d, 'GET', `${p}/images?name=conda3-ubuntu18.04&name_fuzzy_match=false`)).json.data[0].id as string;
  const created = await call(d, 'POST', `${p}/notebooks`, {
    name: 'bench-nb',
    flavor: 'modelarts.vm.cpu.2u',
    image_id: image,
    endpoints: [{ service: 'SSH', key_pair_names: ['bench'] }],
  });
  const id = created.json.id as string;
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (i > 0) {
      await call(d, 'POST', `${p}/notebooks/${id}/stop`);
      await poll(async () => ((await call(d, 'GET', `${p}/notebooks/${id}`)).json.status === 'STOPPED' ? true : undefined));
    }
    const t0 = performance.now();
    if (i > 0) await call(d, 'POST', `${p}/notebooks/${id}/start`);
    const uri = await poll(async () => {
      const nb = (await call(d, 'GET', `${p}/notebooks/${id}`)).json;
      return nb.status === 'RUNNING' ? (nb.endpoints[0].uri as string) : undefined;
    });
    await sshReady(Number(uri.split(':').pop()), pair.privateKey);
    runs.push(performance.now() - t0);
  }
  await call(d, 'DELETE', `${p}/notebooks/${id}`);
  return `median ${median(runs)} ms over ${runs.length} runs (first from create; then stop/start)`;
}

async function jobToRunning(d: Discovery, s3: S3Client): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'code/train.py', Body: 'import time\ntime.sleep(2)\n' }));
  const engines = (await call(d, 'GET', `/v2/${d.project_id}/training-job-engines`)).json.items as { engine_id: string }[];
  const engine = engines.find((e) => /pytorch/i.test(e.engine_id)) ?? engines[0];
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const created = await call(d, 'POST', `/v2/${d.project_id}/training-jobs`, {
      kind: 'job',
      metadata: { name: `bench-job-${i}` },
      algorithm: { code_dir: 'obs://bench/code/', boot_file: 'train.py', engine: { engine_id: engine?.engine_id } },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    if (created.status !== 201) return `not measured: create answered ${created.status} ${JSON.stringify(created.json)}`;
    const id = created.json.metadata.id as string;
    await poll(async () => {
      const phase = (await call(d, 'GET', `/v2/${d.project_id}/training-jobs/${id}`)).json.status?.phase;
      return phase === 'Running' || phase === 'Completed' ? true : undefined;
    });
    runs.push(performance.now() - t0);
  }
  return `median ${median(runs)} ms over ${runs.length} runs`;
}

function median(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return (s[Math.floor(s.length / 2)] ?? NaN).toFixed(0);
}

async function storageThroughput(d: Discovery, s3: S3Client, dir: string): Promise<string[]> {
  const size = 64 * 1024 * 1024;
  const data = randomBytes(size);
  const file = path.join(dir, 'blob.bin');
  writeFileSync(file, data);
  const mbps = (ms: number) => (size / 1e6 / (ms / 1000)).toFixed(0);
  const timed = async (work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };
  const sdkPut = await timed(() => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'sdk.bin', Body: data })));
  const sdkGet = await timed(async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'sdk.bin' }));
    await res.Body?.transformToByteArray();
  });
  const s3cmd = ensureCommand('s3cmd', 's3cmd');
  const host = new URL(d.s3_endpoint).host;
  const config = path.join(dir, 's3cmd.cfg');
  writeFileSync(
    config,
    `[default]\naccess_key = ${d.ak}\nsecret_key = ${d.sk}\nhost_base = ${host}\nhost_bucket = ${host}\nuse_https = False\nsignature_v2 = False\n`,
  );
  const cmdPut = await timed(async () => execFileSync(s3cmd, ['--config', config, '--quiet', 'put', file, 's3://bench/s3cmd.bin']));
  const back = path.join(dir, 'back.bin');
  const cmdGet = await timed(async () =>
    execFileSync(s3cmd, ['--config', config, '--quiet', '--force', 'get', 's3://bench/s3cmd.bin', back]),
  );
  if (!readFileSync(back).equals(data)) throw new Error('s3cmd read back different bytes');
  return [
    `64 MiB object       PUT MB/s   GET MB/s`,
    `@aws-sdk/client-s3  ${mbps(sdkPut).padStart(8)}   ${mbps(sdkGet).padStart(8)}`,
    `s3cmd               ${mbps(cmdPut).padStart(8)}   ${mbps(cmdGet).padStart(8)}`,
  ];
}

async function main(): Promise<void> {
  await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-local-'));
  const d = await startDaemonDetached({ dataDir, daemonScript: path.join(repoRoot, 'dist', 'daemon.js') });
  try {
    const listPath = `/v1/${d.project_id}/workspaces`;
    console.log(`REST, 50 clients, ${seconds} s each:`);
    console.log(`  signed GET workspaces:       ${await load(async () => (await call(d, 'GET', listPath)).status)}`);
    console.log(
      `  unsigned GET /health:        ${await load(async () => await fetch(`${d.endpoint}/health`).then(async (r) => (await r.arrayBuffer(), r.status)))}`,
    );
    console.log(`notebook start → SSH ready:    ${await notebookToSsh(d)}`);
    const s3 = new S3Client({
      endpoint: d.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    console.log(`training job create → Running: ${await jobToRunning(d, s3)}`);
    for (const line of await storageThroughput(d, s3, dataDir)) console.log(line);
    s3.destroy();
  } finally {
    await stopDaemon(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
