/**
 * Named-entity spans: ModelArts counts a text's characters as Unicode code points
 * (`@modelarts:start_index` / `end_index`, end exclusive), the way Python's `str` does. The
 * browser's selection counts UTF-16 units, in which an emoji or a rare CJK ideograph outside the
 * Basic Multilingual Plane is two. These functions convert between the two, never split a
 * surrogate pair, and cut a text into the segments the view draws.
 */
import type { SpanAnnotation } from '../protocol/labeling';

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The code-point offset of UTF-16 offset `utf16` (one inside a pair counts as after the pair's start). */
export function toCodePoints(text: string, utf16: number): number {
  const end = Math.max(0, Math.min(text.length, utf16));
  let count = 0;
  for (let i = 0; i < end; i++) {
    // The low half of a pair is the same character as the high half before it.
    if (isLow(text.charCodeAt(i)) && i > 0 && isHigh(text.charCodeAt(i - 1))) continue;
    count++;
  }
  return count;
}

/** The UTF-16 offset of code-point offset `cp` (clamped to the text). */
export function toUtf16(text: string, cp: number): number {
  let i = 0;
  let n = 0;
  while (i < text.length && n < cp) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
    n++;
  }
  return i;
}

export function codePointLength(text: string): number {
  return toCodePoints(text, text.length);
}

/** Moves a UTF-16 offset that falls inside a surrogate pair to the pair's start (or its end). */
export function snapUtf16(text: string, i: number, toEnd = false): number {
  if (i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) return toEnd ? i + 1 : i - 1;
  return Math.max(0, Math.min(text.length, i));
}

/**
 * The span a selection of UTF-16 offsets [a, b) (in either order) makes, in code points, with
 * white space at either end left out (a double-click selects the word and the space after it).
 * Undefined when nothing but white space is selected.
 */
export function spanFromSelection(text: string, a: number, b: number): { start: number; end: number } | undefined {
  let s = snapUtf16(text, Math.min(a, b));
  let e = snapUtf16(text, Math.max(a, b), true);
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  if (s >= e) return undefined;
  return { start: toCodePoints(text, s), end: toCodePoints(text, e) };
}

/** The text a span covers. */
export function spanText(text: string, span: { start: number; end: number }): string {
  return text.slice(toUtf16(text, span.start), toUtf16(text, span.end));
}

/** A run of the text with the spans over it (innermost, i.e. shortest, last). */
export interface Segment {
  /** UTF-16 offsets into the text, for slicing and for the DOM. */
  readonly from: number;
  readonly to: number;
  readonly spans: readonly string[];
}

/**
 * Cuts `text` at every span edge: each segment is covered by the same set of spans throughout,
 * so overlapping and nested entities draw as layers. Spans outside the text are ignored.
 */
export function segments(text: string, spans: readonly SpanAnnotation[]): Segment[] {
  const ranges = spans
    .map((s) => ({ id: s.id, from: toUtf16(text, s.start), to: toUtf16(text, s.end), len: s.end - s.start }))
    .filter((r) => r.from < r.to);
  const cuts = new Set<number>([0, text.length]);
  for (const r of ranges) {
    cuts.add(r.from);
    cuts.add(r.to);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    const over = ranges
      .filter((r) => r.from <= from && r.to >= to)
      .sort((x, y) => y.len - x.len)
      .map((r) => r.id);
    out.push({ from, to, spans: over });
  }
  return out;
}
