import { type Stats as FsStats, promises as fsp, constants as fsc, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Attributes, type FileEntry, type SFTPWrapper, utils } from 'ssh2';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;

/**
 * The `sftp` subsystem over ssh2's SFTP v3 server API, on real filesystem paths (the notebook
 * "container" is this machine, so this behaves like OpenSSH's sftp-server without chroot).
 * Relative paths, and "." itself, resolve against the notebook's work dir, which is therefore
 * where `sftp` and `scp` start. No extensions are advertised (ssh2's server sends none), so
 * OpenSSH clients fall back to the v3 core requests handled here.
 */
export function serveSftp(sftp: SFTPWrapper, workDir: string): void {
  const handles = new Map<number, OpenHandle>();
  let nextHandle = 1;
  const abs = (p: string): string => path.resolve(workDir, p || '.');

  const newHandle = (h: OpenHandle): Buffer => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  };
  const idOf = (buf: Buffer): number => (buf.length === 4 ? buf.readUInt32BE() : 0);
  const lookup = (id: number): OpenHandle | undefined => handles.get(id);
  // Requests run one at a time, in arrival order, like OpenSSH's sftp-server. Not just for
  // simplicity: OpenSSH's client assumes in-order WRITE acks when it computes how much of an
  // upload landed, and sends a final FSETSTAT size from that; acks out of order (concurrent
  // writes) made it truncate uploads. A thrown fs error becomes the matching SFTP status.
  // Request arguments that are Buffers (handles, WRITE data) are views into ssh2's packet
  // buffer, so every handler copies or reads them before its work is queued.
  let queue: Promise<void> = Promise.resolve();
  const handle = (reqId: number, work: () => Promise<void>): void => {
    queue = queue.then(work).catch((err: NodeJS.ErrnoException) => sftp.status(reqId, statusOf(err), err.code ?? 'Failure'));
  };

  sftp.on('REALPATH', (reqId, p) =>
    handle(reqId, async () => {
      const resolved = await realpathLenient(abs(p));
      sftp.name(reqId, [{ filename: resolved, longname: resolved, attrs: {} as Attributes }]);
    }),
  );
  sftp.on('STAT', (reqId, p) => handle(reqId, async () => sftp.attrs(reqId, toAttrs(await fsp.stat(abs(p))))));
  sftp.on('LSTAT', (reqId, p) => handle(reqId, async () => sftp.attrs(reqId, toAttrs(await fsp.lstat(abs(p))))));
  sftp.on('FSTAT', (reqId, handleBuf) => {
    const h = idOf(handleBuf);
    handle(reqId, async () => {
      const open = lookup(h);
      if (!open) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Bad handle');
      sftp.attrs(reqId, toAttrs(open.kind === 'file' ? await open.file.stat() : await fsp.stat(open.path)));
    });
  });

  sftp.on('OPEN', (reqId, filename, flags, attrs) =>
    handle(reqId, async () => {
      const mode = typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : 0o666;
      const file = await fsp.open(abs(filename), toOpenFlags(flags), mode);
      sftp.handle(reqId, newHandle({ kind: 'file', file }));
    }),
  );
  sftp.on('READ', (reqId, handleBuf, offset, length) => {
    const h = idOf(handleBuf);
    handle(reqId, async () => {
      const open = lookup(h);
      if (open?.kind !== 'file') return sftp.status(reqId, STATUS_CODE.FAILURE, 'Bad handle');
      // Clients cope with short reads; the cap keeps one reply inside one SFTP packet.
      const buffer = Buffer.alloc(Math.min(length, MAX_READ));
      const { bytesRead } = await open.file.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      sftp.data(reqId, buffer.subarray(0, bytesRead));
    });
  });
  sftp.on('WRITE', (reqId, handleBuf, offset, incoming) => {
    const h = idOf(handleBuf);
    const data = Buffer.from(incoming);
    handle(reqId, async () => {
      const open = lookup(h);
      if (open?.kind !== 'file') return sftp.status(reqId, STATUS_CODE.FAILURE, 'Bad handle');
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await open.file.write(data, written, data.length - written, offset + written);
        written += bytesWritten;
      }
      sftp.status(reqId, STATUS_CODE.OK);
    });
  });
  sftp.on('FSETSTAT', (reqId, handleBuf, attrs) => {
    const h = idOf(handleBuf);
    handle(reqId, async () => {
      const open = lookup(h);
      if (!open) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Bad handle');
      if (open.kind === 'file')
        await applyAttrs(attrs, {
          chmod: (m) => open.file.chmod(m),
          utimes: (a, m) => open.file.utimes(a, m),
          truncate: (n) => open.file.truncate(n),
          chown: (u, g) => open.file.chown(u, g),
        });
      else await applyPathAttrs(open.path, attrs);
      sftp.status(reqId, STATUS_CODE.OK);
    });
  });
  sftp.on('SETSTAT', (reqId, p, attrs) =>
    handle(reqId, async () => {
      await applyPathAttrs(abs(p), attrs);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('CLOSE', (reqId, handleBuf) => {
    const h = idOf(handleBuf);
    handle(reqId, async () => {
      const open = lookup(h);
      if (!open) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Bad handle');
      handles.delete(h);
      if (open.kind === 'file') await open.file.close();
      sftp.status(reqId, STATUS_CODE.OK);
    });
  });

  sftp.on('OPENDIR', (reqId, p) =>
    handle(reqId, async () => {
      const dir = abs(p);
      const st = await fsp.stat(dir);
      if (!st.isDirectory()) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Not a directory');
      await fsp.access(dir, fsc.R_OK | fsc.X_OK);
      sftp.handle(reqId, newHandle({ kind: 'dir', path: dir, pending: undefined }));
    }),
  );
  sftp.on('READDIR', (reqId, handleBuf) => {
    const h = idOf(handleBuf);
    handle(reqId, async () => {
      const open = lookup(h);
      if (open?.kind !== 'dir') return sftp.status(reqId, STATUS_CODE.FAILURE, 'Bad handle');
      // Listed once, then handed out in batches that keep each NAME reply well under a packet.
      open.pending ??= ['.', '..', ...(await fsp.readdir(open.path))];
      if (open.pending.length === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      const batch = open.pending.splice(0, READDIR_BATCH);
      const entries: FileEntry[] = [];
      for (const name of batch) {
        try {
          const st = await fsp.lstat(path.join(open.path, name));
          entries.push({ filename: name, longname: longName(name, st), attrs: toAttrs(st) });
        } catch {
          // Removed between readdir and lstat: leave it out, as ls would.
        }
      }
      if (entries.length === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      sftp.name(reqId, entries);
    });
  });

  sftp.on('MKDIR', (reqId, p, attrs) =>
    handle(reqId, async () => {
      await fsp.mkdir(abs(p), typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : 0o777);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('RMDIR', (reqId, p) => handle(reqId, async () => (await fsp.rmdir(abs(p)), sftp.status(reqId, STATUS_CODE.OK))));
  sftp.on('REMOVE', (reqId, p) => handle(reqId, async () => (await fsp.unlink(abs(p)), sftp.status(reqId, STATUS_CODE.OK))));
  sftp.on('RENAME', (reqId, from, to) =>
    handle(reqId, async () => {
      // SFTP v3 RENAME must not replace an existing target (OpenSSH's server refuses too);
      // overwriting renames are the posix-rename extension, which is not offered.
      const target = abs(to);
      const exists = await fsp.lstat(target).then(
        () => true,
        () => false,
      );
      if (exists) return sftp.status(reqId, STATUS_CODE.FAILURE, 'Target exists');
      await fsp.rename(abs(from), target);
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('READLINK', (reqId, p) =>
    handle(reqId, async () => {
      const target = await fsp.readlink(abs(p));
      sftp.name(reqId, [{ filename: target, longname: target, attrs: {} as Attributes }]);
    }),
  );
  // ssh2 already undoes OpenSSH's swapped SYMLINK arguments; whatever @types/ssh2 calls them,
  // the event carries (link path, target) in that order for every client.
  sftp.on('SYMLINK', (reqId, linkPath, targetPath) =>
    handle(reqId, async () => {
      // The target is stored as given (relative links stay relative), the link path is resolved.
      await fsp.symlink(targetPath, abs(linkPath));
      sftp.status(reqId, STATUS_CODE.OK);
    }),
  );
  sftp.on('EXTENDED', (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));

  const closeAll = (): void => {
    for (const open of handles.values()) if (open.kind === 'file') void open.file.close().catch(() => undefined);
    handles.clear();
  };
  sftp.on('close', closeAll);
  sftp.on('end', () => {
    closeAll();
    finishChannel(sftp);
  });
  sftp.on('error', () => undefined);
}

/**
 * The client sent EOF (its session is over): answer as sshd does when sftp-server exits, with
 * exit-status 0 and a close. OpenSSH's sftp and scp exit 1 without that status, so a successful
 * transfer would look failed. ssh2's SFTPWrapper exposes no exit(), hence its channel internals.
 */
function finishChannel(sftp: SFTPWrapper): void {
  const channel = sftp as unknown as {
    outgoing?: { id: number; state: string };
    _protocol?: { exitStatus(id: number, code: number): void };
  };
  if (channel.outgoing?.state === 'open') channel._protocol?.exitStatus(channel.outgoing.id, 0);
  sftp.end();
}

type OpenHandle = { kind: 'file'; file: fsp.FileHandle } | { kind: 'dir'; path: string; pending: string[] | undefined };

const MAX_READ = 128 * 1024;
const READDIR_BATCH = 100;

function toOpenFlags(flags: number): number {
  const read = (flags & OPEN_MODE.READ) !== 0;
  const write = (flags & OPEN_MODE.WRITE) !== 0;
  let out = read && write ? fsc.O_RDWR : write ? fsc.O_WRONLY : fsc.O_RDONLY;
  if (flags & OPEN_MODE.APPEND) out |= fsc.O_APPEND;
  if (flags & OPEN_MODE.CREAT) out |= fsc.O_CREAT;
  if (flags & OPEN_MODE.TRUNC) out |= fsc.O_TRUNC;
  if (flags & OPEN_MODE.EXCL) out |= fsc.O_EXCL;
  return out;
}

function statusOf(err: NodeJS.ErrnoException): number {
  switch (err.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return STATUS_CODE.NO_SUCH_FILE;
    case 'EACCES':
    case 'EPERM':
      return STATUS_CODE.PERMISSION_DENIED;
    default:
      return STATUS_CODE.FAILURE;
  }
}

function toAttrs(st: FsStats): Attributes {
  return {
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

interface AttrTarget {
  chmod(mode: number): Promise<void>;
  utimes(atime: number, mtime: number): Promise<void>;
  truncate(size: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
}

/** Applies only the attributes the client sent (ssh2 leaves absent ones undefined). */
async function applyAttrs(attrs: Partial<Attributes>, target: AttrTarget): Promise<void> {
  if (typeof attrs.size === 'number') await target.truncate(attrs.size);
  if (typeof attrs.uid === 'number' && typeof attrs.gid === 'number') await target.chown(attrs.uid, attrs.gid);
  if (typeof attrs.mode === 'number') await target.chmod(attrs.mode & 0o7777);
  if (typeof attrs.atime === 'number' && typeof attrs.mtime === 'number') await target.utimes(attrs.atime, attrs.mtime);
}

function applyPathAttrs(p: string, attrs: Partial<Attributes>): Promise<void> {
  return applyAttrs(attrs, {
    chmod: (m) => fsp.chmod(p, m),
    utimes: (a, m) => fsp.utimes(p, a, m),
    truncate: (n) => fsp.truncate(p, n),
    chown: (u, g) => fsp.chown(p, u, g),
  });
}

/**
 * realpath(3) like OpenSSH's sftp-server: the last component may be missing (clients ask for the
 * canonical name of a file they are about to create), anything earlier must exist.
 */
async function realpathLenient(p: string): Promise<string> {
  try {
    return await fsp.realpath(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return path.join(await fsp.realpath(path.dirname(p)), path.basename(p));
  }
}

/** An `ls -l` line, the format OpenSSH's sftp client prints for `ls -l`. */
function longName(name: string, st: FsStats): string {
  const user = (names('/etc/passwd').get(st.uid) ?? String(st.uid)).slice(0, 8);
  const group = (names('/etc/group').get(st.gid) ?? String(st.gid)).slice(0, 8);
  const date = new Date(st.mtimeMs);
  const month = date.toLocaleString('en-US', { month: 'short' });
  const recent = Math.abs(Date.now() - st.mtimeMs) < 182 * 24 * 3600 * 1000;
  const when = recent
    ? `${month} ${String(date.getDate()).padStart(2)} ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`
    : `${month} ${String(date.getDate()).padStart(2)}  ${date.getFullYear()}`;
  return `${modeString(st.mode)} ${String(st.nlink).padStart(3)} ${user.padEnd(8)} ${group.padEnd(8)} ${String(st.size).padStart(8)} ${when} ${name}`;
}

function modeString(mode: number): string {
  const type =
    (mode & fsc.S_IFMT) === fsc.S_IFDIR
      ? 'd'
      : (mode & fsc.S_IFMT) === fsc.S_IFLNK
        ? 'l'
        : (mode & fsc.S_IFMT) === fsc.S_IFREG
          ? '-'
          : (mode & fsc.S_IFMT) === fsc.S_IFIFO
            ? 'p'
            : (mode & fsc.S_IFMT) === fsc.S_IFSOCK
              ? 's'
              : (mode & fsc.S_IFMT) === fsc.S_IFCHR
                ? 'c'
                : (mode & fsc.S_IFMT) === fsc.S_IFBLK
                  ? 'b'
                  : '?';
  const bits = 'rwxrwxrwx';
  let out = type;
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? bits[i] : '-';
  return out;
}

// uid/gid → name from /etc/passwd and /etc/group, read once (os.userInfo only knows ourselves).
const nameCache = new Map<string, Map<number, string>>();
function names(file: string): Map<number, string> {
  let map = nameCache.get(file);
  if (!map) {
    map = new Map();
    try {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const [name, , id] = line.split(':');
        if (name && id !== undefined && /^\d+$/.test(id)) map.set(Number(id), name);
      }
    } catch {
      // No such file (not Linux): numeric ids.
    }
    nameCache.set(file, map);
  }
  return map;
}
