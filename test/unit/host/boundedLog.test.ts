import assert from 'node:assert/strict';
import { BoundedLog, type LogUpdate } from '../../../extension/host/boundedLog';

/** What an output channel holds after these updates: appends add, a replace sets the whole. */
function channelText(updates: readonly LogUpdate[]): string {
  let text = '';
  for (const u of updates) text = 'append' in u ? text + u.append : u.replace;
  return text;
}

const notice = (dropped: number) => `[dropped ${dropped}]`;

/** A job log: a header line, then numbered lines printed in chunks of a few lines (as the tail streams them). */
function jobLog(lines: number): { header: string; chunks: string[]; body: string } {
  const header = '[ModelArts] Metrics of this job: modelarts-metrics:job-1\n';
  const all = Array.from({ length: lines }, (_, i) => `step ${i} loss=${(1 / (i + 1)).toFixed(6)}\n`);
  const chunks: string[] = [];
  for (let i = 0; i < all.length; i += 7) chunks.push(all.slice(i, i + 7).join(''));
  return { header, chunks, body: all.join('') };
}

describe('host: a log channel’s bounded text (BoundedLog)', () => {
  it('appends as given while under the ceiling', () => {
    const log = new BoundedLog({ maxChars: 10_000, keepChars: 5_000 }, notice);
    const { header, chunks, body } = jobLog(50);
    const updates = [log.write(header), ...chunks.map((c) => log.write(c))];
    assert.ok(updates.every((u) => 'append' in u));
    assert.equal(channelText(updates), header + body);
    assert.equal(log.droppedChars, 0);
  });

  it('past the ceiling keeps the first line and the last lines whole, and says how much was dropped', () => {
    const log = new BoundedLog({ maxChars: 10_000, keepChars: 5_000 }, notice);
    const { header, chunks, body } = jobLog(2_000);
    const updates = [log.write(header), ...chunks.map((c) => log.write(c))];
    const text = channelText(updates);
    assert.equal(text, log.text());
    const [first, second, ...rest] = text.split('\n');
    assert.equal(`${first}\n`, header, 'the header (with the metrics link) stays first');
    assert.equal(second, `[dropped ${log.droppedChars}]`);
    const kept = rest.join('\n');
    assert.ok(body.endsWith(kept), 'the kept part is the end of the log, in order');
    assert.match(kept, /^step \d+ loss=/, 'it starts at a line’s start');
    assert.equal(log.droppedChars + kept.length, body.length, 'nothing is dropped but what the notice counts');
    assert.ok(header.length + kept.length <= 10_000);
    assert.ok(kept.endsWith('step 1999 loss=0.000500\n'));
  });

  it('rewrites the channel rarely: once per (maxChars − keepChars) of new output, not per chunk', () => {
    const log = new BoundedLog({ maxChars: 10_000, keepChars: 5_000 }, notice);
    const { header, chunks, body } = jobLog(20_000);
    log.write(header);
    const replaces = chunks.map((c) => log.write(c)).filter((u) => 'replace' in u).length;
    assert.ok(replaces > 0);
    assert.ok(replaces <= Math.ceil(body.length / 5_000), `${replaces} rewrites for ${body.length} characters`);
  });

  it('cuts a log without line breaks mid-line, and starts afresh after clear', () => {
    const log = new BoundedLog({ maxChars: 1_000, keepChars: 400 }, notice);
    const updates = Array.from({ length: 30 }, () => log.write('x'.repeat(100)));
    const text = channelText(updates);
    assert.ok(text.length <= 1_000 + 20, `${text.length} characters`);
    assert.equal(log.droppedChars + (text.match(/x/g) ?? []).length, 3_000);
    log.clear();
    assert.deepEqual(log.write('again\n'), { append: 'again\n' });
    assert.equal(log.text(), 'again\n');
  });

  it('refuses limits that cannot work', () => {
    assert.throws(() => new BoundedLog({ maxChars: 100, keepChars: 100 }, notice), RangeError);
    assert.throws(() => new BoundedLog({ maxChars: 100, keepChars: 0 }, notice), RangeError);
  });
});
