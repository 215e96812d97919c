import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readLogSlice, tailLog } from '../../../../extension/local/runtime/logs';
import { startManagedProcess } from '../../../../extension/local/runtime/processRunner';
import { baseEnv, cleanup, makeTempDir, readText, track } from './helpers';

/** Reads a whole file in slices of `maxBytes`, checking every slice decodes cleanly. */
async function readAllInSlices(file: string, maxBytes: number): Promise<string> {
  let offset = 0;
  let text = '';
  for (;;) {
    const slice = await readLogSlice(file, offset, maxBytes);
    assert.ok(!slice.content.includes('\uFFFD'), `slice at ${offset} split a character`);
    if (slice.currentSize === offset) return text;
    text += slice.content;
    offset = slice.currentSize;
  }
}

describe('local/runtime/logs', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(cleanup);

  it('reads a missing file as empty', async () => {
    assert.deepEqual(await readLogSlice(path.join(dir, 'none.log'), 0, 100), { content: '', currentSize: 0, fullSize: 0 });
    assert.deepEqual(await readLogSlice(path.join(dir, 'none.log'), 50, 100), { content: '', currentSize: 0, fullSize: 0 });
  });

  it('returns slices with the offset to continue from and the full size', async () => {
    const file = path.join(dir, 'a.log');
    fs.writeFileSync(file, 'hello world\n');
    assert.deepEqual(await readLogSlice(file, 0, 5), { content: 'hello', currentSize: 5, fullSize: 12 });
    assert.deepEqual(await readLogSlice(file, 5, 100), { content: ' world\n', currentSize: 12, fullSize: 12 });
    assert.deepEqual(await readLogSlice(file, 12, 100), { content: '', currentSize: 12, fullSize: 12 });
  });

  it('never ends a slice inside a multi-byte UTF-8 character', async () => {
    const file = path.join(dir, 'u.log');
    fs.writeFileSync(file, 'ab€c'); // € is E2 82 AC
    assert.deepEqual(await readLogSlice(file, 0, 4), { content: 'ab', currentSize: 2, fullSize: 6 });
    assert.deepEqual(await readLogSlice(file, 2, 4), { content: '€c', currentSize: 6, fullSize: 6 });
    fs.writeFileSync(file, 'x😀'); // 4-byte character: F0 9F 98 80
    assert.deepEqual(await readLogSlice(file, 0, 4), { content: 'x', currentSize: 1, fullSize: 5 });
    assert.deepEqual(await readLogSlice(file, 1, 4), { content: '😀', currentSize: 5, fullSize: 5 });
  });

  it('reassembles mixed text exactly from small slices', async () => {
    const file = path.join(dir, 'm.log');
    const text = 'epoch 1 loss=0.5 ✓\n训练开始 😀 données é\n'.repeat(20);
    fs.writeFileSync(file, text);
    for (const size of [4, 5, 7, 64]) assert.equal(await readAllInSlices(file, size), text);
  });

  it('skips continuation bytes when the offset lands inside a character', async () => {
    const file = path.join(dir, 'mid.log');
    fs.writeFileSync(file, 'ab€c');
    assert.deepEqual(await readLogSlice(file, 3, 100), { content: 'c', currentSize: 6, fullSize: 6 });
  });

  it('waits for the rest of a character a writer has only half written', async () => {
    const file = path.join(dir, 'half.log');
    const euro = Buffer.from('€');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]));
    assert.deepEqual(await readLogSlice(file, 0, 100), { content: 'a', currentSize: 1, fullSize: 2 });
    fs.appendFileSync(file, euro.subarray(1));
    assert.deepEqual(await readLogSlice(file, 1, 100), { content: '€', currentSize: 4, fullSize: 4 });
  });

  it('starts again from 0 when the offset is beyond the end (log truncated)', async () => {
    const file = path.join(dir, 't.log');
    fs.writeFileSync(file, 'new');
    assert.deepEqual(await readLogSlice(file, 100, 100), { content: 'new', currentSize: 3, fullSize: 3 });
  });

  it('follows a log while a process writes it, losing and duplicating nothing', async () => {
    const file = path.join(dir, 'live.log');
    const p = track(
      await startManagedProcess({
        command: 'i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo "step $i ü€😀"; done',
        cwd: dir,
        env: baseEnv,
        logFile: file,
      }),
    );
    let exited = false;
    void p.exited.then(() => (exited = true));
    let text = '';
    for await (const slice of tailLog(file, { maxBytes: 37, pollMs: 10, isDone: () => exited })) {
      assert.ok(!slice.content.includes('\uFFFD'));
      text += slice.content;
    }
    assert.equal(text, readText(file));
    assert.equal(text.split('\n').length, 301);
  });

  it('stops tailing when aborted', async () => {
    const file = path.join(dir, 'quiet.log');
    fs.writeFileSync(file, 'one\n');
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const slice of tailLog(file, { pollMs: 10, signal: controller.signal })) {
      seen.push(slice.content);
      controller.abort();
    }
    assert.deepEqual(seen, ['one\n']);
  });
});
