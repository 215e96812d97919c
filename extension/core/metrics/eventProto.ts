import { ProtoError, type ProtoReader, WireType } from './protobuf';

// Local copies of the wire types: these comparisons run for every field of every event, and an
// imported binding read through CommonJS interop (tsx, mocha) is a getter call each time.
const { varint: VARINT, fixed64: FIXED64, delimited: DELIMITED, fixed32: FIXED32 } = WireType;

/**
 * Decoding of TensorFlow's `Event` (tensorflow/core/util/event.proto) down to its scalars:
 *
 *   Event   { wall_time 1 double, step 2 int64, file_version 3 string, graph_def 4, summary 5, … }
 *   Summary { value 1 repeated Value }
 *   Value   { tag 1, simple_value 2 float, tensor 8 TensorProto, metadata 9 SummaryMetadata, image/histo/audio … }
 *   SummaryMetadata { plugin_data 1 { plugin_name 1 }, data_class 4 }
 *
 * PyTorch's add_scalar and TF1 write `simple_value`; TF2's tf.summary.scalar writes a rank-0
 * tensor under the `scalars` plugin. Everything else (graphs, histograms, images, strings,
 * tensors of more than one element) is skipped and counted, never an error.
 *
 * Writers attach metadata only to the first value of a tag (see summary.proto), so the plugin
 * seen first is remembered per tag, as TensorBoard's event accumulator does: a later tensor of
 * an `hparams` or `text` tag is then not mistaken for a metric.
 */

/** tensorflow/core/framework/types.proto, the numeric types a scalar can have. */
export const DataType = {
  float: 1,
  double: 2,
  int32: 3,
  uint8: 4,
  int16: 5,
  int8: 6,
  string: 7,
  int64: 9,
  bool: 10,
  bfloat16: 14,
  uint16: 17,
  half: 19,
  uint32: 22,
  uint64: 23,
} as const;

/** SummaryMetadata.data_class DATA_CLASS_SCALAR. */
const DATA_CLASS_SCALAR = 1;

/** Bytes per element in tensor_content, for the dtypes read as scalars. */
const ELEMENT_SIZE: Record<number, number> = { 1: 4, 2: 8, 3: 4, 4: 1, 5: 2, 6: 1, 9: 8, 14: 2, 17: 2, 19: 2, 22: 4, 23: 8 };

/**
 * The TensorProto field holding typed values for a dtype (tensor.proto): half_val 13 for both
 * 16-bit floats, int_val 7 for the small integers, uint32_val 16 / uint64_val 17 for the
 * unsigned wide ones.
 */
const VALUE_FIELD: Record<number, number> = { 1: 5, 2: 6, 3: 7, 4: 7, 5: 7, 6: 7, 9: 10, 14: 13, 17: 7, 19: 13, 22: 16, 23: 17 };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits to a number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 bits (the top half of a float32) to a number. */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

/** Receives one scalar: wall time in epoch seconds. */
export type ScalarSink = (tag: string, step: number, wallTime: number, value: number) => void;

/** What one Event held besides its scalars. */
export interface EventCounts {
  /** Scalars passed to the sink. */
  scalars: number;
  /** Summary values that were not scalars (images, histograms, strings, larger tensors, other plugins). */
  skippedValues: number;
  /** The file_version string of the header event (`brain.Event:2`), when this was it. */
  fileVersion?: string;
}

/**
 * Turns tag bytes into strings without decoding the same few tags millions of times: a file
 * holds a handful of tags repeated in every event. Looked up by length and three sampled bytes
 * (cheaper than hashing every byte), then confirmed byte for byte.
 */
class TagInterner {
  private readonly buckets = new Map<number, { bytes: Uint8Array; tag: string }[]>();

  get(r: ProtoReader, start: number, end: number): string {
    const buf = r.buf;
    const len = end - start;
    const key = len === 0 ? 0 : len * 16777216 + buf[start]! * 65536 + buf[start + (len >> 1)]! * 256 + buf[end - 1]!;
    let list = this.buckets.get(key);
    if (list) {
      for (const entry of list) {
        const b = entry.bytes;
        if (b.length !== len) continue;
        let i = 0;
        while (i < len && b[i] === buf[start + i]) i++;
        if (i === len) return entry.tag;
      }
    } else {
      list = [];
      this.buckets.set(key, list);
    }
    const tag = r.textAt(start, end);
    if (list.length < 8) list.push({ bytes: buf.slice(start, end), tag });
    return tag;
  }
}

/** Decodes Events one at a time, remembering each tag's plugin across events (keep one per run). */
export class EventDecoder {
  /** Plugin name per tag, from the first value of the tag that carried metadata ('' when it had none). */
  readonly plugins = new Map<string, string>();
  private readonly scalarClass = new Set<string>();
  private readonly tags = new TagInterner();
  private readonly counts = new Int32Array(18);
  private readonly firsts = new Float64Array(18);

  /**
   * Decodes the Event in buf[start, end) and passes its scalars to `sink`. Throws ProtoError
   * when the bytes are not a well-formed Event (the caller counts the record as undecodable).
   */
  decode(r: ProtoReader, start: number, end: number, sink: ScalarSink): EventCounts {
    r.reset(start, end);
    let wallTime = 0;
    let step = 0;
    let fileVersion: string | undefined;
    let summaryStart = -1;
    let summaryEnd = -1;
    let more: number[] | undefined;
    while (!r.done()) {
      const field = r.key();
      if (field === 1 && r.wire === FIXED64) wallTime = r.double();
      else if (field === 2 && r.wire === VARINT) step = r.int64();
      else if (field === 3 && r.wire === DELIMITED) fileVersion = r.string();
      else if (field === 5 && r.wire === DELIMITED) {
        // Summaries are decoded once step and wall time are known, whatever the field order.
        const e = r.delimited();
        if (summaryStart < 0) {
          summaryStart = r.pos;
          summaryEnd = e;
        } else (more ??= []).push(r.pos, e);
        r.pos = e;
      } else r.skip();
    }
    const counts: EventCounts = { scalars: 0, skippedValues: 0 };
    if (fileVersion !== undefined) counts.fileVersion = fileVersion;
    if (summaryStart >= 0) this.summary(r, summaryStart, summaryEnd, step, wallTime, sink, counts);
    if (more) for (let i = 0; i < more.length; i += 2) this.summary(r, more[i]!, more[i + 1]!, step, wallTime, sink, counts);
    return counts;
  }

  private summary(r: ProtoReader, start: number, end: number, step: number, wallTime: number, sink: ScalarSink, counts: EventCounts): void {
    r.reset(start, end);
    while (!r.done()) {
      const field = r.key();
      if (field === 1 && r.wire === DELIMITED) {
        const outer = r.enter();
        this.value(r, step, wallTime, sink, counts);
        r.leave(outer);
      } else r.skip();
    }
  }

  private value(r: ProtoReader, step: number, wallTime: number, sink: ScalarSink, counts: EventCounts): void {
    let tag = '';
    let simple: number | undefined;
    let tensorStart = -1;
    let tensorEnd = -1;
    let plugin: string | undefined;
    let dataClass = 0;
    while (!r.done()) {
      const field = r.key();
      if (field === 1 && r.wire === DELIMITED) {
        const e = r.delimited();
        tag = this.tags.get(r, r.pos, e);
        r.pos = e;
      } else if (field === 2 && r.wire === FIXED32) simple = r.float();
      else if (field === 8 && r.wire === DELIMITED) {
        tensorEnd = r.delimited();
        tensorStart = r.pos;
        r.pos = tensorEnd;
      } else if (field === 9 && r.wire === DELIMITED) {
        const outer = r.enter();
        ({ plugin, dataClass } = this.metadata(r));
        r.leave(outer);
      } else r.skip();
    }
    if (plugin !== undefined && !this.plugins.has(tag)) {
      this.plugins.set(tag, plugin);
      if (dataClass === DATA_CLASS_SCALAR) this.scalarClass.add(tag);
    }
    if (simple !== undefined) {
      counts.scalars++;
      sink(tag, step, wallTime, simple);
      return;
    }
    if (tensorStart >= 0) {
      const known = this.plugins.get(tag) ?? '';
      if (known === '' || known === 'scalars' || this.scalarClass.has(tag)) {
        const outerEnd = r.end;
        r.reset(tensorStart, tensorEnd);
        const v = this.tensorScalar(r);
        r.end = outerEnd;
        if (v !== undefined) {
          counts.scalars++;
          sink(tag, step, wallTime, v);
          return;
        }
      }
    }
    counts.skippedValues++;
  }

  private metadata(r: ProtoReader): { plugin: string; dataClass: number } {
    let plugin = '';
    let dataClass = 0;
    while (!r.done()) {
      const field = r.key();
      if (field === 1 && r.wire === DELIMITED) {
        const outer = r.enter();
        while (!r.done()) {
          if (r.key() === 1 && r.wire === DELIMITED) plugin = r.string();
          else r.skip();
        }
        r.leave(outer);
      } else if (field === 4 && r.wire === VARINT) dataClass = r.int32();
      else r.skip();
    }
    return { plugin, dataClass };
  }

  /** The value of a one-element numeric TensorProto in r's window; undefined for anything else. */
  private tensorScalar(r: ProtoReader): number | undefined {
    const counts = this.counts;
    const firsts = this.firsts;
    counts.fill(0);
    let dtype = 0;
    let elements = 1;
    let contentStart = -1;
    let contentEnd = -1;
    while (!r.done()) {
      const field = r.key();
      const wire = r.wire;
      if (field === 1 && wire === VARINT) dtype = r.int32();
      else if (field === 2 && wire === DELIMITED) {
        const outer = r.enter();
        elements = shapeElements(r);
        r.leave(outer);
      } else if (field === 4 && wire === DELIMITED) {
        contentEnd = r.delimited();
        contentStart = r.pos;
        r.pos = contentEnd;
      } else if (field < counts.length && isNumericValueField(field)) {
        if (wire === DELIMITED) {
          const e = r.delimited();
          const outer = r.end;
          r.end = e;
          while (!r.done()) this.noteValue(r, field);
          r.end = outer;
        } else this.noteValue(r, field);
      } else r.skip();
    }
    const size = ELEMENT_SIZE[dtype];
    if (size === undefined || elements !== 1) return undefined;
    if (contentStart >= 0 && contentEnd > contentStart) {
      return contentEnd - contentStart === size ? fromContent(r.buf, contentStart, dtype) : undefined;
    }
    const field = VALUE_FIELD[dtype]!;
    const n = counts[field]!;
    if (n > 1) return undefined;
    // A one-element tensor with no value at all is zero, as TensorFlow's MakeNdarray reads it.
    const raw = n === 1 ? firsts[field]! : 0;
    if (dtype === DataType.half) return halfToNumber(raw);
    if (dtype === DataType.bfloat16) return bfloat16ToNumber(raw);
    if (dtype === DataType.uint8) return raw & 0xff;
    if (dtype === DataType.uint16) return raw & 0xffff;
    if (dtype === DataType.int8) return (raw << 24) >> 24;
    if (dtype === DataType.int16) return (raw << 16) >> 16;
    return raw;
  }

  private noteValue(r: ProtoReader, field: number): void {
    let v: number;
    switch (field) {
      case 5:
        v = r.float();
        break;
      case 6:
        v = r.double();
        break;
      case 7:
      case 13:
        v = r.int32();
        break;
      case 10:
        v = r.int64();
        break;
      case 16:
        v = r.uint32();
        break;
      default:
        v = r.uint64();
    }
    if (this.counts[field]!++ === 0) this.firsts[field] = v;
  }
}

/** float_val 5, double_val 6, int_val 7, int64_val 10, half_val 13, uint32_val 16, uint64_val 17. */
function isNumericValueField(field: number): boolean {
  return field === 5 || field === 6 || field === 7 || field === 10 || field === 13 || field === 16 || field === 17;
}

/** Elements in a TensorShapeProto { dim 2 { size 1 }, unknown_rank 3 }; -1 when unknown. */
function shapeElements(r: ProtoReader): number {
  let elements = 1;
  while (!r.done()) {
    const field = r.key();
    if (field === 2 && r.wire === DELIMITED) {
      const outer = r.enter();
      let size = 0;
      while (!r.done()) {
        if (r.key() === 1 && r.wire === VARINT) size = r.int64();
        else r.skip();
      }
      r.leave(outer);
      elements = size < 0 || elements < 0 ? -1 : elements * size;
    } else if (field === 3 && r.wire === VARINT) {
      if (r.bool()) elements = -1;
    } else r.skip();
  }
  return elements;
}

/** One element of raw little-endian tensor_content. */
function fromContent(buf: Uint8Array, p: number, dtype: number): number | undefined {
  const view = new DataView(buf.buffer, buf.byteOffset + p, ELEMENT_SIZE[dtype]);
  switch (dtype) {
    case DataType.float:
      return view.getFloat32(0, true);
    case DataType.double:
      return view.getFloat64(0, true);
    case DataType.int32:
      return view.getInt32(0, true);
    case DataType.uint8:
      return view.getUint8(0);
    case DataType.int16:
      return view.getInt16(0, true);
    case DataType.int8:
      return view.getInt8(0);
    case DataType.int64:
      return Number(view.getBigInt64(0, true));
    case DataType.bfloat16:
      return bfloat16ToNumber(view.getUint16(0, true));
    case DataType.uint16:
      return view.getUint16(0, true);
    case DataType.half:
      return halfToNumber(view.getUint16(0, true));
    case DataType.uint32:
      return view.getUint32(0, true);
    case DataType.uint64:
      return Number(view.getBigUint64(0, true));
    default:
      return undefined;
  }
}

export { ProtoError };
