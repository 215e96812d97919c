/**
 * The memory of a code-server extension host, read from outside: RSS from /proc, and (optionally)
 * the V8 heap through the Node inspector, which SIGUSR1 opens in any Node process.
 *
 * The extension host is found by its command line (`--type=extensionHost`, VS Code's
 * bootstrap-fork) and its environment, which it inherits from the code-server we started: a
 * marker variable (e.g. MODELARTS_LOCAL_HOME=<temp dir>) tells our code-server from anyone else's.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readProcStatSync } from '../extension/local/runtime/processTree';
import { ensureNode24 } from '../test/tools/ensureTools';

/** kB figures from /proc/<pid>/status. */
export interface ProcMemory {
  readonly rssKb: number;
  /** Anonymous pages: the JS heap, code space, malloc — what the process itself allocated. */
  readonly anonKb: number;
}

/** V8 figures from `process.memoryUsage()` inside the process, after a full GC. */
export interface HeapFigures {
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The newest extension host whose environment holds `marker` (`NAME=value`), if any. */
export function findExtensionHost(marker: string): number | undefined {
  let best: { pid: number; start: number } | undefined;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = readText(`/proc/${name}/cmdline`);
    if (!cmdline?.includes('--type=extensionHost')) continue;
    if (!readText(`/proc/${name}/environ`)?.split('\0').includes(marker)) continue;
    const pid = Number(name);
    const start = Number(readProcStatSync(pid)?.startTime ?? 0);
    if (!best || start > best.start) best = { pid, start };
  }
  return best?.pid;
}

/** All extension hosts with `marker`: more than one means an old window's host lingers. */
export function countExtensionHosts(marker: string): number {
  let n = 0;
  for (const name of readdirSync('/proc')) {
    if (
      /^\d+$/.test(name) &&
      readText(`/proc/${name}/cmdline`)?.includes('--type=extensionHost') &&
      readText(`/proc/${name}/environ`)?.split('\0').includes(marker)
    )
      n++;
  }
  return n;
}

export function procMemory(pid: number): ProcMemory {
  const status = readText(`/proc/${pid}/status`) ?? '';
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), anonKb: kb('RssAnon') };
}

/** TCP ports `pid` listens on (IPv4 and IPv6), from its socket fds and /proc/<pid>/net/tcp*. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m?.[1]) inodes.add(m[1]);
      } catch {
        /* fd closed meanwhile */
      }
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of (readText(`/proc/${pid}/net/${table}`) ?? '').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; st 0A = LISTEN; inode is field 10.
      if (f[3] === '0A' && f[9] && inodes.has(f[9])) ports.push(parseInt(f[1]?.split(':')[1] ?? '', 16));
    }
  }
  return ports;
}

/**
 * Opens the inspector of `pid` (SIGUSR1) and returns its port, or undefined when none appears
 * (e.g. the default port 9229 is taken by another process). Do it once, before the first
 * reading: the inspector itself costs a few MB, the same in every later reading.
 */
export async function openInspector(pid: number, timeoutMs = 5000): Promise<number | undefined> {
  const before = new Set(listeningPorts(pid));
  process.kill(pid, 'SIGUSR1');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const port of listeningPorts(pid)) {
      if (before.has(port)) continue;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/json/list`);
        if (res.ok) return port;
      } catch {
        /* not the inspector */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

// Runs under Node 24 (global WebSocket; the bench's Node 20 has none): full GC, then memoryUsage().
const probeScript = `
const [url] = process.argv.slice(1);
const ws = new WebSocket(url);
let id = 0; const waiting = new Map();
const send = (method, params = {}) => new Promise((resolve, reject) => { const n = ++id; waiting.set(n, { resolve, reject }); ws.send(JSON.stringify({ id: n, method, params })); });
ws.onmessage = (e) => { const m = JSON.parse(e.data); const w = waiting.get(m.id); if (!w) return; waiting.delete(m.id); m.error ? w.reject(new Error(m.error.message)) : w.resolve(m.result); };
ws.onerror = () => { console.error('inspector connection failed'); process.exit(1); };
ws.onopen = async () => {
  await send('HeapProfiler.enable'); await send('HeapProfiler.collectGarbage'); await send('HeapProfiler.disable');
  const r = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
  console.log(r.result.value); ws.close(); process.exit(0);
};
setTimeout(() => { console.error('inspector timed out'); process.exit(1); }, 20000);
`;

/** V8 heap after a full GC, through the inspector on `port`; undefined when that fails. */
export async function heapAfterGc(port: number): Promise<HeapFigures | undefined> {
  try {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl?: string }[];
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) return undefined;
    const r = spawnSync(await ensureNode24(), ['-e', probeScript, url], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) return undefined;
    const usage = JSON.parse(r.stdout.trim()) as HeapFigures;
    return { heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external };
  } catch {
    return undefined;
  }
}
