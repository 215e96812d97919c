import assert from 'node:assert/strict';
import {
  encodeEvent,
  encodeRecord,
  ProtoWriter,
  ScalarRecordEncoder,
  type TensorSpec,
  type ValueSpec,
} from '../../../../extension/core/metrics/eventFileWriter';
import { bfloat16ToNumber, DataType, EventDecoder, halfToNumber } from '../../../../extension/core/metrics/eventProto';
import { ProtoError, ProtoReader } from '../../../../extension/core/metrics/protobuf';

type Got = { tag: string; step: number; wallTime: number; value: number };

function decode(values: ValueSpec[], decoder = new EventDecoder(), step = 7, wallTime = 1700000000.25): { got: Got[]; skipped: number } {
  const bytes = encodeEvent({ wallTime, step, values });
  const got: Got[] = [];
  const counts = decoder.decode(new ProtoReader(bytes), 0, bytes.length, (tag, s, w, value) =>
    got.push({ tag, step: s, wallTime: w, value }),
  );
  return { got, skipped: counts.skippedValues };
}

const tensorValue = (tensor: TensorSpec, plugin = 'scalars'): ValueSpec => ({ tag: 't', tensor, plugin });
const one = (tensor: TensorSpec): number | undefined => decode([tensorValue(tensor)]).got[0]?.value;

function le(kind: 'f32' | 'f64' | 'i32' | 'u8' | 'i16' | 'i8' | 'i64' | 'u16' | 'u32' | 'u64', v: number): Buffer {
  const b = Buffer.alloc({ f32: 4, f64: 8, i32: 4, u8: 1, i16: 2, i8: 1, i64: 8, u16: 2, u32: 4, u64: 8 }[kind]);
  if (kind === 'f32') b.writeFloatLE(v);
  else if (kind === 'f64') b.writeDoubleLE(v);
  else if (kind === 'i32') b.writeInt32LE(v);
  else if (kind === 'u8') b.writeUInt8(v);
  else if (kind === 'i16') b.writeInt16LE(v);
  else if (kind === 'i8') b.writeInt8(v);
  else if (kind === 'i64') b.writeBigInt64LE(BigInt(v));
  else if (kind === 'u16') b.writeUInt16LE(v);
  else if (kind === 'u32') b.writeUInt32LE(v);
  else b.writeBigUInt64LE(BigInt(v));
  return b;
}

describe('core/metrics protobuf and Event decoding', () => {
  it('reads varints of every width, negative int64 steps, and refuses truncated ones', () => {
    for (const v of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1, -1, -2, -(2 ** 40)]) {
      const bytes = new ProtoWriter().varint(2, v).finish();
      const r = new ProtoReader(bytes);
      assert.equal(r.key(), 2);
      assert.equal(r.int64(), v);
    }
    const r = new ProtoReader(Buffer.from([0x10, 0x80, 0x80]));
    r.key();
    assert.throws(() => r.int64(), ProtoError);
  });

  it('decodes simple_value with step and wall time', () => {
    const { got } = decode([
      { tag: 'loss', simpleValue: 0.5 },
      { tag: 'acc', simpleValue: 0.25 },
    ]);
    assert.deepEqual(got, [
      { tag: 'loss', step: 7, wallTime: 1700000000.25, value: 0.5 },
      { tag: 'acc', step: 7, wallTime: 1700000000.25, value: 0.25 },
    ]);
  });

  it('decodes one-element tensors of every numeric dtype from the typed field', () => {
    assert.equal(one({ dtype: DataType.float, floatVal: [1.5] }), 1.5);
    assert.equal(one({ dtype: DataType.double, doubleVal: [0.1] }), 0.1);
    assert.equal(one({ dtype: DataType.int32, intVal: [-42] }), -42);
    assert.equal(one({ dtype: DataType.uint8, intVal: [200] }), 200);
    assert.equal(one({ dtype: DataType.int16, intVal: [-300] }), -300);
    assert.equal(one({ dtype: DataType.int8, intVal: [-5] }), -5);
    assert.equal(one({ dtype: DataType.uint16, intVal: [65000] }), 65000);
    assert.equal(one({ dtype: DataType.int64, int64Val: [-(2 ** 40)] }), -(2 ** 40));
    assert.equal(one({ dtype: DataType.half, halfVal: [0x3c00] }), 1);
    assert.equal(one({ dtype: DataType.half, halfVal: [0xc000] }), -2);
    assert.equal(one({ dtype: DataType.bfloat16, halfVal: [0x3fc0] }), 1.5);
    assert.equal(one({ dtype: DataType.uint32, uint32Val: [4000000000] }), 4000000000);
    assert.equal(one({ dtype: DataType.uint64, uint64Val: [2 ** 40 + 1] }), 2 ** 40 + 1);
  });

  it('decodes them from tensor_content too', () => {
    assert.equal(one({ dtype: DataType.float, content: le('f32', 0.75) }), 0.75);
    assert.equal(one({ dtype: DataType.double, content: le('f64', 0.1) }), 0.1);
    assert.equal(one({ dtype: DataType.int32, content: le('i32', -7) }), -7);
    assert.equal(one({ dtype: DataType.uint8, content: le('u8', 255) }), 255);
    assert.equal(one({ dtype: DataType.int16, content: le('i16', -2) }), -2);
    assert.equal(one({ dtype: DataType.int8, content: le('i8', -128) }), -128);
    assert.equal(one({ dtype: DataType.int64, content: le('i64', 123456789012) }), 123456789012);
    assert.equal(one({ dtype: DataType.uint16, content: le('u16', 65535) }), 65535);
    assert.equal(one({ dtype: DataType.half, content: le('u16', 0x3555) }), halfToNumber(0x3555));
    assert.equal(one({ dtype: DataType.bfloat16, content: le('u16', 0xbf80) }), -1);
    assert.equal(one({ dtype: DataType.uint32, content: le('u32', 0xffffffff) }), 0xffffffff);
    assert.equal(one({ dtype: DataType.uint64, content: le('u64', 2 ** 50) }), 2 ** 50);
  });

  it('reads unpacked repeated values and a shape of [1] or [1, 1]', () => {
    assert.equal(one({ dtype: DataType.float, floatVal: [2.5], unpacked: true }), 2.5);
    assert.equal(one({ dtype: DataType.int64, int64Val: [9], unpacked: true }), 9);
    assert.equal(one({ dtype: DataType.float, floatVal: [3], shape: [1, 1] }), 3);
    assert.equal(one({ dtype: DataType.float, shape: [] }), 0, 'a scalar with no value is 0, as MakeNdarray reads it');
  });

  it('skips strings, bools, tensors of more than one element and empty ones, counting them', () => {
    const { got, skipped } = decode([
      { tag: 'checkpoint_path', tensor: { dtype: DataType.string, stringVal: ['/tmp/model.ckpt-1000'] } },
      { tag: 'flag', tensor: { dtype: DataType.bool, intVal: [1] }, plugin: 'scalars' },
      { tag: 'vec', tensor: { dtype: DataType.float, floatVal: [1, 2, 3], shape: [3] }, plugin: 'scalars' },
      { tag: 'vec-content', tensor: { dtype: DataType.float, content: Buffer.alloc(8), shape: [2] }, plugin: 'scalars' },
      { tag: 'empty', tensor: { dtype: DataType.float, shape: [0] }, plugin: 'scalars' },
      { tag: 'two-values', tensor: { dtype: DataType.float, floatVal: [1, 2] }, plugin: 'scalars' },
      { tag: 'ok', simpleValue: 1 },
    ]);
    assert.deepEqual(
      got.map((g) => g.tag),
      ['ok'],
    );
    assert.equal(skipped, 6);
  });

  it('remembers a tag’s plugin from its first value: later tensors of non-scalar plugins are not metrics', () => {
    const decoder = new EventDecoder();
    assert.equal(
      decode([{ tag: '_hparams_/session_start_info', tensor: { dtype: DataType.float, floatVal: [0] }, plugin: 'hparams' }], decoder).got
        .length,
      0,
    );
    // The writer leaves the metadata off later values of the same tag.
    assert.equal(
      decode([{ tag: '_hparams_/session_start_info', tensor: { dtype: DataType.float, floatVal: [0] } }], decoder).got.length,
      0,
    );
    assert.equal(decode([{ tag: 'loss', tensor: { dtype: DataType.float, floatVal: [2] }, plugin: 'scalars' }], decoder).got.length, 1);
    assert.equal(decode([{ tag: 'loss', tensor: { dtype: DataType.float, floatVal: [3] } }], decoder).got[0]?.value, 3);
    assert.equal(
      decode([{ tag: 'custom', tensor: { dtype: DataType.float, floatVal: [4] }, plugin: 'mine', dataClass: 1 }], decoder).got[0]?.value,
      4,
    );
    assert.equal(decoder.plugins.get('loss'), 'scalars');
  });

  it('skips graph_def and other fields, and reads the file_version header', () => {
    const bytes = encodeEvent({ wallTime: 1, fileVersion: 'brain.Event:2', graphDef: Buffer.alloc(1000, 7) });
    const counts = new EventDecoder().decode(new ProtoReader(bytes), 0, bytes.length, () => assert.fail('no scalars'));
    assert.equal(counts.fileVersion, 'brain.Event:2');
  });

  it('decodes a summary that comes before the step in the bytes', () => {
    const value = new ProtoWriter().string(1, 'x').float(2, 4).finish();
    const bytes = new ProtoWriter()
      .message(5, (s) => s.bytes(1, value))
      .varint(2, 12)
      .double(1, 5)
      .finish();
    const got: number[] = [];
    new EventDecoder().decode(new ProtoReader(bytes), 0, bytes.length, (_t, step, wall, v) => got.push(step, wall, v));
    assert.deepEqual(got, [12, 5, 4]);
  });

  it('throws ProtoError on malformed bytes rather than reading garbage', () => {
    const bytes = Buffer.from([0x2a, 0x50, 0x0a]); // summary claiming 80 bytes
    assert.throws(() => new EventDecoder().decode(new ProtoReader(bytes), 0, bytes.length, () => undefined), ProtoError);
  });

  it('converts float16 and bfloat16 bit patterns', () => {
    assert.equal(halfToNumber(0x0001), 2 ** -24);
    assert.equal(halfToNumber(0x7bff), 65504);
    assert.equal(halfToNumber(0x7c00), Infinity);
    assert.ok(Number.isNaN(halfToNumber(0x7e00)));
    assert.equal(bfloat16ToNumber(0x4049), Math.fround(3.140625));
  });

  it('the fast scalar encoder writes the same bytes as the generic one', () => {
    const enc = new ScalarRecordEncoder();
    const generic: Buffer[] = [];
    for (const [tag, step, wall, v] of [
      ['loss', 0, 1.5, 0.25],
      ['train/accuracy', 300, 1700000000.125, 0.875],
      ['x', 2 ** 40, 2, -1],
    ] as const) {
      enc.add(tag, step, wall, v);
      generic.push(encodeRecord(encodeEvent({ wallTime: wall, step, values: [{ tag, simpleValue: v }] })));
    }
    assert.deepEqual(enc.take(), Buffer.concat(generic));
  });
});
