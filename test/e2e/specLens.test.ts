import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createPlatformClient, localPlatformConfig } from '../../extension/core/api/client';
import { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';
import { eventually, notification, pickRow, quickInputBox } from './quickInput';
import { type SeededWorkbench, openSeededWorkbench, screenshots } from './seededWorkbench';
import { expandedPane } from './sidebar';

/**
 * The spec CodeLens as a person uses it: a job spec opened in the editor shows Run Locally at its
 * top; a click submits it to the local daemon, and the job appears in the Training Jobs view.
 */
describe('e2e: Run Locally from the CodeLens of a job spec', function () {
  this.timeout(300_000);
  let wb: SeededWorkbench;
  let page: Page;
  let dir: string;

  before(async () => {
    wb = await openSeededWorkbench({ prefix: 'ma-e2e-lens-' });
    page = wb.page;
    dir = mkdtempSync(path.join(os.tmpdir(), 'ma-e2e-spec-'));
  });

  after(async () => {
    await wb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens a spec, clicks Run Locally, and the job is in the local daemon and the Training Jobs view', async () => {
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'train.py'), 'import os\nprint("MA_METRIC loss=0.2 step=1", os.environ["E2E_MARK"])\n');
    const spec = path.join(dir, 'job.yaml');
    writeFileSync(
      spec,
      [
        'kind: job',
        'metadata:',
        '  name: e2e-lens-run',
        'algorithm:',
        '  code_dir: ./src',
        '  boot_file: train.py',
        '  engine:',
        '    engine_name: PyTorch',
        '    engine_version: "1.8"',
        '  environments:',
        '    E2E_MARK: "from-the-lens"',
        'spec:',
        '  resource:',
        '    flavor_id: modelarts.vm.cpu.2u',
        '    node_count: 1',
        '',
      ].join('\n'),
    );
    // Quick Open takes an absolute path (the window has no folder).
    await page.keyboard.press('Control+P');
    await quickInputBox(page).fill(spec);
    await pickRow(page, /job\.yaml/).click({ timeout: 30_000 });
    const runLocally = page.locator('.codelens-decoration a', { hasText: 'Run Locally' });
    await runLocally.waitFor({ timeout: 60_000 });
    assert.deepEqual(
      // The codicon is an element of its own: only the words are text.
      (await page.locator('.codelens-decoration a').allTextContents()).map((s) => s.trim()),
      ['Run Locally', 'Validate'],
    );
    await page.screenshot({ path: path.join(screenshots, 'modelarts-spec-lens.png'), animations: 'disabled' });
    await runLocally.click();
    await notification(page, 'Training job e2e-lens-run submitted.').waitFor({ timeout: 60_000 });

    const api = new ModelArtsApi(createPlatformClient(localPlatformConfig(wb.discovery)));
    let id: string | undefined;
    for await (const job of api.trainingJobs.search({ name: 'e2e-lens-run' })) id = job.metadata.id;
    assert.ok(id, 'no job e2e-lens-run in the local daemon');
    const ended = await api.trainingJobs.waitFor(id, ['Completed', 'Failed', 'Abnormal', 'Terminated']);
    assert.equal(ended.status.phase, 'Completed');
    assert.match((await api.trainingJobs.logPreview(id, 'worker-0')).content, /from-the-lens/);

    const jobs = await expandedPane(page, 'Training Jobs');
    const row = jobs.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^e2e-lens-run$/ }) });
    await eventually(
      'the job in the Training Jobs view',
      async () => {
        // Its phase group may be collapsed: open each one.
        const collapsed = jobs.locator('.monaco-list-row[aria-level="1"][aria-expanded="false"]');
        if ((await collapsed.count()) > 0) await collapsed.first().click();
        return row.count();
      },
      (n) => n > 0,
      60_000,
    );
    await notification(page, 'Training job e2e-lens-run completed.').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-spec-lens-run.png'), animations: 'disabled' });
  });
});
