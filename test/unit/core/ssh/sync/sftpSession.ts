import { readFileSync } from 'node:fs';
import { Client, type SFTPWrapper } from 'ssh2';
import type { SshFixture } from '../../../local/ssh/harness';

export interface SftpSession {
  client: Client;
  sftp: SFTPWrapper;
  close(): void;
}

/** An ssh2 client with one SFTP channel to the fixture's notebook SSH server. */
export function openSftp(fx: SshFixture): Promise<SftpSession> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('error', reject);
    client.once('ready', () => {
      client.sftp((err, sftp) => {
        if (err) return reject(err);
        resolve({ client, sftp, close: () => client.end() });
      });
    });
    client.connect({
      host: '127.0.0.1',
      port: fx.server.port,
      username: 'ma-user',
      privateKey: readFileSync(fx.keyPath),
      readyTimeout: 20_000,
    });
  });
}
