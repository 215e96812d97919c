/**
 * S3 error codes and their HTTP statuses. Every failure the endpoint reports goes through
 * S3Error so that clients always get the S3 XML error body they know how to parse (the AWS SDK
 * and s3cmd both key their behaviour off <Code>), never an HTML page or a stack trace.
 */
const statusByCode: Record<string, number> = {
  AccessDenied: 403,
  BadDigest: 400,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  InvalidURI: 400,
  KeyTooLongError: 400,
  MalformedXML: 400,
  MetadataTooLarge: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NotImplemented: 501,
  PreconditionFailed: 412,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
};

export class S3Error extends Error {
  readonly status: number;
  /** Extra response headers (e.g. Content-Range on 416). */
  readonly headers: Record<string, string>;
  /** Extra elements for the XML body, e.g. the CanonicalRequest S3 reports on SignatureDoesNotMatch. */
  readonly details: Record<string, string>;
  constructor(
    readonly code: string,
    message: string,
    headers: Record<string, string> = {},
    details: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusByCode[code] ?? 400;
    this.headers = headers;
    this.details = details;
  }
}

export const notImplemented = (what: string): S3Error =>
  new S3Error('NotImplemented', `${what} is not implemented by the local S3 endpoint.`);
