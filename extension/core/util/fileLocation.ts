/** A place in a text file, 1-based: what `file:line:column` at the start of a message points at. */
export interface FileLocation {
  /** Absolute path. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The place an error points at, when it carries one (a spec error has its file, line and column). */
export function locationOf(err: unknown): FileLocation | undefined {
  const location = (err as { location?: unknown } | null)?.location;
  if (typeof location !== 'object' || location === null) return undefined;
  const { file, line, column } = location as Record<string, unknown>;
  return typeof file === 'string' && typeof line === 'number' && typeof column === 'number' ? { file, line, column } : undefined;
}
