/**
 * The object-detection editor's state, pure: the boxes of one image, which one is selected,
 * hidden or locked, and the gesture in progress (draw, move, resize, pan). Pointer positions
 * come in screen pixels with the viewport that maps them; every box coordinate it makes is a
 * whole image pixel (see geometry.ts). A gesture changes the live list on every move and yields
 * one committed list at the end, which is one undo step.
 */
import type { Annotation, BoxAnnotation } from '../protocol/labeling';
import {
  type Handle,
  handlePoint,
  type Hit,
  hitTest,
  imagePixel,
  moveRect,
  pan,
  type Point,
  type Rect,
  rectFrom,
  resizeRect,
  type Size,
  toImage,
  type Viewport,
} from './geometry';

export type Gesture =
  | { readonly kind: 'draw'; readonly start: Point; readonly end: Point; readonly label: string }
  | { readonly kind: 'move'; readonly id: string; readonly from: Point; readonly orig: Rect; readonly moved: boolean }
  | { readonly kind: 'resize'; readonly id: string; readonly handle: Handle; readonly from: Point; readonly orig: Rect }
  | { readonly kind: 'pan'; readonly from: Point; readonly orig: Viewport };

/** A drag shorter than this (screen pixels) is a click, not a box. */
const clickSlop = 3;
/** Where a duplicate goes, relative to the original (image pixels). */
const duplicateOffset = 10;

let idCounter = 0;
/** An id for a box made in the panel; the platform keeps it (or assigns its own). */
export function newBoxId(): string {
  idCounter = (idCounter + 1) % 1_000_000;
  return `b${Date.now().toString(36)}${idCounter.toString(36)}`;
}

export function isBox(a: Annotation): a is BoxAnnotation {
  return a.type === 'box';
}

export class BoxEditor {
  /** Every annotation of the sample (boxes and the shapes the panel keeps untouched). */
  annotations: readonly Annotation[] = [];
  selected: string | undefined;
  readonly hidden = new Set<string>();
  readonly locked = new Set<string>();
  gesture: Gesture | undefined;
  /** The label a new box gets (the picker's choice). */
  drawLabel: string | undefined;
  /** The label last given to a box, for N. */
  lastLabel: string | undefined;
  viewport: Viewport = { scale: 1, tx: 0, ty: 0 };
  image: Size = { width: 1, height: 1 };

  /** Starts on another image (or the same one reloaded): selection and per-box flags go. */
  load(annotations: readonly Annotation[], image: Size): void {
    this.annotations = annotations;
    this.image = image;
    this.selected = undefined;
    this.gesture = undefined;
    this.hidden.clear();
    this.locked.clear();
  }

  /** The list changed from outside (undo, a conflict taken): keep the selection if the box is still there. */
  replace(annotations: readonly Annotation[]): void {
    this.annotations = annotations;
    if (this.selected !== undefined && !annotations.some((a) => isBox(a) && a.id === this.selected)) this.selected = undefined;
    this.gesture = undefined;
  }

  boxes(): BoxAnnotation[] {
    return this.annotations.filter(isBox);
  }

  box(id: string | undefined): BoxAnnotation | undefined {
    if (id === undefined) return undefined;
    return this.annotations.find((a): a is BoxAnnotation => isBox(a) && a.id === id);
  }

  hitAt(screen: Point): Hit | undefined {
    return hitTest(this.boxes(), this.selected, this.viewport, screen, (id) => this.hidden.has(id));
  }

  /** The box being dragged (drawn on the overlay, left out of the base layer). */
  activeId(): string | undefined {
    const g = this.gesture;
    return g && (g.kind === 'move' || g.kind === 'resize') ? g.id : undefined;
  }

  /** The box being drawn, while it is. */
  drawingRect(): Rect | undefined {
    const g = this.gesture;
    return g?.kind === 'draw' ? rectFrom(g.start, g.end, this.image) : undefined;
  }

  // ——— Pointer gestures ———

  /** A press: pans with Space or the middle button, else grabs what is under the pointer or starts a box. */
  pointerDown(screen: Point, options: { readonly pan: boolean }): void {
    if (options.pan) {
      this.gesture = { kind: 'pan', from: screen, orig: this.viewport };
      return;
    }
    const hit = this.hitAt(screen);
    if (hit) {
      this.selected = hit.id;
      const box = this.box(hit.id);
      if (!box || this.locked.has(hit.id)) return;
      const orig = { x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1 };
      this.gesture =
        hit.kind === 'handle'
          ? { kind: 'resize', id: hit.id, handle: hit.handle, from: toImage(this.viewport, screen), orig }
          : { kind: 'move', id: hit.id, from: toImage(this.viewport, screen), orig, moved: false };
      return;
    }
    this.selected = undefined;
    if (this.drawLabel === undefined) return;
    const p = imagePixel(this.viewport, screen, this.image);
    this.gesture = { kind: 'draw', start: p, end: p, label: this.drawLabel };
  }

  /** A move with the button down; true when something drawn changed. */
  pointerMove(screen: Point): boolean {
    const g = this.gesture;
    if (!g) return false;
    switch (g.kind) {
      case 'pan':
        this.viewport = pan(g.orig, screen.x - g.from.x, screen.y - g.from.y);
        return true;
      case 'draw':
        this.gesture = { ...g, end: imagePixel(this.viewport, screen, this.image) };
        return true;
      case 'move': {
        const p = toImage(this.viewport, screen);
        const r = moveRect(g.orig, p.x - g.from.x, p.y - g.from.y, this.image);
        this.gesture = { ...g, moved: g.moved || r.x0 !== g.orig.x0 || r.y0 !== g.orig.y0 };
        return this.setRect(g.id, r);
      }
      case 'resize': {
        // The edge follows the pointer by as much as it moved, so grabbing a handle a little off
        // its centre does not make the edge jump to the pointer.
        const p = toImage(this.viewport, screen);
        const at = handlePoint(g.orig, g.handle);
        const target = { x: Math.round(at.x + p.x - g.from.x), y: Math.round(at.y + p.y - g.from.y) };
        return this.setRect(g.id, resizeRect(g.orig, g.handle, target, this.image));
      }
    }
  }

  /**
   * The release: the list to commit as one undo step, or undefined when nothing changed (a
   * click, a pan, a box too small to be one).
   */
  pointerUp(screen: Point): readonly Annotation[] | undefined {
    const g = this.gesture;
    this.gesture = undefined;
    if (!g || g.kind === 'pan') return undefined;
    if (g.kind === 'draw') {
      const end = imagePixel(this.viewport, screen, this.image);
      const s0 = g.start;
      const dragged = Math.hypot((end.x - s0.x) * this.viewport.scale, (end.y - s0.y) * this.viewport.scale) >= clickSlop;
      const r = dragged ? rectFrom(s0, end, this.image) : undefined;
      if (!r) return undefined;
      const box: BoxAnnotation = { type: 'box', id: newBoxId(), label: g.label, ...r };
      this.selected = box.id;
      this.lastLabel = g.label;
      this.annotations = [...this.annotations, box];
      return this.annotations;
    }
    const box = this.box(g.id);
    if (!box || (box.x0 === g.orig.x0 && box.y0 === g.orig.y0 && box.x1 === g.orig.x1 && box.y1 === g.orig.y1)) return undefined;
    return this.annotations;
  }

  /** Esc: a gesture in progress is undone; otherwise the selection goes. */
  cancel(): boolean {
    const g = this.gesture;
    if (g) {
      this.gesture = undefined;
      if (g.kind === 'move' || g.kind === 'resize') this.setRect(g.id, g.orig);
      if (g.kind === 'pan') this.viewport = g.orig;
      return true;
    }
    if (this.selected === undefined) return false;
    this.selected = undefined;
    return true;
  }

  // ——— Keyboard edits: each returns the list to commit, or undefined when nothing changed ———

  /** Arrow keys: 1 pixel, 10 with Shift. */
  nudge(dx: number, dy: number): readonly Annotation[] | undefined {
    const box = this.editable();
    if (!box) return undefined;
    const r = moveRect(box, dx, dy, this.image);
    return this.setRect(box.id, r) ? this.annotations : undefined;
  }

  deleteSelected(): readonly Annotation[] | undefined {
    const box = this.editable();
    if (!box) return undefined;
    const index = this.annotations.indexOf(box);
    this.annotations = this.annotations.filter((a) => a !== box);
    // The next box takes the selection, so Del, Del, Del clears a row of boxes.
    const rest = this.annotations.filter(isBox);
    this.selected = rest.find((_, i) => i >= index)?.id ?? rest.at(-1)?.id;
    return this.annotations;
  }

  duplicateSelected(): readonly Annotation[] | undefined {
    const box = this.box(this.selected);
    if (!box) return undefined;
    const r = moveRect(box, duplicateOffset, duplicateOffset, this.image);
    const { extra: _platformFields, ...rest } = box;
    const copy: BoxAnnotation = { ...rest, id: newBoxId(), ...r };
    this.annotations = [...this.annotations, copy];
    this.selected = copy.id;
    return this.annotations;
  }

  setLabel(label: string): readonly Annotation[] | undefined {
    this.lastLabel = label;
    const box = this.editable();
    if (!box || box.label === label) return undefined;
    this.annotations = this.annotations.map((a) => (a === box ? { ...box, label } : a));
    return this.annotations;
  }

  /** N: the last label given, again: on the selected box, or for the next box drawn. */
  repeatLastLabel(): readonly Annotation[] | undefined {
    if (this.lastLabel === undefined) return undefined;
    if (this.selected === undefined) {
      this.drawLabel = this.lastLabel;
      return undefined;
    }
    return this.setLabel(this.lastLabel);
  }

  /** Tab / Shift+Tab: the next (previous) visible box, in the order they were made. */
  cycle(forward: boolean): string | undefined {
    const visible = this.boxes().filter((b) => !this.hidden.has(b.id));
    if (visible.length === 0) return undefined;
    const at = visible.findIndex((b) => b.id === this.selected);
    const next = at < 0 ? (forward ? 0 : visible.length - 1) : (at + (forward ? 1 : -1) + visible.length) % visible.length;
    this.selected = visible[next]?.id;
    return this.selected;
  }

  /** H: hides the selected box (it keeps its place and its label), or shows every box again. */
  toggleHidden(): void {
    if (this.selected !== undefined) {
      if (this.hidden.has(this.selected)) this.hidden.delete(this.selected);
      else this.hidden.add(this.selected);
      this.selected = undefined;
    } else {
      this.hidden.clear();
    }
  }

  /** L: a locked box can still be selected, but not moved, resized, nudged, relabelled or deleted. */
  toggleLocked(): void {
    if (this.selected === undefined) return;
    if (this.locked.has(this.selected)) this.locked.delete(this.selected);
    else this.locked.add(this.selected);
  }

  private editable(): BoxAnnotation | undefined {
    const box = this.box(this.selected);
    return box && !this.locked.has(box.id) ? box : undefined;
  }

  private setRect(id: string, r: Rect): boolean {
    const box = this.box(id);
    if (!box || (box.x0 === r.x0 && box.y0 === r.y0 && box.x1 === r.x1 && box.y1 === r.y1)) return false;
    this.annotations = this.annotations.map((a) => (a === box ? { ...box, ...r } : a));
    return true;
  }
}
