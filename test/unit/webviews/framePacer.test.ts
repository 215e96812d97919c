import assert from 'node:assert/strict';
import { FramePacer } from '../../../webviews/metrics/view/framePacer';

/** Animation frames stepped by hand: the pacer only ever asks for the next one. */
function frames() {
  const queued: (() => void)[] = [];
  return {
    nextFrame: (cb: () => void) => void queued.push(cb),
    step(): boolean {
      const due = queued.splice(0);
      for (const cb of due) cb();
      return due.length > 0;
    },
  };
}

describe('FramePacer: live redraws spread over animation frames', () => {
  let clock: ReturnType<typeof frames>;
  beforeEach(() => (clock = frames()));

  it('draws nothing before a frame, then a share of the queue per frame until it is empty', () => {
    const pacer = new FramePacer(clock.nextFrame);
    const drawn: number[][] = [];
    const owners = Array.from({ length: 10 }, () => ({}));
    owners.forEach((o, i) => pacer.queue(o, () => drawn[drawn.length - 1]!.push(i)));
    let frame = 0;
    for (; ; frame++) {
      drawn.push([]);
      if (!clock.step()) break;
    }
    // Ten charts over FramePacer.spreadFrames (5) frames: two a frame, in the order they came.
    assert.deepEqual(drawn.slice(0, frame), [
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
  });

  it('a chart that gets newer data before its turn draws only the newest, once', () => {
    const pacer = new FramePacer(clock.nextFrame);
    const chart = {};
    const drawn: string[] = [];
    pacer.queue(chart, () => drawn.push('old'));
    pacer.queue(chart, () => drawn.push('new'));
    while (clock.step());
    assert.deepEqual(drawn, ['new']);
  });

  it('a cancelled chart (destroyed, or rebuilt at once) does not draw its queued data', () => {
    const pacer = new FramePacer(clock.nextFrame);
    const gone = {};
    const kept = {};
    const drawn: string[] = [];
    pacer.queue(gone, () => drawn.push('gone'));
    pacer.queue(kept, () => drawn.push('kept'));
    pacer.cancel(gone);
    while (clock.step());
    assert.deepEqual(drawn, ['kept']);
  });
});
