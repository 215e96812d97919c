import { readFileSync } from 'node:fs';
import { type ParsedKey, utils } from 'ssh2';
import type { SshConnectionOptions } from '../../../../extension/core/ssh/connection';
import type { SshFixture } from '../../local/ssh/harness';

/** The SSH wire-format blob of a public key line. */
export function publicBlob(publicKeyLine: string): Buffer {
  return (utils.parseKey(publicKeyLine) as ParsedKey).getPublicSSH();
}

/** Options for a connection to the fixture's notebook, with its host key pinned and fast reconnects. */
export function connectionOptionsFor(fx: SshFixture, overrides: Partial<SshConnectionOptions> = {}): SshConnectionOptions {
  const pinned = publicBlob(fx.hostKey.public);
  return {
    host: '127.0.0.1',
    port: fx.server.port,
    username: 'ma-user',
    privateKey: readFileSync(fx.keyPath, 'utf8'),
    verifyHostKey: (blob) => blob.equals(pinned),
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
    ...overrides,
  };
}
