import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { createPlatformClient, localPlatformConfig } from '../../extension/core/api/client';
import { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';
import { resolveDataDir } from '../../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../../extension/local/lifecycle';
import { formatValue } from '../../webviews/metrics/stats';
import { openWorkbench, runCommand, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';
import { repoRoot } from '../tools/paths';
import { acceptPicks, pick, pickRow, quickInputBox } from './quickInput';
import { screenshots } from './seededWorkbench';
import { modelArtsEntry } from './sidebar';

/** A real event file written by TensorFlow 2 (kubeflow/katib's test data), copied by a job into MA_SUMMARY_DIR. */
const katibEvents = path.resolve(
  repoRoot,
  '..',
  'shared',
  'fixtures',
  'tfevents',
  'tf2-katib',
  'logs',
  'train',
  'events.out.tfevents.1637681485.2d662933d616.19.0.v2',
);

/**
 * A job that prints `MA_METRIC loss=… acc=… step=N` ten times a second until told to stop (or for
 * `steps` steps), and first copies a TensorFlow event file into its summary dir when there is one.
 */
function metricJobCommand(steps: number | undefined, scale: number): string {
  return [
    `if [ -f "${katibEvents}" ]; then mkdir -p "$MA_SUMMARY_DIR/train" && cp "${katibEvents}" "$MA_SUMMARY_DIR/train/"; fi`,
    'i=0',
    `while [ ! -f "$STOP" ]${steps === undefined ? '' : ` && [ $i -lt ${steps} ]`}; do`,
    `  echo "MA_METRIC loss=$(awk "BEGIN{print ${scale}/($i+1)}") acc=$(awk "BEGIN{print 1-1/($i+2)}") step=$i"`,
    '  i=$((i+1)); sleep 0.1',
    'done',
  ].join('\n');
}

/** The metrics panel's document: code-server puts a webview two iframes deep. */
function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** True when the canvas has drawn something other than its background (a few distinct pixel values). */
async function canvasDrawn(frame: FrameLocator, tag: string): Promise<boolean> {
  return frame
    .locator(`.chart-card[data-tag="${tag}"] canvas`)
    .first()
    .evaluate(
      (canvas: {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      }) => {
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0) return false;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return seen.size > 3;
      },
    );
}

async function eventually<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('e2e: the training metrics panel in code-server', function () {
  this.timeout(300_000);
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-metrics-'));
  const stopFile = path.join(localHome, 'stop-jobs');
  let server: CodeServerHandle;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let api: ModelArtsApi;
  let live: string;
  let done: string;

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    const discovery = await startDaemonDetached({
      dataDir: resolveDataDir(localHome),
      daemonScript: path.join(repoRoot, 'dist', 'daemon.js'),
    });
    api = new ModelArtsApi(createPlatformClient(localPlatformConfig(discovery)));
    const job = (name: string, command: string) =>
      api.trainingJobs.create({
        metadata: { name },
        algorithm: { command, environments: { STOP: stopFile }, engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      });
    done = (await job('e2e-metrics-short', metricJobCommand(30, 2))).metadata.id;
    live = (await job('e2e-metrics-live', metricJobCommand(undefined, 1))).metadata.id;
    await api.trainingJobs.waitFor(done, 'Completed', { pollMs: 200 });
    await api.trainingJobs.waitFor(live, 'Running', { pollMs: 200 });
    server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: localHome } });
    const workbench = await openWorkbench(server.url, { viewport: { width: 1400, height: 1000 } });
    page = workbench.page;
    closeBrowser = workbench.close;
    await modelArtsEntry(page).click({ timeout: 60_000 });
  });

  after(async () => {
    writeFileSync(stopFile, '');
    api?.client.close();
    await closeBrowser?.();
    await server?.stop();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  });

  it('Show Metrics draws a running job’s charts, grows them live, and the hover legend shows the daemon’s value', async () => {
    await runCommand(page, 'ModelArts: Show Metrics');
    await pick(page, 'e2e-metrics-live');
    const frame = panelFrame(page);
    const loss = frame.locator('.chart-card[data-tag="loss"]');
    await loss.locator('canvas').first().waitFor({ timeout: 60_000 });
    await eventually('the loss chart to draw', () => canvasDrawn(frame, 'loss'), Boolean);
    // The event file the job wrote is read too: its tags come under the run folder's name.
    if (existsSync(katibEvents)) await frame.locator('.chart-card[data-tag="train/loss"]').waitFor({ timeout: 60_000 });

    // Hover the middle of the chart: the legend names the step, and its value is the daemon's.
    const over = loss.locator('.u-over');
    const box = await over.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    const row = loss.locator('.chart-legend tr', { hasText: 'e2e-metrics-live' });
    const cells = await eventually(
      'the legend row of the job',
      async () => (await row.locator('td').allTextContents()).map((t) => t.trim()),
      (c) => c.some((t) => /\d/.test(t)) && c.some((t) => /^step [\d,]+$/.test(t)),
    );
    const step = Number(
      cells
        .find((t) => t.startsWith('step '))
        ?.slice(5)
        .replace(/,/g, ''),
    );
    const metrics = await api.trainingJobs.metrics(live, 'worker-0');
    const series = metrics.scalars?.find((s) => s.name === 'loss');
    assert.ok(series);
    const index = series.step.indexOf(step);
    assert.ok(index >= 0, `step ${step} is one the job printed`);
    // The panel keeps values as float32, as TensorBoard does: compare with the daemon's value so rounded.
    const expected = formatValue(Math.fround(series.value[index] as number));
    assert.ok(cells.includes(expected), `legend ${JSON.stringify(cells)} shows ${expected} (${series.value[index]})`);
    await page.screenshot({ path: path.join(screenshots, 'metrics-panel.png') });
    await page.mouse.move(10, 10);

    // Live: the runs table counts more points a few seconds later, without reopening anything.
    const pointsNow = series.step.length;
    await eventually(
      'more points of the live job',
      async () => (await api.trainingJobs.metrics(live, 'worker-0')).scalars?.find((s) => s.name === 'loss')?.step.length ?? 0,
      (n) => n > pointsNow + 10,
    );
    await frame.locator('tr[data-run]', { hasText: 'e2e-metrics-live' }).locator('text=live').first().waitFor({ timeout: 30_000 });
  });

  it('Compare Runs shows both jobs, the ended one with how it ended; in a light and a dark theme; restored after a reload', async () => {
    // The quick pick closes if focus moves while it loads (the live panel redraws): open it again then.
    for (let attempt = 1; ; attempt++) {
      try {
        await runCommand(page, 'ModelArts: Compare Runs');
        await pickRow(page, 'e2e-metrics-live').click({ timeout: 10_000 });
        await pickRow(page, 'e2e-metrics-short').click({ timeout: 10_000 });
        await acceptPicks(page);
        break;
      } catch (err) {
        if (attempt === 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
    const frame = panelFrame(page);
    await eventually(
      'two runs in the table',
      () => frame.locator('tbody tr[data-run]').count(),
      (n) => n === 2,
    );
    await frame.locator('tr[data-run]', { hasText: 'e2e-metrics-short' }).locator('text=Completed').first().waitFor({ timeout: 30_000 });
    await eventually('the loss chart to draw', () => canvasDrawn(frame, 'loss'), Boolean);
    // code-server starts light; the panel follows a switch to dark at once (canvas colours included).
    const light = (await page.locator('.monaco-workbench.vs-dark').count()) === 0;
    await page.screenshot({ path: path.join(screenshots, `metrics-compare-${light ? 'light' : 'dark'}.png`) });
    // The theme picker, as a person uses it: its row clicked by its exact title (Enter would take
    // the palette's first fuzzy match, which may be "Browse Color Themes in Marketplace").
    await page.keyboard.press('F1');
    await quickInputBox(page).fill('>Preferences: Color Theme');
    await pickRow(page, /^Preferences: Color Theme$/).click({ timeout: 30_000 });
    const other = light ? 'Dark Modern' : 'Light Modern';
    await quickInputBox(page).fill(other);
    await pickRow(page, new RegExp(`^(Default )?${other}$`)).click({ timeout: 30_000 });
    await eventually(
      'the other theme',
      () => page.locator('.monaco-workbench.vs-dark').count(),
      (n) => n > 0 === light,
    );
    await eventually('the chart redrawn', () => canvasDrawn(frame, 'loss'), Boolean);
    await page.screenshot({ path: path.join(screenshots, `metrics-compare-${light ? 'dark' : 'light'}.png`) });

    // Reload Window, as a person does it: VS Code saves every panel's state first (a bare page
    // reload keeps only what the workbench's storage last flushed, which can miss a new panel),
    // then restores the open panels, and each reads its jobs again.
    await runCommand(page, 'Developer: Reload Window');
    // Both panels come back; the comparison is the one with two runs.
    const restored = await eventually(
      'the comparison restored with both runs',
      async () => {
        const frames = await page.locator('iframe.webview.ready').count();
        for (let i = 0; i < frames; i++) {
          const f = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
          if ((await f.locator('tbody tr[data-run]').count()) === 2) return f;
        }
        return undefined;
      },
      (f) => f !== undefined,
      120_000,
    );
    assert.ok(restored);
    await eventually('its loss chart drawn again', () => canvasDrawn(restored, 'loss'), Boolean);
    await page.screenshot({ path: path.join(screenshots, 'metrics-restored.png') });
  });
});
