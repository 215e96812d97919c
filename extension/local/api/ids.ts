import { randomUUID } from 'node:crypto';

/** A 32-character id without hyphens, as ModelArts uses for workspaces and jobs. */
export function newId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A hyphenated UUID, as ModelArts uses for notebooks and images. */
export function newUuid(): string {
  return randomUUID();
}
