/**
 * A minimal protobuf wire-format reader, enough for TensorBoard's Event and Summary messages:
 * varints (unsigned, two's-complement int64/int32; no zig-zag, which these messages never
 * use), fixed32/fixed64, length-delimited fields and packed repeated scalars. Written by hand
 * rather than generated so that core/ takes no dependency and decoding allocates nothing but
 * the strings it returns: nested messages are read by narrowing the same reader's window.
 *
 * Malformed input throws ProtoError; callers decide whether that skips a record or fails.
 */

/**
 * Wire types. Typed as plain numbers on purpose: with literal types, TypeScript would narrow
 * `reader.wire` after one comparison and keep it narrowed across the next key() call.
 */
export const WireType: Readonly<Record<'varint' | 'fixed64' | 'delimited' | 'startGroup' | 'endGroup' | 'fixed32', number>> = {
  varint: 0,
  fixed64: 1,
  delimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
};

export class ProtoError extends Error {
  override readonly name = 'ProtoError';
}

const TWO_32 = 4294967296;

export class ProtoReader {
  /** Next byte to read. */
  pos: number;
  /** End of the current message's window (exclusive). */
  end: number;
  /** Wire type of the field whose key was read last. */
  wire = 0;
  private lo = 0;
  private hi = 0;
  private readonly view: DataView;
  private readonly text: Buffer;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.text = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Points the reader at another message in the same buffer. */
  reset(start: number, end: number): void {
    this.pos = start;
    this.end = end;
  }

  /** True when the current window is exhausted. */
  done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field key; returns the field number and leaves its wire type in `wire`. */
  key(): number {
    const k = this.uint32();
    this.wire = k & 7;
    const field = k >>> 3;
    if (field === 0) throw new ProtoError(`field number 0 at byte ${this.pos}`);
    return field;
  }

  /** Reads a varint of up to 64 bits into lo/hi. */
  private varint64(): void {
    const b = this.buf;
    let p = this.pos;
    const end = this.end;
    let lo = 0;
    let hi: number;
    let byte: number;
    for (let shift = 0; shift < 28; shift += 7) {
      if (p >= end) throw new ProtoError('truncated varint');
      byte = b[p++]!;
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = p;
        this.lo = lo;
        this.hi = 0;
        return;
      }
    }
    if (p >= end) throw new ProtoError('truncated varint');
    byte = b[p++]!;
    lo |= (byte & 0x0f) << 28;
    hi = (byte & 0x7f) >> 4;
    if (byte >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 31) throw new ProtoError('varint longer than 10 bytes');
        if (p >= end) throw new ProtoError('truncated varint');
        byte = b[p++]!;
        hi |= (byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
    }
    this.pos = p;
    this.lo = lo;
    this.hi = hi;
  }

  /** uint32 (and field keys, lengths): the low 32 bits of a varint. */
  uint32(): number {
    // One-byte varints are by far the most common (keys, small lengths): skip the general path.
    const p = this.pos;
    if (p < this.end) {
      const byte = this.buf[p]!;
      if (byte < 0x80) {
        this.pos = p + 1;
        return byte;
      }
    }
    this.varint64();
    return this.lo >>> 0;
  }

  /** int32: negative values are sign-extended to 10 bytes on the wire; the low 32 bits are the value. */
  int32(): number {
    this.varint64();
    return this.lo | 0;
  }

  /** int64 as a number: exact within ±2^53, two's complement for negatives. */
  int64(): number {
    this.varint64();
    return (this.hi | 0) * TWO_32 + (this.lo >>> 0);
  }

  /** uint64 as a number: exact below 2^53. */
  uint64(): number {
    this.varint64();
    return (this.hi >>> 0) * TWO_32 + (this.lo >>> 0);
  }

  bool(): boolean {
    this.varint64();
    return (this.lo | this.hi) !== 0;
  }

  private need(n: number): number {
    const p = this.pos;
    if (p + n > this.end) throw new ProtoError(`truncated field at byte ${p}`);
    this.pos = p + n;
    return p;
  }

  float(): number {
    return this.view.getFloat32(this.need(4), true);
  }

  double(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  fixed32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  /** Reads a length prefix and returns the end offset of the delimited bytes (pos is then their start). */
  delimited(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > this.end) throw new ProtoError(`length ${len} at byte ${this.pos} runs past the message`);
    return end;
  }

  /**
   * Enters a length-delimited sub-message: narrows the window to it and returns the outer
   * window's end, to hand to leave() when done.
   */
  enter(): number {
    const end = this.delimited();
    const outer = this.end;
    this.end = end;
    return outer;
  }

  /** Leaves a sub-message entered with enter(): skips whatever was not read and restores the outer window. */
  leave(outerEnd: number): void {
    this.pos = this.end;
    this.end = outerEnd;
  }

  /** A length-delimited UTF-8 string. */
  string(): string {
    const end = this.delimited();
    const s = this.textAt(this.pos, end);
    this.pos = end;
    return s;
  }

  /** Bytes [start, end) of the buffer decoded as UTF-8. */
  textAt(start: number, end: number): string {
    return this.text.toString('utf8', start, end);
  }

  /** Skips the value of a field of the given wire type. */
  skip(wire: number = this.wire): void {
    switch (wire) {
      case WireType.varint:
        this.varint64();
        return;
      case WireType.fixed64:
        this.need(8);
        return;
      case WireType.delimited:
        this.pos = this.delimited();
        return;
      case WireType.fixed32:
        this.need(4);
        return;
      case WireType.startGroup:
        // Groups are deprecated and never appear in TensorFlow's messages, but skip them correctly.
        for (;;) {
          if (this.done()) throw new ProtoError('unterminated group');
          this.key();
          if (this.wire === WireType.endGroup) return;
          this.skip();
        }
      default:
        throw new ProtoError(`wire type ${wire} at byte ${this.pos}`);
    }
  }
}
