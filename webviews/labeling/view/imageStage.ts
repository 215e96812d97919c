/**
 * The image editor's stage: two stacked canvases (no DOM node per box), the pointer gestures of
 * the box editor (draw, move, resize, Space-drag or middle-button pan), wheel zoom around the
 * pointer, fit, and the redraw loop. Pointer moves are coalesced to one update per animation
 * frame; each frame's work is measured (`performance.measure('labeling:frame')`) for the bench.
 * In classification the same stage shows the image; a drag pans and nothing is drawn.
 */
import type { BoxAnnotation, SampleDetail } from '../../protocol/labeling';
import { cursorFor, fit, imagePixel, maxScale, minScale, type Point, type Size, toImage, wheelFactor, zoomAt } from '../geometry';
import type { LabelingController } from '../controller';
import type { LabelingModel } from '../model';
import { h } from '../../common/dom';
import { type CanvasTheme, drawBase, drawOverlay, readCanvasTheme } from './canvasDraw';
import type { ImageStore } from './images';

const zoomStep = 1.25;

export class ImageStage {
  readonly element: HTMLElement;
  private readonly base: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private size: Size = { width: 1, height: 1 };
  private bitmap: ImageBitmap | undefined;
  private shownId: string | undefined;
  private theme: CanvasTheme;
  private pointer: Point | undefined;
  private pending: { base: boolean; overlay: boolean } = { base: false, overlay: false };
  private frame: number | undefined;
  private queuedMove: Point | undefined;
  private spaceDown = false;
  /** The user zoomed or panned: a resize keeps their view instead of fitting again. */
  private userView = false;
  /** performance.now() of the key press that asked for the sample being shown, for `labeling:show-sample`. */
  showRequestedAt: number | undefined;

  constructor(
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly images: ImageStore,
    private readonly onChange: () => void,
  ) {
    this.theme = readCanvasTheme();
    this.base = h('canvas', { class: 'stage-base', attrs: { 'aria-hidden': 'true' } });
    this.overlay = h('canvas', { class: 'stage-overlay', attrs: { tabindex: 0, role: 'application' } });
    this.element = h('div', { class: 'stage' }, [this.base, this.overlay]);
    new ResizeObserver(() => this.resize()).observe(this.element);
    this.overlay.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.overlay.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.overlay.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.overlay.addEventListener('pointercancel', () => this.cancelGesture());
    this.overlay.addEventListener('pointerleave', () => {
      this.pointer = undefined;
      this.schedule(false, true);
    });
    this.overlay.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    window.addEventListener('keydown', (e) => {
      if (e.code === 'Space' && !e.ctrlKey && !e.metaKey && this.isActive()) {
        this.spaceDown = true;
        this.overlay.style.cursor = 'grab';
      }
    });
    window.addEventListener('keyup', (e) => {
      if (e.code === 'Space') this.spaceDown = false;
    });
  }

  focus(): void {
    this.overlay.focus({ preventScroll: true });
  }

  /** Shows `detail`: at once when its image is decoded already (preloaded), else when it is. */
  show(detail: SampleDetail): void {
    const image = detail.image;
    if (!image) return;
    const sameSample = this.shownId === detail.id;
    this.shownId = detail.id;
    const ready = this.images.peek(image.uri);
    if (ready) this.useBitmap(detail, ready, sameSample);
    else {
      if (!sameSample) this.bitmap = undefined;
      this.images.get(image.uri).then(
        (bitmap) => {
          if (this.shownId === detail.id) this.useBitmap(detail, bitmap, sameSample);
        },
        () => undefined,
      );
    }
    this.schedule(true, true);
  }

  /** Annotations or selection changed: both layers. */
  redraw(): void {
    this.schedule(true, true);
  }

  retheme(): void {
    this.theme = readCanvasTheme();
    this.schedule(true, true);
  }

  fitView(): void {
    const img = this.model.boxes.image;
    this.model.boxes.viewport = fit(img, this.size);
    this.userView = false;
    this.schedule(true, true);
    this.onChange();
  }

  zoomBy(factor: number, at?: Point): void {
    const img = this.model.boxes.image;
    const center = at ?? { x: this.size.width / 2, y: this.size.height / 2 };
    this.model.boxes.viewport = zoomAt(this.model.boxes.viewport, center, factor, { min: minScale(img, this.size), max: maxScale });
    this.userView = true;
    this.schedule(true, true);
    this.onChange();
  }

  zoomIn(): void {
    this.zoomBy(zoomStep);
  }

  zoomOut(): void {
    this.zoomBy(1 / zoomStep);
  }

  private isActive(): boolean {
    return this.element.isConnected && this.model.ui.mode === 'editor';
  }

  private detection(): boolean {
    return this.model.kind() === 'object-detection';
  }

  private useBitmap(detail: SampleDetail, bitmap: ImageBitmap, sameSample: boolean): void {
    this.bitmap = bitmap;
    const image = detail.image;
    // No size in the platform's metadata: the decoded image's own.
    if (image && (image.width === 0 || image.height === 0)) this.model.boxes.image = { width: bitmap.width, height: bitmap.height };
    if (!sameSample || !this.userView) {
      this.model.boxes.viewport = fit(this.model.boxes.image, this.size);
      this.userView = false;
    }
    this.schedule(true, true);
    this.onChange();
  }

  private resize(): void {
    const r = this.element.getBoundingClientRect();
    const w = Math.max(1, Math.floor(r.width));
    const hgt = Math.max(1, Math.floor(r.height));
    if (w === this.size.width && hgt === this.size.height) return;
    this.size = { width: w, height: hgt };
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.base, this.overlay]) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(hgt * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${hgt}px`;
    }
    if (!this.userView) this.model.boxes.viewport = fit(this.model.boxes.image, this.size);
    this.schedule(true, true);
  }

  private local(e: MouseEvent): Point {
    const r = this.overlay.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 && e.button !== 1) return;
    e.preventDefault();
    this.focus();
    this.overlay.setPointerCapture(e.pointerId);
    const pan = this.spaceDown || e.button === 1 || !this.detection();
    const editor = this.model.boxes;
    const before = editor.selected;
    editor.pointerDown(this.local(e), { pan });
    if (pan) this.userView = true;
    if (editor.selected !== before) this.onChange();
    this.schedule(true, true);
  }

  private onPointerMove(e: PointerEvent): void {
    const p = this.local(e);
    const editor = this.model.boxes;
    this.pointer = this.detection() ? imagePixel(editor.viewport, p, editor.image) : undefined;
    if (this.pointer && !insideImage(toImage(editor.viewport, p), editor.image)) this.pointer = undefined;
    if (editor.gesture) this.queuedMove = p;
    else if (this.detection()) this.overlay.style.cursor = this.spaceDown ? 'grab' : cursorFor(editor.hitAt(p), this.lockedAt(p));
    this.schedule(false, true);
  }

  private onPointerUp(e: PointerEvent): void {
    const editor = this.model.boxes;
    if (!editor.gesture) return;
    if (this.queuedMove) editor.pointerMove(this.queuedMove);
    this.queuedMove = undefined;
    const committed = editor.pointerUp(this.local(e));
    if (committed) this.controller.commit(committed);
    this.schedule(true, true);
    this.onChange();
  }

  private cancelGesture(): void {
    if (this.model.boxes.cancel()) this.schedule(true, true);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    this.zoomBy(wheelFactor(e.deltaY, e.deltaMode), this.local(e));
  }

  private lockedAt(p: Point): boolean {
    const hit = this.model.boxes.hitAt(p);
    return hit !== undefined && this.model.boxes.locked.has(hit.id);
  }

  private schedule(base: boolean, overlay: boolean): void {
    this.pending = { base: this.pending.base || base, overlay: this.pending.overlay || overlay };
    this.frame ??= requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    const started = performance.now();
    this.frame = undefined;
    const editor = this.model.boxes;
    let { base, overlay } = this.pending;
    this.pending = { base: false, overlay: false };
    if (this.queuedMove && editor.gesture) {
      const kind = editor.gesture.kind;
      editor.pointerMove(this.queuedMove);
      this.queuedMove = undefined;
      // A pan moves the image (both layers); a box drag moves the overlay alone.
      if (kind === 'pan') base = true;
      overlay = true;
    }
    const dpr = window.devicePixelRatio || 1;
    const active = editor.activeId();
    const color = (label: string) => this.model.labelColor(label);
    const boxes = this.detection() ? editor.boxes() : [];
    if (base) {
      const ctx = this.base.getContext('2d');
      if (ctx) {
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        const skip = new Set<string>();
        // The selected box is drawn on the overlay with its handles.
        if (active !== undefined) skip.add(active);
        if (editor.selected !== undefined) skip.add(editor.selected);
        drawBase(
          ctx,
          this.size,
          {
            image: this.bitmap,
            imageSize: editor.image,
            viewport: editor.viewport,
            boxes,
            skip,
            hidden: editor.hidden,
            locked: editor.locked,
            color,
          },
          this.theme,
        );
      }
    }
    if (overlay || base) {
      const ctx = this.overlay.getContext('2d');
      if (ctx) {
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        const focusId = active ?? editor.selected;
        const focus: BoxAnnotation | undefined = focusId !== undefined && !editor.hidden.has(focusId) ? editor.box(focusId) : undefined;
        const drawing = editor.drawingRect();
        const g = editor.gesture;
        drawOverlay(
          ctx,
          this.size,
          {
            viewport: editor.viewport,
            imageSize: editor.image,
            focus,
            focusLocked: focus !== undefined && editor.locked.has(focus.id),
            drawing: drawing && g?.kind === 'draw' ? { rect: drawing, color: color(g.label) } : undefined,
            pointer: this.pointer,
            color,
          },
          this.theme,
        );
      }
    }
    const ended = performance.now();
    performance.measure('labeling:frame', { start: started, end: ended });
    if (this.showRequestedAt !== undefined && this.bitmap) {
      performance.measure('labeling:show-sample', { start: this.showRequestedAt, end: ended });
      this.showRequestedAt = undefined;
    }
    // User Timing entries pile up otherwise; the bench reads them often enough.
    if (performance.getEntriesByName('labeling:frame').length > 5000) performance.clearMeasures('labeling:frame');
  }
}

function insideImage(p: Point, image: Size): boolean {
  return p.x >= 0 && p.y >= 0 && p.x <= image.width && p.y <= image.height;
}
