import { isAbortError } from '../util/abort';
import { messages as t } from '../util/translate';

/**
 * Every failure the storage client reports is a StorageError (or an AbortError when the caller
 * cancelled). The message says what went wrong *and what to do*, because it is shown as-is in
 * notifications and the CLI, in the process's language (`messages`). Messages never contain credentials: the SDK's own error objects
 * are not attached as `cause`, since some carry the signed canonical request.
 */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';
  constructor(
    message: string,
    /** S3 error code (`NoSuchBucket`, `AccessDenied`, …) or one of ours (`InvalidObsUrl`, `NetworkError`, `IntegrityError`, …). */
    readonly code: string,
    /** HTTP status, when a server answered. */
    readonly status?: number,
    /** `x-amz-request-id` of the failing request, for support tickets. */
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** A transfer whose bytes do not hash to the SHA-256 recorded for the object. The corrupted file is never kept. */
export class IntegrityError extends StorageError {
  override readonly name = 'IntegrityError';
  constructor(
    readonly target: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(
      t(
        'Integrity check failed for {0}: expected SHA-256 {1}, got {2}. The downloaded copy was discarded. Retry the download; if it fails again the stored object is damaged and should be uploaded again.',
        target,
        expectedSha256,
        actualSha256,
      ),
      'IntegrityError',
    );
  }
}

/** What the failing call was doing, to make the message concrete. */
export interface ErrorContext {
  operation: string;
  /** `obs://bucket/key` or `obs://bucket`, when there is one. */
  target?: string;
  bucket?: string;
  endpoint: string;
  /** Strings that must never appear in a message (secret key, session token). */
  secrets: readonly string[];
}

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** What a Node network error code means, in words (functions, so each is translated when used). */
const NETWORK_CODES: Record<string, () => string> = {
  ECONNREFUSED: () => t('the connection was refused'),
  ENOTFOUND: () => t('the host name could not be resolved'),
  EAI_AGAIN: () => t('the host name could not be resolved (DNS lookup failed)'),
  ECONNRESET: () => t('the connection was reset'),
  EPIPE: () => t('the connection was closed by the server'),
  ETIMEDOUT: () => t('the connection timed out'),
  EHOSTUNREACH: () => t('the host is unreachable'),
  ENETUNREACH: () => t('the network is unreachable'),
  CERT_HAS_EXPIRED: () => t('its TLS certificate has expired'),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: () => t('its TLS certificate could not be verified'),
  DEPTH_ZERO_SELF_SIGNED_CERT: () => t('it presented a self-signed TLS certificate'),
};

/** Replaces any secret that might have slipped into a server or SDK message. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

function advice(code: string, status: number | undefined, ctx: ErrorContext, serverMessage: string): string {
  const what = ctx.target ?? ctx.bucket ?? ctx.endpoint;
  switch (code) {
    case 'NoSuchBucket':
      return t(
        'Bucket {0} does not exist. Check the bucket name and that the profile’s region matches the bucket’s region.',
        ctx.bucket ?? what,
      );
    case 'NoSuchKey':
    case 'NotFound':
      return t('{0} does not exist.', what);
    case 'NoSuchUpload':
      return t('The multipart upload for {0} no longer exists (it was completed or aborted). Start the upload again.', what);
    case 'AccessDenied':
    case 'Forbidden':
    case 'AllAccessDisabled':
      return t(
        'Access to {0} was denied. Check that the access key (AK/SK) is correct and has permission for this bucket (IAM policy or bucket policy).',
        what,
      );
    case 'InvalidAccessKeyId':
      return t(
        'The access key ID was not recognised by {0}. Check the AK in your profile, and that it belongs to this cloud and region.',
        ctx.endpoint,
      );
    case 'SignatureDoesNotMatch':
      return t(
        'The request signature was rejected by {0}. Check the secret key (SK) in your profile and that this computer’s clock is correct.',
        ctx.endpoint,
      );
    case 'RequestTimeTooSkewed':
      return t(
        'This computer’s clock differs from the storage server’s by more than 15 minutes. Fix the system clock (enable time synchronisation) and retry.',
      );
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return t('The temporary security token has expired. Refresh the credentials and retry.');
    case 'BucketNotEmpty':
      return t('Bucket {0} is not empty. Delete its objects first.', ctx.bucket ?? what);
    case 'BucketAlreadyExists':
      return t('Bucket name {0} is already taken by another account. Choose another name.', ctx.bucket ?? what);
    case 'BucketAlreadyOwnedByYou':
      return t('You already own bucket {0}.', ctx.bucket ?? what);
    case 'InvalidBucketName':
      return t('{0} is not a valid bucket name (3-63 lower-case letters, digits, “-” and “.”).', ctx.bucket ?? what);
    case 'PreconditionFailed':
      return t('{0} changed on the server during the transfer. Start the transfer again.', what);
    case 'EntityTooLarge':
      return t('The object is too large for one request to {0}.', ctx.endpoint) + (serverMessage ? ` (${serverMessage})` : '');
    case 'SlowDown':
    case 'ServiceUnavailable':
    case 'InternalError':
      return t('The storage service is busy or failed ({0}). Retry in a moment.', code);
    default:
      return t(
        '{0} {1} failed: {2}.',
        ctx.operation,
        what,
        `${code}${status ? ` (HTTP ${status})` : ''}${serverMessage ? `: ${serverMessage}` : ''}`,
      );
  }
}

/** HEAD responses have no body, so the SDK only knows the status; give them their S3 code. */
function codeFromStatus(name: string, status: number | undefined, ctx: ErrorContext): string {
  if (name && name !== 'Unknown' && !/^\d+$/.test(name) && name !== 'UnknownError') {
    if (name === 'NotFound') return ctx.target && ctx.target !== `obs://${ctx.bucket}` ? 'NoSuchKey' : 'NoSuchBucket';
    if (name === 'Forbidden') return 'AccessDenied';
    return name;
  }
  if (status === 404) return ctx.target && ctx.target !== `obs://${ctx.bucket}` ? 'NoSuchKey' : 'NoSuchBucket';
  if (status === 403) return 'AccessDenied';
  if (status === 412) return 'PreconditionFailed';
  return status ? `Http${status}` : 'UnknownError';
}

/**
 * Turns whatever the SDK or Node threw into a StorageError with an actionable message.
 * AbortErrors and errors that are already StorageErrors are returned unchanged.
 */
export function toStorageError(err: unknown, ctx: ErrorContext): Error {
  if (err instanceof StorageError || isAbortError(err)) return err as Error;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkLikeError;
  const status = e.$metadata?.httpStatusCode;
  const requestId = e.$metadata?.requestId;
  const nodeCode = e.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (status === undefined && nodeCode && NETWORK_CODES[nodeCode]) {
    return new StorageError(
      t(
        'Cannot reach the storage endpoint {0}: {1}. Check the endpoint, your network or proxy, and (in local mode) that the local platform is running.',
        ctx.endpoint,
        NETWORK_CODES[nodeCode](),
      ),
      'NetworkError',
    );
  }
  if (e.name === 'TimeoutError' || nodeCode === 'ETIMEDOUT') {
    return new StorageError(
      t('The storage endpoint {0} did not answer in time. Check your network and retry.', ctx.endpoint),
      'NetworkError',
    );
  }
  const code = codeFromStatus(e.name ?? e.Code ?? '', status, ctx);
  const serverMessage = redact(e.message ?? '', ctx.secrets)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  const unknownMessage = code === 'UnknownError' || (status === undefined && !e.$metadata);
  if (unknownMessage) {
    return new StorageError(
      redact(t('{0} {1} failed: {2}', ctx.operation, ctx.target ?? ctx.endpoint, serverMessage || t('unknown error')), ctx.secrets),
      nodeCode ?? 'UnknownError',
    );
  }
  const suffix = requestId ? ` (${t('request {0}', requestId)})` : '';
  return new StorageError(redact(advice(code, status, ctx, serverMessage) + suffix, ctx.secrets), code, status, requestId);
}
