import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { runCommand } from '../tools/codeServer';
import { eventually, pick, pickRow, quickInputBox, statusBarItem } from './quickInput';
import { openSeededWorkbench, screenshots, type SeededWorkbench } from './seededWorkbench';
import { pane } from './sidebar';

/**
 * What a Chinese user sees: VS Code under the zh-cn display language (startCodeServer registers
 * an empty language pack, so the workbench's own text stays English while the extension runs
 * under zh-cn), over a seeded local daemon. The extension's manifest text (view titles, command
 * titles), its host text (tree items, status bar) and a panel's text come out in Chinese, drawn
 * with a CJK font (the screenshots show it).
 */
describe('e2e: the extension in Chinese (zh-cn display language)', function () {
  this.timeout(300_000);
  let wb: SeededWorkbench;
  let page: Page;

  before(async () => {
    wb = await openSeededWorkbench({ prefix: 'ma-e2e-zh-', locale: 'zh-cn', viewport: { width: 1440, height: 1000 } });
    page = wb.page;
  });
  after(async () => wb?.close());

  it('titles the views, the status bar entry and the tree in Chinese', async () => {
    for (const title of ['工作空间', '训练作业', '数据集', '存储'])
      await pane(page, title)
        .waitFor({ timeout: 60_000 })
        .catch(() => assert.fail(`no view titled ${title}`));
    await statusBarItem(page, /ModelArts: 本地 · /).waitFor({ timeout: 60_000 });
    // A host string from the l10n bundle: the current workspace's description in its tree.
    await page.locator('.monaco-list-row', { hasText: '当前' }).first().waitFor({ timeout: 60_000 });
    // Platform statuses are translated too: the running notebook, the failed job and its duration.
    await page
      .locator('.monaco-list-row', { hasText: /运行中/ })
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .locator('.monaco-list-row', { hasText: /job-broken\s*失败/ })
      .first()
      .waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.monaco-list-row', { hasText: /running|Failed ·/ }).count(), 0, 'a status left in English');
    await page.screenshot({ path: path.join(screenshots, 'zh-cn-sidebar.png') });
  });

  it('lists the commands under their Chinese titles, and the labeling panel speaks Chinese', async () => {
    await page.keyboard.press('F1');
    await quickInputBox(page).fill('>ModelArts: 标注');
    await pickRow(page, /^ModelArts: 标注…$/).click({ timeout: 30_000 });
    await pick(page, wb.seeded.datasetName);
    const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    const progress = await eventually(
      'the panel’s progress line',
      () => frame.locator('.progress-text').textContent({ timeout: 60_000 }),
      (t) => t !== null && t.length > 0,
      60_000,
    );
    assert.match(progress ?? '', /^已标注 \d+ \/ \d+$/);
    await frame.locator('.cell[data-id]').first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(screenshots, 'zh-cn-labeling.png') });
    await runCommand(page, 'View: Close All Editors');
  });
});
