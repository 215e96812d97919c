/**
 * The contract between the platform client and the local daemon: one descriptor per REST route,
 * declared once (in this folder) and used by both ends. The client's resource methods send through
 * a descriptor (`callRoute`); the daemon registers a handler for the same descriptor, and the
 * compiler checks the handler against it: the path parameters it reads, the query keys, the request
 * fields and the response body it returns, and the status codes it answers with.
 *
 * A descriptor is plain data plus phantom types (no runtime cost): method, path pattern with
 * `{name}` parameters (`{project_id}` is filled in by the HTTP client), the IAM action the route
 * needs, the success codes the API documents, and, for routes only the cloud serves, why.
 */
import type { QueryValue } from '../http';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An IAM fine-grained action, `service:resource:verb`: `modelarts:notebook:stop`, `kps:SSHKeyPair:create`. */
export type IamAction = `${string}:${string}:${string}`;

/** A query: named values, undefined ones left out. */
export type Query = Readonly<Record<string, QueryValue>>;

/** What every descriptor states. */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** `/v1/{project_id}/notebooks/{notebook_id}/stop`: the cloud's path, parameters in braces. */
  readonly path: string;
  /** The IAM action a caller needs (the permission checks of local mode read it). */
  readonly action: IamAction;
  /** The success codes the API documents; another 2xx is reported to the caller as unexpected. */
  readonly expect: readonly number[];
  /** A POST that changes nothing (a search) may be retried like a GET. */
  readonly idempotent?: boolean;
  /** Set on routes local mode does not serve: why (the unit test that checks coverage reads it). */
  readonly cloudOnly?: string;
}

/** The types a descriptor carries to both ends; never present at run time. */
export interface RouteTypes<Req, Res, Q> {
  readonly request: Req;
  readonly response: Res;
  readonly query: Q;
}

/** A descriptor with its request, response and query types. */
export type Route<S extends RouteSpec = RouteSpec, Req = unknown, Res = unknown, Q = unknown> = S & {
  readonly types?: RouteTypes<Req, Res, Q>;
};

/** Any descriptor, whatever its types. */
export type AnyRoute = RouteSpec & { readonly types?: RouteTypes<unknown, unknown, unknown> };

/** No request body. */
export type NoBody = undefined;
/** No query parameters. */
export type NoQuery = Record<never, never>;

/**
 * Declares a route: `route<Request, Response, Query>()({ method, path, action, expect })`. (Two
 * calls, so the types are given while the spec's literals, path and codes, are inferred.)
 */
export function route<Req = NoBody, Res = undefined, Q extends Query = NoQuery>() {
  return <const S extends RouteSpec>(spec: S): Route<S, Req, Res, Q> => spec;
}

export type RequestOf<R extends AnyRoute> = NonNullable<R['types']>['request'];
export type ResponseOf<R extends AnyRoute> = NonNullable<R['types']>['response'];
export type QueryOf<R extends AnyRoute> = NonNullable<R['types']>['query'];
/** The status codes a handler of `R` may answer with. */
export type StatusOf<R extends AnyRoute> = R['expect'][number];

type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** The path parameters of a pattern, `{project_id}` aside. */
export type PathParams<P extends string> = { readonly [K in Exclude<ParamNames<P>, 'project_id'>]: string };
export type ParamsOf<R extends AnyRoute> = PathParams<R['path']>;

/** What the client passes to call a route: parameters, query and body as the descriptor types them. */
export type CallArgs<R extends AnyRoute> = (keyof ParamsOf<R> extends never
  ? { readonly params?: undefined }
  : { readonly params: ParamsOf<R> }) &
  ([RequestOf<R>] extends [undefined] ? { readonly body?: undefined } : { readonly body: RequestOf<R> }) & {
    readonly query?: QueryOf<R>;
    readonly signal?: AbortSignal | undefined;
  };

/** "training_job_id" → "training job id": how a parameter is named in a caller's error. */
function describeParam(name: string): string {
  return name.replace(/_/g, ' ');
}

/**
 * The route's path with its parameters checked and encoded as single path segments (`{project_id}`
 * stays for the HTTP client). An empty, blank or non-string value is a programming mistake: a
 * TypeError before anything is sent.
 */
export function fillPath<R extends AnyRoute>(route: R, params: ParamsOf<R> | undefined): string {
  const values = (params ?? {}) as Readonly<Record<string, unknown>>;
  return route.path.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (name === 'project_id') return whole;
    const value = values[name];
    if (typeof value !== 'string' || value.trim() === '') {
      const shown = value === '' ? 'an empty string' : (JSON.stringify(value) ?? String(value));
      throw new TypeError(`${describeParam(name)} must be a non-empty string, not ${shown}.`);
    }
    return encodeURIComponent(value);
  });
}

/** `GET /v1/{project_id}/notebooks/flavors`: how an error message points a user to a route. */
export function describeRoute(route: AnyRoute): string {
  return `${route.method} ${route.path}`;
}

/** Checks the path parameters of a call without sending it (for methods that poll or follow). */
export function checkParams<R extends AnyRoute>(route: R, params: ParamsOf<R>): void {
  fillPath(route, params);
}

/** A family of routes served by one daemon module, by name: `notebookRoutes.stop`. */
export type RouteFamily = Readonly<Record<string, AnyRoute>>;

/** The names of a family's routes that local mode serves (not marked cloud-only). */
export type LocalRouteNames<F extends RouteFamily> = {
  [K in keyof F]: F[K] extends { readonly cloudOnly: string } ? never : K;
}[keyof F];
