import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { formatValue } from '../../webviews/metrics/stats';
import type { HarnessGlobals, PageOptions } from './metricsWebview/harness';
import {
  eventually,
  fakeHost,
  focused,
  focusOutline,
  pixelsOf,
  requests,
  runColor,
  scrollY,
  seriesRequests,
  valueAtRequests,
} from './metricsWebview/pageHelpers';
import { bigTag } from './metricsWebview/scenarios';
import { launchChromium, openPanel, type PanelServer, startPanelServer } from './metricsWebview/server';
import { screenshots } from './seededWorkbench';

/**
 * The metrics panel's webview by itself in headless Chromium: the built bundle and stylesheet
 * under the host's CSP, a fake host in the page speaking the protocol with synthetic data (four
 * runs, tags in groups, one series of 1,000,000 points bucketed as the host does). Driven with
 * mouse and keys; checked where it lands: canvas pixels, what the host was asked, the DOM.
 */
describe('e2e: the metrics webview alone', function () {
  this.timeout(120_000);
  let server: PanelServer;
  let browser: Browser;
  const open: { page: Page; errors: string[] }[] = [];

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    server = await startPanelServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Every page of every test, whatever it did: no CSP violation, no params the host refused, no page error.
  afterEach(async function () {
    const problems: string[] = [];
    for (const { page, errors } of open.splice(0)) {
      const host = await page.evaluate(() => {
        const h = (globalThis as unknown as HarnessGlobals).fakeHost;
        return [...h.cspViolations.map((v) => `CSP: ${v}`), ...h.badParams.map((b) => `refused: ${b}`)];
      });
      problems.push(...host, ...errors.map((e) => `page error: ${e}`));
      await page.context().close();
    }
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, []);
  });

  async function panel(options: PageOptions, viewport?: { width: number; height: number }) {
    const opened = await openPanel(browser, server, options, viewport);
    open.push(opened);
    return opened;
  }

  const card = (page: Page, tag: string): Locator => page.locator(`.chart-card[data-tag="${tag}"]`);

  /** A card that drew: its placeholder gone, its canvas there. */
  async function drawn(page: Page, tag: string): Promise<Locator> {
    const c = card(page, tag);
    await c.locator('canvas').waitFor({ timeout: 20_000 });
    await c.locator('.chart-placeholder').waitFor({ state: 'hidden', timeout: 20_000 });
    return c;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(screenshots, `metrics-webview-${name}.png`), animations: 'disabled' });
  }

  async function noteOf(page: Page, tag: string): Promise<string> {
    return (await card(page, tag).locator('.chart-note').textContent()) ?? '';
  }

  /** Drags across the plot of `tag` from `from` to `to` (fractions of its width). */
  async function drag(page: Page, tag: string, from: number, to: number): Promise<void> {
    const box = await card(page, tag).locator('.u-over').boundingBox();
    assert.ok(box);
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * from, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
    await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
    await page.mouse.up();
  }

  it('draws the charts in view, leaves the ones far below unmounted, under the CSP with no errors', async () => {
    const { page, errors } = await panel({ scenario: 'demo' });
    const loss = await drawn(page, bigTag);
    await drawn(page, 'grad_norm');
    const blue = await runColor(page, 0);
    assert.ok((await pixelsOf(loss, blue)) > 200, 'run-a’s line is on the canvas');
    // One million points of run-a plus the other runs, bucketed and said so.
    assert.match(await noteOf(page, bigTag), /^1,048,000 points · 1 px = [\d,]+ points$/);
    // Far below: weight norms and resource usage exist as placeholders only.
    for (const tag of ['weights/layer30/norm', 'resources/gpuUtil']) {
      assert.equal(await card(page, tag).count(), 1);
      assert.equal(await card(page, tag).locator('canvas').count(), 0, `${tag} is not mounted`);
    }
    const asked = new Set((await seriesRequests(page)).map((p) => p.tag));
    assert.ok(!asked.has('resources/gpuUtil') && !asked.has('weights/layer30/norm'), [...asked].join(', '));
    assert.ok((await page.locator('.chart-card canvas').count()) < 16, 'only charts near the viewport are mounted');
    await shot(page, 'dark');
    assert.deepEqual(await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.cspViolations), []);
    assert.deepEqual(await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.badParams), []);
    assert.deepEqual(errors, []);
    // The watcher does see violations: an inline style attribute is one (element.style from script is not).
    await page.locator('h1.title').evaluate((el: { setAttribute(n: string, v: string): void }) => el.setAttribute('style', 'color: red'));
    await eventually(
      'the CSP refuses an inline style attribute',
      () => page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.cspViolations),
      (v) => v.length === 1 && v[0]?.startsWith('style-src-attr') === true,
    );
    // That one was on purpose: it is not left for the check after each test.
    await eventually(
      'the console reports it',
      () => Promise.resolve(errors.length),
      (n) => n === 1,
    );
    errors.splice(0);
    await page.evaluate(() => void (globalThis as unknown as HarnessGlobals).fakeHost.cspViolations.splice(0));
  });

  it('scrolling mounts the charts that come into view and destroys the ones that leave', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    await card(page, 'resources/gpuMemUsage').scrollIntoViewIfNeeded();
    await drawn(page, 'resources/gpuMemUsage');
    await eventually(
      'the top chart is unmounted',
      () => card(page, bigTag).locator('canvas').count(),
      (n) => n === 0,
    );
    assert.ok((await page.locator('.chart-card canvas').count()) < 16);
    await shot(page, 'resources');
    // A narrower panel: the cards reflow to one column, each wider, and a chart in view asks
    // again for its new column count (so a pixel still stands for what the note says).
    await card(page, bigTag).scrollIntoViewIfNeeded();
    await drawn(page, bigTag);
    const before = (await seriesRequests(page, bigTag)).at(-1)?.columns ?? 0;
    await page.setViewportSize({ width: 700, height: 900 });
    const after = await eventually(
      'a request for the new width',
      () => seriesRequests(page, bigTag),
      (r) => (r.at(-1)?.columns ?? 0) > before,
    );
    assert.ok((after.at(-1)?.columns ?? 0) < 700);
    await card(page, bigTag).scrollIntoViewIfNeeded();
    await shot(page, 'narrow');
  });

  it('drag-zoom asks for the dragged range and redraws at full detail; double-click resets', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    const before = (await seriesRequests(page, bigTag)).length;
    await drag(page, bigTag, 0.3, 0.6);
    const zoomed = await eventually(
      'a seriesView with the dragged range',
      () => seriesRequests(page, bigTag),
      (r) => r.length > before && r.at(-1)?.range !== undefined,
    );
    const range = zoomed.at(-1)?.range;
    assert.ok(range);
    const width = range[1] - range[0];
    assert.ok(range[0] > 200_000 && range[1] < 700_000 && width > 200_000 && width < 400_000, `range ${range.join('–')}`);
    await eventually(
      'the note counts the points in view',
      () => noteOf(page, bigTag),
      (t) => / of 1,048,000 points in view · 1 px = /.test(t),
    );
    await card(page, bigTag).locator('.chart-zoomed').waitFor();
    assert.ok(
      (await seriesRequests(page, 'grad_norm')).every((p) => p.range === undefined),
      'the crosshair is shared, the zoom is not',
    );
    // Two narrow drags more: down to single points, every one drawn (no fixed cap anywhere).
    await drag(page, bigTag, 0.45, 0.47);
    await eventually(
      'second zoom drawn',
      () => noteOf(page, bigTag),
      (t) => / of 1,048,000 points in view/.test(t) && !t.startsWith('1'),
    );
    await drag(page, bigTag, 0.45, 0.47);
    const finest = await eventually(
      'every point drawn',
      () => noteOf(page, bigTag),
      (t) => /every point drawn/.test(t),
    );
    assert.match(finest, /^[\d,]+ of 1,048,000 points in view, every point drawn$/);
    await shot(page, 'zoomed');
    await card(page, bigTag).locator('.u-over').dblclick();
    await eventually(
      'reset asks for everything',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.range === undefined,
    );
    await eventually(
      'the note is back to the whole series',
      () => noteOf(page, bigTag),
      (t) => t.startsWith('1,048,000 points'),
    );
    await card(page, bigTag).locator('.chart-zoomed').waitFor({ state: 'hidden' });
  });

  it('hover shows each run’s exact value from the host, and the crosshair on the other charts', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    await drawn(page, 'grad_norm');
    const box = await card(page, bigTag).locator('.u-over').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    const legend = card(page, bigTag).locator('.chart-legend');
    await legend.waitFor();
    const asked = (await valueAtRequests(page)).at(-1);
    assert.ok(asked);
    assert.deepEqual(asked.runs, ['run-a', 'run-b', 'run-c', 'run-d']);
    const exact = await page.evaluate(
      ([x, s]) => (globalThis as unknown as HarnessGlobals).fakeHost.exactPoint('loss', 'run-a', 'step', x as number, s as number),
      [asked.x, asked.smoothing],
    );
    assert.ok(exact);
    const row = legend.locator('tr', { hasText: 'resnet50-lr1e-3' });
    await eventually(
      'the legend row of run-a',
      async () => (await row.locator('td').allTextContents()).map((t) => t.trim()),
      (cells) => cells.includes(formatValue(exact.value)) && cells.includes(formatValue(exact.smoothed)),
    );
    assert.ok((await row.textContent())?.includes(`step ${exact.step.toLocaleString('en-US')}`));
    // The crosshair of the other chart in view moved to the same x.
    const cursor = card(page, 'grad_norm').locator('.u-cursor-x');
    await eventually(
      'synced crosshair',
      () => cursor.evaluate((el: { style: { transform: string } }) => el.style.transform),
      (t) => /translate\((\d{2,})/.test(t),
    );
    await shot(page, 'hover');
    await page.mouse.move(5, 5);
    await legend.waitFor({ state: 'hidden' });
  });

  it('the regex filter hides charts; a bad pattern says why and hides nothing', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    const input = page.locator('#tag-filter input');
    await input.fill('^eval/');
    await eventually(
      'two eval charts',
      () => page.locator('.chart-card').count(),
      (n) => n === 2,
    );
    assert.deepEqual(
      await page
        .locator('.chart-card')
        .evaluateAll((els: { getAttribute(n: string): string | null }[]) => els.map((e) => e.getAttribute('data-tag'))),
      ['eval/accuracy', 'eval/loss'],
    );
    assert.equal(await page.locator('.tag-count').textContent(), '2 of 41 tags');
    await input.fill('eval|(');
    await page.locator('.filter-error').waitFor();
    assert.match(
      (await page.locator('.filter-error').textContent()) ?? '',
      /^Not a valid regular expression \(.+\); nothing is filtered\.$/,
    );
    await eventually(
      'all charts back',
      () => page.locator('.chart-card').count(),
      (n) => n === 41,
    );
    await shot(page, 'bad-filter');
    await input.fill('no-such-tag');
    await page.locator('.empty h2', { hasText: 'No tag matches the filter “no-such-tag”.' }).waitFor();
  });

  it('hiding a run re-asks every chart without it; showing it brings it back', async () => {
    const { page } = await panel({ scenario: 'demo' });
    const loss = await drawn(page, bigTag);
    const orange = await runColor(page, 1);
    const checkbox = page.locator('tr[data-run="run-b"] vscode-checkbox');
    await checkbox.click();
    await eventually(
      'a request without run-b',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.runs.join() === 'run-a,run-c,run-d',
    );
    await eventually(
      'run-b’s orange is gone from the canvas',
      () => pixelsOf(loss, orange, 30),
      (n) => n < 20,
    );
    assert.equal(await page.locator('tr[data-run="run-b"]').getAttribute('class'), 'hidden-run');
    await checkbox.click();
    await eventually(
      'run-b is back',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.runs.join() === 'run-a,run-b,run-c,run-d',
    );
  });

  it('the smoothing slider changes what the charts ask for', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    await page.locator('#smoothing').focus();
    await page.keyboard.press('Home');
    await eventually(
      'smoothing 0 asked',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.smoothing === 0,
    );
    assert.equal(await page.locator('.smoothing-value').textContent(), '0.000');
    await page.keyboard.press('End');
    await eventually(
      'smoothing 0.999 asked',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.smoothing === 0.999,
    );
    await page.locator('#smoothing').fill('0.9');
    await eventually(
      'smoothing 0.9 asked',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.smoothing === 0.9,
    );
  });

  it('x axis: relative and wall time re-ask the charts in view; log scale and outliers redraw without asking', async () => {
    const { page } = await panel({ scenario: 'demo' });
    const loss = await drawn(page, bigTag);
    const before = (await seriesRequests(page, bigTag)).length;
    for (const [label, axis] of [
      ['Wall time', 'wall'],
      ['Relative time', 'relative'],
    ] as const) {
      await page.locator('#x-axis').click();
      await page.locator('#x-axis').getByRole('option', { name: label, exact: true }).click();
      await eventually(
        `${axis} asked`,
        () => seriesRequests(page, bigTag),
        (r) => r.at(-1)?.xAxis === axis,
      );
      await eventually(
        'redrawn',
        () => pixelsOf(loss, [55, 148, 255]),
        (n) => n > 200,
      );
    }
    await shot(page, 'relative-time');
    const asked = (await seriesRequests(page, bigTag)).length;
    assert.ok(asked >= before + 2);
    await page.locator('vscode-checkbox[label="Log scale"]').click();
    await page.locator('vscode-checkbox[label="Ignore outliers"]').click();
    await eventually(
      'still drawn',
      () => pixelsOf(loss, [55, 148, 255]),
      (n) => n > 200,
    );
    assert.equal((await seriesRequests(page, bigTag)).length, asked, 'drawing options need no new data');
    await shot(page, 'log-outliers');
  });

  it('Tab reaches every control, with a visible focus', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused(page));
      if (seen.at(-1)?.includes('smoothing')) {
        assert.notEqual(await focusOutline(page), 'none 0px', 'the slider shows its focus');
        await shot(page, 'focus-slider');
      }
    }
    const all = seen.join('\n');
    for (const want of [
      'Export CSV',
      'Export JSON',
      '#tag-filter',
      '#x-axis',
      '[Log scale]',
      '[Ignore outliers]',
      '#smoothing',
      '#summary-tag',
      '#best-mode',
      'Show all',
      'Hide all',
      'button[Run ▲]',
      'button[lr]',
      '[resnet50-lr1e-3]',
      '[Save the chart loss as a PNG image]',
      'div[loss. Drag or press + and − to zoom',
    ])
      assert.ok(all.includes(want), `Tab never reached ${want}:\n${all}`);
    // The chart itself takes keys: + zooms into the middle half (at full detail), 0 resets.
    await card(page, bigTag).locator('.chart-plot').focus();
    await page.keyboard.press('+');
    const zoomed = await eventually(
      'a key zoom',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.range !== undefined,
    );
    const [a, b] = zoomed.at(-1)?.range ?? [0, 0];
    assert.ok(Math.abs(a - 250_000) < 1000 && Math.abs(b - 750_000) < 1000, `${a}–${b}`);
    assert.notEqual(await focusOutline(page), 'none 0px', 'the focused chart shows it');
    await shot(page, 'focus-chart');
    await page.keyboard.press('0');
    await eventually(
      'a key reset',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.range === undefined,
    );
    // The sort buttons are native: their focus ring is ours.
    await page.locator('button.sort').first().focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    assert.notEqual(await focusOutline(page), 'none 0px');
    // Keyboard works the controls too: Enter on a sort header sorts.
    await page.keyboard.press('Enter');
    await page.locator('th[aria-sort="descending"]').waitFor();
  });

  it('exports CSV and JSON of the shown runs and tags, and a chart as PNG, through the host', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    await page.locator('#export-csv').click();
    await page.locator('.notice', { hasText: /^Wrote [\d,]+ points to \/tmp\/metrics\.csv\.$/ }).waitFor();
    await page.locator('#export-json').click();
    await page.locator('.notice', { hasText: 'metrics.json' }).waitFor();
    await card(page, bigTag).locator('.chart-png').click();
    await page.locator('.notice', { hasText: 'Saved /tmp/loss.png.' }).waitFor();
    const saved = await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.saved);
    assert.match(saved[0]?.summary ?? '', /^csv 4 runs 41 tags [\d]+ points$/);
    assert.match(saved[1]?.summary ?? '', /^json 4 runs 41 tags/);
    const png = saved[2]?.summary.split(' ');
    assert.equal(png?.[0], 'loss');
    assert.ok(Number(png?.[1]) > 10_000, 'a PNG of the canvas with axes');
    // Keep the image the host was given, to look at beside the screenshots.
    const sent = (await requests(page, 'metrics/saveImage'))[0]?.params as { dataUrl: string };
    writeFileSync(path.join(screenshots, 'metrics-webview-exported-chart.png'), Buffer.from(sent.dataUrl.split(',')[1] ?? '', 'base64'));
  });

  it('the empty state shows both ways to emit metrics with examples', async () => {
    const { page } = await panel({ scenario: 'empty' });
    const empty = page.locator('.empty');
    await empty.waitFor();
    const text = (await empty.textContent()) ?? '';
    for (const want of [
      'No metrics yet',
      'MA_METRIC loss=',
      'MA_METRIC loss=0.31 step=10',
      'from torch.utils.tensorboard import SummaryWriter',
      "w = SummaryWriter(os.environ.get('MA_SUMMARY_DIR', 'runs'))",
      "w.add_scalar('train/loss', loss, step)",
    ])
      assert.ok(text.includes(want), want);
    assert.equal(await page.locator('.loading').isVisible(), false);
    await shot(page, 'empty');
  });

  it('loading says what is still being read, also while partial data is drawn', async () => {
    const { page } = await panel({ scenario: 'loading' });
    await page.locator('.loading', { hasText: 'Reading 3 of 12 files · 40,000 points' }).waitFor();
    assert.equal(await page.locator('.empty').isVisible(), false, 'not "no metrics" while reading');
    await shot(page, 'loading');
    await fakeHost(page, (h) => h.loadDemo({ loading: { filesRead: 7, filesTotal: 12, pointsRead: 1_048_000 } }));
    await drawn(page, bigTag);
    await page.locator('.loading', { hasText: 'Reading 7 of 12 files · 1,048,000 points' }).waitFor();
    assert.ok(await page.locator('.loading-partial').isVisible(), 'partial data is said to be partial');
    await shot(page, 'loading-partial');
    await fakeHost(page, (h) => h.setLoading(undefined));
    await page.locator('.loading').waitFor({ state: 'hidden' });

    const silent = await panel({ scenario: 'silent' });
    await silent.page.locator('.loading', { hasText: 'Connecting to the extension…' }).waitFor();
  });

  it('light, dark and high contrast: DOM and canvas follow a theme switch', async () => {
    const { page } = await panel({ scenario: 'demo', theme: 'dark' });
    const loss = await drawn(page, 'eval/loss');
    const darkGreen = await runColor(page, 2);
    assert.ok((await pixelsOf(loss, darkGreen, 20)) > 50);
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.setTheme('light'));
    const lightGreen = await eventually(
      'light palette',
      () => runColor(page, 2),
      (c) => c.join() !== darkGreen.join(),
    );
    await eventually(
      'the canvas redrew in the light palette',
      () => pixelsOf(loss, lightGreen, 20),
      (n) => n > 50,
    );
    assert.ok((await pixelsOf(loss, darkGreen, 20)) < 10, 'no dark-theme green left');
    await shot(page, 'light');
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.setTheme('high-contrast'));
    await eventually(
      'high contrast body',
      () => page.locator('body').getAttribute('class'),
      (c) => c === 'vscode-high-contrast',
    );
    await page.waitForFunction(() => true);
    await shot(page, 'high-contrast');
    // A panel opened in light directly.
    const light = await panel({ scenario: 'demo', theme: 'light' });
    await drawn(light.page, bigTag);
    await shot(light.page, 'light-open');
  });

  it('speaks Chinese when core/ready answers zh-cn', async () => {
    const { page } = await panel({ scenario: 'demo', locale: 'zh-cn' });
    await drawn(page, bigTag);
    assert.equal(await page.locator('#export-csv').textContent(), '导出 CSV');
    assert.match(await noteOf(page, bigTag), /^1,048,000 个点 · 1 像素 = [\d,]+ 个点$/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await shot(page, 'zh-cn');
    const empty = await panel({ scenario: 'empty', locale: 'zh-cn' });
    await empty.page.locator('.empty h2', { hasText: '还没有指标' }).waitFor();
    await shot(empty.page, 'empty-zh-cn');
  });

  it('live points re-ask only the charts in view that follow the end, and update them in place', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    await drawn(page, 'eval/loss');
    // Mark the canvas: an in-place update keeps the same element.
    await card(page, bigTag)
      .locator('canvas')
      .evaluate((c: { dataset: Record<string, string> }) => (c.dataset.mark = 'kept'));
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.clearLog());
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.append('run-b', 'loss', 2000));
    await eventually(
      'loss re-asked',
      () => seriesRequests(page),
      (r) => r.some((p) => p.tag === bigTag),
    );
    await eventually(
      'the note counts run-b’s new points',
      () => noteOf(page, bigTag),
      (t) => t.startsWith('1,050,000 points'),
    );
    assert.deepEqual([...new Set((await seriesRequests(page)).map((p) => p.tag))], [bigTag], 'no other chart asked');
    assert.equal(await card(page, bigTag).locator('canvas').getAttribute('data-mark'), 'kept', 'updated with setData, not remounted');
    // Zoomed into the past: new points at the end do not re-ask.
    await drag(page, 'eval/loss', 0.1, 0.3);
    await eventually(
      'eval/loss zoomed',
      () => seriesRequests(page, 'eval/loss'),
      (r) => r.at(-1)?.range !== undefined,
    );
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.clearLog());
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.append('run-b', 'eval/loss', 50));
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.append('run-b', 'loss', 10));
    await eventually(
      'loss re-asked again',
      () => seriesRequests(page, bigTag),
      (r) => r.length > 0,
    );
    assert.deepEqual(await seriesRequests(page, 'eval/loss'), [], 'a chart zoomed into the past stays put');
    // Live runs and how the others ended.
    assert.equal(await page.locator('tr[data-run="run-b"] td.status').textContent(), 'live');
    assert.equal(await page.locator('tr[data-run="run-c"] td.status').textContent(), 'Failed: CUDA out of memory');
    assert.equal(await page.locator('tr[data-run="run-a"] td.status').textContent(), 'Completed');
  });

  it('a restored panel looks as it was left: zoom, axis, scales, filter, folded group, hidden run, scroll', async () => {
    const { page } = await panel({ scenario: 'demo' });
    await drawn(page, bigTag);
    await drag(page, bigTag, 0.2, 0.5);
    await eventually(
      'zoomed',
      () => seriesRequests(page, bigTag),
      (r) => r.at(-1)?.range !== undefined,
    );
    await page.locator('vscode-checkbox[label="Log scale"]').click();
    await page.locator('tr[data-run="run-d"] vscode-checkbox').click();
    await page.locator('vscode-collapsible[data-group="prefix:eval"]').locator('.collapsible-header').click();
    await page.mouse.wheel(0, 300);
    await eventually(
      'scroll saved',
      async () => ((await fakeHost(page, (h) => h.savedState())) as { scrollTop?: number }).scrollTop ?? 0,
      (y) => y > 200,
    );
    const saved = (await fakeHost(page, (h) => h.savedState())) as Record<string, unknown>;
    await page.reload();
    await drawn(page, bigTag);
    const after = await seriesRequests(page, bigTag);
    assert.deepEqual(after[0]?.range, (saved.zoom as Record<string, unknown>)[bigTag], 'the zoom is asked for again');
    assert.deepEqual(after[0]?.runs, ['run-a', 'run-b', 'run-c']);
    assert.equal(await page.locator('vscode-checkbox[label="Log scale"]').evaluate((c: { checked: boolean }) => c.checked), true);
    assert.equal(await page.locator('vscode-collapsible[data-group="prefix:eval"]').evaluate((c: { open: boolean }) => c.open), false);
    assert.equal(await card(page, 'eval/loss').locator('canvas').count(), 0, 'a folded group mounts nothing');
    await eventually(
      'scroll restored',
      () => scrollY(page),
      (y) => Math.abs(y - (saved.scrollTop as number)) < 5,
    );
    assert.equal((await requests(page, 'core/ready')).length, 1);
  });
});
