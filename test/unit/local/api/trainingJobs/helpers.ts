import { GetObjectCommand, PutObjectCommand, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { signRequest } from '../../../../../extension/core/api/signer';
import { type RunningDaemon, startDaemon } from '../../../../../extension/local/daemon';

/** Anything with the TestDaemon `call` signature. */
export interface Caller {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in tests
  call(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; json: any }>;
}

/** An S3 client on the daemon's storage endpoint. */
export function s3Of(discovery: RunningDaemon['discovery']): S3Client {
  return new S3Client({
    endpoint: discovery.s3_endpoint,
    region: 'local',
    forcePathStyle: true,
    credentials: { accessKeyId: discovery.ak, secretAccessKey: discovery.sk },
  });
}

export async function putObjects(s3: S3Client, bucket: string, objects: Record<string, string>): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
    if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
  });
  for (const [key, body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

export async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await res.Body?.transformToString('utf8')) ?? '';
}

/** Polls until `check` returns a value; fails with the last state after `ms`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls the job until its phase is one of `phases`; returns the Job. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in tests
export async function waitPhase(d: Caller, id: string, ...phases: string[]): Promise<any> {
  let last = '';
  try {
    return await until(`job ${id} to reach ${phases.join('|')}`, async () => {
      const res = await d.call('GET', `/v2/{p}/training-jobs/${id}`);
      last = `${res.json.status?.phase} (${res.json.status?.task_statuses?.[0]?.message ?? res.json.error_msg})`;
      return phases.includes(res.json.status?.phase) ? res.json : undefined;
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen ${last}`, { cause: err });
  }
}

/** The stored record of a job (internal fields included: the process pid). */
export function jobRecord(dataDir: string, id: string): { process?: { pid: number; start_time: string } } | undefined {
  const file = path.join(dataDir, 'state', 'training-jobs', `${id}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Live (non-zombie) pids whose process group is `pgid`. */
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** A minimal job body on the 2u flavor running `command`, merged with `extra` at the top level. */
export function commandJob(name: string, command: string, extra: { algorithm?: object; spec?: object; metadata?: object } = {}) {
  return {
    kind: 'job',
    metadata: { name, description: 'test', ...extra.metadata },
    algorithm: { command, engine: { engine_name: 'PyTorch', engine_version: '1.8' }, ...extra.algorithm },
    spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 }, ...extra.spec },
  };
}

/**
 * A daemon whose stop and start are separate steps, so a test can act while no daemon runs
 * (the shared TestDaemon only offers restart()).
 */
export async function startSplitDaemon(dataDir: string) {
  let daemon: RunningDaemon | undefined = await startDaemon({ dataDir });
  const current = () => {
    if (!daemon) throw new Error('daemon is stopped');
    return daemon;
  };
  return {
    get discovery() {
      return current().discovery;
    },
    async call(method: string, pathAndQuery: string, body?: unknown) {
      const { endpoint, ak, sk, project_id } = current().discovery;
      const url = new URL(pathAndQuery.replace('{p}', project_id), endpoint);
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const headers = signRequest(
        {
          method,
          path: url.pathname,
          query: [...url.searchParams.entries()],
          headers: { Host: url.host, 'Content-Type': 'application/json', 'X-Client-Request-Id': randomUUID() },
          body: text,
        },
        { ak, sk },
      );
      const res = await fetch(url, { method, headers, body: text === '' ? undefined : text });
      const raw = await res.text();
      return { status: res.status, json: raw ? JSON.parse(raw) : undefined };
    },
    async stopDaemon() {
      await daemon?.close();
      daemon = undefined;
    },
    async startAgain() {
      daemon = await startDaemon({ dataDir });
    },
  };
}
