import assert from 'node:assert/strict';
import {
  cursorFor,
  fit,
  handlePoint,
  handleReach,
  hitTest,
  imagePixel,
  moveRect,
  resizeRect,
  toImage,
  toScreen,
  type Viewport,
  wheelFactor,
  zoomAt,
} from '../../../webviews/labeling/geometry';

const image = { width: 1000, height: 800 };
const limits = { min: 0.01, max: 64 };

describe('webviews/labeling/geometry', () => {
  it('fits the image in the view, centred with a margin, and maps screen to image and back', () => {
    const v = fit(image, { width: 532, height: 432 });
    assert.equal(v.scale, 0.5);
    assert.deepEqual([v.tx, v.ty], [16, 16]);
    const p = { x: 123.5, y: 77.25 };
    const back = toImage(v, toScreen(v, p));
    assert.ok(Math.abs(back.x - p.x) < 1e-9 && Math.abs(back.y - p.y) < 1e-9);
    // A small image is enlarged to fill the view.
    assert.equal(fit({ width: 16, height: 12 }, { width: 332, height: 332 }).scale, 18.75);
  });

  it('wheel zoom keeps the image point under the cursor where it is, at every step', () => {
    let v: Viewport = fit(image, { width: 1032, height: 832 });
    const cursor = { x: 301, y: 207 };
    const under = toImage(v, cursor);
    for (const f of [1.2, 1.2, 3, 10, 0.5, 0.1, 7]) {
      v = zoomAt(v, cursor, f, limits);
      const now = toImage(v, cursor);
      assert.ok(Math.abs(now.x - under.x) < 1e-9 && Math.abs(now.y - under.y) < 1e-9, `after ×${f}`);
    }
    // The limits hold, and the point still stays put at the limit.
    v = zoomAt(v, cursor, 1e6, limits);
    assert.equal(v.scale, 64);
    const at = toImage(v, cursor);
    assert.ok(Math.abs(at.x - under.x) < 1e-9);
    assert.ok(wheelFactor(-100, 0) > 1 && wheelFactor(100, 0) < 1);
    assert.ok(Math.abs(wheelFactor(3, 1) * wheelFactor(-3, 1) - 1) < 1e-12, 'in and out by the same notches is a no-op');
  });

  it('a pointer becomes a whole image pixel, inside the image, at any zoom and pan', () => {
    for (const v of [
      { scale: 0.37, tx: -41.3, ty: 12.9 },
      { scale: 17.2, tx: -9000.5, ty: -3011.2 },
    ]) {
      const target = { x: 640, y: 333 };
      // Anywhere within the pixel's screen footprint rounds to it.
      const s = toScreen(v, { x: target.x + 0.3, y: target.y - 0.4 });
      assert.deepEqual(imagePixel(v, s, image), target);
    }
    assert.deepEqual(imagePixel({ scale: 1, tx: 0, ty: 0 }, { x: -50, y: 5000 }, image), { x: 0, y: 800 });
  });

  it('resizing one edge leaves the other three exactly as they were, at every zoom', () => {
    const box = { x0: 101, y0: 202, x1: 303, y1: 404 };
    for (const scale of [0.13, 1, 7.5, 41]) {
      const v = { scale, tx: 33.3, ty: -17.7 };
      // Drag the east handle by a few screen pixels: only x1 changes.
      const start = toScreen(v, handlePoint(box, 'e'));
      const p = imagePixel(v, { x: start.x + 37, y: start.y + 11 }, image);
      const r = resizeRect(box, 'e', p, image);
      assert.deepEqual([r.x0, r.y0, r.y1], [101, 202, 404], `scale ${scale}`);
      assert.equal(r.x1, p.x);
      // A corner moves its two edges only.
      const c = resizeRect(box, 'nw', { x: 90, y: 250 }, image);
      assert.deepEqual(c, { x0: 90, y0: 250, x1: 303, y1: 404 });
    }
    // An edge dragged past the opposite one stops a pixel short: the opposite edge never moves.
    assert.deepEqual(resizeRect(box, 'w', { x: 900, y: 0 }, image), { x0: 302, y0: 202, x1: 303, y1: 404 });
    assert.deepEqual(resizeRect(box, 's', { x: 0, y: 5000 }, image), { x0: 101, y0: 202, x1: 303, y1: 800 });
  });

  it('moves keep the size and stop at the image’s edges', () => {
    const box = { x0: 10, y0: 10, x1: 60, y1: 40 };
    assert.deepEqual(moveRect(box, 5.4, -3.6, image), { x0: 15, y0: 6, x1: 65, y1: 36 });
    assert.deepEqual(moveRect(box, -100, 10_000, image), { x0: 0, y0: 770, x1: 50, y1: 800 });
  });

  it('handles are hit within the same screen distance at any zoom; the smallest box under the pointer wins', () => {
    const outer = { id: 'outer', x0: 100, y0: 100, x1: 500, y1: 500 };
    const inner = { id: 'inner', x0: 200, y0: 200, x1: 260, y1: 260 };
    const boxes = [inner, outer];
    for (const scale of [0.05, 0.4, 1, 12]) {
      const v = { scale, tx: 10, ty: 20 };
      const corner = toScreen(v, handlePoint(outer, 'se'));
      assert.deepEqual(hitTest(boxes, 'outer', v, { x: corner.x + handleReach - 1, y: corner.y - handleReach + 1 }), {
        kind: 'handle',
        id: 'outer',
        handle: 'se',
      });
      assert.equal(hitTest(boxes, 'outer', v, { x: corner.x + handleReach + 12, y: corner.y + handleReach + 12 }), undefined);
    }
    const v = { scale: 1, tx: 0, ty: 0 };
    assert.deepEqual(hitTest(boxes, undefined, v, { x: 230, y: 230 }), { kind: 'body', id: 'inner' });
    assert.deepEqual(hitTest(boxes, undefined, v, { x: 400, y: 400 }), { kind: 'body', id: 'outer' });
    // An edge of the selected box grabs like its side handle.
    assert.deepEqual(hitTest(boxes, 'outer', v, { x: 498, y: 300 }), { kind: 'handle', id: 'outer', handle: 'e' });
    // Hidden boxes are not there for the pointer.
    assert.deepEqual(
      hitTest(boxes, undefined, v, { x: 230, y: 230 }, (id) => id === 'inner'),
      { kind: 'body', id: 'outer' },
    );
    // A tiny selected box offers its corners only, so they never hide under the side handles.
    const tiny = { id: 'tiny', x0: 10, y0: 10, x1: 14, y1: 14 };
    assert.equal((hitTest([tiny], 'tiny', { scale: 2, tx: 0, ty: 0 }, { x: 24, y: 20 }) as { handle?: string }).handle?.length, 2);
    assert.equal(cursorFor({ kind: 'handle', id: 'x', handle: 'ne' }, false), 'nesw-resize');
    assert.equal(cursorFor({ kind: 'body', id: 'x' }, true), 'not-allowed');
  });

  it('hit tests 1,000 boxes by the smallest containing one', () => {
    const boxes = Array.from({ length: 1000 }, (_, i) => ({
      id: `b${i}`,
      x0: (i % 40) * 20,
      y0: Math.floor(i / 40) * 20,
      x1: (i % 40) * 20 + 18,
      y1: Math.floor(i / 40) * 20 + 18,
    }));
    assert.deepEqual(hitTest(boxes, undefined, { scale: 1, tx: 0, ty: 0 }, { x: 20 * 7 + 9, y: 20 * 3 + 9 }), { kind: 'body', id: 'b127' });
  });
});
