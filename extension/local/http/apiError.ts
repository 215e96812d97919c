import type { ModelArtsErrorBody } from '../../core/platform/errors';

/** An error the daemon answers with: an HTTP status and the ModelArts error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(requestId: string): ModelArtsErrorBody & { request_id: string } {
    return { error_code: this.code, error_msg: this.message, request_id: requestId };
  }
}

/** The common failures, with the codes ModelArts itself uses for them. */
export const Errors = {
  badRequest: (message: string) => new ApiError(400, 'ModelArts.0104', message),
  notFound: (what: string, id: string) => new ApiError(404, 'ModelArts.0404', `${what} ${id} does not exist.`),
  conflict: (message: string) => new ApiError(409, 'ModelArts.2796', message),
  tooLarge: (limit: number) => new ApiError(413, 'ModelArts.0113', `The request body is larger than ${limit} bytes.`),
  noRoute: (method: string, path: string) => new ApiError(404, 'ModelArts.0404', `No route for ${method} ${path}.`),
  methodNotAllowed: (method: string, path: string) => new ApiError(405, 'ModelArts.0105', `${method} is not allowed on ${path}.`),
  unauthorized: (message: string) => new ApiError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${message}`),
  projectMismatch: (projectId: string) => new ApiError(403, 'ModelArts.0210', `Project ${projectId} is not this platform's project.`),
  internal: () => new ApiError(500, 'ModelArts.0010', 'Internal error in the local platform; see its log.'),
} as const;
