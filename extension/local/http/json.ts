import { Errors } from './apiError';

/** A field of a body: with a route's `Untrusted<Request>`, only the request type's fields. */
type Field<T> = keyof T & string;

/**
 * Small, strict readers for request bodies: each failure names the field and what was expected,
 * so a bad request gets a clear 400 and changes nothing. Given a handler's `ctx.json()`, they take
 * only the field names the route's request type declares, so the daemon cannot read a field the
 * client never sends.
 */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw Errors.badRequest('The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw Errors.badRequest('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

export function requiredString<T extends object>(obj: T, field: Field<T>, maxLength = 256): string {
  const value: unknown = obj[field];
  if (typeof value !== 'string' || value.length === 0) throw Errors.badRequest(`${field} is required and must be a non-empty string.`);
  if (value.length > maxLength) throw Errors.badRequest(`${field} must be at most ${maxLength} characters.`);
  return value;
}

export function optionalString<T extends object>(obj: T, field: Field<T>, maxLength = 1024): string | undefined {
  const value: unknown = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw Errors.badRequest(`${field} must be a string.`);
  if (value.length > maxLength) throw Errors.badRequest(`${field} must be at most ${maxLength} characters.`);
  return value;
}

export function optionalNumber<T extends object>(obj: T, field: Field<T>, min: number, max: number): number | undefined {
  const value: unknown = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw Errors.badRequest(`${field} must be a number from ${min} to ${max}.`);
  return value;
}

export function optionalObject<T extends object>(obj: T, field: Field<T>): Record<string, unknown> | undefined {
  const value: unknown = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw Errors.badRequest(`${field} must be an object.`);
  return value as Record<string, unknown>;
}

/**
 * A resource name as ModelArts allows it: letters (any script), digits, `-` and `_`, 1 to 64
 * characters, so it can never be a path (`/`, `\\`, `..`) when it names a directory.
 */
export function resourceName<T extends object>(obj: T, field: Field<T>): string {
  const name = requiredString(obj, field, 64);
  if (!/^[\p{L}\p{N}_-]{1,64}$/u.test(name))
    throw Errors.badRequest(`${field} may hold only letters, digits, '-' and '_' (1 to 64 characters).`);
  return name;
}

/** `offset` and `limit` from the query, validated. */
export function paging(
  query: { readonly get: (name: 'offset' | 'limit') => string | null },
  defaultLimit: number,
  maxLimit: number,
): { offset: number; limit: number } {
  const read = (name: 'offset' | 'limit', fallback: number, max: number) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max) throw Errors.badRequest(`${name} must be a whole number from 0 to ${max}.`);
    return n;
  };
  return { offset: read('offset', 0, Number.MAX_SAFE_INTEGER), limit: Math.max(1, read('limit', defaultLimit, maxLimit)) };
}
