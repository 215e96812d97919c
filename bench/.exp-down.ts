import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, type SFTPWrapper } from 'ssh2';
import { syncFolder } from '../extension/core/ssh/sync';
async function main() {
  const child = spawn(process.execPath, [...process.execArgv, 'bench/ssh.ts', '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const nb = await new Promise<any>((r) => { let o = ''; child.stdout!.on('data', (d) => { o += d; if (o.includes('\n')) r(JSON.parse(o.split('\n')[0]!)); }); });
  const { sftp } = await new Promise<{ sftp: SFTPWrapper }>((resolve, reject) => {
    const c = new Client();
    c.once('ready', () => c.sftp((e, s) => (e ? reject(e) : resolve({ sftp: s }))));
    c.connect({ host: '127.0.0.1', port: nb.port, username: 'ma-user', privateKey: readFileSync(nb.keyPath) });
  });
  const size = 128 * 1024 * 1024;
  mkdirSync(path.join(nb.workDir, 'src'), { recursive: true });
  writeFileSync(path.join(nb.workDir, 'src', 'big.bin'), randomBytes(size));
  for (let rep = 0; rep < 3; rep++) for (const window of [32, 64, 128, 256]) {
    const t1 = performance.now();
    await syncFolder(sftp, { direction: 'download', localDir: `/tmp/exp/d${window}`, remoteDir: path.join(nb.workDir, 'src'), requestsPerFile: window });
    const t2 = performance.now();
    console.log(`window ${window}: down ${(size / 1e6 / ((t2 - t1) / 1000)).toFixed(1)} MB/s`);
    rmSync(`/tmp/exp/d${window}`, { recursive: true });
  }
  child.stdin!.end();
  process.exit(0);
}
main();
