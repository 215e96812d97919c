import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { signRequest } from '../../extension/core/api/signer';
import type { Discovery } from '../../extension/local/dataDir';
import { repoRoot } from './repo';

/** dist/daemon.js as its own process (build it first), for tests that kill it with SIGKILL. */

/** Starts the daemon on `dataDir` and waits for its discovery line. */
export function startDaemonProcess(dataDir: string): Promise<{ child: ChildProcess; discovery: Discovery }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'daemon.js'), '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, discovery: JSON.parse(line) as Discovery });
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code} before serving`)));
  });
}

/** A request signed with the daemon's own AK/SK; `pathname` may hold a query. */
export async function signedFetch(discovery: Discovery, method: string, pathname: string, body?: unknown): Promise<Response> {
  const url = new URL(pathname, discovery.endpoint);
  const text = body === undefined ? '' : JSON.stringify(body);
  const query = [...url.searchParams.entries()];
  const headers = signRequest(
    {
      method,
      path: url.pathname,
      query,
      headers: { Host: url.host, 'Content-Type': 'application/json', 'X-Client-Request-Id': randomUUID() },
      body: text,
    },
    { ak: discovery.ak, sk: discovery.sk },
  );
  return fetch(url, { method, headers, body: text || undefined });
}
