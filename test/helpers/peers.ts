import { spawnSync } from 'node:child_process';
import { aptEnsure } from '../tools/ensureTools';

/**
 * The real peers tests talk to (OpenSSH's ssh/scp/sftp, s3cmd, script) come from Debian packages;
 * a fresh machine may not have them, so a test asks for the command and gets it installed.
 */
export function ensureCommand(command: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  aptEnsure(`/usr/bin/${command}`, [debianPackage]);
  return `/usr/bin/${command}`;
}
