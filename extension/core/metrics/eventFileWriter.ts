import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maskedCrc32c } from './crc32c';
import { WireType } from './protobuf';

/**
 * A small TensorBoard event-file writer: TFRecord framing with masked CRC32C, and the Event /
 * Summary / Value messages with `simple_value` (what PyTorch's SummaryWriter writes) or a
 * tensor (what TF2's tf.summary writes). For tests and benchmarks, and for anything in the
 * toolkit that wants to leave metrics TensorBoard can open.
 */

/** Appends protobuf wire format to a growing buffer. */
export class ProtoWriter {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** A raw varint (two's complement for negatives, 10 bytes). */
  rawVarint(value: number): this {
    this.ensure(10);
    let v = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  key(field: number, wire: number): this {
    return this.rawVarint(field * 8 + wire);
  }

  varint(field: number, value: number): this {
    return this.key(field, WireType.varint).rawVarint(value);
  }

  double(field: number, value: number): this {
    this.key(field, WireType.fixed64).ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WireType.fixed32).ensure(4);
    this.buf.writeFloatLE(value, this.pos);
    this.pos += 4;
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.key(field, WireType.delimited).rawVarint(data.length).ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, Buffer.from(text, 'utf8'));
  }

  /** A nested message, written by `build` into a writer of its own. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated values of one wire kind. */
  packed(field: number, kind: 'varint' | 'float' | 'double', values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) {
      if (kind === 'varint') inner.rawVarint(v);
      else {
        inner.ensure(8);
        if (kind === 'float') inner.pos = inner.buf.writeFloatLE(v, inner.pos);
        else inner.pos = inner.buf.writeDoubleLE(v, inner.pos);
      }
    }
    return this.bytes(field, inner.finish());
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** TFRecord framing of one record. */
export function encodeRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length + 16);
  out.writeUInt32LE(data.length >>> 0, 0);
  out.writeUInt32LE(Math.floor(data.length / 0x1_0000_0000), 4);
  out.writeUInt32LE(maskedCrc32c(out, 0, 8), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), 12 + data.length);
  return out;
}

/** A TensorProto to write as a summary value. */
export interface TensorSpec {
  dtype: number;
  /** Dimension sizes; omitted or [] for a scalar. */
  shape?: readonly number[];
  /** Raw little-endian tensor_content. */
  content?: Uint8Array;
  floatVal?: readonly number[];
  doubleVal?: readonly number[];
  intVal?: readonly number[];
  int64Val?: readonly number[];
  /** float16 or bfloat16 bit patterns. */
  halfVal?: readonly number[];
  uint32Val?: readonly number[];
  uint64Val?: readonly number[];
  stringVal?: readonly string[];
  /** Write repeated values unpacked (one key per value), as old writers may. */
  unpacked?: boolean;
}

function writeRepeated(
  w: ProtoWriter,
  field: number,
  kind: 'varint' | 'float' | 'double',
  values: readonly number[] | undefined,
  unpacked?: boolean,
): void {
  if (!values || values.length === 0) return;
  if (!unpacked) {
    w.packed(field, kind, values);
    return;
  }
  for (const v of values) {
    if (kind === 'varint') w.varint(field, v);
    else if (kind === 'float') w.float(field, v);
    else w.double(field, v);
  }
}

/** One Summary.Value, as its encoded bytes. */
export interface ValueSpec {
  tag: string;
  simpleValue?: number;
  tensor?: TensorSpec;
  /** SummaryMetadata.plugin_data.plugin_name. */
  plugin?: string;
  /** SummaryMetadata.data_class (1 = scalar). */
  dataClass?: number;
}

export function encodeValue(v: ValueSpec): Buffer {
  const w = new ProtoWriter().string(1, v.tag);
  if (v.simpleValue !== undefined) w.float(2, v.simpleValue);
  const t = v.tensor;
  if (t) {
    w.message(8, (m) => {
      m.varint(1, t.dtype);
      if (t.shape && t.shape.length > 0) m.message(2, (s) => t.shape!.forEach((size) => s.message(2, (d) => d.varint(1, size))));
      else m.bytes(2, new Uint8Array(0));
      if (t.content) m.bytes(4, t.content);
      writeRepeated(m, 5, 'float', t.floatVal, t.unpacked);
      writeRepeated(m, 6, 'double', t.doubleVal, t.unpacked);
      writeRepeated(m, 7, 'varint', t.intVal, t.unpacked);
      writeRepeated(m, 10, 'varint', t.int64Val, t.unpacked);
      writeRepeated(m, 13, 'varint', t.halfVal, t.unpacked);
      writeRepeated(m, 16, 'varint', t.uint32Val, t.unpacked);
      writeRepeated(m, 17, 'varint', t.uint64Val, t.unpacked);
      for (const s of t.stringVal ?? []) m.string(8, s);
    });
  }
  if (v.plugin !== undefined || v.dataClass !== undefined) {
    w.message(9, (m) => {
      if (v.plugin !== undefined) m.message(1, (p) => p.string(1, v.plugin!));
      if (v.dataClass !== undefined) m.varint(4, v.dataClass);
    });
  }
  return w.finish();
}

export interface EventSpec {
  /** Epoch seconds. */
  wallTime: number;
  step?: number;
  fileVersion?: string;
  /** Opaque bytes for graph_def (field 4), to exercise readers that must skip it. */
  graphDef?: Uint8Array;
  values?: readonly ValueSpec[];
}

/** One Event message. */
export function encodeEvent(e: EventSpec): Buffer {
  const w = new ProtoWriter().double(1, e.wallTime);
  if (e.step) w.varint(2, e.step);
  if (e.fileVersion !== undefined) w.string(3, e.fileVersion);
  if (e.graphDef) w.bytes(4, e.graphDef);
  if (e.values && e.values.length > 0) w.message(5, (s) => e.values!.forEach((v) => s.bytes(1, encodeValue(v))));
  return w.finish();
}

/** The header every event file starts with. */
export const FILE_VERSION = 'brain.Event:2';

/** TensorFlow's file name: events.out.tfevents.<10-digit epoch>.<host>.<pid>.<n>. */
export function eventFileName(wallTime = Date.now() / 1000, host = os.hostname(), pid = process.pid, n = 0): string {
  return `events.out.tfevents.${Math.floor(wallTime)}.${host}.${pid}.${n}`;
}

function varintSize(v: number): number {
  let n = 1;
  for (; v >= 0x80; n++) v = Math.floor(v / 0x80);
  return n;
}

/**
 * Frames simple_value scalar events straight into one buffer, without a message object per
 * event: the benchmark writes millions. The bytes are what encodeRecord(encodeEvent(…)) gives.
 * Steps must be non-negative integers below 2^53.
 */
export class ScalarRecordEncoder {
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  private readonly tags = new Map<string, Buffer>();

  /** Bytes encoded and not yet taken. */
  get length(): number {
    return this.pos;
  }

  add(tag: string, step: number, wallTime: number, value: number): void {
    let tb = this.tags.get(tag);
    if (!tb) this.tags.set(tag, (tb = Buffer.from(tag, 'utf8')));
    const valueLen = 1 + varintSize(tb.length) + tb.length + 5;
    const summaryLen = 1 + varintSize(valueLen) + valueLen;
    const eventLen = 9 + (step ? 1 + varintSize(step) : 0) + 1 + varintSize(summaryLen) + summaryLen;
    const total = eventLen + 16;
    if (this.pos + total > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + total));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    const b = this.buf;
    const start = this.pos;
    b.writeUInt32LE(eventLen, start);
    b.writeUInt32LE(0, start + 4);
    b.writeUInt32LE(maskedCrc32c(b, start, start + 8), start + 8);
    let p = start + 12;
    const varint = (v: number): void => {
      while (v >= 0x80) {
        b[p++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      b[p++] = v;
    };
    b[p++] = 0x09; // wall_time, fixed64
    p = b.writeDoubleLE(wallTime, p);
    if (step) {
      b[p++] = 0x10; // step, varint
      varint(step);
    }
    b[p++] = 0x2a; // summary, delimited
    varint(summaryLen);
    b[p++] = 0x0a; // value, delimited
    varint(valueLen);
    b[p++] = 0x0a; // tag
    varint(tb.length);
    tb.copy(b, p);
    p += tb.length;
    b[p++] = 0x15; // simple_value, fixed32
    p = b.writeFloatLE(value, p);
    b.writeUInt32LE(maskedCrc32c(b, start + 12, p), p);
    this.pos = p + 4;
  }

  /** The records encoded since the last take(). */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }
}

/** Appends events to a file as TensorFlow's writer does, starting with the file_version header. */
export class EventFileWriter {
  private constructor(
    readonly path: string,
    private readonly fh: fsp.FileHandle,
  ) {}

  /** Creates `dir/<name>` (default: TensorFlow's name pattern) and writes the header event. */
  static async create(dir: string, opts: { name?: string; wallTime?: number } = {}): Promise<EventFileWriter> {
    await fsp.mkdir(dir, { recursive: true });
    const file = path.join(dir, opts.name ?? eventFileName(opts.wallTime));
    const writer = new EventFileWriter(file, await fsp.open(file, 'w'));
    await writer.write({ wallTime: opts.wallTime ?? Date.now() / 1000, fileVersion: FILE_VERSION });
    return writer;
  }

  /** Appends events, each as one record. */
  async write(...events: EventSpec[]): Promise<void> {
    await this.writeRaw(Buffer.concat(events.map((e) => encodeRecord(encodeEvent(e)))));
  }

  /** Appends one simple_value scalar. */
  async scalar(tag: string, step: number, value: number, wallTime = Date.now() / 1000): Promise<void> {
    await this.write({ wallTime, step, values: [{ tag, simpleValue: value }] });
  }

  /** Appends bytes as they are (already framed records, or damage for a test). */
  async writeRaw(data: Uint8Array): Promise<void> {
    await this.fh.write(data);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
