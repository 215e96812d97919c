import assert from 'node:assert/strict';
import type { SpanAnnotation } from '../../../webviews/protocol/labeling';
import { codePointLength, segments, snapUtf16, spanFromSelection, spanText, toCodePoints, toUtf16 } from '../../../webviews/labeling/spans';

const span = (id: string, start: number, end: number): SpanAnnotation => ({ type: 'span', id, label: 'x', start, end });

describe('webviews/labeling/spans', () => {
  it('counts characters as code points: CJK is one each, an emoji is one where JavaScript sees two', () => {
    const text = '华为云 🚀 ModelArts 𠀀字';
    assert.equal(text.length, 20);
    assert.equal(codePointLength(text), 18);
    // "ModelArts" starts after 华为云, a space, the rocket and a space: code point 6, UTF-16 unit 7.
    assert.equal(text.indexOf('ModelArts'), 7);
    assert.equal(toCodePoints(text, 7), 6);
    assert.equal(toUtf16(text, 6), 7);
    for (let cp = 0; cp <= codePointLength(text); cp++) assert.equal(toCodePoints(text, toUtf16(text, cp)), cp);
  });

  it('turns a selection into ModelArts offsets, never splitting a pair, without surrounding white space', () => {
    const text = '北京 🚀 发射 𠀀字';
    // A selection of the rocket alone (UTF-16 3..5) is character 3 alone.
    assert.deepEqual(spanFromSelection(text, 3, 5), { start: 3, end: 4 });
    // Ending in the middle of the pair takes the whole emoji; starting in it too.
    assert.deepEqual(spanFromSelection(text, 3, 4), { start: 3, end: 4 });
    assert.deepEqual(spanFromSelection(text, 4, 5), { start: 3, end: 4 });
    // Backwards and with a trailing space: the same span.
    assert.deepEqual(spanFromSelection(text, 2, 0), { start: 0, end: 2 });
    assert.deepEqual(spanFromSelection(text, 0, 3), { start: 0, end: 2 });
    assert.equal(spanFromSelection(text, 2, 3), undefined);
    const rare = spanFromSelection(text, text.indexOf('𠀀'), text.length);
    assert.deepEqual(rare, { start: 8, end: 10 });
    assert.equal(spanText(text, rare), '𠀀字');
    assert.equal(snapUtf16(text, 4), 3);
    assert.equal(snapUtf16(text, 4, true), 5);
  });

  it('cuts the text at every span edge, nested and overlapping spans as layers, the shortest last', () => {
    const text = '华为云 ModelArts 平台';
    const segs = segments(text, [span('outer', 0, 13), span('inner', 4, 13), span('tail', 11, 16)]);
    assert.deepEqual(
      segs.map((s) => [text.slice(s.from, s.to), s.spans]),
      [
        ['华为云 ', ['outer']],
        ['ModelAr', ['outer', 'inner']],
        ['ts', ['outer', 'inner', 'tail']],
        [' 平台', ['tail']],
      ],
    );
    // Offsets beyond the BMP are converted: an entity after an emoji covers the right characters.
    const emoji = '🚀发射成功';
    assert.deepEqual(
      segments(emoji, [span('e', 1, 3)]).map((s) => [emoji.slice(s.from, s.to), s.spans]),
      [
        ['🚀', []],
        ['发射', ['e']],
        ['成功', []],
      ],
    );
  });
});
