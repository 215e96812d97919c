import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { eventually, statusBarItem } from './quickInput';
import { screenshots } from './seededWorkbench';
import { modelArtsEntry } from './sidebar';
import { stopDaemon } from '../../extension/local/lifecycle';
import { openWorkbench, runCommand, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';

/**
 * ModelArts: Get Started opens the extension's walkthrough in the Welcome editor: its title, its
 * five steps in order, and the first step's page (markdown media, rendered in a webview).
 */
describe('e2e: the Get Started walkthrough', function () {
  this.timeout(240_000);
  let server: CodeServerHandle;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  // Local mode starts by itself on activation; its daemon gets a data dir of its own, stopped after.
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-walkthrough-'));

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: localHome } });
    // Wide enough that the walkthrough shows each step's page beside the list of steps.
    const workbench = await openWorkbench(server.url, { viewport: { width: 1600, height: 1000 } });
    page = workbench.page;
    closeBrowser = workbench.close;
    await modelArtsEntry(page).click({ timeout: 60_000 });
    await statusBarItem(page, 'ModelArts: Local · default').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await closeBrowser?.();
    await server?.stop();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  });

  it('opens with its title and the five steps in order', async () => {
    await runCommand(page, 'ModelArts: Get Started');
    const walkthrough = page.locator('.part.editor .gettingStartedContainer');
    await walkthrough.locator('h2', { hasText: 'Get Started with ModelArts Toolkit' }).waitFor({ timeout: 30_000 });
    const titles = walkthrough.locator('.getting-started-step .step-title');
    await eventually(
      'step titles',
      () => titles.allTextContents(),
      (t) => t.length === 5,
    );
    assert.deepEqual(
      (await titles.allTextContents()).map((t) => t.trim()),
      ['Use local mode', 'Or connect to Huawei Cloud', 'Create a notebook', 'Connect to the notebook', 'Submit a training job'],
    );
  });

  it('shows the first step’s page beside the steps', async () => {
    const walkthrough = page.locator('.part.editor .gettingStartedContainer');
    await walkthrough.locator('.getting-started-step.expanded .step-title', { hasText: 'Use local mode' }).waitFor({ timeout: 10_000 });
    await walkthrough
      .locator('.getting-started-step.expanded')
      .getByRole('button', { name: 'Start Local Mode' })
      .waitFor({ timeout: 10_000 });
    // The markdown media renders in a webview: wait for its heading before the screenshot.
    const media = page.frameLocator('.getting-started-media iframe').frameLocator('iframe#active-frame');
    await media.locator('h1', { hasText: 'Local mode: ModelArts on this machine' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-get-started.png'), animations: 'disabled' });
  });
});
