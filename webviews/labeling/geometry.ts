/**
 * Image-space geometry of the box editor, pure. A box lives in image pixels, whole numbers,
 * origin at the top-left; the screen only ever converts a pointer position into image pixels
 * (rounded once, at the end), never a box into screen space and back. That is why resizing one
 * edge while zoomed in or out leaves the other three exactly where they were (Label Studio's
 * #1672), and why the platform gets the same numbers at every zoom.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A box: x0 < x1, y0 < y1, in image pixels. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Screen = image × scale + (tx, ty), in CSS pixels of the editor's canvas. */
export interface Viewport {
  readonly scale: number;
  readonly tx: number;
  readonly ty: number;
}

/** Zoom stops at 1/32 of the fitted size and at 64 screen pixels per image pixel. */
export const maxScale = 64;
export const fitMargin = 16;

export function toScreen(v: Viewport, p: Point): Point {
  return { x: p.x * v.scale + v.tx, y: p.y * v.scale + v.ty };
}

export function toImage(v: Viewport, p: Point): Point {
  return { x: (p.x - v.tx) / v.scale, y: (p.y - v.ty) / v.scale };
}

/** The whole image in view, centred, with a margin; a small image is enlarged to fill the view. */
export function fit(image: Size, screen: Size, margin = fitMargin): Viewport {
  const w = Math.max(1, screen.width - 2 * margin);
  const h = Math.max(1, screen.height - 2 * margin);
  const scale = Math.min(w / Math.max(1, image.width), h / Math.max(1, image.height), maxScale);
  return { scale, tx: (screen.width - image.width * scale) / 2, ty: (screen.height - image.height * scale) / 2 };
}

export function minScale(image: Size, screen: Size): number {
  return Math.min(fit(image, screen).scale / 32, 1);
}

/** Zooms by `factor` keeping the image point under `at` (a screen point) where it is. */
export function zoomAt(v: Viewport, at: Point, factor: number, limits: { min: number; max: number }): Viewport {
  const scale = Math.min(limits.max, Math.max(limits.min, v.scale * factor));
  const p = toImage(v, at);
  return { scale, tx: at.x - p.x * scale, ty: at.y - p.y * scale };
}

export function pan(v: Viewport, dx: number, dy: number): Viewport {
  return { scale: v.scale, tx: v.tx + dx, ty: v.ty + dy };
}

/** A wheel event's zoom factor: smooth for trackpads (pixel deltas), one notch ≈ 1.2× for mice. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-300, Math.min(300, pixels)) * 0.0018);
}

/** A pointer position in image pixels, rounded to the pixel grid and kept inside the image. */
export function imagePixel(v: Viewport, screen: Point, image: Size): Point {
  const p = toImage(v, screen);
  return { x: clamp(Math.round(p.x), 0, image.width), y: clamp(Math.round(p.y), 0, image.height) };
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** The box two corners span, at least one pixel each way, inside the image; undefined when they coincide on an axis. */
export function rectFrom(a: Point, b: Point, image: Size): Rect | undefined {
  const x0 = clamp(Math.min(a.x, b.x), 0, image.width);
  const x1 = clamp(Math.max(a.x, b.x), 0, image.width);
  const y0 = clamp(Math.min(a.y, b.y), 0, image.height);
  const y1 = clamp(Math.max(a.y, b.y), 0, image.height);
  if (x1 - x0 < 1 || y1 - y0 < 1) return undefined;
  return { x0, y0, x1, y1 };
}

/** Moves a box by whole pixels, stopping at the image's edges without changing its size. */
export function moveRect(r: Rect, dx: number, dy: number, image: Size): Rect {
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  const x0 = clamp(r.x0 + Math.round(dx), 0, Math.max(0, image.width - w));
  const y0 = clamp(r.y0 + Math.round(dy), 0, Math.max(0, image.height - h));
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const handles: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/**
 * Resizes by dragging `handle` to the image pixel `p`: only the edges the handle holds move
 * (a corner two, a side one); the others keep their exact values. An edge stops one pixel short
 * of the opposite one, so a box never turns inside out (the opposite edge would have to move).
 */
export function resizeRect(r: Rect, handle: Handle, p: Point, image: Size): Rect {
  let { x0, y0, x1, y1 } = r;
  if (handle.includes('w')) x0 = clamp(p.x, 0, x1 - 1);
  if (handle.includes('e')) x1 = clamp(p.x, x0 + 1, image.width);
  if (handle.includes('n')) y0 = clamp(p.y, 0, y1 - 1);
  if (handle.includes('s')) y1 = clamp(p.y, y0 + 1, image.height);
  return { x0, y0, x1, y1 };
}

/** The handle's point on the box, in image coordinates. */
export function handlePoint(r: Rect, h: Handle): Point {
  const x = h.includes('w') ? r.x0 : h.includes('e') ? r.x1 : (r.x0 + r.x1) / 2;
  const y = h.includes('n') ? r.y0 : h.includes('s') ? r.y1 : (r.y0 + r.y1) / 2;
  return { x, y };
}

/** Handles are drawn this big in screen pixels and caught this far from their centre, whatever the zoom. */
export const handleSize = 8;
export const handleReach = 7;
/** How far from a box's edge (screen pixels) a pointer still grabs that edge. */
export const edgeReach = 5;

export interface HitBox extends Rect {
  readonly id: string;
}

export type Hit =
  { readonly kind: 'handle'; readonly id: string; readonly handle: Handle } | { readonly kind: 'body'; readonly id: string };

/**
 * What the pointer at `screen` is over. The selected box comes first: its handles, then its
 * edges (an edge is a side handle as long as the box), then its inside. Then the other boxes:
 * of those containing the point, the smallest (so a box inside a box can be picked), the later
 * one drawn on a tie. `skip` leaves out boxes that are hidden.
 */
export function hitTest(
  boxes: readonly HitBox[],
  selected: string | undefined,
  v: Viewport,
  screen: Point,
  skip: (id: string) => boolean = () => false,
): Hit | undefined {
  const sel = selected === undefined ? undefined : boxes.find((b) => b.id === selected);
  if (sel && !skip(sel.id)) {
    const s0 = toScreen(v, { x: sel.x0, y: sel.y0 });
    const s1 = toScreen(v, { x: sel.x1, y: sel.y1 });
    // On a box smaller than its handles, the middle handles would cover the corners: corners only.
    const small = s1.x - s0.x < 3 * handleSize || s1.y - s0.y < 3 * handleSize;
    for (const h of handles) {
      if (small && h.length === 1) continue;
      const c = toScreen(v, handlePoint(sel, h));
      if (Math.abs(screen.x - c.x) <= handleReach && Math.abs(screen.y - c.y) <= handleReach)
        return { kind: 'handle', id: sel.id, handle: h };
    }
    const insideX = screen.x >= s0.x - edgeReach && screen.x <= s1.x + edgeReach;
    const insideY = screen.y >= s0.y - edgeReach && screen.y <= s1.y + edgeReach;
    if (insideX && insideY) {
      if (Math.abs(screen.x - s0.x) <= edgeReach) return { kind: 'handle', id: sel.id, handle: 'w' };
      if (Math.abs(screen.x - s1.x) <= edgeReach) return { kind: 'handle', id: sel.id, handle: 'e' };
      if (Math.abs(screen.y - s0.y) <= edgeReach) return { kind: 'handle', id: sel.id, handle: 'n' };
      if (Math.abs(screen.y - s1.y) <= edgeReach) return { kind: 'handle', id: sel.id, handle: 's' };
      return { kind: 'body', id: sel.id };
    }
  }
  const p = toImage(v, screen);
  // A box thinner than a few screen pixels is still grabbable: its reach grows as the zoom shrinks.
  const reach = edgeReach / v.scale;
  let best: HitBox | undefined;
  let bestArea = Infinity;
  for (const b of boxes) {
    if (skip(b.id)) continue;
    if (p.x < b.x0 - reach || p.x > b.x1 + reach || p.y < b.y0 - reach || p.y > b.y1 + reach) continue;
    const area = (b.x1 - b.x0) * (b.y1 - b.y0);
    if (area <= bestArea) {
      best = b;
      bestArea = area;
    }
  }
  return best ? { kind: 'body', id: best.id } : undefined;
}

/** The CSS cursor over a hit. */
export function cursorFor(hit: Hit | undefined, locked: boolean): string {
  if (!hit) return 'crosshair';
  if (locked) return 'not-allowed';
  if (hit.kind === 'body') return 'move';
  return {
    nw: 'nwse-resize',
    se: 'nwse-resize',
    ne: 'nesw-resize',
    sw: 'nesw-resize',
    n: 'ns-resize',
    s: 'ns-resize',
    e: 'ew-resize',
    w: 'ew-resize',
  }[hit.handle];
}
