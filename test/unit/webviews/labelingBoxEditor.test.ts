import assert from 'node:assert/strict';
import type { Annotation, BoxAnnotation } from '../../../webviews/protocol/labeling';
import { BoxEditor } from '../../../webviews/labeling/boxEditor';
import { handlePoint, toScreen, type Viewport } from '../../../webviews/labeling/geometry';

const image = { width: 640, height: 480 };
const box = (id: string, x0: number, y0: number, x1: number, y1: number, label = 'car'): BoxAnnotation => ({
  type: 'box',
  id,
  label,
  x0,
  y0,
  x1,
  y1,
});

function editor(annotations: readonly Annotation[] = [], viewport: Viewport = { scale: 1, tx: 0, ty: 0 }): BoxEditor {
  const e = new BoxEditor();
  e.load(annotations, image);
  e.viewport = viewport;
  e.drawLabel = 'car';
  return e;
}

/** Drags from image point a to b (through the screen, as the pointer does). */
function drag(e: BoxEditor, a: { x: number; y: number }, b: { x: number; y: number }, steps = 4): readonly Annotation[] | undefined {
  const sa = toScreen(e.viewport, a);
  const sb = toScreen(e.viewport, b);
  e.pointerDown(sa, { pan: false });
  for (let i = 1; i <= steps; i++) e.pointerMove({ x: sa.x + ((sb.x - sa.x) * i) / steps, y: sa.y + ((sb.y - sa.y) * i) / steps });
  return e.pointerUp(sb);
}

describe('webviews/labeling/boxEditor', () => {
  it('draws a box by dragging, in whole image pixels at any zoom, with the chosen label', () => {
    for (const viewport of [
      { scale: 1, tx: 0, ty: 0 },
      { scale: 3.7, tx: -200.3, ty: -91.1 },
      { scale: 0.31, tx: 40, ty: 12 },
    ]) {
      const e = editor([], viewport);
      const out = drag(e, { x: 50.2, y: 60.7 }, { x: 210.4, y: 170.2 });
      assert.ok(out);
      const b = e.boxes()[0] as BoxAnnotation;
      assert.deepEqual([b.x0, b.y0, b.x1, b.y1, b.label], [50, 61, 210, 170, 'car']);
      assert.equal(e.selected, b.id);
    }
    // A click (no drag) draws nothing; with no label chosen, nothing either.
    const e = editor();
    assert.equal(drag(e, { x: 10, y: 10 }, { x: 11, y: 10 }), undefined);
    e.drawLabel = undefined;
    assert.equal(drag(e, { x: 10, y: 10 }, { x: 100, y: 100 }), undefined);
    assert.equal(e.boxes().length, 0);
  });

  it('moves and resizes with handles; a zoomed resize moves only the dragged edge', () => {
    const e = editor([box('a', 100, 100, 200, 150)], { scale: 5.3, tx: -300, ty: -250 });
    e.selected = 'a';
    const east = handlePoint(e.box('a') as BoxAnnotation, 'e');
    const out = drag(e, east, { x: east.x + 13.4, y: east.y + 40 });
    assert.ok(out);
    assert.deepEqual(e.box('a'), box('a', 100, 100, 213, 150));
    // Moving keeps the size.
    drag(e, { x: 150, y: 120 }, { x: 160.2, y: 109.6 });
    assert.deepEqual(e.box('a'), box('a', 110, 90, 223, 140));
    // A handle grabbed a little off its centre: the edge moves by as much as the pointer, no jump.
    const e2 = editor([box('b', 100, 100, 200, 150)], { scale: 2, tx: 0, ty: 0 });
    e2.selected = 'b';
    e2.pointerDown({ x: 200 * 2 + 4, y: 125 * 2 }, { pan: false });
    e2.pointerMove({ x: 200 * 2 + 4 + 20, y: 125 * 2 + 9 });
    assert.ok(e2.pointerUp({ x: 200 * 2 + 4 + 20, y: 125 * 2 + 9 }));
    assert.deepEqual(e2.box('b'), box('b', 100, 100, 210, 150));
    // A move that ends where it began commits nothing.
    assert.equal(drag(e, { x: 150, y: 120 }, { x: 150, y: 120 }), undefined);
  });

  it('locked boxes select but do not move, nudge, relabel or delete; hidden ones are not hit', () => {
    const e = editor([box('a', 10, 10, 50, 50), box('b', 100, 100, 150, 150)]);
    e.selected = 'a';
    e.toggleLocked();
    assert.equal(drag(e, { x: 30, y: 30 }, { x: 80, y: 80 }), undefined);
    assert.equal(e.selected, 'a');
    assert.equal(e.nudge(1, 0), undefined);
    assert.equal(e.setLabel('bus'), undefined);
    assert.equal(e.deleteSelected(), undefined);
    e.toggleLocked();
    assert.ok(e.nudge(10, 0));
    assert.deepEqual(e.box('a'), box('a', 20, 10, 60, 50));
    e.selected = 'b';
    e.toggleHidden();
    assert.equal(e.hitAt({ x: 120, y: 120 }), undefined);
    e.toggleHidden(); // nothing selected: show all again
    assert.deepEqual(e.hitAt({ x: 120, y: 120 }), { kind: 'body', id: 'b' });
  });

  it('Tab cycles the visible boxes, Ctrl+D duplicates, Del deletes and selects the next, N repeats the last label', () => {
    const e = editor([box('a', 10, 10, 50, 50), box('b', 100, 100, 150, 150), box('c', 200, 200, 250, 250)]);
    assert.deepEqual([e.cycle(true), e.cycle(true), e.cycle(true), e.cycle(true)], ['a', 'b', 'c', 'a']);
    assert.equal(e.cycle(false), 'c');
    e.selected = 'b';
    e.toggleHidden();
    e.selected = 'a';
    assert.equal(e.cycle(true), 'c', 'hidden b is skipped');
    e.selected = 'a';
    const dup = e.duplicateSelected();
    assert.ok(dup);
    const copy = e.box(e.selected) as BoxAnnotation;
    assert.notEqual(copy.id, 'a');
    assert.deepEqual([copy.x0, copy.y0, copy.x1, copy.y1], [20, 20, 60, 60]);
    e.selected = 'a';
    e.deleteSelected();
    assert.equal(e.selected, 'b');
    e.setLabel('bus');
    assert.equal(e.box('b')?.label, 'bus');
    e.selected = 'c';
    e.repeatLastLabel();
    assert.equal(e.box('c')?.label, 'bus');
    e.selected = undefined;
    e.drawLabel = 'car';
    e.repeatLastLabel();
    assert.equal(e.drawLabel, 'bus', 'with nothing selected, N sets the label of the next box');
  });

  it('Esc undoes a drag in progress, Space-drag pans without touching a box', () => {
    const e = editor([box('a', 10, 10, 50, 50)]);
    e.pointerDown({ x: 30, y: 30 }, { pan: false });
    e.pointerMove({ x: 90, y: 90 });
    assert.equal(e.box('a')?.x0, 70);
    assert.ok(e.cancel());
    assert.deepEqual(e.box('a'), box('a', 10, 10, 50, 50));
    e.pointerDown({ x: 30, y: 30 }, { pan: true });
    e.pointerMove({ x: 80, y: 40 });
    assert.equal(e.pointerUp({ x: 80, y: 40 }), undefined);
    assert.deepEqual(e.viewport, { scale: 1, tx: 50, ty: 10 });
    assert.deepEqual(e.box('a'), box('a', 10, 10, 50, 50));
  });

  it('keeps shapes it does not edit, untouched, through every edit', () => {
    const polygon: Annotation = {
      type: 'other',
      id: 'p',
      label: 'car',
      shape: 'polygon',
      extra: { property: { '@modelarts:shape': 'polygon' } },
    };
    const e = editor([polygon, box('a', 10, 10, 50, 50)]);
    e.selected = 'a';
    e.nudge(1, 1);
    e.duplicateSelected();
    e.deleteSelected();
    assert.equal(e.annotations[0], polygon);
  });
});
