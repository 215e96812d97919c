import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { hoverDebounceMs, type MetricsHostApi, MetricsController, type MetricsViewPort } from '../../../webviews/metrics/controller';
import { messagesFor } from '../../../webviews/metrics/i18n';
import { MetricsModel } from '../../../webviews/metrics/model';
import { defaultUiState, type UiState } from '../../../webviews/metrics/uiState';
import type { SeriesView, SeriesViewParams } from '../../../webviews/protocol/metrics';
import { state, viewFor } from './metricsFixtures';

/** A host whose answers the test releases by hand, to see what is in flight. */
class ManualHost implements MetricsHostApi {
  readonly series: { params: SeriesViewParams; answer(view?: SeriesView): void; fail(message: string): void }[] = [];
  readonly valueAts: unknown[] = [];
  summaryCalls = 0;
  exported: unknown[] = [];

  seriesView(params: SeriesViewParams): Promise<SeriesView> {
    return new Promise((resolve, reject) => {
      this.series.push({ params, answer: (view) => resolve(view ?? viewFor(params)), fail: (m) => reject(new Error(m)) });
    });
  }
  valueAt(params: unknown) {
    this.valueAts.push(params);
    return Promise.resolve({ points: [{ run: 'a', step: 7, wallTime: 1, value: 0.5, smoothed: 0.4 }] });
  }
  summaries(tag: string) {
    this.summaryCalls++;
    return Promise.resolve({ runs: [{ run: 'a', last: 1, min: 0, max: 2, points: 3, tag }] });
  }
  exportPoints(params: unknown) {
    this.exported.push(params);
    return Promise.resolve({ file: '/tmp/x.csv', points: 42 });
  }
  saveImage() {
    return Promise.resolve({});
  }
}

function setup(ui: UiState = defaultUiState()) {
  const host = new ManualHost();
  const saved: UiState[] = [];
  const events: string[] = [];
  const view: MetricsViewPort = {
    render: (c) => void events.push(`render ${c.tagsChanged}`),
    drawChart: (tag, _v, sent) => void events.push(`draw ${tag} ${JSON.stringify(sent.range ?? null)}`),
    chartFailed: (tag, m) => void events.push(`failed ${tag} ${m}`),
    redrawCharts: () => void events.push('redraw'),
    showValues: (tag, x, points) => void events.push(`values ${tag} ${x} ${points.length}`),
    showSummaries: (tag, runs) => void events.push(`summaries ${tag} ${runs.length}`),
    notify: (m, kind) => void events.push(`${kind} ${m}`),
  };
  const controller = new MetricsController(new MetricsModel(ui), host, { save: (u) => saved.push(u) }, messagesFor('en'));
  controller.attach(view);
  return { host, saved, events, controller };
}

const tick = () => sleep(0);

describe('webviews/metrics/controller', () => {
  it('a live burst sends one request per chart in flight, then one follow-up; each answer draws', async () => {
    const { host, events, controller } = setup();
    controller.onState(state({ loss: { a: 1 } }));
    controller.mountChart('loss', 400);
    assert.equal(host.series.length, 1);
    for (let n = 2; n < 12; n++) controller.onState(state({ loss: { a: n } }));
    assert.equal(host.series.length, 1, 'coalesced while one is out');
    host.series[0]?.answer();
    await tick();
    assert.equal(host.series.length, 2, 'one follow-up');
    host.series[1]?.answer();
    await tick();
    assert.equal(host.series.length, 2);
    assert.deepEqual(
      events.filter((e) => e.startsWith('draw')),
      ['draw loss null', 'draw loss null'],
    );
  });

  it('a zoom drawn before the answer to the old range arrives: the old one is dropped, the zoomed one drawn', async () => {
    const { host, events, controller, saved } = setup();
    controller.onState(state({ loss: { a: 1 } }));
    controller.mountChart('loss', 400);
    controller.zoom('loss', [10, 20]);
    host.series[0]?.answer();
    await tick();
    assert.deepEqual(host.series[1]?.params.range, [10, 20]);
    host.series[1]?.answer();
    await tick();
    assert.deepEqual(
      events.filter((e) => e.startsWith('draw')),
      ['draw loss [10,20]'],
    );
    assert.deepEqual(saved.at(-1)?.zoom, { loss: [10, 20] }, 'the zoom is kept in the saved state');
  });

  it('a failed request says so on the chart and the next state asks again', async () => {
    const { host, events, controller } = setup();
    controller.onState(state({ loss: { a: 1 } }));
    controller.mountChart('loss', 400);
    host.series[0]?.fail('boom');
    await tick();
    assert.ok(events.includes('failed loss boom'));
    controller.onState(state({ loss: { a: 2 } }));
    assert.equal(host.series.length, 2);
  });

  it('hover asks for exact values once the pointer rests, and a later move supersedes an earlier answer', async () => {
    const { host, events, controller } = setup();
    controller.onState(state({ loss: { a: 1 } }));
    controller.hover('loss', 1);
    controller.hover('loss', 2);
    controller.hover('loss', 3);
    await sleep(hoverDebounceMs * 3);
    assert.equal(host.valueAts.length, 1, 'debounced');
    assert.deepEqual(host.valueAts[0], { tag: 'loss', runs: ['a'], xAxis: 'step', x: 3, smoothing: 0.6 });
    assert.ok(events.includes('values loss 3 1'));
    controller.hover('loss', undefined);
    assert.ok(events.includes('values loss NaN 0'), 'leaving hides the legend');
  });

  it('summaries: asked for on the first state and when the summarised tag grows', async () => {
    const { host, events, controller } = setup();
    controller.onState(state({ loss: { a: 1 } }));
    await tick();
    controller.onState(state({ loss: { a: 1 } }));
    await tick();
    assert.equal(host.summaryCalls, 1);
    controller.onState(state({ loss: { a: 2 } }));
    await tick();
    assert.equal(host.summaryCalls, 2);
    assert.ok(events.includes('summaries loss 1'));
  });

  it('export sends the shown runs and the filtered tags, and says where it wrote them', async () => {
    const { host, events, controller } = setup();
    controller.onState(state({ 'train/loss': { a: 1, b: 1 }, 'eval/acc': { a: 1 } }));
    controller.setFilter('train');
    controller.setRunsHidden(['b'], true);
    await controller.exportPoints('csv');
    assert.deepEqual(host.exported, [{ format: 'csv', runs: ['a'], tags: ['train/loss'] }]);
    assert.ok(events.includes('info Wrote 42 points to /tmp/x.csv.'));
    controller.setFilter('nothing-matches');
    await controller.exportPoints('json');
    assert.equal(host.exported.length, 1);
    assert.ok(events.includes('info Nothing to export: no run or tag is shown.'));
  });

  it('log scale and outliers redraw without asking the host', () => {
    const { host, events, controller } = setup();
    controller.onState(state({ loss: { a: 1 } }));
    controller.mountChart('loss', 400);
    controller.setLogY(true);
    controller.setIgnoreOutliers(true);
    assert.equal(host.series.length, 1);
    assert.deepEqual(
      events.filter((e) => e === 'redraw'),
      ['redraw', 'redraw'],
    );
  });
});
