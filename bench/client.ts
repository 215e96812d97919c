/**
 * The platform client's overhead and the storage client's folder throughput, against a local
 * daemon run as its own process:
 *   - requests per second and latency at 50 concurrent callers: GET workspaces through
 *     core/api (HttpClient: signing, retries, error mapping) beside the same signed request made
 *     raw with fetch;
 *   - folder upload MB/s: core/storage uploadFolder beside `s3cmd put --recursive` on the same
 *     endpoint and the same files.
 * Loopback only, bounded in time. Usage: npm run bench:client [-- --seconds 5]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../esbuild.mjs';
import { createPlatformClient, localPlatformConfig } from '../extension/core/api/client';
import { signRequest } from '../extension/core/api/signer';
import { StorageClient } from '../extension/core/storage/client';
import { s3CompatibleConfig } from '../extension/core/storage/config';
import { startDaemonDetached, stopDaemon } from '../extension/local/lifecycle';
import { ensureCommand } from '../test/helpers/peers';
import { repoRoot } from '../test/tools/paths';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const secondsFlag = process.argv.indexOf('--seconds');
const seconds = secondsFlag >= 0 ? Number(process.argv[secondsFlag + 1]) : 5;

async function load(request: () => Promise<void>): Promise<string> {
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        await request();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN).toFixed(1);
  return `${(latencies.length / seconds).toFixed(0).padStart(6)} req/s   p50 ${pct(50).padStart(6)} ms   p99 ${pct(99).padStart(6)} ms`;
}

function makeFolder(dir: string): number {
  let bytes = 0;
  mkdirSync(path.join(dir, 'small'), { recursive: true });
  for (let i = 0; i < 16; i++) {
    const data = randomBytes(4 * 1024 * 1024);
    writeFileSync(path.join(dir, `shard-${i}.bin`), data);
    bytes += data.length;
  }
  for (let i = 0; i < 100; i++) {
    const data = randomBytes(16 * 1024);
    writeFileSync(path.join(dir, 'small', `f-${i}.json`), data);
    bytes += data.length;
  }
  return bytes;
}

async function main(): Promise<void> {
  await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-client-'));
  const d = await startDaemonDetached({ dataDir, daemonScript: path.join(repoRoot, 'dist', 'daemon.js') });
  const client = createPlatformClient(localPlatformConfig(d));
  try {
    const listPath = `/v1/${d.project_id}/workspaces`;
    console.log(`GET workspaces, 50 concurrent callers, ${seconds} s each:`);
    console.log(
      `  raw signed fetch:        ${await load(async () => {
        const url = new URL(listPath, d.endpoint);
        const headers = signRequest(
          { method: 'GET', path: url.pathname, query: [], headers: { Host: url.host, 'X-Client-Request-Id': randomUUID() }, body: '' },
          { ak: d.ak, sk: d.sk },
        );
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`raw request answered ${res.status}`);
      })}`,
    );
    console.log(
      `  core/api HttpClient:     ${await load(async () => {
        await client.modelarts.request({ method: 'GET', path: '/v1/{project_id}/workspaces' });
      })}`,
    );

    const folder = path.join(dataDir, 'upload');
    const bytes = makeFolder(folder);
    const storage = new StorageClient(s3CompatibleConfig(d.s3_endpoint, 'local', { accessKeyId: d.ak, secretAccessKey: d.sk }));
    await storage.s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const mb = bytes / 1e6;
    let t0 = performance.now();
    await storage.uploadFolder(folder, { bucket: 'bench', prefix: 'toolkit/' });
    const ours = mb / ((performance.now() - t0) / 1000);
    storage.dispose();
    const s3cmd = ensureCommand('s3cmd', 's3cmd');
    const host = new URL(d.s3_endpoint).host;
    const config = path.join(dataDir, 's3cmd.cfg');
    writeFileSync(
      config,
      `[default]\naccess_key = ${d.ak}\nsecret_key = ${d.sk}\nhost_base = ${host}\nhost_bucket = ${host}\nuse_https = False\nsignature_v2 = False\n`,
    );
    t0 = performance.now();
    execFileSync(s3cmd, ['--config', config, '--quiet', 'put', '--recursive', `${folder}/`, 's3://bench/s3cmd/']);
    const theirs = mb / ((performance.now() - t0) / 1000);
    console.log(`folder upload, 16 × 4 MiB + 100 × 16 KiB (${mb.toFixed(1)} MB):`);
    console.log(`  core/storage uploadFolder: ${ours.toFixed(0).padStart(5)} MB/s`);
    console.log(`  s3cmd put --recursive:     ${theirs.toFixed(0).padStart(5)} MB/s`);
  } finally {
    client.close();
    await stopDaemon(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
