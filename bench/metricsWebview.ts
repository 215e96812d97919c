/**
 * The metrics panel's webview in headless Chromium, with the test page's fake host
 * (test/e2e/metricsWebview): figures, no assertions.
 *   - 4 tags × 1,000,000 points: time from the first `metrics/state` to the first chart drawn
 *     and to all four, beside uPlot alone drawing the same bucketed points in the same browser;
 *   - live appends at 10 Hz to those four charts: the webview's main-thread time per animation
 *     frame and per append (p50/p95/max: handling the state and the answers it causes, drawing,
 *     layout and paint included), and all main-thread work per append from Chromium's counters;
 *   - 100 runs × 4 tags × 10,000 points: first state to first chart and to all four.
 * The fake host runs in the page, so its bucketing shares the main thread (the real host's runs
 * in the extension host process): its time is printed beside each figure.
 * Usage: npx tsx bench/metricsWebview.ts [--repeat 3] [--live-seconds 10]
 */
import type { Browser, Page } from 'playwright-core';
import type { HarnessGlobals, ScenarioName } from '../test/e2e/metricsWebview/harness';
import { seriesRequests } from '../test/e2e/metricsWebview/pageHelpers';
import { launchChromium, openPanel, type PanelServer, startPanelServer } from '../test/e2e/metricsWebview/server';

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const repeat = flag('--repeat', 3);
const liveSeconds = flag('--live-seconds', 10);
const viewport = { width: 1280, height: 1000 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

interface FirstDraw {
  firstMs: number;
  allMs: number;
  hostMs: number;
  columns: number;
  plotWidth: number;
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function drawnTimes(page: Page, count: number) {
  return waitFor(
    () => page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.timing),
    (t) => Object.keys(t.drawnAt).length >= count,
  );
}

async function firstDraw(browser: Browser, server: PanelServer, scenario: ScenarioName): Promise<FirstDraw> {
  const { page } = await openPanel(browser, server, { scenario }, viewport);
  try {
    const t = await drawnTimes(page, 4);
    const drawn = Object.values(t.drawnAt);
    const start = t.firstStateAt ?? 0;
    const asked = await seriesRequests(page);
    const plotWidth = await page
      .locator('.chart-plot')
      .first()
      .evaluate((el: { clientWidth: number }) => el.clientWidth);
    return {
      firstMs: Math.min(...drawn) - start,
      allMs: Math.max(...drawn) - start,
      hostMs: t.hostMs,
      columns: asked[0]?.columns ?? 0,
      plotWidth,
    };
  } finally {
    await page.context().close();
  }
}

async function uplotAlone(browser: Browser, server: PanelServer, scenario: ScenarioName, columns: number, width: number) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await page.goto(server.uplotAloneUrl({ scenario, columns: String(columns), width: String(width), smoothing: '0.6' }));
    return await page.evaluate(() => {
      const g = globalThis as unknown as { uplotAlone: { run(): Promise<{ bucketMs: number; drawMs: number }> } };
      return g.uplotAlone.run();
    });
  } finally {
    await context.close();
  }
}

async function live(browser: Browser, server: PanelServer) {
  const { page } = await openPanel(browser, server, { scenario: 'bench-1m' }, viewport);
  try {
    await drawnTimes(page, 4);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    };
    const host0 = await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.timing.hostMs);
    const task0 = await taskSeconds();
    await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.startLive('r000', 10, 50));
    await new Promise((r) => setTimeout(r, liveSeconds * 1000));
    const report = await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.stopLive());
    const task1 = await taskSeconds();
    const host1 = await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.timing.hostMs);
    const asked = (await seriesRequests(page)).length;
    return {
      ticks: report.ticks,
      perTick: report.perTickMs.filter((v) => Number.isFinite(v)),
      perFrame: [...report.perFrameMs],
      frames: report.frames,
      allPerTick: ((task1 - task0) * 1000 - (host1 - host0)) / Math.max(1, report.ticks),
      hostPerTick: (host1 - host0) / Math.max(1, report.ticks),
      requests: asked,
    };
  } finally {
    await page.context().close();
  }
}

async function main(): Promise<void> {
  const server = await startPanelServer();
  const browser = await launchChromium();
  try {
    console.log(`Chromium ${browser.version()}, viewport ${viewport.width}×${viewport.height}, median of ${repeat}\n`);

    const big: FirstDraw[] = [];
    for (let i = 0; i < repeat; i++) big.push(await firstDraw(browser, server, 'bench-1m'));
    const columns = big[0]?.columns ?? 1000;
    const width = big[0]?.plotWidth ?? 400;
    const alone: { bucketMs: number; drawMs: number }[] = [];
    for (let i = 0; i < repeat; i++) alone.push(await uplotAlone(browser, server, 'bench-1m', columns, width));
    console.log('4 tags × 1,000,000 points (1 run), first metrics/state → chart drawn');
    console.log(`  panel: first chart ${ms(median(big.map((b) => b.firstMs)))}, all four ${ms(median(big.map((b) => b.allMs)))}`);
    console.log(
      `         of which the fake host bucketing in the page ${ms(median(big.map((b) => b.hostMs)))} (${columns} columns per chart)`,
    );
    console.log(
      `  uPlot alone, same bucketed points: draw all four ${ms(median(alone.map((a) => a.drawMs)))} (+ bucketing ${ms(median(alone.map((a) => a.bucketMs)))})\n`,
    );

    const l = await live(browser, server);
    console.log(
      `live appends at 10 Hz to 4 charts of 1,000,000+ points, ${l.ticks} appends over ${liveSeconds} s, ${l.requests} seriesView requests`,
    );
    console.log(
      `  webview main-thread time per animation frame (goal p95 ≤ 16 ms): p50 ${ms(pct(l.perFrame, 0.5))}, p95 ${ms(pct(l.perFrame, 0.95))}, max ${ms(Math.max(...l.perFrame))} over the ${l.perFrame.length} of ${l.frames} frames that had work`,
    );
    console.log(
      `  the same per append (every chart's redraw summed): p50 ${ms(pct(l.perTick, 0.5))}, p95 ${ms(pct(l.perTick, 0.95))}, max ${ms(Math.max(...l.perTick))}`,
    );
    console.log(
      `  all main-thread work per append (Chromium TaskDuration, layout and paint included, fake host excluded): ${ms(l.allPerTick)}`,
    );
    console.log(`  (fake host bucketing per append: ${ms(l.hostPerTick)})\n`);

    const many: FirstDraw[] = [];
    for (let i = 0; i < repeat; i++) many.push(await firstDraw(browser, server, 'bench-100runs'));
    const manyAlone: { bucketMs: number; drawMs: number }[] = [];
    for (let i = 0; i < repeat; i++)
      manyAlone.push(await uplotAlone(browser, server, 'bench-100runs', many[0]?.columns ?? 1000, many[0]?.plotWidth ?? 400));
    console.log('100 runs × 4 tags × 10,000 points, first metrics/state → chart drawn');
    console.log(`  panel: first chart ${ms(median(many.map((b) => b.firstMs)))}, all four ${ms(median(many.map((b) => b.allMs)))}`);
    console.log(`         of which the fake host bucketing in the page ${ms(median(many.map((b) => b.hostMs)))}`);
    console.log(
      `  uPlot alone, same bucketed points (200 series a chart): draw all four ${ms(median(manyAlone.map((a) => a.drawMs)))} (+ bucketing ${ms(median(manyAlone.map((a) => a.bucketMs)))})`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
