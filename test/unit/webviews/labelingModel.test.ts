import assert from 'node:assert/strict';
import type { Annotation, LabelingStateParams, SampleDetail, SamplePage } from '../../../webviews/protocol/labeling';
import { GridSelection, gridLayout, SampleWindow, visibleRange } from '../../../webviews/labeling/grid';
import { History } from '../../../webviews/labeling/history';
import { actionFor, type KeyInput, shortcuts } from '../../../webviews/labeling/keys';
import { messageTables } from '../../../webviews/labeling/i18n';
import { LabelingModel } from '../../../webviews/labeling/model';
import { defaultUiState, restoreUiState } from '../../../webviews/labeling/uiState';

function state(kind: LabelingStateParams['kind'], multiLabel = false): LabelingStateParams {
  return {
    datasetId: 'd1',
    name: 'pets',
    kind,
    multiLabel,
    total: 3,
    labelled: 0,
    labels: ['cat', 'dog', 'bird'].map((name, i) => ({ name, color: `#00000${i}`, count: 0, sampleCount: 0 })),
    pendingSaves: 0,
    conflicts: [],
  };
}

const detail = (id: string, annotations: Annotation[] = [], extra: Partial<SampleDetail> = {}): SampleDetail => ({
  id,
  name: `${id}.png`,
  image: { uri: `https://x/${id}`, width: 100, height: 80, key: id },
  hard: false,
  annotations,
  ...extra,
});

function page(offset: number, count: number, total: number): SamplePage {
  return {
    total,
    offset,
    items: Array.from({ length: count }, (_, i) => ({ id: `s${offset + i}`, name: `s${offset + i}.png`, labels: [], hard: false })),
  };
}

const key = (k: Partial<KeyInput>): KeyInput => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...k,
});

describe('webviews/labeling/model', () => {
  it('single-label classification replaces the class; the same key again clears it', () => {
    const m = new LabelingModel();
    m.applyState(state('image-classification'));
    m.open(detail('a'), 0);
    m.toggleClass('cat');
    m.toggleClass('dog');
    assert.deepEqual(m.annotations(), [{ type: 'class', label: 'dog' }]);
    m.toggleClass('dog');
    assert.deepEqual(m.annotations(), []);
    assert.equal(m.saveInfo('a').status, 'editing');
    assert.deepEqual(m.ui.unsaved, { sampleId: 'a', annotations: [] });
  });

  it('multi-label toggles each label beside the others', () => {
    const m = new LabelingModel();
    m.applyState(state('image-classification', true));
    m.open(detail('a'), 0);
    m.toggleClass('cat');
    m.toggleClass('bird');
    m.toggleClass('cat');
    assert.deepEqual(m.annotations(), [{ type: 'class', label: 'bird' }]);
  });

  it('undo and redo per sample survive saves and going to another sample and back', () => {
    const m = new LabelingModel();
    m.applyState(state('image-classification'));
    m.open(detail('a'), 0);
    m.toggleClass('cat');
    m.saving('a');
    m.saved('a', { state: 'saved' }, false);
    m.toggleClass('dog');
    m.open(detail('b'), 1);
    assert.equal(m.canUndo(), false, 'b has its own stack');
    // Back to a: the host's copy is what was saved last (dog), the stack is still there.
    m.open(detail('a', [{ type: 'class', label: 'dog' }]), 0);
    assert.ok(m.undo());
    assert.deepEqual(m.annotations(), [{ type: 'class', label: 'cat' }]);
    assert.ok(m.undo());
    assert.deepEqual(m.annotations(), []);
    assert.equal(m.undo(), false);
    assert.ok(m.redo());
    assert.deepEqual(m.annotations(), [{ type: 'class', label: 'cat' }]);
  });

  it('pending edits from the journal are what the editor shows', () => {
    const m = new LabelingModel();
    m.applyState(state('image-classification'));
    m.open(detail('a', [], { pending: [{ type: 'class', label: 'bird' }] }), 0);
    assert.deepEqual(m.annotations(), [{ type: 'class', label: 'bird' }]);
    assert.equal(m.saveInfo('a').status, 'pending');
  });

  it('a label renamed or deleted reaches the open sample and its undo stack', () => {
    const m = new LabelingModel();
    m.applyState(state('object-detection'));
    m.open(detail('a'), 0);
    m.commit([{ type: 'box', id: 'b1', label: 'cat', x0: 1, y0: 1, x1: 5, y1: 5 }]);
    m.commit([...m.annotations(), { type: 'box', id: 'b2', label: 'dog', x0: 1, y0: 1, x1: 5, y1: 5 }]);
    m.renameLabel('cat', 'kitten');
    assert.deepEqual(
      m.annotations().map((a) => a.label),
      ['kitten', 'dog'],
    );
    m.deleteLabel('dog');
    assert.deepEqual(
      m.annotations().map((a) => a.label),
      ['kitten'],
    );
    m.undo();
    assert.deepEqual(
      m.annotations().map((a) => a.label),
      ['kitten'],
      'the step before (one box) has the new name',
    );
  });

  it('entities: a span once per label, removed by id', () => {
    const m = new LabelingModel();
    m.applyState(state('text-entity'));
    m.open({ id: 't', name: 't#L1', text: '华为云 🚀', hard: false, annotations: [] }, 0);
    const s = m.addSpan(0, 3, 'cat');
    assert.ok(s);
    assert.equal(m.addSpan(0, 3, 'cat'), undefined);
    assert.ok(m.addSpan(0, 3, 'dog'));
    assert.ok(m.removeAnnotation(s.id));
    assert.deepEqual(
      m.annotations().map((a) => a.label),
      ['dog'],
    );
  });

  it('a conflict stays until the user chooses, and the choice is what the sample holds', () => {
    const m = new LabelingModel();
    m.applyState(state('image-classification'));
    m.open(detail('a'), 0);
    m.toggleClass('cat');
    m.saved('a', { state: 'conflict', mine: [{ type: 'class', label: 'cat' }], theirs: [{ type: 'class', label: 'dog' }] }, false);
    m.toggleClass('bird');
    assert.equal(m.saveInfo('a').status, 'conflict');
    m.resolved('a', { state: 'saved' }, [{ type: 'class', label: 'dog' }]);
    assert.deepEqual(m.annotations(), [{ type: 'class', label: 'dog' }]);
    assert.equal(m.saveInfo('a').status, 'saved');
  });
});

describe('webviews/labeling/grid', () => {
  it('lays out columns and mounts only the rows in view', () => {
    const layout = gridLayout(1000, 140, 24, 8);
    assert.equal(layout.columns, 6);
    const r = visibleRange(layout, 100_000, 900, 100_000, 1);
    assert.ok(r.end - r.first <= layout.columns * 10, `${r.end - r.first} cells`);
    assert.equal(r.first % layout.columns, 0);
    assert.ok(r.first * (layout.rowHeight / layout.columns) <= 100_000 + 1);
  });

  it('pages in on demand, once each, and drops answers to an old filter', () => {
    const w = new SampleWindow({ state: 'all' });
    assert.deepEqual(w.claim(0, 30), [0]);
    assert.deepEqual(w.claim(0, 30), [], 'asked already');
    const gen = w.generation;
    assert.ok(w.settle(gen, 0, page(0, 100, 100_000)));
    assert.equal(w.at(99)?.id, 's99');
    assert.deepEqual(w.claim(50_020, 50_080), [500]);
    assert.ok(w.setFilter({ state: 'unlabelled' }));
    assert.equal(w.settle(gen, 500, page(50_000, 100, 100_000)), false, 'old filter');
    assert.equal(w.total, undefined);
    assert.equal(w.setFilter({ state: 'unlabelled' }), false);
    // Far pages are evicted, the ones near the viewport kept.
    const g = w.generation;
    for (let p = 0; p < 60; p++) {
      w.claim(p * 100, p * 100 + 1);
      w.settle(g, p, page(p * 100, 100, 10_000), 59 * 100);
    }
    assert.equal(w.at(0), undefined);
    assert.equal(w.at(5950)?.id, 's5950');
    assert.equal(w.indexOf('s5950'), 5950);
  });

  it('selects with click, Ctrl+click and Shift+click ranges', () => {
    const s = new GridSelection();
    const idAt = (i: number) => `s${i}`;
    s.click(2, 's2', { toggle: false, range: false }, idAt);
    s.click(5, 's5', { toggle: false, range: true }, idAt);
    assert.deepEqual([...s.ids].sort(), ['s2', 's3', 's4', 's5']);
    s.click(9, 's9', { toggle: true, range: false }, idAt);
    s.click(3, 's3', { toggle: true, range: false }, idAt);
    assert.deepEqual([...s.ids].sort(), ['s2', 's4', 's5', 's9']);
  });
});

describe('webviews/labeling/history', () => {
  it('commits, undoes, redoes; a new edit drops the redo branch', () => {
    const a: Annotation[] = [];
    const b: Annotation[] = [{ type: 'class', label: 'x' }];
    const c: Annotation[] = [{ type: 'class', label: 'y' }];
    const h = new History(a);
    h.commit(b);
    h.commit(c);
    assert.equal(h.undo(), b);
    assert.equal(h.undo(), a);
    assert.equal(h.undo(), undefined);
    assert.equal(h.redo(), b);
    h.commit(c);
    assert.equal(h.canRedo, false);
  });
});

describe('webviews/labeling/keys', () => {
  it('maps the shortcuts users know, digits by their physical key', () => {
    assert.deepEqual(actionFor(key({ key: 'ArrowRight', ctrlKey: true }), 'detection'), { action: 'next' });
    assert.deepEqual(actionFor(key({ key: 'Enter', metaKey: true }), 'classification'), { action: 'saveAndNext' });
    assert.deepEqual(actionFor(key({ key: ' ', code: 'Space', ctrlKey: true }), 'text'), { action: 'skip' });
    assert.deepEqual(actionFor(key({ key: 'Z', ctrlKey: true, shiftKey: true }), 'detection'), { action: 'redo' });
    assert.deepEqual(actionFor(key({ key: '0', code: 'Digit0', ctrlKey: true }), 'detection'), { action: 'boxLabel', index: 9 });
    assert.deepEqual(actionFor(key({ key: '!', code: 'Digit1', shiftKey: true }), 'classification'), { action: 'toggleLabel', index: 0 });
    assert.deepEqual(actionFor(key({ key: 'ArrowUp', shiftKey: true }), 'detection'), { action: 'nudge', dx: 0, dy: -10 });
    assert.deepEqual(actionFor(key({ key: 'Tab', shiftKey: true }), 'detection'), { action: 'cyclePrevious' });
    assert.deepEqual(actionFor(key({ key: 'd', ctrlKey: true }), 'detection'), { action: 'duplicate' });
    assert.equal(actionFor(key({ key: 'h' }), 'classification'), undefined);
    assert.deepEqual(actionFor(key({ key: '?' }), 'grid'), { action: 'help' });
    assert.deepEqual(actionFor(key({ key: '3', code: 'Digit3' }), 'grid'), { action: 'toggleLabel', index: 2 });
  });

  it('every shortcut in the overlay has a description in both languages', () => {
    for (const s of shortcuts)
      for (const [locale, table] of Object.entries(messageTables)) assert.ok(table[s.describe], `${locale} ${s.describe}`);
  });

  it('the Chinese table translates every string', () => {
    const en = messageTables.en as Record<string, string>;
    const zh = messageTables['zh-cn'] as Record<string, string>;
    const same = Object.keys(en).filter((k) => en[k] === zh[k] && /[a-z]{3}/i.test((en[k] as string).replace(/\{\w+\}/g, '')));
    assert.deepEqual(same, []);
  });
});

describe('webviews/labeling/uiState', () => {
  it('restores what was saved and falls back field by field on bad values', () => {
    const m = new LabelingModel(defaultUiState());
    m.setFilter({ state: 'labelled', label: 'cat', search: 'img_' });
    const saved = JSON.parse(
      JSON.stringify({
        ...m.ui,
        mode: 'editor',
        sampleId: 's1',
        unsaved: { sampleId: 's1', annotations: [{ type: 'class', label: 'cat' }] },
      }),
    );
    const back = restoreUiState(saved);
    assert.deepEqual(back.filter, { state: 'labelled', label: 'cat', search: 'img_' });
    assert.equal(back.mode, 'editor');
    assert.deepEqual(back.unsaved?.annotations, [{ type: 'class', label: 'cat' }]);
    const bad = restoreUiState({
      version: 1,
      filter: { state: 'nope' },
      scrollTop: -5,
      mode: 'editor',
      unsaved: { sampleId: 's', annotations: 'x' },
    });
    assert.deepEqual(bad.filter, { state: 'all' });
    assert.equal(bad.mode, 'grid', 'no sample to open');
    assert.equal(bad.unsaved, undefined);
    assert.deepEqual(restoreUiState('garbage'), defaultUiState());
  });
});
