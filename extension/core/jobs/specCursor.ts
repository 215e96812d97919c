/**
 * Which spec field the cursor is in, for completion: the key path of the scalar (or the empty
 * value after `key:`) at an offset of a spec's text, and what is typed of it so far. Read from the
 * `yaml` package's node ranges, so it also works in a spec that does not parse as a whole yet.
 */
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { FieldPath } from './specText';
import { specFileName } from './specTemplate';

export interface SpecCursor {
  /** The field's path (list items as numbers): `['spec', 'resource', 'flavor_id']`. */
  readonly field: FieldPath;
  /** The value's text from its start to the cursor (no quotes). */
  readonly typed: string;
  /** Offsets of the value written so far (start..end), for the edit to replace; equal when empty. */
  readonly start: number;
  readonly end: number;
}

/** The files a spec's editor features apply to: `job.yaml` (what `job init` writes), `job.yml`, `*.job.yaml`. */
export function isJobSpecFileName(file: string): boolean {
  const name = path.basename(file).toLowerCase();
  return name === specFileName || name === 'job.yml' || /\.job\.ya?ml$/.test(name);
}

/** The field at `offset`, or undefined when the cursor is in a key, a comment or between fields. */
export function specCursorAt(text: string, offset: number): SpecCursor | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const found = walk(doc.contents, [], text, offset);
  if (found) return found;
  // `key: ` with nothing yet after it: the key is on this line, the cursor after its colon.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const key = /^(\s*)(?:- )?([\w.-]+):\s*$/.exec(before);
  if (!key?.[2]) return undefined;
  const parent = parentPath(doc.contents, text, lineStart, []);
  return parent ? { field: [...parent, key[2]], typed: '', start: offset, end: offset } : undefined;
}

function walk(node: Node | null, at: (string | number)[], text: string, offset: number): SpecCursor | undefined {
  if (!node) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const found = walk(pair.value as Node | null, [...at, String(pair.key.value)], text, offset);
      if (found) return found;
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const found = walk(item as Node | null, [...at, i], text, offset);
      if (found) return found;
    }
    return undefined;
  }
  if (isScalar(node) && node.range && offset >= node.range[0] && offset <= node.range[1]) {
    const [start, end] = node.range;
    // A quoted value is replaced inside its quotes.
    const quoted = /["']/.test(text[start] ?? '') ? 1 : 0;
    return { field: at, typed: text.slice(start + quoted, offset), start: start + quoted, end: Math.max(start + quoted, end - quoted) };
  }
  return undefined;
}

/** The path of the deepest mapping whose pairs include one starting at `lineStart`'s line. */
function parentPath(node: Node | null, text: string, lineStart: number, at: (string | number)[]): (string | number)[] | undefined {
  if (!node?.range) return at.length === 0 ? [] : undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const keyStart = pair.key.range?.[0] ?? -1;
      if (keyStart >= lineStart && !text.slice(lineStart, keyStart).includes('\n')) return at;
      const inner = parentPath(pair.value as Node | null, text, lineStart, [...at, String(pair.key.value)]);
      if (inner && inner.length > at.length) return inner;
    }
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = parentPath(item as Node | null, text, lineStart, [...at, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}
