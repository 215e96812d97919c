import { execFile } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What is wrong with a private key file, if anything; OpenSSH refuses keys others can read. */
export type KeyFileCheck =
  { readonly ok: true } | { readonly ok: false; readonly problem: 'missing' | 'not-a-file' | 'too-open'; readonly detail: string };

/**
 * Checks a private key file the way OpenSSH does on POSIX: it must be a file that no group or
 * other user can read or write (0600 or stricter). On Windows, OpenSSH checks the ACL instead;
 * there the check is left to {@link fixKeyFilePermissions}, which resets the ACL.
 */
export function checkKeyFile(file: string): KeyFileCheck {
  let mode: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, problem: 'not-a-file', detail: `${file} is not a file` };
    mode = stat.mode;
  } catch {
    return { ok: false, problem: 'missing', detail: `${file} does not exist` };
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return {
      ok: false,
      problem: 'too-open',
      detail: `${file} has permissions ${(mode & 0o777).toString(8).padStart(4, '0')}; OpenSSH ignores private keys that others can read (it needs 0600)`,
    };
  }
  return { ok: true };
}

/**
 * Makes a key file readable by its owner only: chmod 600 on POSIX; on Windows an ACL with
 * inheritance removed and full control for the current user alone (what OpenSSH for Windows
 * requires), through the system's icacls.
 */
export async function fixKeyFilePermissions(file: string): Promise<void> {
  if (process.platform !== 'win32') {
    chmodSync(file, 0o600);
    return;
  }
  const user = process.env.USERNAME ?? os.userInfo().username;
  await run('icacls', [file, '/inheritance:r', '/grant:r', `${user}:F`], { windowsHide: true });
}
