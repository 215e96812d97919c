import assert from 'node:assert/strict';
import { numberText } from '../../../../extension/core/labeling/formats/model';

describe('core/labeling/formats/model: numberText writes numbers as String() does, faster', () => {
  it('agrees with String() on every fraction of up to six decimals it was built for, and past them', () => {
    const wrong: string[] = [];
    const check = (v: number) => {
      if (numberText(v) !== String(v) && wrong.length < 5) wrong.push(`${String(v)} written as ${numberText(v)}`);
    };
    for (let m = 1; m < 20_000; m++) for (const p of [10, 100, 1e3, 1e4, 1e5, 1e6, 1e7]) check(m / p);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 50_000; i++) {
      const d = Math.floor(rnd() * 9);
      const v = Math.round(rnd() * 10 ** Math.floor(rnd() * 10) * 10 ** d) / 10 ** d;
      for (const x of [v, -v, v / 3, v * 1.0000001, rnd() * 1e-5, Math.fround(v)]) check(x);
    }
    for (const v of [
      0,
      -0,
      1e-6,
      1e-7,
      9.999999e-7,
      0.1 + 0.2,
      1e9 - 0.5,
      999999999.999999,
      1e9,
      5e-324,
      NaN,
      Infinity,
      -Infinity,
      2 ** 53,
      1.005,
    ])
      check(v);
    assert.deepEqual(wrong, []);
  });
});
