/**
 * Drawing the image editor's two canvases. The base layer holds the image and every box but the
 * one being dragged, stroked one path per label colour (1,000 boxes are a handful of strokes);
 * the overlay holds what moves with the pointer: the dragged or selected box, its handles, the
 * box being drawn and the full-image crosshair. A drag redraws the overlay alone.
 */
import type { BoxAnnotation } from '../../protocol/labeling';
import { handlePoint, handles, handleSize, type Point, type Rect, type Size, toScreen, type Viewport } from '../geometry';

/** The colours a canvas cannot take from CSS by itself, read from computed style (theme.ts in metrics does the same). */
export interface CanvasTheme {
  readonly background: string;
  readonly crosshair: string;
  readonly handleFill: string;
  readonly text: string;
  readonly fontFamily: string;
}

export function readCanvasTheme(body: HTMLElement = document.body): CanvasTheme {
  const style = getComputedStyle(body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--ma-stage-background', '#1e1e1e'),
    crosshair: v('--ma-crosshair', '#ffffff'),
    handleFill: v('--ma-handle-fill', '#ffffff'),
    text: v('--ma-box-text', '#ffffff'),
    fontFamily: v('--vscode-font-family', 'sans-serif'),
  };
}

/** Boxes whose label is drawn: small or crowded images keep only outlines, which stay legible. */
const maxTagged = 300;

export interface BaseScene {
  readonly image: CanvasImageSource | undefined;
  readonly imageSize: Size;
  readonly viewport: Viewport;
  readonly boxes: readonly BoxAnnotation[];
  /** Left out (drawn on the overlay). */
  readonly skip: ReadonlySet<string>;
  readonly hidden: ReadonlySet<string>;
  readonly locked: ReadonlySet<string>;
  readonly color: (label: string) => string;
}

export function drawBase(ctx: CanvasRenderingContext2D, size: Size, scene: BaseScene, theme: CanvasTheme): void {
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, size.width, size.height);
  const v = scene.viewport;
  if (scene.image) {
    // Zoomed in, pixels stay sharp squares: a labeler places an edge on a pixel, not a blur.
    ctx.imageSmoothingEnabled = v.scale < 2;
    ctx.drawImage(scene.image, v.tx, v.ty, scene.imageSize.width * v.scale, scene.imageSize.height * v.scale);
  }
  const paths = new Map<string, Path2D>();
  const dashed = new Path2D();
  let shown = 0;
  for (const b of scene.boxes) {
    if (scene.skip.has(b.id) || scene.hidden.has(b.id)) continue;
    const color = scene.color(b.label);
    let p = paths.get(color);
    if (!p) paths.set(color, (p = new Path2D()));
    const x = Math.round(b.x0 * v.scale + v.tx) + 0.5;
    const y = Math.round(b.y0 * v.scale + v.ty) + 0.5;
    const w = Math.round((b.x1 - b.x0) * v.scale);
    const h = Math.round((b.y1 - b.y0) * v.scale);
    p.rect(x, y, w, h);
    if (scene.locked.has(b.id)) dashed.rect(x - 2, y - 2, w + 4, h + 4);
    shown++;
  }
  ctx.lineWidth = 1.5;
  for (const [color, p] of paths) {
    ctx.strokeStyle = color;
    ctx.stroke(p);
  }
  if (scene.locked.size > 0) {
    ctx.setLineDash([3, 3]);
    ctx.strokeStyle = theme.crosshair;
    ctx.lineWidth = 1;
    ctx.stroke(dashed);
    ctx.setLineDash([]);
  }
  if (shown <= maxTagged) drawTags(ctx, scene, theme);
}

function drawTags(ctx: CanvasRenderingContext2D, scene: BaseScene, theme: CanvasTheme): void {
  const v = scene.viewport;
  ctx.font = `11px ${theme.fontFamily}`;
  ctx.textBaseline = 'bottom';
  for (const b of scene.boxes) {
    if (scene.skip.has(b.id) || scene.hidden.has(b.id)) continue;
    const w = (b.x1 - b.x0) * v.scale;
    if (w < 28) continue;
    const x = Math.round(b.x0 * v.scale + v.tx);
    const y = Math.round(b.y0 * v.scale + v.ty);
    const text = b.label;
    const tw = Math.min(w, ctx.measureText(text).width + 6);
    ctx.fillStyle = scene.color(b.label);
    ctx.fillRect(x, y - 14, tw, 14);
    ctx.fillStyle = theme.text;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y - 14, tw, 14);
    ctx.clip();
    ctx.fillText(text, x + 3, y - 1);
    ctx.restore();
  }
}

export interface OverlayScene {
  readonly viewport: Viewport;
  readonly imageSize: Size;
  /** The box being dragged, or the selected one (drawn with handles unless locked). */
  readonly focus: BoxAnnotation | undefined;
  readonly focusLocked: boolean;
  readonly drawing: { readonly rect: Rect; readonly color: string } | undefined;
  /** The pointer in image pixels, for the crosshair; undefined when it is outside. */
  readonly pointer: Point | undefined;
  readonly color: (label: string) => string;
}

export function drawOverlay(ctx: CanvasRenderingContext2D, size: Size, scene: OverlayScene, theme: CanvasTheme): void {
  ctx.clearRect(0, 0, size.width, size.height);
  const v = scene.viewport;
  const topLeft = toScreen(v, { x: 0, y: 0 });
  const bottomRight = toScreen(v, { x: scene.imageSize.width, y: scene.imageSize.height });
  if (scene.pointer) {
    // Full-image guides, on the pixel edge the next corner would snap to.
    const s = toScreen(v, scene.pointer);
    const x = Math.round(s.x) + 0.5;
    const y = Math.round(s.y) + 0.5;
    ctx.strokeStyle = theme.crosshair;
    ctx.globalAlpha = 0.7;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.max(0, topLeft.x), y);
    ctx.lineTo(Math.min(size.width, bottomRight.x), y);
    ctx.moveTo(x, Math.max(0, topLeft.y));
    ctx.lineTo(x, Math.min(size.height, bottomRight.y));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }
  if (scene.drawing) strokeRect(ctx, v, scene.drawing.rect, scene.drawing.color, 2, [6, 3], 0.12);
  const f = scene.focus;
  if (!f) return;
  const color = scene.color(f.label);
  strokeRect(ctx, v, f, color, 2, scene.focusLocked ? [3, 3] : [], 0.18);
  if (scene.focusLocked) return;
  const s0 = toScreen(v, { x: f.x0, y: f.y0 });
  const s1 = toScreen(v, { x: f.x1, y: f.y1 });
  const small = s1.x - s0.x < 3 * handleSize || s1.y - s0.y < 3 * handleSize;
  ctx.lineWidth = 1.5;
  for (const h of handles) {
    if (small && h.length === 1) continue;
    const c = toScreen(v, handlePoint(f, h));
    const x = Math.round(c.x - handleSize / 2) + 0.5;
    const y = Math.round(c.y - handleSize / 2) + 0.5;
    ctx.fillStyle = theme.handleFill;
    ctx.fillRect(x, y, handleSize, handleSize);
    ctx.strokeStyle = color;
    ctx.strokeRect(x, y, handleSize, handleSize);
  }
}

function strokeRect(
  ctx: CanvasRenderingContext2D,
  v: Viewport,
  r: Rect,
  color: string,
  width: number,
  dash: number[],
  fillAlpha: number,
): void {
  const x = Math.round(r.x0 * v.scale + v.tx) + 0.5;
  const y = Math.round(r.y0 * v.scale + v.ty) + 0.5;
  const w = Math.round((r.x1 - r.x0) * v.scale);
  const h = Math.round((r.y1 - r.y0) * v.scale);
  ctx.globalAlpha = fillAlpha;
  ctx.fillStyle = color;
  ctx.fillRect(x, y, w, h);
  ctx.globalAlpha = 1;
  ctx.setLineDash(dash);
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.strokeRect(x, y, w, h);
  ctx.setLineDash([]);
}
