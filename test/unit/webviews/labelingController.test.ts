import assert from 'node:assert/strict';
import { autosaveDebounceMs, type LabelingHostApi, LabelingController, type LabelingViewPort } from '../../../webviews/labeling/controller';
import { messagesFor } from '../../../webviews/labeling/i18n';
import { LabelingModel } from '../../../webviews/labeling/model';
import { defaultUiState, type UiState } from '../../../webviews/labeling/uiState';
import type { Annotation, ApplyLabelParams, LabelingStateParams, SampleDetail, SaveParams } from '../../../webviews/protocol/labeling';

const state: LabelingStateParams = {
  datasetId: 'd',
  name: 'pets',
  kind: 'image-classification',
  multiLabel: false,
  total: 250,
  labelled: 0,
  labels: ['cat', 'dog'].map((name) => ({ name, color: '#123456', count: 0, sampleCount: 0 })),
  pendingSaves: 0,
  conflicts: [],
};

/** A host over 250 samples that records what it was asked; saves answer at once. */
function fakeHost() {
  const asked: { method: string; params: unknown }[] = [];
  const saved: SaveParams[] = [];
  const stored = new Map<string, readonly Annotation[]>();
  const detail = (id: string): SampleDetail => ({
    id,
    name: `${id}.png`,
    image: { uri: `u:${id}`, width: 10, height: 10, key: id },
    hard: false,
    annotations: [...(stored.get(id) ?? [])],
  });
  const host: LabelingHostApi = {
    page: (p) => {
      asked.push({ method: 'page', params: p });
      const items = Array.from({ length: Math.max(0, Math.min(p.limit, 250 - p.offset)) }, (_, i) => ({
        id: `s${p.offset + i}`,
        name: `s${p.offset + i}.png`,
        labels: [],
        hard: false,
      }));
      return Promise.resolve({ total: 250, offset: p.offset, items });
    },
    sample: (id) => {
      asked.push({ method: 'sample', params: id });
      return Promise.resolve(detail(id));
    },
    image: (id) => Promise.resolve({ uri: `u:${id}`, key: id }),
    save: (p) => {
      saved.push(p);
      stored.set(p.sampleId, p.annotations);
      return Promise.resolve({ state: 'saved' });
    },
    resolve: () => Promise.resolve({ outcome: { state: 'saved' }, annotations: [] }),
    applyLabel: (p: ApplyLabelParams) => {
      asked.push({ method: 'applyLabel', params: p });
      return Promise.resolve({ changed: p.sampleIds.length, failed: [] });
    },
    changeLabel: () => Promise.resolve({ ok: true }),
    setMultiLabel: () => Promise.resolve({ ok: true }),
    storeThumbnail: () => Promise.resolve({ uri: 'blob:x' }),
  };
  return { host, asked, saved };
}

function setup(ui: UiState = defaultUiState()) {
  const model = new LabelingModel(ui);
  const { host, asked, saved } = fakeHost();
  const preloaded: string[] = [];
  const uis: UiState[] = [];
  const notices: string[] = [];
  const view: LabelingViewPort = {
    renderState: () => undefined,
    renderGrid: () => undefined,
    showMode: () => undefined,
    editorChanged: () => undefined,
    showConflict: () => undefined,
    notify: (m) => void notices.push(m),
  };
  const c = new LabelingController(
    model,
    host,
    { save: (u) => void uis.push(u) },
    { preload: (uri) => Promise.resolve(void preloaded.push(uri)) },
    messagesFor('en'),
  );
  c.attach(view);
  c.onState(state);
  return { c, model, asked, saved, preloaded, uis, notices };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('webviews/labeling/controller', () => {
  it('autosaves after a pause, one save for a burst of edits; leaving the sample saves at once', async () => {
    const { c, model, saved } = setup();
    await c.openAt(0);
    c.toggleClass('cat');
    c.toggleClass('dog');
    c.toggleClass('cat');
    assert.equal(saved.length, 0, 'waiting for the pause');
    await tick(autosaveDebounceMs + 50);
    assert.deepEqual(saved, [{ sampleId: 's0', annotations: [{ type: 'class', label: 'cat' }] }]);
    assert.equal(model.saveInfo('s0').status, 'saved');
    c.toggleClass('dog');
    await c.step(1);
    assert.deepEqual(saved.at(-1), { sampleId: 's0', annotations: [{ type: 'class', label: 'dog' }] }, 'sent before moving on');
    assert.equal(model.sample?.id, 's1');
    assert.equal(model.ui.unsaved, undefined, 'the host has it: nothing kept for a reload');
  });

  it('asks for the next three samples and decodes their images ahead; the next one opens from them', async () => {
    const { c, asked, preloaded } = setup();
    await c.openAt(10);
    await tick();
    assert.deepEqual(
      asked.filter((a) => a.method === 'sample').map((a) => a.params),
      ['s10', 's11', 's12', 's13'],
    );
    assert.deepEqual(preloaded, ['u:s11', 'u:s12', 'u:s13']);
    await c.step(1);
    assert.deepEqual(
      asked.filter((a) => a.method === 'sample').map((a) => a.params),
      ['s10', 's11', 's12', 's13', 's14'],
      's11 came from the preload; only s14 is new',
    );
  });

  it('moves across page boundaries, and says so at either end', async () => {
    const { c, model, notices } = setup();
    await c.openAt(99);
    await c.step(1);
    assert.equal(model.sample?.id, 's100');
    await c.openAt(249);
    assert.equal(await c.step(1), false);
    assert.deepEqual(notices, ['That was the last sample in this list.']);
    await c.openAt(0);
    assert.equal(await c.step(-1), false);
  });

  it('an edit kept in the UI state before a reload goes to the host first', async () => {
    const ui = { ...defaultUiState(), unsaved: { sampleId: 's7', annotations: [{ type: 'class' as const, label: 'dog' }] } };
    const { c, model, saved } = setup(ui);
    await c.replayUnsaved();
    assert.deepEqual(saved, [{ sampleId: 's7', annotations: [{ type: 'class', label: 'dog' }] }]);
    assert.equal(model.ui.unsaved, undefined);
  });

  it('labels the grid’s selection: set for single-label, add then remove for multi-label', async () => {
    const { c, model, asked } = setup();
    c.ensureRange(0, 50);
    await tick();
    model.selection.set(['s1', 's2']);
    await c.applyToSelection('cat');
    assert.deepEqual(asked.at(-1)?.params, { sampleIds: ['s1', 's2'], label: 'cat', op: 'set' });
    assert.deepEqual(model.window.at(1)?.labels, ['cat']);
    c.onState({ ...state, multiLabel: true });
    await c.applyToSelection('dog');
    assert.equal((asked.at(-1)?.params as ApplyLabelParams).op, 'add');
    await c.applyToSelection('dog');
    assert.equal((asked.at(-1)?.params as ApplyLabelParams).op, 'remove', 'every selected one has it: a second press removes it');
    assert.deepEqual(model.window.at(2)?.labels, ['cat']);
  });
});
