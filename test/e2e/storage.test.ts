import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { Locator, Page } from 'playwright-core';
import { notification, pickRow, quickInputBox, quickInputMessage } from './quickInput';
import { type SeededWorkbench, openSeededWorkbench, screenshots } from './seededWorkbench';
import { collapsedPane, expandedPane } from './sidebar';

/**
 * The Storage view as a person uses it, over a seeded local platform: Create Bucket from the
 * view's title, Upload and Download in a folder's context menu, a typed folder uploaded by the
 * first Enter and the message that says what went where (with Reveal), and objects opened: text in
 * an editor that saves back to storage, images in the image preview. Results are checked in the daemon's storage.
 */
describe('e2e: the Storage view: buckets, uploads, previews', function () {
  this.timeout(300_000);
  let wb: SeededWorkbench;
  let page: Page;
  let storage: Locator;
  let s3: S3Client;
  const local = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-upload-'));

  before(async () => {
    wb = await openSeededWorkbench({ prefix: 'ma-e2e-storage-' });
    page = wb.page;
    s3 = new S3Client({
      endpoint: wb.discovery.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: wb.discovery.ak, secretAccessKey: wb.discovery.sk },
    });
    for (const other of ['Workspaces', 'Notebooks', 'Training Jobs']) await collapsedPane(page, other);
    storage = await expandedPane(page, 'Storage');
  });

  after(async () => {
    s3?.destroy();
    await wb?.close();
    rmSync(local, { recursive: true, force: true });
  });

  /** A Storage row whose label is `label`, waiting for the view to load it. */
  function row(label: string): Locator {
    return storage.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  }

  const openMenu = (): Locator => page.locator('.context-view .monaco-menu');

  async function contextMenu(label: string): Promise<Locator> {
    await closeMenu();
    await row(label).click({ button: 'right', timeout: 60_000 });
    await openMenu().waitFor({ state: 'visible', timeout: 10_000 });
    return openMenu();
  }

  /** Escape until no context menu is left open: one left over would take the next clicks. */
  async function closeMenu(): Promise<void> {
    for (let i = 0; i < 3 && (await openMenu().isVisible()); i++) {
      await page.keyboard.press('Escape');
      await openMenu()
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => undefined);
    }
  }

  /**
   * Chooses `item` in `label`'s context menu until `expected` shows. On a loaded machine the
   * workbench can drop a click that lands while the menu is still being laid out, leaving the
   * menu open; a person would click again, and so does this (three tries at most).
   */
  async function chooseFromMenu(label: string, item: string, expected: Locator): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const menu = await contextMenu(label);
      const entry = menu.locator('.action-label', { hasText: new RegExp(`^${item}$`) });
      // A pointer on the item focuses it; Enter chooses it (a click can be dropped, see above).
      await entry.hover();
      await page.keyboard.press(attempt === 1 ? 'Enter' : 'Space');
      try {
        await expected.waitFor({ timeout: 10_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  }

  it('Create Bucket in the view’s title checks the name and adds the bucket', async () => {
    await row(wb.seeded.bucket).waitFor({ timeout: 60_000 });
    await storage.locator('.pane-header').hover();
    await storage.locator('.pane-header .actions [aria-label="Create Bucket…"]').click({ timeout: 30_000 });
    await quickInputBox(page).fill('Bad_Name');
    await quickInputMessage(page, /lower-case letters/).waitFor({ timeout: 10_000 });
    await quickInputBox(page).fill('e2e-made');
    await quickInputBox(page).press('Enter');
    await row('e2e-made').waitFor({ timeout: 30_000 });
    const buckets = await s3.send(new ListBucketsCommand({}));
    assert.ok(buckets.Buckets?.some((b) => b.Name === 'e2e-made'));
  });

  it('a folder’s context menu has Upload and Download, not only the inline icons', async () => {
    await row(wb.seeded.bucket).click();
    await row('images').waitFor({ timeout: 30_000 });
    const menu = await contextMenu('images');
    for (const item of ['Upload…', 'Download…', 'New Folder…', 'Copy OBS URL', 'Delete'])
      await menu.locator('.action-label', { hasText: new RegExp(`^${item}$`) }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-storage-context-menu.png') });
    await closeMenu();
  });

  it('Upload… takes a typed folder at the first Enter, says what it uploaded where, and Reveal shows it', async () => {
    const folder = path.join(local, 'run-7');
    mkdirSync(path.join(folder, 'logs'), { recursive: true });
    writeFileSync(path.join(folder, 'train.py'), 'print("run 7")\n');
    writeFileSync(path.join(folder, 'logs', 'out.txt'), 'loss=0.2\n');
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Upload to obs://team-data/images/' });
    await chooseFromMenu('images', 'Upload…', title);
    await quickInputBox(page).fill(folder);
    await pickRow(page, /run-7/).waitFor({ timeout: 10_000 });
    await quickInputBox(page).press('Enter');
    const done = notification(page, 'Uploaded 2 files (24 B) to obs://team-data/images/run-7/.');
    await done.waitFor({ timeout: 60_000 });
    const got = await s3.send(new GetObjectCommand({ Bucket: wb.seeded.bucket, Key: 'images/run-7/logs/out.txt' }));
    assert.equal(await got.Body?.transformToString(), 'loss=0.2\n');
    await page.screenshot({ path: path.join(screenshots, 'modelarts-storage-uploaded.png') });
    await done.getByRole('button', { name: 'Reveal' }).click();
    await row('run-7').and(page.locator('[aria-selected="true"]')).waitFor({ timeout: 30_000 });
  });

  it('a click on a text object opens it in an editor, where a save writes it back; a click on an image opens the image preview', async () => {
    await closeMenu();
    await row('code').click();
    await row('ok.py').click({ timeout: 30_000 });
    const tab = page.locator('.tabs-container .tab', { hasText: 'ok.py' });
    await tab.waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .view-lines', { hasText: 'MA_METRIC loss=0.1 step=1' }).waitFor({ timeout: 30_000 });
    // The object opens in place (obs://): typed at its end and saved, it is written back to the platform.
    await page.locator('.editor-instance .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# edited in place');
    await page.locator('.editor-instance .view-lines', { hasText: '# edited in place' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-storage-object-edited.png') });
    await page.keyboard.press('Control+s');
    // The save lands on the platform: wait for the daemon's storage to hold the new bytes.
    const expected = 'print("MA_METRIC loss=0.1 step=1")\n# edited in place';
    const stored = async () =>
      (await s3.send(new GetObjectCommand({ Bucket: wb.seeded.bucket, Key: 'code/ok.py' }))).Body?.transformToString();
    const deadline = Date.now() + 30_000;
    while ((await stored()) !== expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.equal(await stored(), expected);
    await page.screenshot({ path: path.join(screenshots, 'modelarts-storage-object-saved.png') });
    await row('cat.png').click({ timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'cat.png' }).waitFor({ timeout: 30_000 });
    // A webview's iframe lies over the editor, outside its DOM; the image preview is one.
    const preview = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await preview.locator('img').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-storage-image-preview.png') });
  });
});
