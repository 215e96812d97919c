import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { createPlatformClient, localPlatformConfig } from '../../extension/core/api/client';
import { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';
import { resolveDataDir } from '../../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../../extension/local/lifecycle';
import { openWorkbench, runCommand, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';
import { repoRoot } from '../tools/paths';
import { eventually, pickRow, quickInputBox } from './quickInput';
import { screenshots } from './seededWorkbench';
import { collapsedPane, expandedPane, modelArtsEntry, pane } from './sidebar';

const bucket = 'e2e-details';

/** The webview whose page shows the details of `name` (several webviews may be open: code-server puts each two iframes deep). */
async function detailsFrame(page: Page, name: string, timeoutMs = 60_000): Promise<FrameLocator> {
  return eventually(
    `the details panel of ${name}`,
    async () => {
      const frames = await page.locator('iframe.webview.ready').count();
      for (let i = 0; i < frames; i++) {
        const f = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
        if ((await f.locator('.header .title', { hasText: new RegExp(`^${name}$`) }).count()) > 0) return f;
      }
      return undefined;
    },
    (f) => f !== undefined,
    timeoutMs,
  ) as Promise<FrameLocator>;
}

/** A tree row of a sidebar pane, by its label. */
function treeRow(pane: Locator, label: string): Locator {
  return pane.locator('.monaco-list-row', { has: pane.page().locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
}

/** The editor tab titled `title`. */
function tab(page: Page, title: string | RegExp): Locator {
  return page.locator('.tabs-container .tab', { hasText: title }).first();
}

async function switchTheme(page: Page, to: 'Dark Modern' | 'Light Modern'): Promise<void> {
  await page.keyboard.press('F1');
  await quickInputBox(page).fill('>Preferences: Color Theme');
  await pickRow(page, /^Preferences: Color Theme$/).click({ timeout: 30_000 });
  await quickInputBox(page).fill(to);
  await pickRow(page, new RegExp(`^(Default )?${to}$`)).click({ timeout: 30_000 });
  await eventually(
    `the ${to} theme`,
    () => page.locator('.monaco-workbench.vs-dark').count(),
    (n) => n > 0 === (to === 'Dark Modern'),
  );
}

/**
 * The job details panel in code-server over a real local daemon: a click on a running job opens
 * its details, which grow live (duration, events) and act (a storage link into the Storage view,
 * Show Log, Show Metrics), in a light and a dark theme, and come back after a reload. And a
 * multi-selection of jobs offers Compare Runs next to Clone and Delete.
 */
describe('e2e: the training job details panel in code-server', function () {
  this.timeout(400_000);
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-details-'));
  const stopFile = path.join(localHome, 'stop-jobs');
  let server: CodeServerHandle;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let api: ModelArtsApi;
  let liveId: string;

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    const discovery = await startDaemonDetached({
      dataDir: resolveDataDir(localHome),
      daemonScript: path.join(repoRoot, 'dist', 'daemon.js'),
    });
    api = new ModelArtsApi(createPlatformClient(localPlatformConfig(discovery)));
    const s3 = new S3Client({
      endpoint: discovery.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: discovery.ak, secretAccessKey: discovery.sk },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/train.csv', Body: 'x,y\n1,2\n' }));
    s3.destroy();
    const job = (name: string, command: string) =>
      api.trainingJobs.create({
        metadata: { name, description: 'ResNet-50 on the sample set' },
        algorithm: {
          command,
          environments: { STOP: stopFile, EPOCHS: '20', HF_TOKEN: 'hf_never_shown' },
          parameters: [
            { name: 'lr', value: '0.01' },
            { name: 'batch_size', value: '64' },
          ],
          engine: { engine_name: 'PyTorch', engine_version: '1.8' },
          inputs: [{ name: 'data_url', remote: { obs: { obs_url: `/${bucket}/data/` } } }],
          outputs: [{ name: 'train_url', remote: { obs: { obs_url: `/${bucket}/output/${name}/` } } }],
        },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      });
    const done = await job('e2e-details-done', 'for i in 1 2 3; do echo "MA_METRIC loss=0.$i step=$i"; done');
    const live = await job(
      'e2e-details-live',
      'i=0; while [ ! -f "$STOP" ]; do echo "MA_METRIC loss=$((100 - i)) step=$i"; i=$((i+1)); sleep 0.5; done',
    );
    await api.trainingJobs.waitFor(done.metadata.id, 'Completed', { pollMs: 200 });
    liveId = live.metadata.id;
    await api.trainingJobs.waitFor(liveId, 'Running', { pollMs: 200 });
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

  it('a click on a running job opens its details: spec, parameters, data, history and events, live, in light and dark', async () => {
    // Room for Training Jobs and Storage: the other panes fold.
    for (const title of ['Workspaces', 'Notebooks', 'Images', 'Datasets']) await collapsedPane(page, title);
    const jobs = await expandedPane(page, 'Training Jobs');
    await treeRow(jobs, 'e2e-details-live').click({ timeout: 60_000 });
    const frame = await detailsFrame(page, 'e2e-details-live');
    await frame.locator('.phase', { hasText: /^Running$/ }).waitFor({ timeout: 30_000 });
    await tab(page, 'Job: e2e-details-live').waitFor();
    // Spec and parameters as the job was created; the token's value never reaches the page.
    await frame
      .locator('.facts dd', { hasText: /^PyTorch / })
      .first()
      .waitFor();
    await frame.locator('.section-parameters td', { hasText: /^batch_size$/ }).waitFor();
    await frame.locator('.section-environment tr', { hasText: 'HF_TOKEN' }).locator('.hidden-value').waitFor();
    assert.equal(await frame.locator('text=hf_never_shown').count(), 0);
    await frame.locator('.storage-link', { hasText: `obs://${bucket}/data/` }).waitFor();
    // History and the daemon's events.
    await frame.locator('.history-label', { hasText: /^Started running$/ }).waitFor();
    await frame.locator('.event-message', { hasText: /^Training job is running\.$/ }).waitFor();
    // The duration counts on by itself while the job runs.
    const status = frame.locator('.status-line');
    const first = await status.textContent();
    assert.match(first ?? '', /^Running for /);
    await eventually(
      'the duration to go on',
      () => status.textContent(),
      (t) => t !== first && /^Running for /.test(t ?? ''),
    );

    const light = (await page.locator('.monaco-workbench.vs-dark').count()) === 0;
    await page.screenshot({ path: path.join(screenshots, `job-details-${light ? 'light' : 'dark'}.png`) });
    await switchTheme(page, light ? 'Dark Modern' : 'Light Modern');
    await frame.locator('.phase', { hasText: /^Running$/ }).waitFor();
    await page.screenshot({ path: path.join(screenshots, `job-details-${light ? 'dark' : 'light'}.png`) });
  });

  it('its input is a link into the Storage view, reachable by keyboard; Show Log and Show Metrics open the job’s log and charts', async () => {
    const frame = await detailsFrame(page, 'e2e-details-live');
    const link = frame.locator('.storage-link', { hasText: `obs://${bucket}/data/` });
    await link.focus();
    await link.press('Enter');
    // The reveal opens the Storage view by itself (clicking its header here could fold it again).
    const storage = pane(page, 'Storage');
    await eventually(
      'the Storage view opened',
      () => storage.locator('.pane-header').getAttribute('aria-expanded'),
      (v) => v === 'true',
      60_000,
    );
    // The folder is revealed: the bucket expanded, the folder selected, its object listed under it.
    await storage.locator('.monaco-list-row.selected', { hasText: /^data$/ }).waitFor({ timeout: 60_000 });
    await treeRow(storage, 'train.csv').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(screenshots, 'job-details-storage.png') });

    await frame.locator('vscode-button[data-action="showLog"]').click();
    await page.locator('.part.panel .view-lines', { hasText: 'MA_METRIC loss=' }).first().waitFor({ timeout: 30_000 });
    await frame.locator('vscode-button[data-action="showMetrics"]').click();
    await tab(page, 'Metrics: e2e-details-live').waitFor({ timeout: 30_000 });
  });

  it('comes back after a reload, still live, and says how the job ended once it stops', async () => {
    await tab(page, 'Job: e2e-details-live').click();
    // Reload Window, as a person does it (VS Code saves every panel's state first). On a busy
    // machine the palette can miss its first F1: ask again.
    for (let attempt = 1; ; attempt++) {
      try {
        await runCommand(page, 'Developer: Reload Window');
        break;
      } catch (err) {
        if (attempt === 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
    const frame = await detailsFrame(page, 'e2e-details-live', 120_000);
    await frame.locator('.phase', { hasText: /^Running$/ }).waitFor({ timeout: 60_000 });
    writeFileSync(stopFile, '');
    await frame.locator('.phase', { hasText: /^Completed$/ }).waitFor({ timeout: 60_000 });
    await frame.locator('.status-line', { hasText: /^Ran for / }).waitFor();
    await frame.locator('.history-label', { hasText: /^Completed$/ }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'job-details-completed.png') });
  });

  it('a multi-selection of jobs offers Compare Runs next to Clone and Delete; Compare Runs charts both', async () => {
    writeFileSync(stopFile, '');
    await api.trainingJobs.waitFor(liveId, 'Completed', { pollMs: 200 });
    const jobs = await expandedPane(page, 'Training Jobs');
    // Both have ended: their group starts folded.
    const completed = treeRow(jobs, 'Completed');
    await completed.waitFor({ timeout: 60_000 });
    if ((await completed.getAttribute('aria-expanded')) !== 'true') await completed.click();
    await treeRow(jobs, 'e2e-details-live').click({ timeout: 60_000 });
    await treeRow(jobs, 'e2e-details-done').click({ modifiers: ['Control'] });
    await treeRow(jobs, 'e2e-details-done').click({ button: 'right' });
    const menu = page.locator('.monaco-menu-container .monaco-menu');
    await menu.waitFor({ timeout: 10_000 });
    const items = (await menu.locator('.action-item .action-label').allTextContents()).map((s) => s.trim()).filter(Boolean);
    for (const wanted of ['Compare Runs', 'Clone Training Job…', 'Delete Training Job'])
      assert.ok(items.includes(wanted), `${wanted} in ${JSON.stringify(items)}`);
    assert.ok(!items.includes('Show Details'), 'details are for one job');
    await page.screenshot({ path: path.join(screenshots, 'training-jobs-multiselect-menu.png') });
    await menu.locator('.action-item', { hasText: /^Compare Runs$/ }).click();
    await tab(page, 'Metrics: 2 runs').waitFor({ timeout: 30_000 });
  });
});
