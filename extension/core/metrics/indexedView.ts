import type { AxisOrder } from './axisOrder';
import { BLOCK, BLOCK_MASK, BLOCK_SHIFT, cover, EMPTY, MAX_COVER, nodeStart } from './blockPyramid';
import { bucketRanks, position, type RunGrid } from './columnBuckets';
import type { RankIndex } from './rankIndex';
import type { SmoothingIndex } from './smoothingIndex';

/**
 * One run's ranks [r0, r1) bucketed from its summary indexes instead of point by point:
 *   1. each column's first rank, by binary search per sorted stretch (a column starts where a
 *      key's position first reaches it; positions only grow along the order);
 *   2. the blocks those edges cut (and the range's ends cut): their points one by one, the
 *      smoothed ones from the block's checkpoint, at most a block per edge;
 *   3. the whole blocks inside each column: the fewest pyramid nodes that cover them.
 * Cost: O(columns × (segments × log n + BLOCK + nodes per cover)), whatever the points in range.
 * The result is the pass over every point's, to the bit: the same position expression decides
 * every column, and candidates carry rank positions (columnBuckets.ts). A node's two extremes
 * get positions inside its rank span, the minimum's first when it came first.
 *
 * The smoothed summaries have no count of their own: a smoothed value is finite exactly when its
 * raw value is (the average of finite Float32 values stays finite, and a non-finite value passes
 * through), so a node holds as many finite smoothed values as raw ones, in the same places.
 */

const coverScratch = new Int32Array(2 * MAX_COVER);

export function bucketIndexed(
  g: RunGrid,
  order: AxisOrder,
  ranks: RankIndex,
  smoothing: SmoothingIndex | undefined,
  r0: number,
  r1: number,
): void {
  const edges = columnEdges(g, order, r0, r1);
  const walk = order.isArrivalOrder ? undefined : order.walk();
  const n = order.length;
  let last = -1;
  for (let c = 0; c <= g.columns; c++) {
    const s = edges[c]!;
    if ((s & BLOCK_MASK) === 0) continue;
    const b = s >>> BLOCK_SHIFT;
    if (b === last) continue;
    last = b;
    const start = b << BLOCK_SHIFT;
    const from = Math.max(start, r0);
    const ema = smoothing?.emaAtBlock(b);
    if (walk) ranks.seekBlock(walk, b);
    if (walk || ema) {
      for (let r = start; r < from; r++) {
        const i = walk ? walk.next() : r;
        if (ema) ema.next(g.values[i]!);
      }
    }
    bucketRanks(g, walk, ema, from, Math.min(start + BLOCK, n, r1));
  }
  for (let c = 0; c < g.columns; c++) {
    const lo = (edges[c]! + BLOCK_MASK) >>> BLOCK_SHIFT;
    const hi = edges[c + 1]! >>> BLOCK_SHIFT;
    if (lo < hi) addNodes(g, ranks, smoothing, c, lo, hi);
  }
}

/** Column c's ranks are [edges[c], edges[c + 1]). */
function columnEdges(g: RunGrid, order: AxisOrder, r0: number, r1: number): Int32Array {
  const columns = g.columns;
  const edges = new Int32Array(columns + 1);
  edges[0] = r0;
  edges[columns] = r1;
  const k = order.segments;
  // Per stretch, where the previous column's search ended: edges only move right.
  const from = new Int32Array(k);
  for (let j = 0; j < k; j++) from[j] = order.segmentStart(j);
  const keys = g.keys;
  for (let c = 1; c < columns; c++) {
    if (edges[c - 1]! >= r1) {
      edges[c] = r1;
      continue;
    }
    // Points whose column is below c, over the whole order; position >= c is column >= c for
    // 1 <= c < columns, clamping included. Below r0 or past r1 they are out of range: clamp.
    let t = 0;
    for (let j = 0; j < k; j++) {
      let lo = from[j]!;
      const end = order.segmentEnd(j);
      // Gallop from the previous edge, then bisect: the probes stay near the points read last,
      // and cost log(points per column) rather than log(points).
      let step = 1;
      let hi = lo;
      while (hi < end && position(g, keys[order.at(hi)]!) < c) {
        lo = hi + 1;
        hi = Math.min(end, lo + step);
        step *= 2;
      }
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (position(g, keys[order.at(mid)]!) >= c) hi = mid;
        else lo = mid + 1;
      }
      from[j] = lo;
      t += lo - order.segmentStart(j);
    }
    edges[c] = t < r0 ? r0 : t > r1 ? r1 : t;
  }
  return edges;
}

/** Merges the pyramid nodes covering blocks [lo, hi), all inside column c. */
function addNodes(g: RunGrid, ranks: RankIndex, smoothing: SmoothingIndex | undefined, c: number, lo: number, hi: number): void {
  const nodes = cover(lo, hi, ranks.levels.length, coverScratch);
  const { keys, values, raw, smoothed } = g;
  for (let k = 0; k < nodes; k++) {
    const level = coverScratch[2 * k]!;
    const node = coverScratch[2 * k + 1]!;
    const L = ranks.levels[level]!;
    const m = L.minAt[node]!;
    if (m === EMPTY) continue;
    const x = L.maxAt[node]!;
    const start = nodeStart(level, node);
    const one = m === x;
    const late = one && position(g, keys[m]!) - c >= 0.5;
    const first = L.minFirst[node] === 1;
    raw.merge(c, values[m]!, first ? start : start + 0.5, values[x]!, first ? start + 0.5 : start, one ? 1 : 2, late);
    if (smoothed && smoothing) {
      const S = smoothing.levels[level]!;
      const sFirst = S.minFirst[node] === 1;
      smoothed.merge(c, S.min[node]!, sFirst ? start : start + 0.5, S.max[node]!, sFirst ? start + 0.5 : start, one ? 1 : 2, late);
    }
  }
}
