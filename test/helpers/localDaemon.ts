import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signRequest } from '../../extension/core/api/signer';
import { type RunningDaemon, startDaemon } from '../../extension/local/daemon';

/** A daemon on a temp data dir, and a signed fetch against it. */
export interface TestDaemon {
  /** The daemon now serving (a new one after restart()). */
  readonly daemon: RunningDaemon;
  readonly dataDir: string;
  readonly projectId: string;
  /** Signs with the daemon's own AK/SK (or `credentials`) and sends; JSON bodies are stringified. */
  // Response bodies are read loosely here; each assertion checks the shape it relies on.
  call(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    options?: { credentials?: { ak: string; sk: string }; headers?: Record<string, string>; date?: Date },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; json: any; headers: Headers }>;
  /** What the daemon logged, in order, across restarts. */
  readonly logs: readonly string[];
  /** Closes the daemon and starts a new one on the same data dir, as after a crash or upgrade. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestDaemon(): Promise<TestDaemon> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ma-local-'));
  const logs: string[] = [];
  const log = (line: string) => void logs.push(line);
  let daemon = await startDaemon({ dataDir, log });
  const projectId = daemon.discovery.project_id;
  return {
    get daemon() {
      return daemon;
    },
    dataDir,
    projectId,
    logs,
    async call(method, pathAndQuery, body, options = {}) {
      const { endpoint, ak, sk } = daemon.discovery;
      const url = new URL(pathAndQuery.replace('{p}', projectId), endpoint);
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const query = [...url.searchParams.entries()];
      const headers = signRequest(
        // A fresh signed id per call, as the toolkit's client sends: identical requests in the same
        // second would otherwise share a signature and be refused as replays.
        {
          method,
          path: url.pathname,
          query,
          headers: { Host: url.host, 'Content-Type': 'application/json', 'X-Client-Request-Id': randomUUID(), ...(options.headers ?? {}) },
          body: text,
        },
        options.credentials ?? { ak, sk },
        options.date,
      );
      const res = await fetch(url, { method, headers, body: text === '' ? undefined : text });
      const raw = await res.text();
      return { status: res.status, json: raw ? JSON.parse(raw) : undefined, headers: res.headers };
    },
    async restart() {
      await daemon.close();
      daemon = await startDaemon({ dataDir, log });
    },
    async stop() {
      await daemon.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
