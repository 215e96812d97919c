import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Small JSON files that let an interrupted transfer continue (upload id and finished parts,
 * or the finished ranges of a download). Written atomically (temp, fsync, rename) so a crash
 * leaves either the previous state or the new one; a state that cannot be read is treated as
 * absent, which only costs re-sending data, never correctness, because everything resumed is
 * verified again against the server before it is trusted.
 */
export async function writeStateFile(file: string, value: unknown): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await fsp.open(temp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(value));
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fsp.rename(temp, file);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
}

export async function readStateFile<T>(file: string, isValid: (v: unknown) => v is T): Promise<T | undefined> {
  try {
    const value: unknown = JSON.parse(await fsp.readFile(file, 'utf8'));
    return isValid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Best effort: a state file left behind after success is harmless (its upload id no longer
 * exists, so the next transfer starts fresh), and must not turn a finished transfer into an error.
 */
export async function removeStateFile(file: string): Promise<void> {
  await fsp.rm(file, { force: true }).catch(() => undefined);
}

/**
 * Serialises writes of one state file: parts finish concurrently, and each completion must not
 * be overtaken by an older snapshot.
 */
export class StateWriter {
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly file: string) {}

  write(snapshot: () => unknown): Promise<void> {
    const run = this.chain.then(() => writeStateFile(this.file, snapshot()));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Waits for pending writes (their errors were already reported to the writers). */
  async settle(): Promise<void> {
    await this.chain;
  }
}
