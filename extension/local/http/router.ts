import type { IncomingHttpHeaders } from 'node:http';
import { Errors } from './apiError';

/** What a route handler sees of a request. */
export interface RequestContext {
  readonly method: string;
  /** The decoded path, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Values of the `{name}` segments of the route pattern, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly requestId: string;
}

/** A handler's answer: status and a JSON body (undefined sends no body). */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

export type Handler = (ctx: RequestContext) => RouteResult | Promise<RouteResult>;

interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

/**
 * Method + path-pattern routing (`/v1/{project_id}/notebooks/{id}`). Routes with more literal
 * segments win over routes with parameters, so `/notebooks/flavors` is never taken for an id.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler });
    this.routes.sort((a, b) => literalCount(b) - literalCount(a));
    return this;
  }

  /** The handler and parameters for a request; throws the ModelArts 404/405 when none fits. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { handler: route.handler, params };
    }
    throw pathMatched ? Errors.methodNotAllowed(method, path) : Errors.noRoute(method, path);
  }
}

function literalCount(route: Route): number {
  return route.segments.filter((s) => !s.startsWith('{')).length;
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
