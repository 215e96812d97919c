import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SampleStore, type SampleStoreOptions } from '../../../../extension/local/api/datasets/sampleStore';
import { journalSegments } from '../../../../extension/local/store/journal';
import { annotation, imageSamples, label } from '../../../helpers/samples';

/**
 * The journalled sample store on its own, on a temp dir. "Reload" opens a second store on the
 * same directory while the first is still open and never closed, as after a kill: whatever a
 * method returned must be there.
 */
describe('local datasets: the journalled sample store', () => {
  let root: string;
  let logs: string[];
  const log = (line: string) => void logs.push(line);
  const dirOf = (name: string) => path.join(root, name);
  /** Every store opened, closed after each test (after its background compaction, if one runs). */
  let opened: SampleStore[];
  const track = (s: SampleStore) => (opened.push(s), s);
  const create = async (name: string, count = 10, options: SampleStoreOptions = {}) =>
    track(await SampleStore.create(dirOf(name), name, [label('cat'), label('dog')], imageSamples(count), log, options));
  const reload = async (name: string, options: SampleStoreOptions = {}) => track(await SampleStore.load(dirOf(name), name, log, options));
  /** What a store holds, as a comparable value. */
  const state = (s: SampleStore) => ({ revision: s.revision, labels: s.labels, samples: s.all() });
  const corrupt = (name: string) => readdirSync(dirOf(name)).filter((f) => f.includes('.corrupt-'));

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ma-store-'));
    logs = [];
    opened = [];
  });
  afterEach(async () => {
    for (const s of opened) await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps every change a method returned from, without close: annotations, label renames and deletes, syncs', async () => {
    const store = await create('a');
    const [s0, s1, s2] = store.all();
    assert.ok(s0 && s1 && s2);
    assert.equal(store.revision, 1);
    assert.equal(s0.revision, 1);
    const r2 = store.annotate([
      { sample_id: s0.sample_id, set: { labels: [annotation('cat')], annotated_time: 5 } },
      { sample_id: s1.sample_id, set: { labels: [annotation('dog')], sample_usage: 'TRAIN', hard: true, hard_reasons: [1, 3] } },
    ]);
    assert.equal(r2, 2);
    store.annotate([{ sample_id: s1.sample_id, set: { hard: null } }]);
    store.setLabels([label('kitten'), label('dog'), label('bird')], new Map([['cat', 'kitten']]), new Set());
    store.setLabels([label('kitten'), label('bird')], new Map(), new Set(['dog']));
    const scanned = imageSamples(12).slice(1);
    scanned[1] = { ...(scanned[1] as (typeof scanned)[number]), sha256: 'changed', size: 1 }; // s2, re-read
    const { added, removed } = store.sync(scanned);
    assert.deepEqual([added, removed], [2, 1]);
    assert.equal(store.sample(s0.sample_id), undefined, 'gone from storage, gone from the store');
    assert.equal(store.sample(s2.sample_id)?.sha256, 'changed');
    assert.equal(store.sample(s2.sample_id)?.revision, store.revision, 'a re-read sample gets the sync revision');
    assert.deepEqual(store.sample(s1.sample_id)?.labels, [], 'dog was deleted, and its annotations with it');
    assert.equal(store.sample(s1.sample_id)?.sample_usage, 'TRAIN');
    assert.equal(store.sample(s1.sample_id)?.hard, undefined);
    assert.deepEqual(store.sample(s1.sample_id)?.hard_reasons, [1, 3]);

    const again = await reload('a');
    assert.deepEqual(state(again), state(store));
    assert.deepEqual(
      again.all().map((s) => s.key),
      [...again.all().map((s) => s.key)].sort(),
      'list order is storage order',
    );
    assert.deepEqual(logs, []);
  });

  it('gives each change one revision: unchanged samples keep theirs, a rename reaches only the samples it touches', async () => {
    const store = await create('rev');
    const [a, b, c] = store.all();
    assert.ok(a && b && c);
    store.annotate([{ sample_id: a.sample_id, set: { labels: [annotation('cat')] } }]);
    store.annotate([{ sample_id: b.sample_id, set: { labels: [annotation('dog')] } }]);
    const rename = store.setLabels([label('kitten'), label('dog')], new Map([['cat', 'kitten']]), new Set());
    assert.equal(store.sample(a.sample_id)?.revision, rename);
    assert.equal(store.sample(b.sample_id)?.revision, 3);
    assert.equal(store.sample(c.sample_id)?.revision, 1);
    const added = store.setLabels([...store.labels, label('bird')], new Map(), new Set());
    assert.equal(store.sample(a.sample_id)?.revision, rename, 'adding a label changes no sample');
    assert.equal(added, rename + 1);
  });

  it('compacts into a new snapshot while changes go on, drops the covered journal, and loads the same', async () => {
    const options = { compactAfterLines: 25 };
    const store = await create('c', 200, options);
    const ids = store.all().map((s) => s.sample_id);
    for (let i = 0; i < 120; i++) {
      store.annotate([{ sample_id: ids[i % ids.length] as string, set: { labels: [annotation(i % 2 ? 'cat' : 'dog')] } }]);
      if (i % 10 === 0) await new Promise((r) => setImmediate(r)); // let a background compaction run between changes
    }
    await store.compact();
    assert.equal(journalSegments(dirOf('c')).length, 1, 'only the segment after the snapshot remains');
    assert.equal(readFileSync(journalSegments(dirOf('c'))[0] as string, 'utf8'), '', 'and it is empty');
    const header = JSON.parse(readFileSync(path.join(dirOf('c'), 'snapshot.jsonl'), 'utf8').split('\n')[0] as string);
    assert.deepEqual([header.seq, header.count], [store.revision, 200]);
    assert.deepEqual(state(await reload('c')), state(store));
  });

  it('loads the same when a crash came between a new snapshot and dropping the journal it covers', async () => {
    const store = await create('d');
    const id = store.all()[0]?.sample_id as string;
    store.annotate([{ sample_id: id, set: { labels: [annotation('cat')] } }]);
    store.annotate([{ sample_id: id, set: { labels: [annotation('dog')] } }]);
    const kept = path.join(root, 'kept');
    cpSync(dirOf('d'), kept, { recursive: true });
    await store.compact();
    for (const f of readdirSync(kept).filter((n) => n.startsWith('journal-'))) cpSync(path.join(kept, f), path.join(dirOf('d'), f));
    writeFileSync(path.join(dirOf('d'), '.snapshot.jsonl.0a1b2c.tmp'), '{"half": "a snapshot a crash cut off');
    const again = await reload('d');
    assert.deepEqual(state(again), state(store));
    assert.deepEqual(again.sample(id)?.labels, [annotation('dog')]);
    assert.ok(!existsSync(path.join(dirOf('d'), '.snapshot.jsonl.0a1b2c.tmp')), 'the temp file of an interrupted snapshot is removed');
    assert.deepEqual(corrupt('d'), []);
  });

  it('drops an unfinished last journal line (a kill mid-write), logs it, and appends after it cleanly', async () => {
    const store = await create('t');
    const id = store.all()[0]?.sample_id as string;
    store.annotate([{ sample_id: id, set: { labels: [annotation('cat')] } }]);
    const segment = journalSegments(dirOf('t')).at(-1) as string;
    appendFileSync(segment, `{"seq":3,"time":1,"op":"annotate","items":[{"sample_id":"${id}","set":{"labels":[`);
    const again = await reload('t');
    assert.deepEqual(state(again), state(store));
    assert.match(logs.join('\n'), /dropped an unfinished last change/);
    assert.deepEqual(corrupt('t'), [], 'a torn tail is normal after a kill, not damage');
    again.annotate([{ sample_id: id, set: { labels: [annotation('dog')] } }]);
    logs = [];
    const third = await reload('t');
    assert.deepEqual(third.sample(id)?.labels, [annotation('dog')]);
    assert.deepEqual(logs, []);
  });

  it('sets a journal segment with a garbage line in the middle aside, keeps the good lines on both sides, and is whole again', async () => {
    const store = await create('g');
    const [a, b] = store.all();
    assert.ok(a && b);
    store.annotate([{ sample_id: a.sample_id, set: { labels: [annotation('cat')] } }]);
    const segment = journalSegments(dirOf('g')).at(-1) as string;
    appendFileSync(segment, '\u0000\u0000garbage that is not JSON\n');
    appendFileSync(segment, '{"seq":99,"no":"op"}\n');
    store.annotate([{ sample_id: b.sample_id, set: { labels: [annotation('dog')] } }]);
    const again = await reload('g');
    assert.deepEqual(again.sample(a.sample_id)?.labels, [annotation('cat')]);
    assert.deepEqual(again.sample(b.sample_id)?.labels, [annotation('dog')], 'a good line after the damage is kept');
    assert.equal(corrupt('g').length, 1);
    assert.match(
      logs.join('\n'),
      /journal-\d+\.jsonl: line 2 is damaged \(not a JSON object with a seq\); set aside as journal-\d+\.jsonl\.corrupt-/,
    );
    logs = [];
    assert.deepEqual(state(await reload('g')), state(again), 'the repair wrote a snapshot: nothing is set aside twice');
    assert.deepEqual(logs, []);
  });

  it('sets a snapshot with a damaged record aside and keeps every other sample and the journal', async () => {
    const store = await create('s');
    const [a, b] = store.all();
    assert.ok(a && b);
    store.annotate([{ sample_id: b.sample_id, set: { labels: [annotation('dog')] } }]);
    const file = path.join(dirOf('s'), 'snapshot.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]?.slice(0, 40) ?? ''; // the first sample's record, cut in half
    writeFileSync(file, lines.join('\n'));
    const again = await reload('s');
    assert.equal(again.size, 9);
    assert.equal(again.sample(a.sample_id), undefined);
    assert.deepEqual(again.sample(b.sample_id)?.labels, [annotation('dog')]);
    assert.deepEqual(
      again.labels.map((l) => l.name),
      ['cat', 'dog'],
    );
    assert.match(logs.join('\n'), /the snapshot line 2: not a JSON object; set aside as snapshot\.jsonl\.corrupt-/);
    assert.equal(corrupt('s').length, 1);
    // The next sync brings the lost sample back, unlabelled.
    again.sync(imageSamples(10));
    assert.ok(again.sample(a.sample_id));
  });

  it('loads a store whose snapshot header is garbage: empty, label changes from the journal kept, still writable', async () => {
    const store = await create('h');
    store.setLabels([label('cat'), label('dog'), label('bird')], new Map(), new Set());
    const file = path.join(dirOf('h'), 'snapshot.jsonl');
    writeFileSync(file, `not a header\n${readFileSync(file, 'utf8').split('\n').slice(1).join('\n')}`);
    const again = await reload('h');
    assert.equal(again.size, 0);
    assert.deepEqual(
      again.labels.map((l) => l.name),
      ['cat', 'dog', 'bird'],
    );
    assert.match(logs.join('\n'), /line 1 \(the header\)/);
    again.sync(imageSamples(3));
    assert.equal((await reload('h')).size, 3);
  });

  it('refuses changes after close and removes its directory on destroy', async () => {
    const store = await create('x');
    await store.close();
    assert.throws(() => store.setLabels([], new Map(), new Set()), /closed/);
    const other = await reload('x');
    await other.destroy();
    assert.ok(!existsSync(dirOf('x')));
  });
});
