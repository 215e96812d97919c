import type { IncomingHttpHeaders } from 'node:http';
import type {
  AnyRoute,
  LocalRouteNames,
  ParamsOf,
  QueryOf,
  RequestOf,
  ResponseOf,
  RouteFamily,
  StatusOf,
} from '../../core/api/routes/route';
import { Errors } from './apiError';
import { parseJsonObject } from './json';

/** The query of a request: only the keys the route's descriptor declares can be read. */
export interface RouteQuery<Q> {
  readonly get: (name: keyof Q & string) => string | null;
}

/**
 * A request body as it arrived: only the fields the route's request type names can be read, and
 * none is trusted (each is `unknown` until a reader in json.ts checks it).
 */
export type Untrusted<T> = { readonly [K in keyof T]?: unknown };

/** What a handler sees of a request to route `R`. */
export interface RequestContext<R extends AnyRoute = AnyRoute> {
  readonly route: R;
  readonly method: string;
  /** The decoded path, without the query. */
  readonly path: string;
  readonly query: RouteQuery<QueryOf<R>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The route's `{name}` segments, decoded. */
  readonly params: ParamsOf<R> & { readonly project_id: string };
  readonly requestId: string;
  /** The body as a JSON object (empty for no body); a 400 when it is not one. */
  json(): Untrusted<RequestOf<R>>;
}

/** A handler's answer: a status the route documents, and its response body (absent for none). */
export type Reply<R extends AnyRoute> = [ResponseOf<R>] extends [undefined]
  ? { readonly status: StatusOf<R>; readonly body?: undefined }
  : undefined extends ResponseOf<R>
    ? { readonly status: StatusOf<R>; readonly body?: ResponseOf<R> }
    : { readonly status: StatusOf<R>; readonly body: ResponseOf<R> };

export type RouteHandler<R extends AnyRoute> = (ctx: RequestContext<R>) => Reply<R> | Promise<Reply<R>>;

/** A handler for every route of a family that local mode serves; leaving one out fails type checking. */
export type Handlers<F extends RouteFamily> = { readonly [K in LocalRouteNames<F>]: RouteHandler<F[K]> };

/** What the server runs for a matched request (the route's types erased). */
export type ErasedHandler = (ctx: RequestContext) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

interface Entry {
  readonly route: AnyRoute;
  readonly segments: readonly string[];
  readonly handler: ErasedHandler;
}

/**
 * Routing by the descriptors of core/api/routes. Routes with more literal segments win over routes
 * with parameters, so `/notebooks/flavors` is never taken for a notebook id.
 */
export class Router {
  private readonly entries: Entry[] = [];

  /** Serves every local route of a family with its handler. */
  serve<F extends RouteFamily>(family: F, handlers: Handlers<F>): this {
    const byName = handlers as Readonly<Record<string, ErasedHandler | undefined>>;
    for (const [name, route] of Object.entries(family)) {
      const handler = byName[name];
      if (route.cloudOnly === undefined && handler) this.add(route, handler);
    }
    return this;
  }

  /** The routes served, for the check that every descriptor is either served or cloud-only. */
  served(): readonly AnyRoute[] {
    return this.entries.map((e) => e.route);
  }

  /** The route, handler and parameters for a request; throws the ModelArts 404/405 when none fits. */
  match(method: string, path: string): { route: AnyRoute; handler: ErasedHandler; params: Record<string, string> } {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const entry of this.entries) {
      const params = matchSegments(entry.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (entry.route.method === method) return { route: entry.route, handler: entry.handler, params };
    }
    throw pathMatched ? Errors.methodNotAllowed(method, path) : Errors.noRoute(method, path);
  }

  private add(route: AnyRoute, handler: ErasedHandler): void {
    if (this.entries.some((e) => e.route.method === route.method && e.route.path === route.path))
      throw new Error(`${route.method} ${route.path} is served twice.`);
    this.entries.push({ route, segments: route.path.split('/').filter(Boolean), handler });
    this.entries.sort((a, b) => literalCount(b) - literalCount(a));
  }
}

/** The context a handler gets; `json()` parses on first use. */
export function requestContext(
  route: AnyRoute,
  fields: Omit<RequestContext, 'route' | 'json' | 'params'> & { readonly params: Record<string, string> },
): RequestContext {
  let parsed: Record<string, unknown> | undefined;
  return {
    ...fields,
    route,
    params: fields.params as RequestContext['params'],
    json: () => (parsed ??= parseJsonObject(fields.body)),
  };
}

function literalCount(entry: Entry): number {
  return entry.segments.filter((s) => !s.startsWith('{')).length;
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const part = parts[i] as string;
    if (p.startsWith('{') && p.endsWith('}')) params[p.slice(1, -1)] = part;
    else if (p !== part) return undefined;
  }
  return params;
}
