import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Server, utils } from 'ssh2';
import { abortError } from '../util/abort';
import { generateEd25519 } from './keys';

/** What an in-process SSH round trip proved about this runtime. */
export interface SshSelfTestResult {
  /** True when ssh2's optional native crypto binding loaded; false means the pure-JS path ran. */
  readonly nativeCrypto: boolean;
  /** The cipher the two ends agreed on, e.g. `chacha20-poly1305@openssh.com`. */
  readonly cipher: string;
  /** The key exchange the two ends agreed on. */
  readonly kex: string;
  /** Wall time of listen, handshake, public-key auth and close. */
  readonly elapsedMs: number;
}

/** Whether ssh2 found its optional native binding (it never does inside a packaged extension). */
export function sshNativeCryptoLoaded(): boolean {
  // Internal module, but the flag is the one ssh2 itself branches on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crypto = require('ssh2/lib/protocol/crypto.js') as { bindingAvailable?: boolean };
  return crypto.bindingAvailable === true;
}

/**
 * Runs an ssh2 server and client against each other on 127.0.0.1 with Ed25519 public-key auth.
 * It proves that the SSH stack works in this process (bundled, with native parts left out),
 * which is the first thing to check when "connect to notebook" fails on an unusual platform.
 */
export async function runSshSelfTest(signal?: AbortSignal): Promise<SshSelfTestResult> {
  const started = Date.now();
  const hostKey = generateEd25519();
  const clientKey = generateEd25519();
  const allowed = utils.parseKey(clientKey.public);
  if (allowed instanceof Error || Array.isArray(allowed)) throw new Error('Could not parse the self-test key.');
  const allowedBlob = allowed.getPublicSSH();

  const server = new Server({ hostKeys: [hostKey.private] }, (conn) => {
    conn.on('authentication', (ctx) => {
      const ok =
        ctx.method === 'publickey' &&
        ctx.key.data.length === allowedBlob.length &&
        timingSafeEqual(ctx.key.data, allowedBlob) &&
        (!ctx.signature || (ctx.blob !== undefined && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true));
      if (ok) ctx.accept();
      else ctx.reject(['publickey']);
    });
    conn.on('error', () => undefined);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const negotiated = await connectOnce(port, clientKey.private, signal);
    return { nativeCrypto: sshNativeCryptoLoaded(), ...negotiated, elapsedMs: Date.now() - started };
  } finally {
    server.close();
  }
}

function connectOnce(port: number, privateKey: string, signal?: AbortSignal): Promise<{ cipher: string; kex: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let negotiated = { cipher: '', kex: '' };
    const onAbort = () => {
      client.end();
      reject(abortError(signal?.reason));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (err?: Error) => {
      signal?.removeEventListener('abort', onAbort);
      client.end();
      if (err) reject(err);
      else resolve(negotiated);
    };
    client.on('handshake', (n) => {
      negotiated = { cipher: n.cs.cipher, kex: n.kex };
    });
    client.on('ready', () => finish());
    client.on('error', (err) => finish(err));
    client.connect({ host: '127.0.0.1', port, username: 'self-test', privateKey, readyTimeout: 10_000 });
  });
}
