/**
 * The SSH bridge's figures against one local notebook SSH server (the test fixture, run as its
 * own process so the client side of each tool has the CPU to itself), beside OpenSSH:
 *   (a) one big file: core/ssh/sync up and down, ssh2's fastPut/fastGet, `scp`, `sftp` put/get;
 *   (b) many small files (1–4 KiB, 100 per folder): sync vs `scp -r` and `sftp put -r`, plus a
 *       second sync with nothing changed (the incremental check);
 *   (c) the same small files with round-trip latency added by a delaying TCP proxy (a stand-in
 *       for a notebook across a WAN), where per-file round trips dominate;
 *   (d) port-forward throughput: bytes through core/ssh/portForward (and bare ssh2 forwardOut)
 *       to a loopback sink on the notebook side, vs `ssh -L` to the same sink.
 * OpenSSH is told to use the cipher ssh2 picks (aes128-gcm) so the comparison is of the clients,
 * not of the server's pure-JS chacha20 (`--openssh-default-cipher` to leave OpenSSH's choice).
 * Usage: npm run bench:ssh [-- --big-mb 1024 --small-count 10000 --latency-count 300 --latency-ms 20
 *                             --forward-mb 1024 --runs 1 --openssh-default-cipher]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, type SFTPWrapper } from 'ssh2';
import { SshConnection } from '../extension/core/ssh/connection';
import { PortForward } from '../extension/core/ssh/portForward';
import { sshNativeCryptoLoaded } from '../extension/core/ssh/selfTest';
import { syncFolder } from '../extension/core/ssh/sync';
import { run, startFixture } from '../test/unit/local/ssh/harness';

const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const bigMb = flag('big-mb', 1024);
const smallCount = flag('small-count', 10_000);
const forwardMb = flag('forward-mb', 1024);
const latencyCount = flag('latency-count', 300);
const latencyMs = flag('latency-ms', 20);
const runs = Math.max(1, flag('runs', 1));
const CIPHER = 'aes128-gcm@openssh.com';
const forceCipher = !process.argv.includes('--openssh-default-cipher');

/** What the server process tells the bench (one JSON line on stdout). */
interface Notebook {
  port: number;
  keyPath: string;
  knownHostsPath: string;
  workDir: string;
  hostPublicKey: string;
  sinkPort: number;
}

/** `--serve`: the notebook side. Runs the fixture's SSH server and a byte sink until stdin closes. */
async function serve(): Promise<void> {
  const fx = await startFixture();
  // The sender announces its byte count in an 8-byte header, and the sink answers once it has them
  // all: no half-close needed (core/ssh/portForward closes the channel when the local socket ends).
  const sink = net.createServer((socket) => {
    let header = Buffer.alloc(0);
    let expected = -1;
    let received = 0;
    socket.on('data', (d: Buffer) => {
      if (expected < 0) {
        header = Buffer.concat([header, d]);
        if (header.length < 8) return;
        expected = Number(header.readBigUInt64BE(0));
        received = header.length - 8;
      } else received += d.length;
      if (received >= expected) socket.end(`${received}\n`);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const info: Notebook = {
    port: fx.server.port,
    keyPath: fx.keyPath,
    knownHostsPath: fx.knownHostsPath,
    workDir: fx.workDir,
    hostPublicKey: fx.hostKey.public,
    sinkPort: (sink.address() as net.AddressInfo).port,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  sink.close();
  await fx.dispose();
  process.exit(0);
}

function startNotebookProcess(): Promise<{ child: ChildProcess; nb: Notebook }> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/ssh.ts', '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`notebook server process exited (${code})`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, nb: JSON.parse(out.split('\n')[0] ?? '') as Notebook });
    });
  });
}

function openSftp(nb: Notebook, port = nb.port): Promise<{ client: Client; sftp: SFTPWrapper; cipher: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let cipher = '';
    client.on('handshake', (n) => (cipher = n.cs.cipher));
    client.once('error', reject);
    client.once('ready', () => client.sftp((err, sftp) => (err ? reject(err) : resolve({ client, sftp, cipher }))));
    // Loopback to a server we just started; the product pins host keys (connection.ts), the bench need not.
    client.connect({ host: '127.0.0.1', port, username: 'ma-user', privateKey: readFileSync(nb.keyPath) });
  });
}

function opensshOptions(nb: Notebook, knownHosts = nb.knownHostsPath): string[] {
  const options = [
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'IdentitiesOnly=yes',
    '-i',
    nb.keyPath,
  ];
  return forceCipher ? [...options, '-c', CIPHER] : options;
}

/** Runs an OpenSSH tool; a non-zero exit fails the bench (a broken comparison is not a figure). */
async function openssh(tool: string, args: string[]): Promise<void> {
  const r = await run(tool, args, { limitMs: 30 * 60_000 });
  if (r.code !== 0) throw new Error(`${tool} ${args.slice(-2).join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
}

/** Median wall time in ms of `runs` runs; `reset` runs untimed before each. */
async function timed(work: () => Promise<unknown>, reset: () => void = () => undefined): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    reset();
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
}

const promisify = (start: (cb: (err?: Error | null) => void) => void): Promise<void> =>
  new Promise((resolve, reject) => start((err) => (err ? reject(err) : resolve())));

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

function writeRandomFile(file: string, bytes: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
  const block = 16 * 1024 * 1024;
  for (let done = 0; done < bytes; done += block) writeFileSync(file, randomBytes(Math.min(block, bytes - done)), { flag: 'a' });
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** Prints rows of figures with a ratio line per reference: ours / reference (above 1 = ours faster). */
function table(title: string, columns: string[], rows: [string, ...number[]][], oursRow: string, references: string[], unit: string): void {
  const fmt = (n: number): string => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : '—');
  const width = Math.max(...rows.map(([name]) => name.length), 24);
  console.log(`\n${title}`);
  console.log(`  ${''.padEnd(width)}${columns.map((c) => c.padStart(16)).join('')}`);
  for (const [name, ...values] of rows)
    console.log(`  ${name.padEnd(width)}${values.map((v) => `${fmt(v)} ${unit}`.padStart(16)).join('')}`);
  const ours = rows.find(([name]) => name === oursRow)?.slice(1) as number[];
  for (const ref of references) {
    const theirs = rows.find(([name]) => name === ref)?.slice(1) as number[];
    console.log(
      `  ${`ratio ours / ${ref}`.padEnd(width)}${ours.map((v, i) => `${(v / (theirs[i] ?? NaN)).toFixed(2)}x`.padStart(16)).join('')}`,
    );
  }
}

async function bigFile(nb: Notebook, sftp: SFTPWrapper, tmp: string): Promise<void> {
  const bytes = bigMb * 1024 * 1024;
  const localDir = path.join(tmp, 'big');
  const local = path.join(localDir, 'big.bin');
  writeRandomFile(local, bytes);
  const remote = (name: string): string => path.join(nb.workDir, name);
  const mbps = (ms: number): number => bytes / 1e6 / (ms / 1000);
  const scpDest = `ma-user@127.0.0.1:`;
  const sftpBatch = (line: string): string[] => {
    const batch = path.join(tmp, 'batch');
    writeFileSync(batch, `${line}\n`);
    return [...opensshOptions(nb), '-P', String(nb.port), '-b', batch, 'ma-user@127.0.0.1'];
  };

  const up = {
    ours: await timed(
      () => syncFolder(sftp, { direction: 'upload', localDir, remoteDir: remote('sync-big') }),
      () => rmSync(remote('sync-big'), { recursive: true, force: true }),
    ),
    fast: await timed(() => promisify((cb) => sftp.fastPut(local, remote('fastput.bin'), {}, cb))),
    scp: await timed(() => openssh('scp', [...opensshOptions(nb), '-P', String(nb.port), local, `${scpDest}${remote('scp.bin')}`])),
    sftp: await timed(() => openssh('sftp', sftpBatch(`put ${local} ${remote('sftp.bin')}`))),
  };
  if ((await sha256(local)) !== (await sha256(path.join(remote('sync-big'), 'big.bin')))) throw new Error('sync uploaded different bytes');
  for (const name of ['fastput.bin', 'scp.bin', 'sftp.bin']) rmSync(remote(name), { force: true });

  const back = path.join(tmp, 'back');
  const backFile = path.join(back, 'big.bin');
  const clear = (): void => rmSync(back, { recursive: true, force: true });
  const fresh = (): void => (clear(), void mkdirSync(back));
  const down = {
    ours: await timed(() => syncFolder(sftp, { direction: 'download', localDir: back, remoteDir: remote('sync-big') }), clear),
    fast: await timed(() => promisify((cb) => sftp.fastGet(path.join(remote('sync-big'), 'big.bin'), backFile, {}, cb)), fresh),
    scp: await timed(
      () =>
        openssh('scp', [...opensshOptions(nb), '-P', String(nb.port), `${scpDest}${path.join(remote('sync-big'), 'big.bin')}`, backFile]),
      fresh,
    ),
    sftp: await timed(() => openssh('sftp', sftpBatch(`get ${path.join(remote('sync-big'), 'big.bin')} ${backFile}`)), fresh),
  };
  clear();
  rmSync(remote('sync-big'), { recursive: true, force: true });
  rmSync(localDir, { recursive: true, force: true });

  table(
    `(a) one ${bigMb} MiB file`,
    ['upload', 'download'],
    [
      ['core/ssh/sync', mbps(up.ours), mbps(down.ours)],
      ['ssh2 fastPut/fastGet', mbps(up.fast), mbps(down.fast)],
      ['scp', mbps(up.scp), mbps(down.scp)],
      ['sftp put/get', mbps(up.sftp), mbps(down.sftp)],
    ],
    'core/ssh/sync',
    ['scp', 'sftp put/get'],
    'MB/s',
  );
}

/** `count` files of 1–4 KiB, 100 per folder; returns their total size. */
function makeSmallFiles(dir: string, count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const size = 1024 + Math.floor(Math.random() * 3 * 1024);
    bytes += size;
    const file = path.join(dir, `d${String(Math.floor(i / 100)).padStart(3, '0')}`, `f${i}.json`);
    if (i % 100 === 0) mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(size));
  }
  return bytes;
}

/** Uploads `count` small files with sync, `scp -r` and `sftp put -r` through `port`; median ms of each. */
async function smallUploads(nb: Notebook, sftp: SFTPWrapper, tmp: string, count: number, port: number, knownHosts: string) {
  const localDir = path.join(tmp, 'small');
  const bytes = makeSmallFiles(localDir, count);
  const remote = (name: string): string => path.join(nb.workDir, name);
  const reset = (name: string) => () => rmSync(remote(name), { recursive: true, force: true });
  const batch = path.join(tmp, 'batch-small');
  writeFileSync(batch, `put -r ${localDir} ${remote('small-sftp')}\n`);
  const ssh = [...opensshOptions(nb, knownHosts), '-P', String(port)];

  const ours = await timed(() => syncFolder(sftp, { direction: 'upload', localDir, remoteDir: remote('small-sync') }), reset('small-sync'));
  const again = await timed(async () => {
    const summary = await syncFolder(sftp, { direction: 'upload', localDir, remoteDir: remote('small-sync') });
    if (summary.transferred !== 0) throw new Error(`the second sync copied ${summary.transferred} files`);
  });
  const scp = await timed(() => openssh('scp', [...ssh, '-r', localDir, `ma-user@127.0.0.1:${remote('small-scp')}`]), reset('small-scp'));
  const sftpPut = await timed(() => openssh('sftp', [...ssh, '-b', batch, 'ma-user@127.0.0.1']), reset('small-sftp'));
  for (const name of ['small-sync', 'small-scp', 'small-sftp']) {
    const n = countFiles(remote(name));
    if (n !== count) throw new Error(`${name}: ${n} of ${count} files arrived`);
    rmSync(remote(name), { recursive: true, force: true });
  }
  rmSync(localDir, { recursive: true, force: true });
  return { bytes, ours, again, scp, sftpPut };
}

function smallTable(title: string, count: number, r: Awaited<ReturnType<typeof smallUploads>>): void {
  const filesPerS = (ms: number): number => count / (ms / 1000);
  const mbps = (ms: number): number => r.bytes / 1e6 / (ms / 1000);
  table(
    `${title}, ${count} files of 1–4 KiB (${(r.bytes / 1e6).toFixed(1)} MB, ${Math.ceil(count / 100)} folders), upload`,
    ['files/s', 'MB/s'],
    [
      ['core/ssh/sync', filesPerS(r.ours), mbps(r.ours)],
      ['scp -r', filesPerS(r.scp), mbps(r.scp)],
      ['sftp put -r', filesPerS(r.sftpPut), mbps(r.sftpPut)],
    ],
    'core/ssh/sync',
    ['scp -r', 'sftp put -r'],
    '',
  );
  console.log(`  core/ssh/sync again, nothing changed: ${filesPerS(r.again).toFixed(0)} files/s checked (${r.again.toFixed(0)} ms)`);
}

async function smallFiles(nb: Notebook, sftp: SFTPWrapper, tmp: string): Promise<void> {
  smallTable('(b) loopback', smallCount, await smallUploads(nb, sftp, tmp, smallCount, nb.port, nb.knownHostsPath));
}

/**
 * A TCP proxy that holds every chunk `oneWayMs` before passing it on, each way. Equal delays
 * keep chunks in order; no backpressure, which is fine for the small-file traffic it carries.
 */
async function startDelayProxy(targetPort: number, oneWayMs: number): Promise<{ port: number; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(targetPort, '127.0.0.1');
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      sockets.add(from);
      from.on('data', (d: Buffer) => setTimeout(() => to.write(d), oneWayMs));
      from.on('end', () => setTimeout(() => to.end(), oneWayMs));
      from.on('error', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

async function smallFilesOverLatency(nb: Notebook, tmp: string): Promise<void> {
  const proxy = await startDelayProxy(nb.port, latencyMs / 2);
  const knownHosts = path.join(tmp, 'known_hosts_proxy');
  writeFileSync(knownHosts, `[127.0.0.1]:${proxy.port} ${nb.hostPublicKey.trim().split(' ').slice(0, 2).join(' ')}\n`);
  const { client, sftp } = await openSftp(nb, proxy.port);
  try {
    smallTable(
      `(c) ${latencyMs} ms round trip added`,
      latencyCount,
      await smallUploads(nb, sftp, tmp, latencyCount, proxy.port, knownHosts),
    );
  } finally {
    client.end();
    proxy.close();
  }
}

/** Sends `bytes` through a local port and waits for the sink to confirm it got them all. */
function pushThrough(port: number, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const block = Buffer.alloc(1024 * 1024, 0x5a);
    let sent = 0;
    let reply = '';
    const header = Buffer.alloc(8);
    header.writeBigUInt64BE(BigInt(bytes));
    const pump = (): void => {
      while (sent < bytes) {
        const n = Math.min(block.length, bytes - sent);
        sent += n;
        if (!socket.write(n === block.length ? block : block.subarray(0, n))) return void socket.once('drain', pump);
      }
    };
    socket.once('connect', () => (socket.write(header), pump()));
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    socket.once('end', () =>
      Number(reply.trim()) === bytes ? resolve() : reject(new Error(`the sink got ${reply.trim() || 'nothing'} of ${bytes} bytes`)),
    );
    socket.once('error', reject);
  });
}

async function waitForPort(port: number, ssh: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ssh.exitCode !== null) throw new Error('ssh -L exited');
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ssh -L did not listen on ${port}`);
}

/** ssh2's forwardOut behind a plain listener: what core/ssh/portForward adds on top shows against it. */
async function bareForward(client: Client, sinkPort: number): Promise<{ port: number; close(): void }> {
  const server = net.createServer((socket) => {
    client.forwardOut('127.0.0.1', 0, '127.0.0.1', sinkPort, (err, channel) => {
      if (err) return socket.destroy();
      socket.pipe(channel).pipe(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

async function forwardThroughput(nb: Notebook, client: Client): Promise<void> {
  const bytes = forwardMb * 1024 * 1024;
  const bare = await bareForward(client, nb.sinkPort);
  const raw = await timed(() => pushThrough(bare.port, bytes));
  bare.close();
  const pinned = Buffer.from(nb.hostPublicKey.trim().split(' ')[1] ?? '', 'base64');
  const connection = new SshConnection({
    host: '127.0.0.1',
    port: nb.port,
    username: 'ma-user',
    privateKey: readFileSync(nb.keyPath, 'utf8'),
    verifyHostKey: (blob) => blob.equals(pinned),
    reconnect: false,
  });
  await connection.connect();
  const forward = await PortForward.open(connection, { remotePort: nb.sinkPort });
  const ours = await timed(() => pushThrough(forward.info.localPort, bytes));
  await forward.close();
  connection.dispose();

  const localPort = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
  const ssh = spawn(
    'ssh',
    [
      ...opensshOptions(nb),
      '-p',
      String(nb.port),
      '-N',
      '-o',
      'ExitOnForwardFailure=yes',
      '-L',
      `${localPort}:127.0.0.1:${nb.sinkPort}`,
      'ma-user@127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  try {
    await waitForPort(localPort, ssh);
    const theirs = await timed(() => pushThrough(localPort, bytes));
    const mbps = (ms: number): number => bytes / 1e6 / (ms / 1000);
    table(
      `(d) ${forwardMb} MiB through a local port forward to a sink in the notebook`,
      ['throughput'],
      [
        ['core/ssh/portForward', mbps(ours)],
        ['bare ssh2 forwardOut', mbps(raw)],
        ['ssh -L', mbps(theirs)],
      ],
      'core/ssh/portForward',
      ['ssh -L'],
      'MB/s',
    );
  } finally {
    ssh.kill();
  }
}

async function main(): Promise<void> {
  const { child, nb } = await startNotebookProcess();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ma-bench-ssh-'));
  const { client, sftp, cipher } = await openSftp(nb);
  try {
    console.log(
      `Notebook SSH server (ssh2, own process) on 127.0.0.1:${nb.port}; ssh2 client cipher ${cipher}, native crypto ${sshNativeCryptoLoaded() ? 'loaded' : 'not loaded (pure JS where it matters)'};`,
    );
    console.log(`OpenSSH cipher ${forceCipher ? CIPHER : 'default'}; ${runs} run(s) per figure (median); ${os.cpus().length} CPUs.`);
    await bigFile(nb, sftp, tmp);
    await smallFiles(nb, sftp, tmp);
    await smallFilesOverLatency(nb, tmp);
    await forwardThroughput(nb, client);
  } finally {
    client.end();
    child.stdin?.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) void serve();
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
