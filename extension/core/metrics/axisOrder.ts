/**
 * A series' points in order of one x axis, without copying them. Points are stored in arrival
 * order, and that order is almost always already sorted (steps and wall times grow), or a few
 * sorted stretches: a run restarted from a checkpoint writes steps 90… again after 0…99. So the
 * order is kept as the list of sorted stretches ("segments") of the arrival order, found while
 * appending, and walked as a k-way merge: no memory per point at all. Only when the arrival
 * order is badly shuffled (more than MAX_SEGMENTS stretches) is a permutation built instead
 * (4 bytes per point, a stable sort by key then arrival).
 *
 * Merged order is by key, ties by arrival: for equal steps the point that arrived first comes
 * first, as in TensorBoard's reservoir. A rank is a position in merged order.
 */

/** Above this many sorted stretches, a permutation is cheaper to walk than the merge. */
export const MAX_SEGMENTS = 16;

export type Keys = Float64Array | Float32Array;

export class AxisOrder {
  /** Segment j covers positions [bounds[j], bounds[j+1]): arrival indices, or positions in `perm`. */
  private readonly bounds: Int32Array;
  private readonly perm: Uint32Array | undefined;
  readonly segments: number;

  /**
   * @param keys the axis' key per arrival index (only [0, length) is read)
   * @param breaks arrival indices where a new sorted stretch starts (key below the previous),
   *   or undefined when there were too many to track
   */
  constructor(
    readonly keys: Keys,
    readonly length: number,
    breaks: readonly number[] | undefined,
  ) {
    if (breaks === undefined || breaks.length + 1 > MAX_SEGMENTS) {
      const perm = new Uint32Array(length);
      for (let i = 0; i < length; i++) perm[i] = i;
      // Stable: equal keys keep arrival order. Typed-array sort with a comparator is stable in V8.
      perm.sort((a, b) => keys[a]! - keys[b]! || a - b);
      this.perm = perm;
      this.bounds = Int32Array.of(0, length);
    } else {
      this.perm = undefined;
      this.bounds = Int32Array.from([0, ...breaks, length]);
    }
    this.segments = this.bounds.length - 1;
  }

  /** Memory held beyond the series' own columns. */
  bytes(): number {
    return this.bounds.byteLength + (this.perm?.byteLength ?? 0);
  }

  /** True when rank and arrival index are the same (one sorted stretch, no permutation). */
  get isArrivalOrder(): boolean {
    return this.segments === 1 && this.perm === undefined;
  }

  /** First position of segment j. Positions are arrival indices, or indices into the permutation. */
  segmentStart(j: number): number {
    return this.bounds[j]!;
  }

  /** One past the last position of segment j. */
  segmentEnd(j: number): number {
    return this.bounds[j + 1]!;
  }

  /** Arrival index at position p of segment space. */
  at(p: number): number {
    return this.perm ? this.perm[p]! : p;
  }

  /** First position in segment j whose key is >= x (or > x when `after`). */
  private bound(j: number, x: number, after: boolean): number {
    let lo = this.bounds[j]!;
    let hi = this.bounds[j + 1]!;
    const keys = this.keys;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[this.at(mid)]!;
      if (k < x || (after && k === x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of points with key < x: the rank of the first point at or after x. */
  rankBelow(x: number): number {
    let r = 0;
    for (let j = 0; j < this.segments; j++) r += this.bound(j, x, false) - this.bounds[j]!;
    return r;
  }

  /** Number of points with key <= x. */
  rankAtOrBelow(x: number): number {
    let r = 0;
    for (let j = 0; j < this.segments; j++) r += this.bound(j, x, true) - this.bounds[j]!;
    return r;
  }

  /** Smallest key (NaN when empty). */
  minKey(): number {
    let m = NaN;
    for (let j = 0; j < this.segments; j++) {
      if (this.bounds[j]! < this.bounds[j + 1]!) {
        const k = this.keys[this.at(this.bounds[j]!)]!;
        if (!(k >= m)) m = k;
      }
    }
    return m;
  }

  /** Largest key (NaN when empty). */
  maxKey(): number {
    let m = NaN;
    for (let j = 0; j < this.segments; j++) {
      if (this.bounds[j]! < this.bounds[j + 1]!) {
        const k = this.keys[this.at(this.bounds[j + 1]! - 1)]!;
        if (!(k <= m)) m = k;
      }
    }
    return m;
  }

  /** The nearest key to x that some point has (the lower one on a tie); NaN when empty. */
  nearestKey(x: number): number {
    let below = -Infinity;
    let above = Infinity;
    for (let j = 0; j < this.segments; j++) {
      const p = this.bound(j, x, false);
      if (p > this.bounds[j]!) below = Math.max(below, this.keys[this.at(p - 1)]!);
      if (p < this.bounds[j + 1]!) above = Math.min(above, this.keys[this.at(p)]!);
    }
    if (below === -Infinity && above === Infinity) return NaN;
    return x - below <= above - x ? below : above;
  }

  /** Among points whose key is exactly `key`, the one that arrived last, and its rank; undefined if none. */
  lastWithKey(key: number): { index: number; rank: number } | undefined {
    let index = -1;
    for (let j = 0; j < this.segments; j++) {
      const p = this.bound(j, key, true);
      if (p > this.bounds[j]! && this.keys[this.at(p - 1)] === key) index = Math.max(index, this.at(p - 1));
    }
    return index < 0 ? undefined : { index, rank: this.rankAtOrBelow(key) - 1 };
  }

  /** A walk over the points in merged order, from the first point with key >= x (from the start when omitted). */
  walk(fromKey?: number): OrderWalk {
    const w = new OrderWalk(this, this.bounds, this.perm);
    if (fromKey !== undefined) for (let j = 0; j < this.segments; j++) w.cursors[j] = this.bound(j, fromKey, false);
    w.rank = fromKey === undefined ? 0 : this.rankBelow(fromKey);
    return w;
  }
}

/** A position in an AxisOrder's merged order; next() yields arrival indices in order. */
export class OrderWalk {
  readonly cursors: Int32Array;
  /** Points yielded before the current position. */
  rank = 0;

  constructor(
    readonly order: AxisOrder,
    private readonly bounds: Int32Array,
    private readonly perm: Uint32Array | undefined,
  ) {
    this.cursors = bounds.slice(0, bounds.length - 1);
  }

  /** Moves to a position saved earlier from a walk of the same order. */
  restore(cursors: ArrayLike<number>, rank: number): void {
    this.cursors.set(cursors);
    this.rank = rank;
  }

  /** The next arrival index in merged order, or -1 at the end. */
  next(): number {
    const c = this.cursors;
    const b = this.bounds;
    let j = 0;
    if (c.length > 1) {
      // Linear scan of the segment heads: there are at most MAX_SEGMENTS of them; on equal keys
      // the earlier segment (earlier arrival) wins.
      const keys = this.order.keys;
      j = -1;
      let best = 0;
      for (let s = 0; s < c.length; s++) {
        const p = c[s]!;
        if (p >= b[s + 1]!) continue;
        const k = keys[p]!;
        if (j < 0 || k < best) {
          j = s;
          best = k;
        }
      }
      if (j < 0) return -1;
    } else if (c[0]! >= b[1]!) return -1;
    const p = c[j]!;
    c[j] = p + 1;
    this.rank++;
    return this.perm ? this.perm[p]! : p;
  }
}
