import * as vscode from 'vscode';
import { userSshConfigPath } from '../../core/ssh/sshConfig';

/**
 * The ssh config file the managed Host blocks go into: `modelarts.ssh.configFile`, else the one
 * Remote-SSH reads (`remote.SSH.configFile`), else ~/.ssh/config. Using Remote-SSH's own file
 * means the host it is handed is always one it can resolve.
 */
export function sshConfigFile(): string {
  const own = vscode.workspace.getConfiguration('modelarts').get<string>('ssh.configFile', '').trim();
  if (own) return own;
  const remoteSsh = vscode.workspace.getConfiguration('remote.SSH').get<string>('configFile', '').trim();
  return remoteSsh || userSshConfigPath();
}

/** The folder a remote window opens: the notebook's work volume (cloud: /home/ma-user/work). */
export const defaultRemoteFolder = '/home/ma-user/work';
