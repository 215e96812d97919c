import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvField, exportToFile, formatFloat32, selectSeries, writeCsv, writeJson } from '../../../../extension/core/metrics/export';
import { SeriesStore } from '../../../../extension/core/metrics/seriesStore';
import { tempDir } from './helpers';

/** RFC 4180 parser for the round trip (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

function sampleStore(): SeriesStore {
  const store = new SeriesStore();
  for (let i = 0; i < 300; i++) store.append('run, "one"', 'loss', i, 1_700_000_000.125 + i * 0.5, Math.fround(1 / (i + 1)));
  for (const step of [0, 1, 2, 1, 2, 3]) store.append('run, "one"', 'acc', step, 1_700_000_000 + store.pointCount, step / 4);
  store.append('two', 'loss', 5, 1_700_000_100, NaN);
  store.append('two', 'loss', 6, 1_700_000_101, Infinity);
  store.append('two', 'loss', 7, 1_700_000_102, 0.1);
  return store;
}

async function collect(
  produce: (write: (c: string) => void) => Promise<number>,
): Promise<{ text: string; chunks: string[]; points: number }> {
  const chunks: string[] = [];
  const points = await produce((c) => void chunks.push(c));
  return { text: chunks.join(''), chunks, points };
}

describe('core/metrics export', () => {
  it('prints float32 values with the fewest digits that read back the same', () => {
    assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
    assert.equal(formatFloat32(Math.fround(1 / 3)), '0.33333334');
    assert.equal(formatFloat32(Math.fround(1e-7)), '1e-7');
    assert.equal(formatFloat32(Math.fround(3.4e38)), '3.4e+38');
    assert.equal(formatFloat32(42), '42');
    for (let i = 0; i < 5000; i++) {
      const v = Math.fround((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 20 - 10));
      const s = formatFloat32(v);
      assert.equal(Math.fround(Number(s)), v, s);
      assert.ok(s.replace(/^-|e.*$|\./g, '').replace(/^0+/, '').length <= 9, s);
    }
  });

  it('quotes CSV fields as RFC 4180 says', () => {
    assert.equal(csvField('plain/tag'), 'plain/tag');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
  });

  it('CSV holds every point and reads back to the stored values', async () => {
    const store = sampleStore();
    const series = selectSeries(store);
    const { text, points } = await collect((w) => writeCsv(series, w));
    assert.equal(points, store.pointCount);
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], ['run', 'tag', 'step', 'wall_time', 'value']);
    assert.equal(rows.length, store.pointCount + 1);
    const acc = rows.filter((r) => r[1] === 'acc');
    assert.deepEqual(
      acc.map((r) => r[2]),
      ['0', '1', '1', '2', '2', '3'],
      'step order, repeated steps kept',
    );
    for (const r of rows.slice(1)) {
      const s = store.get(r[0]!, r[1]!)!;
      assert.ok(s, `series ${r[0]} ${r[1]}`);
    }
    const loss = rows.filter((r) => r[0] === 'run, "one"' && r[1] === 'loss');
    const s = store.get('run, "one"', 'loss')!;
    loss.forEach((r, i) => {
      assert.equal(Number(r[2]), s.step(i));
      assert.equal(Number(r[3]), s.wallTime(i));
      assert.equal(Math.fround(Number(r[4])), s.value(i));
    });
    assert.deepEqual(
      rows.filter((r) => r[0] === 'two').map((r) => r[4]),
      ['NaN', 'inf', '0.1'],
    );
  });

  it('JSON has the documented shape and reads back to the stored values', async () => {
    const store = sampleStore();
    const { text, points } = await collect((w) => writeJson(selectSeries(store), w));
    assert.equal(points, store.pointCount);
    const doc = JSON.parse(text) as {
      runs: { run: string; series: { tag: string; step: number[]; wall_time: number[]; value: (number | null)[] }[] }[];
    };
    assert.deepEqual(Object.keys(doc), ['runs']);
    assert.deepEqual(
      doc.runs.map((r) => [r.run, r.series.map((s) => s.tag)]),
      [
        ['run, "one"', ['acc', 'loss']],
        ['two', ['loss']],
      ],
    );
    for (const r of doc.runs) {
      for (const s of r.series) {
        assert.deepEqual(Object.keys(s), ['tag', 'step', 'wall_time', 'value']);
        const stored = store.get(r.run, s.tag)!;
        assert.equal(s.step.length, stored.length);
        const w = stored.order('step').walk();
        for (let k = 0; k < s.step.length; k++) {
          const i = w.next();
          assert.equal(s.step[k], stored.step(i));
          assert.equal(s.wall_time[k], stored.wallTime(i));
          const v = stored.value(i);
          const read = s.value[k];
          assert.equal(read === null ? null : Math.fround(read!), Number.isFinite(v) ? v : null);
        }
      }
    }
  });

  it('streams in chunks: no single string holds the export', async () => {
    const store = new SeriesStore();
    for (let i = 0; i < 100_000; i++) store.append('r', 'loss', i, 1_700_000_000 + i, Math.fround(Math.random()));
    const { chunks, text } = await collect((w) => writeCsv(selectSeries(store), w, { chunkSize: 16_384 }));
    assert.ok(chunks.length > 50);
    assert.ok(Math.max(...chunks.map((c) => c.length)) < 16_384 + 200);
    assert.equal(text.split('\r\n').length - 2, 100_000);
  });

  it('selects runs and tags, and writes to a file', async () => {
    const store = sampleStore();
    assert.deepEqual(
      selectSeries(store, { tags: /^lo/ }).map((s) => `${s.run}/${s.tag}`),
      ['run, "one"/loss', 'two/loss'],
    );
    assert.deepEqual(
      selectSeries(store, { runs: ['two'], tags: ['loss', 'acc'] }).map((s) => s.run),
      ['two'],
    );
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'out.json');
      const n = await exportToFile(file, (w) => writeJson(selectSeries(store, { runs: ['two'] }), w));
      assert.equal(n, 3);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
        runs: [
          {
            run: 'two',
            series: [{ tag: 'loss', step: [5, 6, 7], wall_time: [1_700_000_100, 1_700_000_101, 1_700_000_102], value: [null, null, 0.1] }],
          },
        ],
      });
    } finally {
      tmp.remove();
    }
  });

  it('stops when cancelled', async () => {
    const store = sampleStore();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      writeCsv(selectSeries(store), () => undefined, { signal: controller.signal }),
      { name: 'AbortError' },
    );
  });
});
