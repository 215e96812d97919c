import assert from 'node:assert/strict';
import { MetricsModel, requestKey } from '../../../webviews/metrics/model';
import { defaultUiState } from '../../../webviews/metrics/uiState';
import { run, state, viewFor } from './metricsFixtures';

function model(points: Record<string, Record<string, number>> = { loss: { a: 10, b: 10 } }) {
  const m = new MetricsModel(defaultUiState());
  m.applyState(state(points));
  return m;
}

describe('webviews/metrics/model', () => {
  describe('layout', () => {
    it('groups the state’s tags and filters them by regex; a bad regex filters nothing', () => {
      const m = model({ 'train/loss': { a: 1 }, 'eval/acc': { a: 1 }, lr: { a: 1 }, 'resources/cpuUsage': { a: 1 } });
      assert.deepEqual(
        m.visibleGroups().map((g) => [g.key, g.tags]),
        [
          ['general', ['lr']],
          ['prefix:eval', ['eval/acc']],
          ['prefix:train', ['train/loss']],
          ['resources', ['resources/cpuUsage']],
        ],
      );
      m.setFilter('LOSS|acc');
      assert.deepEqual(m.visibleTags(), ['eval/acc', 'train/loss']);
      m.setFilter('loss|(');
      assert.ok(m.filter.error);
      assert.equal(m.visibleTags().length, 4);
    });

    it('a chart draws the shown runs that have points of its tag', () => {
      const m = model({ loss: { a: 5, b: 0 }, acc: { b: 3 } });
      assert.deepEqual(m.chartRuns('loss'), ['a']);
      assert.deepEqual(m.chartRuns('acc'), ['b']);
      m.setRunsHidden(['b'], true);
      assert.deepEqual(m.chartRuns('acc'), []);
      assert.equal(m.seriesParams('acc'), undefined);
    });
  });

  describe('mounting and requests', () => {
    it('only a mounted chart asks, with its column count, axis, smoothing and no range', () => {
      const m = model();
      assert.deepEqual(m.applyState(state({ loss: { a: 20, b: 20 } })).requests, []);
      const r = m.mount('loss', 812.4);
      assert.deepEqual(r?.params, { tag: 'loss', runs: ['a', 'b'], xAxis: 'step', columns: 812, smoothing: 0.6 });
      assert.equal(m.mount('loss', 9999)?.params.columns, undefined, 'one request in flight per chart');
    });

    it('asks at most once while one is out, and once more after it settles', () => {
      const m = model();
      const first = m.mount('loss', 500);
      assert.ok(first);
      // A burst of live states while the request is out: nothing is sent...
      for (let n = 11; n < 20; n++) assert.deepEqual(m.applyState(state({ loss: { a: n, b: 10 } })).requests, []);
      // ...and one follow-up when it settles, with the newest picture.
      const settled = m.settle('loss', first.params, viewFor(first.params));
      assert.equal(settled.draw, true);
      assert.ok(settled.next);
      assert.equal(m.settle('loss', settled.next.params, viewFor(settled.next.params)).next, undefined);
    });

    it('an answer to an older picture (zoom changed meanwhile) is not drawn; the newer one is asked for', () => {
      const m = model();
      const first = m.mount('loss', 500);
      assert.ok(first);
      assert.equal(m.zoom('loss', [10, 20]), undefined, 'queued behind the one out');
      const settled = m.settle('loss', first.params, viewFor(first.params));
      assert.equal(settled.draw, false);
      assert.deepEqual(settled.next?.params.range, [10, 20]);
    });

    it('an unmounted chart asks for nothing and drops answers', () => {
      const m = model();
      const first = m.mount('loss', 500);
      assert.ok(first);
      m.unmount('loss');
      assert.deepEqual(m.applyState(state({ loss: { a: 99, b: 99 } })).requests, []);
      assert.deepEqual(m.settle('loss', first.params, viewFor(first.params)), { draw: false, next: undefined });
      assert.ok(m.mount('loss', 500), 'asks again when it comes back');
    });

    it('a different width is a new request; the same width is not', () => {
      const m = model();
      const first = m.mount('loss', 500);
      assert.ok(first);
      m.settle('loss', first.params, viewFor(first.params));
      assert.equal(m.resize('loss', 500), undefined);
      assert.equal(m.resize('loss', 640)?.params.columns, 640);
    });

    it('columns are clamped to the protocol’s 1–8192', () => {
      const m = model();
      assert.equal(m.mount('loss', 100_000)?.params.columns, 8192);
    });
  });

  describe('zoom', () => {
    it('zoom asks for the range at full detail; reset asks for everything again', () => {
      const m = model();
      const first = m.mount('loss', 400);
      assert.ok(first);
      m.settle('loss', first.params, viewFor(first.params));
      const z = m.zoom('loss', [80, 30]);
      assert.deepEqual(z?.params.range, [30, 80], 'either drag direction');
      assert.ok(z);
      m.settle('loss', z.params, viewFor(z.params));
      const reset = m.resetZoom('loss');
      assert.equal(reset?.params.range, undefined);
      assert.equal(m.zoomOf('loss'), undefined);
      assert.equal(m.zoom('loss', [5, 5]), undefined, 'an empty range is no zoom');
    });

    it('changing the x axis clears every zoom and re-asks every mounted chart', () => {
      const m = model({ loss: { a: 1 }, acc: { a: 1 } });
      for (const tag of ['loss', 'acc']) {
        const r = m.mount(tag, 300);
        assert.ok(r);
        m.settle(tag, r.params, viewFor(r.params));
      }
      const z = m.zoom('loss', [1, 2]);
      assert.ok(z);
      m.settle('loss', z.params, viewFor(z.params));
      const requests = m.setXAxis('wall');
      assert.deepEqual(
        requests.map((r) => [r.tag, r.params.xAxis, r.params.range]),
        [
          ['loss', 'wall', undefined],
          ['acc', 'wall', undefined],
        ],
      );
      assert.deepEqual(m.ui.zoom, {});
    });
  });

  describe('live: follow the end', () => {
    function mounted() {
      const m = model();
      const first = m.mount('loss', 400);
      assert.ok(first);
      m.settle('loss', first.params, viewFor(first.params, 100));
      return m;
    }

    it('an unzoomed chart re-asks when its runs got more points; not when nothing changed', () => {
      const m = mounted();
      assert.deepEqual(m.applyState(state({ loss: { a: 10, b: 10 } })).requests, []);
      assert.equal(m.applyState(state({ loss: { a: 12, b: 10 } })).requests.length, 1);
    });

    it('points of a hidden run, or of another tag, do not re-ask', () => {
      const m = mounted();
      const hide = m.setRunsHidden(['b'], true);
      assert.equal(hide.length, 1, 'hiding a drawn run re-asks');
      const h = hide[0];
      assert.ok(h);
      m.settle('loss', h.params, viewFor(h.params, 100));
      assert.deepEqual(m.applyState(state({ loss: { a: 10, b: 50 }, acc: { a: 3 } })).requests, []);
    });

    it('a chart zoomed into the past stays put; one zoomed onto the end follows and its window grows', () => {
      const m = mounted();
      const past = m.zoom('loss', [10, 40]);
      assert.ok(past);
      m.settle('loss', past.params, viewFor(past.params, 100));
      assert.equal(m.follows('loss'), false);
      assert.deepEqual(m.applyState(state({ loss: { a: 20, b: 20 } })).requests, []);

      const end = m.zoom('loss', [60, 100]);
      assert.ok(end);
      m.settle('loss', end.params, viewFor(end.params, 100));
      assert.equal(m.follows('loss'), true);
      const live = m.applyState(state({ loss: { a: 30, b: 30 } })).requests[0];
      assert.deepEqual(live?.params.range, [60, 100]);
      assert.ok(live);
      // The answer says the data now ends at 150: the window keeps its start and reaches the new end.
      const settled = m.settle('loss', live.params, viewFor(live.params, 150));
      assert.equal(settled.draw, true);
      assert.deepEqual(settled.next?.params.range, [60, 150]);
    });

    it('a new run with points of the tag re-asks even when zoomed into the past', () => {
      const m = mounted();
      const past = m.zoom('loss', [10, 40]);
      assert.ok(past);
      m.settle('loss', past.params, viewFor(past.params, 100));
      const next = state({ loss: { a: 10, b: 10, c: 5 } }, [run('a', 0), run('b', 1), run('c', 2)]);
      assert.deepEqual(m.applyState(next).requests[0]?.params.runs, ['a', 'b', 'c']);
    });

    it('smoothing re-asks every mounted chart; log scale and outliers only redraw', () => {
      const m = mounted();
      const [r] = m.setSmoothing(0.9);
      assert.equal(r?.params.smoothing, 0.9);
      assert.deepEqual(m.setSmoothing(5), [], 'clamped to 0.999 and queued behind the one out');
      assert.equal(m.ui.smoothing, 0.999);
      m.setLogY(true);
      m.setIgnoreOutliers(true);
      assert.equal(m.ui.logY && m.ui.ignoreOutliers, true);
    });
  });

  describe('runs table', () => {
    it('summarises a loss by default, best is its minimum; switchable', () => {
      const m = model({ acc: { a: 1 }, 'train/loss': { a: 1 }, 'resources/cpuUsage': { a: 1 } });
      assert.equal(m.summaryTag(), 'train/loss');
      assert.equal(m.bestDirection(), 'min');
      m.setSummaryTag('acc');
      assert.equal(m.bestDirection(), 'max');
      m.setBest('min');
      assert.equal(m.bestDirection(), 'min');
      m.setSummaryTag('gone');
      assert.equal(m.summaryTag(), 'train/loss', 'a tag that no longer exists falls back');
    });

    it('summaries are stale when the summarised tag grows, not when another does', () => {
      const m = model({ loss: { a: 1 }, acc: { a: 1 } });
      m.summariesRequested();
      assert.equal(m.applyState(state({ loss: { a: 1 }, acc: { a: 9 } })).summariesStale, false);
      assert.equal(m.applyState(state({ loss: { a: 2 }, acc: { a: 9 } })).summariesStale, true);
    });

    it('sorting by a column twice flips its direction', () => {
      const m = model();
      m.sortBy('last');
      assert.deepEqual(m.ui.sort, { key: 'last', descending: false });
      m.sortBy('last');
      assert.deepEqual(m.ui.sort, { key: 'last', descending: true });
      m.sortBy('hp:lr');
      assert.deepEqual(m.ui.sort, { key: 'hp:lr', descending: false });
    });
  });

  it('requestKey tells pictures apart by everything but the points', () => {
    const base = { tag: 't', runs: ['a'], xAxis: 'step' as const, columns: 10, smoothing: 0 };
    assert.equal(requestKey(base), requestKey({ ...base }));
    assert.notEqual(requestKey(base), requestKey({ ...base, range: [0, 1] }));
    assert.notEqual(requestKey(base), requestKey({ ...base, columns: 11 }));
  });
});
