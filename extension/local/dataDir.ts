import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../core/util/atomicFile';

/** The daemon's own AK/SK and project id, made on first start and kept 0600 in the data dir. */
export interface LocalCredentials {
  readonly ak: string;
  readonly sk: string;
  readonly project_id: string;
}

/** What a running daemon publishes for clients to find it (0600 file in the 0700 data dir). */
export interface Discovery {
  readonly endpoint: string;
  readonly s3_endpoint: string;
  readonly project_id: string;
  readonly ak: string;
  readonly sk: string;
  readonly pid: number;
  readonly data_dir: string;
}

/** `--data`, else `MODELARTS_LOCAL_HOME`, else `~/.modelarts-local`. */
export function resolveDataDir(explicit?: string): string {
  const chosen = explicit || process.env.MODELARTS_LOCAL_HOME || path.join(os.homedir(), '.modelarts-local');
  return path.resolve(chosen);
}

/** Paths inside a data dir, in one place. */
export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    credentials: path.join(dataDir, 'credentials.json'),
    discovery: path.join(dataDir, 'daemon.json'),
    log: path.join(dataDir, 'daemon.log'),
    state: path.join(dataDir, 'state'),
    storage: path.join(dataDir, 'storage'),
    notebooks: path.join(dataDir, 'notebooks'),
    jobs: path.join(dataDir, 'jobs'),
  };
}

/** Creates the data dir 0700 (tightening an existing one) so other users cannot read secrets. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/** The data dir's credentials, generated on first use. The project id is fixed per data dir. */
export function loadOrCreateCredentials(dataDir: string): LocalCredentials {
  const file = dataPaths(dataDir).credentials;
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as LocalCredentials;
    if (parsed.ak && parsed.sk && parsed.project_id) return parsed;
  }
  const credentials: LocalCredentials = {
    // Shaped like Huawei Cloud's: a 20-character upper-case AK, a 40-character SK, a 32-hex project id.
    ak: randomBytes(15)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'X')
      .toUpperCase()
      .slice(0, 20),
    sk: randomBytes(30)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'x')
      .slice(0, 40),
    project_id: randomBytes(16).toString('hex'),
  };
  writeFileAtomic(file, JSON.stringify(credentials, null, 2), 0o600);
  return credentials;
}

export function writeDiscovery(dataDir: string, discovery: Discovery): void {
  writeFileAtomic(dataPaths(dataDir).discovery, `${JSON.stringify(discovery)}\n`, 0o600);
}

export function readDiscovery(dataDir: string): Discovery | undefined {
  try {
    return JSON.parse(readFileSync(dataPaths(dataDir).discovery, 'utf8')) as Discovery;
  } catch {
    return undefined;
  }
}

export function removeDiscovery(dataDir: string, pid: number): void {
  const current = readDiscovery(dataDir);
  if (current?.pid === pid) rmSync(dataPaths(dataDir).discovery, { force: true });
}
