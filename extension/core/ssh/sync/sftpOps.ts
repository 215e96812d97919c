import type { FileEntryWithStats, InputAttributes, SFTPWrapper, Stats } from 'ssh2';

/**
 * Promise forms of the ssh2 SFTP client calls folder sync uses. Each first checks that the
 * channel is still open: ssh2 accepts a request on a closed channel and never answers it, which
 * would hang the sync instead of failing it.
 */
export class SftpOps {
  private posixRename: boolean | undefined;

  constructor(readonly sftp: SFTPWrapper) {}

  /** Largest WRITE payload ssh2 sends in one request (bigger writes are split and sent one after another). */
  get maxWrite(): number {
    return ssh2Limit(this.sftp, '_maxWriteLen');
  }

  /** Largest READ ssh2 asks for in one request. */
  get maxRead(): number {
    return ssh2Limit(this.sftp, '_maxReadLen');
  }

  open(path: string, flags: 'r' | 'w', attrs: InputAttributes = {}): Promise<Buffer> {
    return this.call<Buffer>((cb) => this.sftp.open(path, flags, attrs, cb));
  }
  close(handle: Buffer): Promise<void> {
    return this.call((cb) => this.sftp.close(handle, cb));
  }
  write(handle: Buffer, data: Buffer, position: number): Promise<void> {
    return this.call((cb) => this.sftp.write(handle, data, 0, data.length, position, cb));
  }
  /** Reads up to `length` bytes at `position` into `into`; 0 at end of file. */
  read(handle: Buffer, into: Buffer, length: number, position: number): Promise<number> {
    return this.call<number>((cb) => this.sftp.read(handle, into, 0, length, position, (err, n) => cb(err, n)));
  }
  fsetstat(handle: Buffer, attrs: InputAttributes): Promise<void> {
    return this.call((cb) => this.sftp.fsetstat(handle, attrs, cb));
  }
  stat(path: string): Promise<Stats> {
    return this.call<Stats>((cb) => this.sftp.stat(path, cb));
  }
  readdir(path: string): Promise<FileEntryWithStats[]> {
    return this.call<FileEntryWithStats[]>((cb) => this.sftp.readdir(path, cb));
  }
  readFile(path: string): Promise<Buffer> {
    return this.call<Buffer>((cb) => this.sftp.readFile(path, cb));
  }
  mkdir(path: string, mode: number): Promise<void> {
    return this.call((cb) => this.sftp.mkdir(path, { mode }, cb));
  }
  unlink(path: string): Promise<void> {
    return this.call((cb) => this.sftp.unlink(path, cb));
  }
  rmdir(path: string): Promise<void> {
    return this.call((cb) => this.sftp.rmdir(path, cb));
  }

  /**
   * Moves `from` over `to`. SFTP v3 RENAME refuses an existing target, so where the server offers
   * OpenSSH's posix-rename (an atomic replace) that is used; elsewhere the old file is removed
   * first, which leaves a moment with no file at `to` but never a half-written one.
   */
  async replace(from: string, to: string, targetExists: boolean): Promise<void> {
    if (this.posixRename !== false) {
      try {
        await this.call((cb) => this.sftp.ext_openssh_rename(from, to, cb));
        this.posixRename = true;
        return;
      } catch (err) {
        // ssh2 throws synchronously (no status code) when the server did not advertise it.
        if (this.posixRename === true || typeof (err as { code?: unknown }).code === 'number') throw err;
        this.posixRename = false;
      }
    }
    if (targetExists) await this.unlink(to).catch(ignoreMissing);
    try {
      await this.call((cb) => this.sftp.rename(from, to, cb));
    } catch (err) {
      if (targetExists) throw err;
      // The target appeared since the scan: replace it after all.
      await this.unlink(to).catch(ignoreMissing);
      await this.call((cb) => this.sftp.rename(from, to, cb));
    }
  }

  private call<T = void>(start: (cb: (err: Error | undefined | null, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const state = (this.sftp as unknown as { outgoing?: { state?: string } }).outgoing?.state;
      if (state !== undefined && state !== 'open') return reject(new Error('The SFTP session to the notebook is closed.'));
      try {
        start((err, value) => (err ? reject(err) : resolve(value as T)));
      } catch (err) {
        reject(err);
      }
    });
  }
}

/** ssh2 keeps its negotiated request limits in private fields; a safe floor if they ever move. */
function ssh2Limit(sftp: SFTPWrapper, field: '_maxWriteLen' | '_maxReadLen'): number {
  const value = (sftp as unknown as Record<string, unknown>)[field];
  return typeof value === 'number' && value > 0 ? value : 30 * 1024;
}

const NO_SUCH_FILE = 2;
function ignoreMissing(err: unknown): void {
  if ((err as { code?: unknown }).code !== NO_SUCH_FILE) throw err;
}
