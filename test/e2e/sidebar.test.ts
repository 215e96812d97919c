import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openWorkbench, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { stopDaemon } from '../../extension/local/lifecycle';
import { packageVsix } from '../tools/packageVsix';
import { repoRoot } from '../tools/paths';

/**
 * A person's first look: code-server (real VS Code) with the packaged .vsix installed, in headless
 * Chromium. Screenshots go to test-results/ so the result can be looked at, not only asserted.
 */
const screenshots = path.join(repoRoot, 'test-results', 'e2e');

const views = [
  { title: 'Workspaces', welcome: /Local mode is running: the ModelArts platform on this machine/, button: 'Show Local Mode Status' },
  { title: 'Notebooks', welcome: /development environments with JupyterLab and SSH/, button: 'Open ModelArts Settings' },
  { title: 'Images', welcome: /Preset images \(PyTorch, TensorFlow, MindSpore, conda\)/, button: 'Open ModelArts Settings' },
  { title: 'Training Jobs', welcome: /Training jobs of the current workspace/, button: 'Open ModelArts Settings' },
  { title: 'Datasets', welcome: /image classification, object detection and text classification/, button: 'Open ModelArts Settings' },
  { title: 'Storage', welcome: /OBS buckets/, button: 'Open ModelArts Settings' },
];

describe('e2e: the ModelArts container in VS Code (code-server, headless Chromium)', function () {
  this.timeout(240_000);
  let server: CodeServerHandle;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  // Local mode's daemon outlives the editor by design: it gets its own data dir, stopped after.
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-local-'));

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: localHome } });
    // Tall enough that six views with their welcome content fit without scrolling.
    const workbench = await openWorkbench(server.url, { viewport: { width: 1280, height: 1200 } });
    page = workbench.page;
    closeBrowser = workbench.close;
  });

  after(async () => {
    await closeBrowser?.();
    await server?.stop();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  });

  /** The sidebar pane whose header title is `title`. */
  function pane(title: string): Locator {
    return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }) });
  }

  it('shows a ModelArts entry in the activity bar and opens the container on click', async () => {
    const entry = page.locator('.part.activitybar .action-item').filter({ has: page.locator('[aria-label^="ModelArts"]') });
    await entry.first().waitFor({ state: 'visible', timeout: 60_000 });
    await entry.first().click();
    await page.locator('.part.sidebar .composite.title', { hasText: /ModelArts/i }).waitFor({ timeout: 30_000 });
  });

  it('renders the six views in order', async () => {
    const titles = page.locator('.part.sidebar .pane-header .title');
    await titles.nth(5).waitFor({ timeout: 30_000 });
    assert.deepEqual(await titles.allTextContents(), views.map((v) => v.title));
    // What a person sees first: Images, Datasets and Storage start collapsed.
    await page.screenshot({ path: path.join(screenshots, 'modelarts-first-look.png') });
  });

  it('shows each view’s welcome content with its next step', async () => {
    for (const view of views) {
      const p = pane(view.title);
      const header = p.locator('.pane-header');
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      // Workspaces changes from "starting" to "running" as local mode comes up: wait for the text.
      const welcome = p.locator('.welcome-view-content', { hasText: view.welcome });
      await welcome.waitFor({ state: 'visible', timeout: 60_000 });
      await p.getByRole('button', { name: view.button }).first().waitFor({ state: 'visible' });
    }
    await page.screenshot({ path: path.join(screenshots, 'modelarts-container.png') });
  });

  it('the welcome button opens the ModelArts settings', async () => {
    await pane('Notebooks').getByRole('button', { name: 'Open ModelArts Settings' }).click();
    const search = page.locator('.settings-editor .settings-header .suggest-input-container');
    await search.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.settings-editor .setting-item-label', { hasText: 'Active Profile' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-settings.png') });
  });
});
