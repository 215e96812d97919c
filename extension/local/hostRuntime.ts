import { execFile } from 'node:child_process';
import os from 'node:os';
import type { LocalRuntime } from '../core/api/resources/imageTypes';

/**
 * What a local notebook really runs: this machine's `python3` (the one on the PATH its shells
 * get), as the daemon's own user, on this machine's network, with no sandbox. Asked once when the
 * daemon starts; a machine without python3 says so (`python` empty) rather than failing.
 */
export async function probeHostRuntime(pathEnv = process.env.PATH ?? ''): Promise<LocalRuntime> {
  return { python: await pythonVersion(pathEnv), user: userName(), network: 'host', sandbox: 'none' };
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the uid is still the truth.
    return String(process.getuid?.() ?? 'unknown');
  }
}

/** `Python 3.11.2`; Python 2 printed its version to stderr, so both are read. Empty when not found. */
function pythonVersion(pathEnv: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('python3', ['--version'], { env: { PATH: pathEnv }, timeout: 10_000 }, (err, stdout, stderr) => {
      const text = `${stdout}${stderr}`.trim();
      resolve(err || !/^Python \d/.test(text) ? '' : (text.split('\n')[0] ?? ''));
    });
  });
}
