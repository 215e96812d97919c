import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expandedPane, modelArtsEntry, pane as sidebarPane } from './sidebar';
import { stopDaemon } from '../../extension/local/lifecycle';
import { openWorkbench, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';
import { repoRoot } from '../tools/paths';

/**
 * A person's first look: code-server (real VS Code) with the packaged .vsix installed, in headless
 * Chromium, on a machine where local mode has never run. Screenshots go to test-results/ so the
 * result can be looked at, not only asserted.
 */
const screenshots = path.join(repoRoot, 'test-results', 'e2e');

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

  const pane = (title: string) => sidebarPane(page, title);
  const expanded = (title: string) => expandedPane(page, title);

  it('shows a ModelArts entry in the activity bar and opens the container on click', async () => {
    await modelArtsEntry(page).waitFor({ state: 'visible', timeout: 60_000 });
    await modelArtsEntry(page).click();
    await page.locator('.part.sidebar .composite.title', { hasText: /ModelArts/i }).waitFor({ timeout: 30_000 });
  });

  it('renders the six views in order', async () => {
    const titles = page.locator('.part.sidebar .pane-header .title');
    await titles.nth(5).waitFor({ timeout: 30_000 });
    assert.deepEqual(await titles.allTextContents(), ['Workspaces', 'Notebooks', 'Images', 'Training Jobs', 'Datasets', 'Storage']);
    // What a person sees first: Images, Datasets and Storage start collapsed.
    await page.screenshot({ path: path.join(screenshots, 'modelarts-first-look.png') });
  });

  it('starts local mode by itself and fills the views, with an empty state that leads on', async () => {
    await (await expanded('Workspaces')).locator('.monaco-list-row', { hasText: /default.*current/ }).waitFor({ timeout: 60_000 });
    // The status bar always says where the views point.
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'ModelArts: Local · default' }).waitFor({ timeout: 30_000 });
    await (
      await expanded('Images')
    )
      .locator('.monaco-list-row', { hasText: /PyTorch/ })
      .first()
      .waitFor({ timeout: 30_000 });
    for (const [title, text, button] of [
      ['Notebooks', /No notebooks in this workspace yet/, 'New Notebook'],
      ['Training Jobs', /No training jobs in this workspace yet/, 'Submit Training Job from YAML'],
      ['Datasets', /No datasets in this workspace yet/, 'Refresh'],
      ['Storage', /No buckets yet/, 'Refresh'],
    ] as const) {
      const p = await expanded(title);
      await p.locator('.welcome-view-content', { hasText: text }).waitFor({ timeout: 30_000 });
      await p.locator('.welcome-view-content').getByRole('button', { name: button }).first().waitFor();
    }
    await page.screenshot({ path: path.join(screenshots, 'modelarts-container.png') });
  });

  it('New Notebook walks through name, flavor, image, key pair and auto-stop, and the notebook appears running', async () => {
    const notebooks = await expanded('Notebooks');
    await notebooks.locator('.welcome-view-content').getByRole('button', { name: 'New Notebook' }).click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('bad name');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /letters, digits/ }).waitFor({ timeout: 10_000 });
    await input.fill('e2e-nb');
    await input.press('Enter');
    // Each step shows its question as the input's placeholder; the first choice is taken.
    const step = (placeholder: string) =>
      page.locator(`.quick-input-widget .quick-input-box input[placeholder*="${placeholder}"]`).waitFor({ timeout: 30_000 });
    for (const placeholder of ['Flavor', 'Image that runs on CPU']) {
      await step(placeholder);
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
      await input.press('Enter');
    }
    await step('Key pair for SSH access');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'No SSH access' }).click({ timeout: 30_000 });
    await step('Stop it automatically');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await input.press('Enter');
    await notebooks.locator('.monaco-list-row', { hasText: /e2e-nb.*running/ }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-new-notebook.png') });
  });

  it('New Workspace from the Workspaces title bar adds a workspace', async () => {
    const workspaces = await expanded('Workspaces');
    await workspaces.locator('.pane-header').hover();
    await workspaces.locator('.pane-header .actions [aria-label="New Workspace…"]').click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('default');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /reserved/ }).waitFor({ timeout: 10_000 });
    await input.fill('视觉团队');
    await input.press('Enter');
    // Step 2 asks for the description (its prompt shows under the box); empty is fine.
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /Description \(optional\)/ }).waitFor({ timeout: 10_000 });
    await input.press('Enter');
    await workspaces.locator('.monaco-list-row', { hasText: '视觉团队' }).waitFor({ timeout: 30_000 });
  });

  it('Stop Local Mode (confirmed) shows the signed-out state; Start Local Mode brings the views back', async () => {
    const workspaces = pane('Workspaces');
    await workspaces.locator('.pane-header').hover();
    await workspaces.locator('.pane-header .actions [aria-label="More Actions..."]').click();
    await page.locator('.monaco-menu .action-label', { hasText: 'Stop Local Mode' }).click();
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Stop Local Mode' }).click();
    await workspaces.locator('.welcome-view-content', { hasText: /No ModelArts platform is connected/ }).waitFor({ timeout: 30_000 });
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'ModelArts: not connected' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-signed-out.png') });
    await workspaces.getByRole('button', { name: 'Start Local Mode' }).click();
    await workspaces.locator('.monaco-list-row', { hasText: /default.*current/ }).waitFor({ timeout: 60_000 });
  });
});
