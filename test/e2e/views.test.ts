import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expandedPane, modelArtsEntry } from './sidebar';
import { resolveDataDir } from '../../extension/local/dataDir';
import { startDaemonDetached, stopDaemon } from '../../extension/local/lifecycle';
import { type Seeded, seedPlatform } from '../helpers/seedPlatform';
import { openWorkbench, startCodeServer, type CodeServerHandle } from '../tools/codeServer';
import { packageVsix } from '../tools/packageVsix';
import { repoRoot } from '../tools/paths';

/**
 * The views over a local platform that has one of everything: what a person sees once local mode
 * runs. The daemon is started and seeded first; the extension finds it and connects.
 */
const screenshots = path.join(repoRoot, 'test-results', 'e2e');

describe('e2e: the six views show local mode’s resources', function () {
  this.timeout(300_000);
  const localHome = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-views-'));
  let server: CodeServerHandle;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let seeded: Seeded;

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const vsix = process.env.MODELARTS_VSIX ?? (await packageVsix()).file;
    const discovery = await startDaemonDetached({
      dataDir: resolveDataDir(localHome),
      daemonScript: path.join(repoRoot, 'dist', 'daemon.js'),
    });
    seeded = await seedPlatform(discovery);
    server = await startCodeServer({ vsixes: [vsix], env: { MODELARTS_LOCAL_HOME: localHome } });
    const workbench = await openWorkbench(server.url, { viewport: { width: 1280, height: 1400 } });
    page = workbench.page;
    closeBrowser = workbench.close;
    await modelArtsEntry(page).click({ timeout: 60_000 });
  });

  after(async () => {
    await closeBrowser?.();
    await server?.stop();
    await stopDaemon(localHome);
    rmSync(localHome, { recursive: true, force: true });
  });

  const expand = (title: string) => expandedPane(page, title);

  /** A tree row whose text matches, waiting for the view to load it. */
  async function row(p: Locator, text: RegExp): Promise<Locator> {
    const r = p.locator('.monaco-list-row', { hasText: text }).first();
    await r.waitFor({ state: 'visible', timeout: 60_000 });
    return r;
  }

  it('Workspaces lists the default workspace as current', async () => {
    await row(await expand('Workspaces'), /default.*current/);
  });

  it('Notebooks shows the running notebook with its status', async () => {
    await row(await expand('Notebooks'), new RegExp(`${seeded.notebookName}.*running`));
  });

  it('Training Jobs groups the completed and the failed job', async () => {
    const p = await expand('Training Jobs');
    await row(p, /Failed/);
    await row(p, new RegExp(seeded.failedJob));
    const completed = await row(p, /Completed/);
    await completed.click();
    await row(p, new RegExp(seeded.completedJob));
  });

  it('Images groups presets by engine and lists the custom image', async () => {
    const p = await expand('Images');
    await row(p, /PyTorch/);
    const custom = await row(p, /^Custom|Custom\s*1/);
    await custom.click();
    await row(p, new RegExp(seeded.customImage));
  });

  it('Datasets shows the dataset with its counts', async () => {
    await row(await expand('Datasets'), new RegExp(`${seeded.datasetName}.*0/2 labelled`));
  });

  it('Storage lists the bucket and browses into it', async () => {
    const p = await expand('Storage');
    const bucket = await row(p, new RegExp(seeded.bucket));
    await bucket.click();
    await row(p, /images/);
    await page.screenshot({ path: path.join(screenshots, 'modelarts-views-local.png') });
  });
});
