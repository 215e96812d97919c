import assert from 'node:assert/strict';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { acceptPicks, enter, eventually, pick, pickRow, waitForStep } from './quickInput';
import { type SeededWorkbench, openSeededWorkbench, screenshots } from './seededWorkbench';
import { collapsedPane, expandedPane } from './sidebar';
import { presetImages } from '../../extension/local/api/images/catalog';
import { runCommand } from '../tools/codeServer';

/**
 * The Images and Training Jobs filters, chosen in the quick input as a person does (the view's
 * title button, the command palette), over a seeded local platform: what the view shows, and what
 * its title says, while a filter is in force and after Clear.
 */
describe('e2e: filtering the Images and Training Jobs views', function () {
  this.timeout(300_000);
  let wb: SeededWorkbench;
  let page: Page;

  before(async () => {
    wb = await openSeededWorkbench({ prefix: 'ma-e2e-filters-' });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
  });

  /** The labels of a tree's rows at `level` (1: top level), in order. */
  function labelsAt(p: Locator, level: number): Promise<string[]> {
    return p.locator(`.monaco-list-row[aria-level="${level}"] .label-name`).allTextContents();
  }

  /** The text after the view's title (a tree view's `description`); '' when there is none. */
  async function viewDescription(p: Locator): Promise<string> {
    const d = p.locator('.pane-header .description');
    return (await d.count()) > 0 ? ((await d.textContent()) ?? '').trim() : '';
  }

  /** Clicks a view's title bar action (shown on hover). */
  async function titleAction(p: Locator, label: string): Promise<void> {
    await p.locator('.pane-header').hover();
    await p.locator(`.pane-header .actions [aria-label="${label}"]`).click({ timeout: 30_000 });
  }

  /** Expands every collapsed top-level row, so the rows under them are in the DOM. */
  async function expandGroups(p: Locator): Promise<void> {
    const collapsed = p.locator('.monaco-list-row[aria-level="1"][aria-expanded="false"]');
    for (let i = 0; i < 20 && (await collapsed.count()) > 0; i++) await collapsed.first().click();
    assert.equal(await collapsed.count(), 0, 'a group did not expand');
  }

  /**
   * Only `title` expanded among the views that list things: a tree renders only the rows in
   * sight, so the view being read gets the room.
   */
  async function focusPane(title: string): Promise<Locator> {
    for (const other of ['Workspaces', 'Notebooks', 'Images', 'Training Jobs']) if (other !== title) await collapsedPane(page, other);
    return expandedPane(page, title);
  }

  it('Filter Images… with GPU checked leaves only GPU images, and the view title says GPU', async () => {
    const images = await focusPane('Images');
    await images.locator('.monaco-list-row', { hasText: /Custom/ }).waitFor({ timeout: 60_000 });
    await titleAction(images, 'Filter Images…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Filter Images' }).waitFor({ timeout: 30_000 });
    await pick(page, 'GPU');
    await pickRow(page, 'GPU').and(page.locator('[aria-checked="true"]')).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-filter-images-pick.png'), animations: 'disabled' });
    await acceptPicks(page);

    await eventually(
      'Images view description',
      () => viewDescription(images),
      (d) => d === 'GPU',
    );
    // The seeded custom image runs on CPU only, and so does the PySpark preset: both groups go.
    await eventually(
      'engine groups',
      () => labelsAt(images, 1),
      (l) => JSON.stringify(l) === JSON.stringify(['Conda', 'MindSpore', 'PyTorch', 'TensorFlow']),
    );
    await expandGroups(images);
    const gpuImages = presetImages()
      .filter((i) => i.resource_categories.includes('GPU'))
      .map((i) => i.name);
    const shown = await eventually(
      'image rows',
      () => labelsAt(images, 2),
      (l) => l.length === gpuImages.length,
    );
    assert.deepEqual([...shown].sort(), [...gpuImages].sort());
    for (const description of await images.locator('.monaco-list-row[aria-level="2"] .label-description').allTextContents()) {
      assert.match(description, /\bGPU\b/);
    }
    await page.screenshot({ path: path.join(screenshots, 'modelarts-filter-images.png'), animations: 'disabled' });
  });

  it('Clear Image Filter in the view title shows every image again', async () => {
    const images = await expandedPane(page, 'Images');
    await titleAction(images, 'Clear Image Filter');
    await eventually(
      'Images view description',
      () => viewDescription(images),
      (d) => d === '',
    );
    await eventually(
      'engine groups',
      () => labelsAt(images, 1),
      (l) => l.includes('Custom') && l.includes('PySpark'),
    );
    // The action only shows while a filter is in force.
    await images.locator('.pane-header').hover();
    await images.locator('.pane-header .actions [aria-label="Filter Images…"]').waitFor({ timeout: 10_000 });
    assert.equal(await images.locator('.pane-header .actions [aria-label="Clear Image Filter"]').count(), 0);
  });

  it('Filter Training Jobs… by status (palette) leaves only that group', async () => {
    const jobs = await focusPane('Training Jobs');
    await eventually(
      'status groups',
      () => labelsAt(jobs, 1),
      (l) => l.includes('Failed') && l.includes('Completed'),
      60_000,
    );
    await runCommand(page, 'Filter Training Jobs…');
    await waitForStep(page, 'Filter Training Jobs', 1, 2);
    await enter(page, '');
    await waitForStep(page, 'Filter Training Jobs', 2, 2);
    await pick(page, 'Failed');
    await pickRow(page, 'Failed').and(page.locator('[aria-checked="true"]')).waitFor({ timeout: 10_000 });
    await acceptPicks(page);

    await eventually(
      'Training Jobs view description',
      () => viewDescription(jobs),
      (d) => d === 'Failed',
    );
    await eventually(
      'status groups',
      () => labelsAt(jobs, 1),
      (l) => JSON.stringify(l) === JSON.stringify(['Failed']),
    );
    await expandGroups(jobs);
    await eventually(
      'jobs',
      () => labelsAt(jobs, 2),
      (l) => JSON.stringify(l) === JSON.stringify([wb.seeded.failedJob]),
    );
    await page.screenshot({ path: path.join(screenshots, 'modelarts-filter-jobs.png'), animations: 'disabled' });
  });

  it('Clear Training Job Filter in the view title shows every job again', async () => {
    const jobs = await expandedPane(page, 'Training Jobs');
    await titleAction(jobs, 'Clear Training Job Filter');
    await eventually(
      'Training Jobs view description',
      () => viewDescription(jobs),
      (d) => d === '',
    );
    await eventually(
      'status groups',
      () => labelsAt(jobs, 1),
      (l) => JSON.stringify(l) === JSON.stringify(['Failed', 'Completed']),
    );
  });
});
