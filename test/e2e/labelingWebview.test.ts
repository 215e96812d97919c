import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fit, minScale, maxScale, type Viewport, wheelFactor, zoomAt } from '../../webviews/labeling/geometry';
import type { Annotation, BoxAnnotation, SpanAnnotation } from '../../webviews/protocol/labeling';
import type { FakeLabelingHost, HarnessGlobals, PageOptions } from './labelingWebview/harness';
import { launchChromium, type LabelingServer, openLabeling, startLabelingServer } from './labelingWebview/server';
import { eventually } from './metricsWebview/pageHelpers';
import { screenshots } from './seededWorkbench';

/** Calls into the page's fake host. */
function host<R>(page: Page, fn: (h: FakeLabelingHost) => R): Promise<R> {
  return page.evaluate<R>(`(${fn.toString()})(globalThis.fakeHost)`);
}

const annotationsOf = (page: Page, id: string) =>
  page.evaluate((sid) => (globalThis as unknown as HarnessGlobals).fakeHost.annotations(sid), id);
const requests = async (page: Page, method: string) =>
  (await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.log)).filter((r) => r.method === method);

/**
 * The labeling panel's webview by itself in headless Chromium: the built bundle and stylesheet
 * under the host's CSP, a fake host in the page speaking the protocol over an in-memory
 * platform. Driven with mouse and keys; checked where it lands: what the platform holds, what
 * the host was asked, the DOM.
 */
describe('e2e: the labeling webview alone', function () {
  this.timeout(120_000);
  let server: LabelingServer;
  let browser: Browser;
  const open: { page: Page; errors: string[] }[] = [];

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    server = await startLabelingServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async function () {
    const problems: string[] = [];
    for (const { page, errors } of open.splice(0)) {
      const h = await host(page, (f) => [...f.cspViolations.map((v) => `CSP: ${v}`), ...f.badParams.map((b) => `refused: ${b}`)]);
      problems.push(...h, ...errors.map((e) => `page error: ${e}`));
      await page.context().close();
    }
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, []);
  });

  async function panel(options: PageOptions, viewport?: { width: number; height: number }) {
    const opened = await openLabeling(browser, server, options, viewport);
    open.push(opened);
    await opened.page
      .locator('.cell[data-id]')
      .first()
      .or(opened.page.locator('.empty-state:not([hidden])'))
      .first()
      .waitFor({ timeout: 20_000 });
    return opened;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(screenshots, `labeling-webview-${name}.png`), animations: 'disabled' });

  /** The stage's viewport as the panel computes it after a fit (the test's own copy of the same function). */
  async function fitted(
    page: Page,
    image: { width: number; height: number },
  ): Promise<{ v: Viewport; x: number; y: number; size: { width: number; height: number } }> {
    const box = await page.locator('.stage-overlay').boundingBox();
    assert.ok(box);
    const size = { width: Math.floor(box.width), height: Math.floor(box.height) };
    return { v: fit(image, size), x: box.x, y: box.y, size };
  }

  const toPage = (f: { v: Viewport; x: number; y: number }, p: { x: number; y: number }) => ({
    x: f.x + p.x * f.v.scale + f.v.tx,
    y: f.y + p.y * f.v.scale + f.v.ty,
  });

  async function openFirst(page: Page): Promise<void> {
    await page.locator('#grid').focus();
    await page.keyboard.press('Enter');
    await page.locator('.editor-view').waitFor();
  }

  it('keeps only the rows in view in the DOM at 100,000 samples, pages in what is scrolled to, and makes each thumbnail once', async () => {
    const { page } = await panel({ scenario: 'big' });
    await eventually(
      'the first screen of thumbnails',
      () => page.locator('.cell img.thumb[src^="blob:"]').count(),
      (n) => n >= 12,
    );
    const cells = await page.locator('.cell').count();
    assert.ok(cells < 120, `${cells} cells in the DOM`);
    const firstPages = (await requests(page, 'labeling/page')).map((r) => (r.params as { offset: number }).offset);
    assert.deepEqual([...new Set(firstPages)], [0]);
    await page.locator('#grid').evaluate((el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight));
    await page.locator('.cell[data-id="s99999"]').waitFor({ timeout: 20_000 });
    const asked = (await requests(page, 'labeling/page')).map((r) => (r.params as { offset: number }).offset);
    assert.ok(asked.length <= 4, `pages asked: ${asked.join(', ')}`);
    assert.ok(asked.includes(99_900));
    assert.ok((await page.locator('.cell').count()) < 120);
    // Back to the top: the thumbnails made there are not made again.
    const stored = await host(page, (h) => h.thumbnailsStored());
    await page.locator('#grid').evaluate((el: { scrollTop: number }) => (el.scrollTop = 0));
    await page.locator('.cell[data-id="s0"] img[src^="blob:"]').waitFor();
    const made = (await requests(page, 'labeling/thumbnail')).map((r) => (r.params as { sampleId: string }).sampleId);
    assert.equal(new Set(made).size, made.length, 'no thumbnail made twice');
    assert.ok(stored >= 12);
    const thumb = (await requests(page, 'labeling/thumbnail'))[0]?.params as { type: string; bytes: Uint8Array };
    assert.equal(thumb.type, 'image/jpeg');
  });

  it('classifies images with the keyboard: 1–9 toggle, Ctrl+→ and Ctrl+Enter move on, Ctrl+Z undoes across a save', async () => {
    const { page } = await panel({ scenario: 'classification' });
    await openFirst(page);
    await page.keyboard.press('1');
    await page.keyboard.press('Control+ArrowRight');
    await page.locator('.sample-name', { hasText: 'img_000001.png' }).waitFor();
    await page.keyboard.press('2');
    await page.keyboard.press('Control+Enter');
    await page.locator('.sample-name', { hasText: 'img_000002.png' }).waitFor();
    await page.keyboard.press('3');
    await page.keyboard.press('1');
    await eventually(
      'three samples on the platform',
      async () => [await annotationsOf(page, 's0'), await annotationsOf(page, 's1'), await annotationsOf(page, 's2')],
      (a) =>
        JSON.stringify(a) ===
        JSON.stringify([[{ type: 'class', label: 'cat' }], [{ type: 'class', label: 'dog' }], [{ type: 'class', label: 'cat' }]]),
    );
    await page.locator('.save-status', { hasText: 'All changes saved' }).waitFor();
    // Undo goes back past the autosave, and the undone state is saved in turn.
    await page.keyboard.press('Control+z');
    await eventually(
      'undone and saved',
      () => annotationsOf(page, 's2'),
      (a) => JSON.stringify(a) === JSON.stringify([{ type: 'class', label: 'bird' }]),
    );
    await page.keyboard.press('Control+Shift+z');
    await eventually(
      'redone and saved',
      () => annotationsOf(page, 's2'),
      (a) => a?.[0]?.label === 'cat',
    );
    assert.equal(await page.locator('.class-chip[aria-pressed="true"]').textContent(), '1cat');
    // The progress counts them.
    await page.locator('.progress-text', { hasText: '3 of 120 labelled' }).waitFor();
    await shot(page, 'classification-dark');
  });

  it('draws a box by dragging, in exact image pixels, and a zoomed resize moves only the dragged edge', async () => {
    const { page } = await panel({ scenario: 'detection' });
    await page.locator('.cell[data-id="s1"]').dblclick();
    await page.locator('.sample-name', { hasText: 'img_000001.png' }).waitFor();
    const image = { width: 640, height: 480 };
    const f = await fitted(page, image);
    const a = toPage(f, { x: 100, y: 120 });
    const b = toPage(f, { x: 300, y: 260 });
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x, b.y, { steps: 5 });
    await page.mouse.up();
    const drawn = await eventually(
      'the box saved',
      () => annotationsOf(page, 's1'),
      (x) => (x?.length ?? 0) === 1,
    );
    const box = drawn?.[0] as BoxAnnotation;
    assert.deepEqual([box.x0, box.y0, box.x1, box.y1, box.label], [100, 120, 300, 260, 'car']);
    assert.match((await page.locator('.box-info').textContent()) ?? '', /car · 100, 120 – 300, 260 \(200 × 140 px\)/);

    // Zoom in with the wheel around a point, then drag the east edge: x0, y0, y1 stay exactly.
    const at = toPage(f, { x: 250, y: 200 });
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -400);
    let v = zoomAt(f.v, { x: at.x - f.x, y: at.y - f.y }, wheelFactor(-400, 0), { min: minScale(image, f.size), max: maxScale });
    await eventually(
      'zoomed in',
      async () => (await page.locator('.zoom-text').textContent()) ?? '',
      (t) => t === `${Math.round(v.scale * 100)}%`,
    );
    const zoomed = { ...f, v };
    const east = toPage(zoomed, { x: 300, y: 190 });
    const target = toPage(zoomed, { x: 287, y: 230 });
    await page.mouse.move(east.x, east.y);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 6 });
    await page.mouse.up();
    const resized = await eventually(
      'the resize saved',
      () => annotationsOf(page, 's1'),
      (x) => (x?.[0] as BoxAnnotation | undefined)?.x1 === 287,
    );
    assert.deepEqual(resized?.[0], { ...box, x1: 287 });

    // Handles are the same size on screen at any zoom: a corner caught 6 px off its centre.
    v = zoomed.v;
    const corner = toPage({ ...f, v }, { x: 100, y: 120 });
    await page.mouse.move(corner.x - 6, corner.y - 6);
    await page.mouse.down();
    await page.mouse.move(corner.x - 6 - 2 * v.scale, corner.y - 6 - 3 * v.scale, { steps: 3 });
    await page.mouse.up();
    await eventually(
      'the corner dragged',
      () => annotationsOf(page, 's1'),
      (x) => JSON.stringify(x?.[0]) === JSON.stringify({ ...box, x0: 98, y0: 117, x1: 287 }),
    );
    await shot(page, 'detection-zoomed');
  });

  it('edits boxes with the keyboard: Tab, arrows (Shift ×10), Ctrl+D, Ctrl+2, Del, H, L, N; Esc back to the grid', async () => {
    const { page } = await panel({ scenario: 'detection' });
    await openFirst(page);
    await page.locator('.stage-overlay').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await eventually(
      'nudged',
      () => annotationsOf(page, 's0'),
      (a) => JSON.stringify((a?.[0] as BoxAnnotation | undefined)?.x0) === '41' && (a?.[0] as BoxAnnotation).y0 === 70,
    );
    await page.keyboard.press('Control+d');
    await page.keyboard.press('Control+2');
    await eventually(
      'a person copy',
      () => annotationsOf(page, 's0'),
      (a) => a?.length === 4 && a[3]?.label === 'person' && (a[3] as BoxAnnotation).x0 === 51,
    );
    await page.keyboard.press('Delete');
    await eventually(
      'deleted',
      () => annotationsOf(page, 's0'),
      (a) => a?.length === 3,
    );
    // L locks the selected box: arrows no longer move it.
    await page.keyboard.press('Tab');
    const before = JSON.stringify(await annotationsOf(page, 's0'));
    await page.keyboard.press('l');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Delete');
    await page.waitForTimeout(600);
    assert.equal(JSON.stringify(await annotationsOf(page, 's0')), before);
    assert.match((await page.locator('.box-info').textContent()) ?? '', /locked/);
    await page.keyboard.press('l');
    // H hides it (and clears the selection); H again with none selected shows all.
    await page.keyboard.press('h');
    assert.match((await page.locator('.box-info').textContent()) ?? '', /1 hidden/);
    await page.keyboard.press('h');
    assert.doesNotMatch((await page.locator('.box-info').textContent()) ?? '', /hidden/);
    // N gives the selected box the last label given (person).
    await page.keyboard.press('Tab');
    await page.keyboard.press('n');
    await eventually(
      'relabelled',
      () => annotationsOf(page, 's0'),
      (a) => a?.[0]?.label === 'person',
    );
    // Esc deselects, then goes back to the grid, whose cell shows the labels.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator('.grid-view').waitFor();
    await page.locator('.cell[data-id="s0"] .chip', { hasText: 'person' }).first().waitFor();
  });

  it('drags a box on an image with 1,000 boxes, drawn on a canvas (no DOM node per box), each frame measured', async () => {
    const { page } = await panel({ scenario: 'detection-1000' });
    await openFirst(page);
    const image = { width: 1600, height: 1200 };
    const f = await fitted(page, image);
    assert.equal(await page.locator('.stage *').count(), 2, 'two canvases and nothing else');
    assert.match((await page.locator('.box-info').textContent()) ?? '', /1,000 boxes/);
    await page.evaluate(() => performance.clearMeasures('labeling:frame'));
    // Box p45 spans (202, 50)–(236, 90): grab its middle and move it 50 pixels right.
    const from = toPage(f, { x: 219, y: 70 });
    const to = toPage(f, { x: 269, y: 70 });
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 40 });
    await page.mouse.up();
    const moved = await eventually(
      'the move saved',
      () => annotationsOf(page, 's0'),
      (a) => (a?.[45] as BoxAnnotation | undefined)?.x0 !== 202,
    );
    const box = moved?.[45] as BoxAnnotation;
    assert.ok(Math.abs(box.x0 - 252) <= 1 && box.y0 === 50 && box.x1 - box.x0 === 34, JSON.stringify(box));
    const frames = await page.evaluate(() => performance.getEntriesByName('labeling:frame').map((e) => e.duration));
    assert.ok(frames.length >= 10, `${frames.length} frames measured`);
  });

  it('marks named entities from a selection (a double-click on a word, or a range), in ModelArts characters even after an emoji', async () => {
    const { page } = await panel({ scenario: 'ner' });
    await page.locator('.cell[data-id="t1"]').dblclick();
    await page.locator('.text-body').waitFor();
    // "Alice flew from Paris to 深圳 on Monday 🛫 to meet Bob at Huawei."
    const text = 'Alice flew from Paris to 深圳 on Monday 🛫 to meet Bob at Huawei.';
    const selectText = async (word: string) => {
      const start = text.indexOf(word);
      await page.locator('.text-body').evaluate(
        (
          el: {
            firstChild: unknown;
            ownerDocument: {
              createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void };
              getSelection(): { removeAllRanges(): void; addRange(r: unknown): void } | null;
            };
          },
          [s, e]: number[],
        ) => {
          const node = (el.firstChild as { firstChild: unknown }).firstChild;
          const range = el.ownerDocument.createRange();
          range.setStart(node, s as number);
          range.setEnd(node, e as number);
          const sel = el.ownerDocument.getSelection();
          sel?.removeAllRanges();
          sel?.addRange(range);
        },
        [start, start + word.length],
      );
      await page.locator('.text-body').dispatchEvent('mouseup');
    };
    // A double-click selects the word as a person would: its box is where the browser laid it out.
    const bob = await page.locator('.text-body').evaluate(
      (
        el: {
          firstChild: unknown;
          ownerDocument: {
            createRange(): {
              setStart(n: unknown, o: number): void;
              setEnd(n: unknown, o: number): void;
              getBoundingClientRect(): { x: number; y: number; width: number; height: number };
            };
          };
        },
        s: number,
      ) => {
        const node = (el.firstChild as { firstChild: unknown }).firstChild;
        const range = el.ownerDocument.createRange();
        range.setStart(node, s);
        range.setEnd(node, s + 3);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      },
      text.indexOf('Bob'),
    );
    await page.mouse.dblclick(bob.x, bob.y);
    await page.keyboard.press('1');
    await selectText('深圳');
    await page.locator('.label-name', { hasText: 'LOC' }).click();
    const spans = (await eventually(
      'two entities saved',
      () => annotationsOf(page, 't1'),
      (a) => a?.length === 2,
    )) as SpanAnnotation[];
    // Bob is UTF-16 unit 49 but character 48: the plane-1 emoji before it is one character.
    assert.equal(text.indexOf('Bob'), 49);
    assert.deepEqual(
      spans.map((s) => [s.label, s.start, s.end]),
      [
        ['PER', 48, 51],
        ['LOC', 25, 27],
      ],
    );
    await page.locator('mark.entity', { hasText: 'Bob' }).waitFor();
    await page.locator('.entity-chip', { hasText: 'Bob' }).click();
    await page.keyboard.press('Delete');
    await eventually(
      'one left',
      () => annotationsOf(page, 't1'),
      (a) => a?.length === 1 && a[0]?.label === 'LOC',
    );
    await shot(page, 'ner-dark');
  });

  it('shows both versions when the sample changed on the platform, and keeps the one chosen', async () => {
    const { page } = await panel({ scenario: 'classification' });
    await openFirst(page);
    await host(page, (h) => h.changeOnPlatform('s0', [{ type: 'class', label: 'bird' }]));
    await page.keyboard.press('2');
    const dialog = page.locator('.dialog.conflict');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match((await dialog.locator('.version.mine').textContent()) ?? '', /dog/);
    assert.match((await dialog.locator('.version.theirs').textContent()) ?? '', /bird/);
    assert.deepEqual(await annotationsOf(page, 's0'), [{ type: 'class', label: 'bird' }], 'nothing overwritten yet');
    await shot(page, 'conflict');
    await dialog.locator('#keep-mine').click();
    await eventually(
      'mine kept',
      () => annotationsOf(page, 's0'),
      (a) => JSON.stringify(a) === JSON.stringify([{ type: 'class', label: 'dog' }]),
    );
    await page.locator('.save-status', { hasText: 'All changes saved' }).waitFor();
  });

  it('says an edit is waiting when the platform is down, and sends an edit again after a reload', async () => {
    const { page } = await panel({ scenario: 'classification' });
    await openFirst(page);
    await host(page, (h) => h.setOffline(true));
    await page.keyboard.press('3');
    await page.locator('.save-status[data-status="pending"]').waitFor();
    assert.match(
      (await page.locator('.save-status').textContent()) ?? '',
      /Not saved yet: the platform did not answer \(ECONNREFUSED\)\. Kept on disk and retried\./,
    );
    await page.locator('.queue', { hasText: '1 edit waiting to be saved' }).waitFor();
    await host(page, (h) => h.setOffline(false));
    // An edit still in the autosave's pause when the window reloads is in the UI state: sent on boot.
    await page.keyboard.press('1');
    const saved = (await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.savedState())) as {
      unsaved?: { annotations: Annotation[] };
      mode: string;
    };
    assert.deepEqual(saved.unsaved?.annotations, [{ type: 'class', label: 'cat' }]);
    await page.reload();
    await page.locator('.editor-view').waitFor({ timeout: 20_000 });
    await eventually(
      'sent again after the reload',
      () => annotationsOf(page, 's0'),
      (a) => a?.[0]?.label === 'cat',
    );
    assert.equal(await page.locator('.sample-name').textContent(), 'img_000000.png', 'the same sample is open again');
  });

  it('applies a label to a multi-selection in the grid (Shift+click, then a number key)', async () => {
    const { page } = await panel({ scenario: 'classification' });
    await page.locator('.cell[data-id="s2"]').click();
    await page.locator('.cell[data-id="s5"]').click({ modifiers: ['Shift'] });
    await page.locator('.cell[data-id="s9"]').click({ modifiers: ['Control'] });
    await page.locator('.selection-count', { hasText: '5 selected' }).waitFor();
    await page.keyboard.press('2');
    await eventually(
      'five labelled',
      async () => Promise.all(['s2', 's3', 's4', 's5', 's9'].map((id) => annotationsOf(page, id))),
      (all) => all.every((a) => a?.[0]?.label === 'dog'),
    );
    assert.deepEqual(await annotationsOf(page, 's6'), []);
    await page.locator('.cell[data-id="s9"] .chip', { hasText: 'dog' }).waitFor();
    await shot(page, 'grid-selection-dark');
  });

  it('adds, renames (annotations follow), recolours and deletes labels, saying how many annotations go', async () => {
    const { page } = await panel({ scenario: 'detection' });
    await page.locator('#new-label').locator('input').fill('truck');
    await page.keyboard.press('Enter');
    await page.locator('.label-row[data-label="truck"]').waitFor();
    await page.locator('.label-row[data-label="car"] .icon-button').first().click();
    const field = page.locator('.rename-field input');
    await field.fill('automobile');
    await field.press('Enter');
    await page.locator('.label-row[data-label="automobile"]').waitFor();
    assert.equal((await annotationsOf(page, 's0'))?.[0]?.label, 'automobile');
    await page.locator('.cell[data-id="s0"] .chip', { hasText: 'automobile' }).waitFor();
    await page.locator('.label-row[data-label="person"] .icon-button').nth(1).click();
    await page.locator('.label-edit', { hasText: 'Delete “person” and its 1 annotation on 1 sample?' }).waitFor();
    await shot(page, 'labels-delete');
    await page.locator('.confirm-delete').click();
    await page.locator('.label-row[data-label="person"]').waitFor({ state: 'detached' });
    assert.deepEqual(
      (await annotationsOf(page, 's0'))?.map((a) => a.label),
      ['automobile', 'bike'],
    );
  });

  it('lists every shortcut on ?, and shows empty states with a next step', async () => {
    const { page } = await panel({ scenario: 'detection' });
    await page.keyboard.press('?');
    const dialog = page.locator('.dialog.shortcuts');
    await dialog.waitFor();
    for (const k of ['Ctrl+→', 'Ctrl+Enter', 'Ctrl+Space', 'Ctrl+0 – 9', 'Ctrl+D', 'Tab', 'H', 'L', 'N', 'Del'])
      await dialog.locator('kbd', { hasText: k }).first().waitFor();
    await shot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const empty = await panel({ scenario: 'empty' });
    await empty.page.locator('.empty-state', { hasText: 'This dataset has no samples yet' }).waitFor();
    const none = await panel({ scenario: 'nolabels' });
    await none.page.locator('.empty-labels', { hasText: 'No labels yet' }).waitFor();
    // A filter that matches nothing offers the way back.
    await page.locator('#search input').fill('no-such-file');
    await page.locator('.empty-state', { hasText: 'No sample matches this filter' }).waitFor();
    await page.locator('.empty-state .link-button').click();
    await page.locator('.cell[data-id="s0"]').waitFor();
  });

  it('looks right in light, dark and high contrast, and speaks Chinese', async () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      const { page } = await panel({ scenario: 'detection', theme });
      await eventually(
        'thumbnails',
        () => page.locator('.cell img.thumb[src^="blob:"]').count(),
        (n) => n >= 6,
      );
      await shot(page, `grid-${theme}`);
      await openFirst(page);
      await page.locator('.stage-overlay').focus();
      await page.keyboard.press('Tab');
      await page.waitForTimeout(300);
      await shot(page, `editor-${theme}`);
    }
    const { page } = await panel({ scenario: 'ner', locale: 'zh-cn' });
    await page.locator('.progress-text', { hasText: '已标注 0 / 20' }).waitFor();
    await page.locator('.cell[data-id="t0"]').dblclick();
    await page.locator('.hint', { hasText: '选中文字后按 1–9' }).waitFor();
    await shot(page, 'ner-zh-cn');
  });
});
