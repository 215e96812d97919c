import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { runCommand } from '../tools/codeServer';
import { type SeededWorkbench, openSeededWorkbench, screenshots } from './seededWorkbench';

/**
 * A job spec with a mistake, opened in the editor as a person opens it (Quick Open), shows the
 * mistake in the Problems panel with its place and what is expected, and squiggles it in the text.
 */
describe('e2e: a job spec with a mistake shows a diagnostic', function () {
  this.timeout(300_000);
  let wb: SeededWorkbench;
  let page: Page;

  before(async () => {
    wb = await openSeededWorkbench({ prefix: 'ma-e2e-spec-' });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
  });

  it('the Problems panel names the misspelt field and the one meant', async () => {
    const dir = path.join(wb.localHome, 'project');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'job.yaml');
    writeFileSync(
      file,
      [
        'kind: job',
        'metadata:',
        '  name: mnist',
        'algorithm:',
        '  command: "python train.py"',
        '  engine: {engine_name: PyTorch, engine_version: "1.8"}',
        'spec:',
        '  resource:',
        '    flavour_id: modelarts.vm.cpu.2u',
        '',
      ].join('\n'),
    );
    // Quick Open takes an absolute path.
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'job.yaml' }).first().waitFor({ timeout: 15_000 });
    await input.press('Enter');
    await page.locator('.tab', { hasText: 'job.yaml' }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const marker = page.locator('.markers-panel .monaco-list-row', { hasText: 'flavour_id is not a field of spec.resource' }).first();
    await marker.waitFor({ timeout: 30_000 });
    const text = (await page.locator('.markers-panel').innerText()).replace(/\s+/g, ' ');
    assert.match(text, /flavour_id is not a field of spec\.resource\. Did you mean flavor_id\?/);
    assert.match(text, /spec\.resource\.flavor_id is required/);
    assert.match(text, /ModelArts/);
    assert.match(text, /\[Ln 9, Col 5\]/);
    // The squiggle is in the text as well.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(screenshots, 'spec-editor-problems.png') });
  });
});
