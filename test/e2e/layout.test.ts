import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { statusBarItem } from './quickInput';
import { screenshots } from './seededWorkbench';
import { modelArtsEntry, pane } from './sidebar';
import { stopDaemon } from '../../extension/local/lifecycle';
import { openWorkbench, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';

/**
 * The sidebar as a new user first sees it on a common laptop screen (1000 px tall): every view's
 * content fits its share (the views' `initialSize`), and the status bar item is there before the
 * ModelArts container was ever opened.
 */
describe('e2e: the ModelArts sidebar at 1000 px height, and the status bar from the start', function () {
  this.timeout(240_000);
  let server: CodeServerHandle;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-layout-'));

  before(async () => {
    const vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: localHome } });
    const workbench = await openWorkbench(server.url, { viewport: { width: 1280, height: 1000 } });
    page = workbench.page;
    closeBrowser = workbench.close;
  });

  after(async () => {
    await closeBrowser?.();
    await server?.stop();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  });

  /** The pane's body box on screen (below its header). */
  async function bodyBox(p: Locator): Promise<{ top: number; bottom: number; height: number }> {
    const box = await p.locator('.pane-body').boundingBox();
    assert.ok(box, 'the pane has no body on screen');
    return { top: box.y, bottom: box.y + box.height, height: box.height };
  }

  it('shows the status bar item once the editor has started, with no ModelArts view opened', async () => {
    await page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
    // Local mode starts by itself; before it answers the item says so, after it names the workspace.
    await statusBarItem(page, /ModelArts: /).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.part.sidebar .composite.title', { hasText: /ModelArts/i }).count(), 0, 'the container was open');
    await statusBarItem(page, 'ModelArts: Local · default').waitFor({ timeout: 60_000 });
  });

  it('gives each view room for what it shows: the Training Jobs welcome button is not cut off', async () => {
    await modelArtsEntry(page).click();
    const workspaces = pane(page, 'Workspaces');
    await workspaces.locator('.monaco-list-row', { hasText: /default.*current/ }).waitFor({ timeout: 60_000 });
    const notebooks = pane(page, 'Notebooks');
    await notebooks.locator('.welcome-view-content', { hasText: /No notebooks in this workspace yet/ }).waitFor({ timeout: 30_000 });
    const jobs = pane(page, 'Training Jobs');
    const button = jobs.locator('.welcome-view-content').getByRole('button', { name: 'Submit Training Job from YAML' });
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-sidebar-1000px.png') });

    const [ws, nb, tj] = [await bodyBox(workspaces), await bodyBox(notebooks), await bodyBox(jobs)];
    const buttonBox = await button.boundingBox();
    assert.ok(buttonBox);
    console.log(`      pane bodies: Workspaces ${ws.height} px, Notebooks ${nb.height} px, Training Jobs ${tj.height} px`);
    assert.ok(
      buttonBox.y + buttonBox.height <= tj.bottom,
      `the button ends at ${buttonBox.y + buttonBox.height}, the pane at ${tj.bottom}`,
    );
    for (const [name, p] of [
      ['Notebooks', notebooks],
      ['Training Jobs', jobs],
    ] as const) {
      const content = await p.locator('.welcome-view-content').boundingBox();
      const body = await bodyBox(p);
      assert.ok(content && content.y + content.height <= body.bottom + 1, `${name}'s welcome content is cut off`);
    }
    // Training Jobs, the longest list, gets the most room; Notebooks no large empty area. (Workspaces
    // cannot go below VS Code's 120 px minimum for an expanded view's body.)
    assert.ok(ws.height < tj.height && nb.height < tj.height, `Training Jobs (${tj.height} px) is not the tallest`);
  });
});
