import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { proxyAwareAgents } from '../api/proxyAgents';
import { proxySettingsFromEnv, type ProxySettings } from '../api/proxy';
import { StorageError } from './errors';

/** AK/SK (and an STS token for temporary credentials). Never logged, never put in messages. */
export interface StorageCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where and how to talk to an S3-compatible endpoint. Build it with obsConfig() or s3CompatibleConfig(). */
export interface StorageConfig {
  /** Service endpoint, e.g. `https://obs.cn-north-4.myhuaweicloud.com` (never the bucket domain). */
  endpoint: string;
  region: string;
  credentials: StorageCredentials;
  /** `virtual-host` puts the bucket in the host name (OBS requires it); `path` puts it in the path. */
  addressing: 'virtual-host' | 'path';
  /**
   * Sign requests with `x-amz-content-sha256: UNSIGNED-PAYLOAD` instead of the body's hash.
   * OBS's SigV4 accepts only UNSIGNED-PAYLOAD or streaming payloads; integrity of upload bodies
   * then rests on Content-MD5 (which the uploader always sends) and TLS.
   */
  unsignedPayload?: boolean;
  /**
   * Send `x-amz-checksum-sha256` with uploads so the server verifies (and stores) it. Off for
   * OBS, which documents Content-MD5 only; on for AWS-style endpoints and local mode.
   */
  sha256Checksums?: boolean;
  /** SDK attempts per request (default 3). */
  maxAttempts?: number;
  /** Proxies for non-loopback endpoints, as the API clients use them; default the environment's. */
  proxy?: ProxySettings;
}

/** Region ids are used in host names; anything but lower-case letters, digits and '-' is refused. */
function checkRegion(region: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(region)) {
    throw new StorageError(`'${region}' is not a valid region id (for example cn-north-4).`, 'InvalidConfig');
  }
}

/**
 * Huawei OBS through its S3-compatible API: `https://obs.{region}.myhuaweicloud.com`,
 * virtual-hosted buckets (OBS asks for the bucket in front of the domain), SigV4 with
 * UNSIGNED-PAYLOAD, and checksums only when an operation requires them (the SDK's default of
 * adding CRC32 to every upload is not understood by OBS).
 */
export function obsConfig(region: string, credentials: StorageCredentials): StorageConfig {
  checkRegion(region);
  return {
    endpoint: `https://obs.${region}.myhuaweicloud.com`,
    region,
    credentials,
    addressing: 'virtual-host',
    unsignedPayload: true,
    sha256Checksums: false,
  };
}

/**
 * Any S3-compatible endpoint (local mode's own, MinIO, AWS, …) with path-style addressing, which
 * works for IP and localhost endpoints where a bucket sub-domain cannot resolve.
 */
export function s3CompatibleConfig(endpoint: string, region: string, credentials: StorageCredentials): StorageConfig {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new StorageError(`'${endpoint}' is not a valid endpoint URL (for example http://127.0.0.1:9000).`, 'InvalidConfig');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StorageError(`The endpoint must be an http:// or https:// URL, not '${url.protocol}'.`, 'InvalidConfig');
  }
  return { endpoint: url.origin, region, credentials, addressing: 'path', unsignedPayload: false, sha256Checksums: true };
}

const MD5_REQUIRED = new Set(['DeleteObjectsCommand']);

/**
 * The S3Client for a config, with two compatibility middlewares:
 * - UNSIGNED-PAYLOAD when asked (OBS): the signer keeps an x-amz-content-sha256 that is already set.
 * - DeleteObjects carries Content-MD5. S3 requires an integrity header on it and recent SDKs send
 *   only x-amz-checksum-crc32, which older S3-compatible services (OBS among them) reject; when
 *   flexible checksums are off, that header is dropped.
 */
export function createS3Client(config: StorageConfig): S3Client {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    credentials: { ...config.credentials },
    forcePathStyle: config.addressing === 'path',
    maxAttempts: config.maxAttempts ?? 3,
    // The SDK's own agents know no proxy; these make the same decision as the API transport.
    // The handler destroys them with the client.
    requestHandler: proxyAwareAgents(config.proxy ?? proxySettingsFromEnv()),
    // The toolkit computes and checks SHA-256 itself; the SDK's automatic CRC32 on every upload
    // is both redundant and unsupported by OBS.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  type Middleware = Parameters<typeof client.middlewareStack.addRelativeTo>[0];
  type Args = { request: { headers?: Record<string, string>; body?: unknown } };
  // Declared with the few fields it touches; the SDK's own middleware union is not callable as such.
  const compat = (next: (args: Args) => Promise<unknown>, context: { commandName?: string }) => async (args: Args) => {
    const headers = args.request.headers;
    const body = args.request.body;
    if (headers) {
      if (config.unsignedPayload) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      if (MD5_REQUIRED.has(context.commandName ?? '') && (typeof body === 'string' || body instanceof Uint8Array)) {
        headers['content-md5'] = createHash('md5').update(body).digest('base64');
        if (!config.sha256Checksums) {
          for (const name of Object.keys(headers)) {
            const lower = name.toLowerCase();
            if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') delete headers[name];
          }
        }
      }
    }
    return next(args);
  };
  client.middlewareStack.addRelativeTo(compat as unknown as Middleware, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'modelartsStorageCompat',
    override: true,
  });
  return client;
}
