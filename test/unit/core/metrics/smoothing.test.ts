import assert from 'node:assert/strict';
import { AxisOrder } from '../../../../extension/core/metrics/axisOrder';
import { RankIndex } from '../../../../extension/core/metrics/rankIndex';
import { Ema, isConstant, normalizeWeight, smooth } from '../../../../extension/core/metrics/smoothing';
import { SmoothingIndex } from '../../../../extension/core/metrics/smoothingIndex';

const close = (a: number, b: number, msg?: string): void =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${msg ?? ''} ${a} vs ${b}`);

describe('core/metrics smoothing (TensorBoard’s debiased EMA)', () => {
  it('matches values computed by hand: w = 0.5 over 1, 2, 3', () => {
    // last: 0.5, 1.25, 2.125; debias: 0.5, 0.75, 0.875.
    const s = smooth([1, 2, 3], 0.5);
    close(s[0]!, 1);
    close(s[1]!, 1.25 / 0.75);
    close(s[2]!, 2.125 / 0.875);
  });

  it('passes non-finite values through without advancing the average', () => {
    const s = smooth([1, NaN, 3, Infinity, 5], 0.5);
    close(s[0]!, 1);
    assert.ok(Number.isNaN(s[1]));
    // After 1 and 3: last = 0.5 * 0.5 + 0.5 * 3 = 1.75, two values: debias 0.75.
    close(s[2]!, 1.75 / 0.75);
    assert.equal(s[3], Infinity);
    // Third finite value: last = 1.75 * 0.5 + 2.5 = 3.375, debias 0.875.
    close(s[4]!, 3.375 / 0.875);
  });

  it('w = 0 gives the raw values exactly', () => {
    const values = [0.3, -2, 1e-9, 7.25, 1e9];
    assert.deepEqual([...smooth(values, 0)], values);
  });

  it('w = 0.999: the first value is itself, the next leans on it heavily', () => {
    const s = smooth([10, 0, 0], 0.999);
    close(s[0]!, 10);
    // last = 0.01 then 0.00999; debias 0.001 then 1 - 0.999^2 = 0.001999.
    close(s[1]!, 0.00999 / 0.001999);
    // last = 0.00998001; debias = 1 - 0.999^3.
    close(s[2]!, 0.00998001 / (1 - 0.999 ** 3));
  });

  it('leaves a constant series unchanged and clamps the weight as TensorBoard does', () => {
    assert.deepEqual([...smooth([0.1, 0.1, 0.1], 0.9)], [0.1, 0.1, 0.1]);
    assert.ok(isConstant([2, 2]));
    assert.ok(!isConstant([NaN, NaN]));
    assert.equal(normalizeWeight(1.5), 1);
    assert.equal(normalizeWeight(-1), 0);
    assert.equal(normalizeWeight(NaN), 0);
    assert.deepEqual([...smooth([1, 2], NaN)], [1, 2]);
    assert.deepEqual([...smooth([], 0.6)], []);
  });

  it('seeking from a checkpoint gives the same bits as smoothing from the start, across restarts', () => {
    const n = 5000;
    // Three sorted stretches: steps 0..2999, then 1000..2999 again (a restart), then 3000..
    const steps = new Float64Array(n);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      steps[i] = i < 3000 ? i : i < 4000 ? 1000 + (i - 3000) * 2 : i - 1000;
      values[i] = Math.fround(Math.sin(i / 13) + (i % 97 === 0 ? NaN : 0));
    }
    const breaks: number[] = [];
    for (let i = 1; i < n; i++) if (steps[i]! < steps[i - 1]!) breaks.push(i);
    const order = new AxisOrder(steps, n, breaks);
    assert.equal(order.segments, breaks.length + 1);
    const inOrder: number[] = [];
    const walk = order.walk();
    for (let i = walk.next(); i >= 0; i = walk.next()) inOrder.push(values[i]!);
    const full = smooth(inOrder, 0.6);
    const ranks = new RankIndex(order.segments);
    ranks.sync(order, values);
    const index = new SmoothingIndex(ranks, 0.6);
    index.sync(order, values);
    for (const rank of [0, 1, 63, 64, 65, 511, 512, 513, 2999, 3000, 4321, n - 1]) {
      const { walk: w, ema } = index.seek(order, values, rank);
      const got = ema.next(values[w.next()]!);
      assert.ok(Object.is(got, full[rank]), `rank ${rank}: ${got} vs ${full[rank]}`);
    }
    assert.ok(index.bytes() < n, 'checkpoints are small');
  });

  it('is bit-identical to the literal formula over long series (the debias divisor settles at exactly 1)', () => {
    for (const w of [0.1, 0.6, 0.9, 0.999]) {
      const values = Array.from({ length: 60_000 }, (_, i) => Math.sin(i) * 10 + (i % 1000 === 0 ? NaN : 0));
      const got = smooth(values, w);
      let last = 0;
      let n = 0;
      values.forEach((v, i) => {
        if (!Number.isFinite(v)) return assert.ok(Object.is(got[i], v));
        last = last * w + (1 - w) * v;
        n++;
        assert.ok(Object.is(got[i], last / (1 - Math.pow(w, n))), `w ${w} at ${i}`);
      });
    }
  });

  it('Ema is the same state machine smooth() runs', () => {
    const e = new Ema(0.25);
    assert.deepEqual([e.next(4), e.next(NaN), e.next(8)], [...smooth([4, NaN, 8], 0.25)]);
  });
});
