import assert from 'node:assert/strict';
import { crc32c, maskCrc, maskedCrc32c, unmaskCrc } from '../../../../extension/core/metrics/crc32c';
import { encodeRecord } from '../../../../extension/core/metrics/eventFileWriter';
import { readRecords, scanRecords } from '../../../../extension/core/metrics/tfrecord';

describe('core/metrics CRC32C and TFRecord framing', () => {
  it('computes CRC32C on the RFC 3720 test vectors', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(Buffer.alloc(32)), 0x8a9136aa);
    assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
    assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))), 0x113fdb5c);
  });

  it('agrees with a bit-at-a-time CRC at every length and alignment', () => {
    const data = Buffer.from(Array.from({ length: 80 }, (_, i) => (i * 37 + 11) & 0xff));
    const slow = (b: Uint8Array): number => {
      let c = -1;
      for (const x of b) {
        c ^= x;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return (c ^ -1) >>> 0;
    };
    for (let start = 0; start < 9; start++)
      for (let end = start; end <= data.length; end++) assert.equal(crc32c(data, start, end), slow(data.subarray(start, end)));
  });

  it('masks as TensorFlow does, and unmasks', () => {
    const crc = crc32c(Buffer.from('123456789'));
    assert.equal(maskCrc(crc), (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0);
    assert.equal(unmaskCrc(maskCrc(crc)), crc);
    assert.equal(maskedCrc32c(Buffer.from('123456789')), maskCrc(crc));
  });

  const records = ['first', 'second record', '', 'fourth'].map((s) => Buffer.from(s));
  const stream = Buffer.concat(records.map(encodeRecord));
  const at = (k: number): number => records.slice(0, k).reduce((n, r) => n + r.length + 16, 0);

  it('reads every record and ends at the end', () => {
    const scan = readRecords(stream);
    assert.deepEqual(
      scan.data.map((d) => Buffer.from(d).toString()),
      records.map(String),
    );
    assert.equal(scan.next, stream.length);
    assert.equal(scan.pending, undefined);
  });

  it('stops before a truncated record at every cut, and says how many bytes it needs', () => {
    for (let cut = at(3); cut < stream.length; cut++) {
      const scan = readRecords(stream.subarray(0, cut));
      assert.equal(scan.data.length, 3, `cut ${cut}`);
      assert.equal(scan.next, at(3));
      assert.equal(scan.corruptRecords + scan.resyncs, 0);
      if (cut - at(3) >= 12) assert.equal(scan.pending, records[3]!.length + 16);
    }
  });

  it('skips and counts a record whose data checksum fails', () => {
    const bad = Buffer.from(stream);
    bad[at(1) + 12 + 2]! ^= 0x10;
    const scan = readRecords(bad);
    assert.deepEqual(
      scan.data.map((d) => Buffer.from(d).toString()),
      ['first', '', 'fourth'],
    );
    assert.equal(scan.corruptRecords, 1);
    assert.equal(scan.next, bad.length);
  });

  it('resynchronises after a length whose checksum fails, counting one skip', () => {
    const bad = Buffer.from(stream);
    bad[at(1)]! ^= 0x04;
    const scan = readRecords(bad);
    assert.deepEqual(
      scan.data.map((d) => Buffer.from(d).toString()),
      ['first', '', 'fourth'],
    );
    assert.equal(scan.resyncs, 1);
    assert.equal(scan.skippedBytes, records[1]!.length + 16);
    assert.equal(scan.corruptRecords, 0);
  });

  it('carries a resync across scans without counting it twice', () => {
    const bad = Buffer.from(stream);
    bad[at(1) + 3]! ^= 0x80;
    const cut = at(2) - 5;
    const first = scanRecords(bad.subarray(0, cut), () => undefined);
    assert.equal(first.resyncs, 1);
    assert.equal(first.resyncing, true);
    assert.ok(first.next <= cut - 11 + 1);
    const seen: string[] = [];
    const rest = scanRecords(bad, (b, s, e) => seen.push(Buffer.from(b.subarray(s, e)).toString()), {
      offset: first.next,
      resyncing: true,
    });
    assert.equal(rest.resyncs, 0);
    assert.deepEqual(seen, ['', 'fourth']);
    assert.equal(first.skippedBytes + rest.skippedBytes, records[1]!.length + 16);
  });

  it('never throws on garbage, and finds records after it', () => {
    const junk = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff));
    const scan = readRecords(Buffer.concat([junk, stream]));
    assert.equal(scan.data.length, 4);
    assert.equal(scan.resyncs, 1);
    assert.equal(scan.skippedBytes, 1000);
  });
});
