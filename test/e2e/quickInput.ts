import type { Locator, Page } from 'playwright-core';

/**
 * The quick input as a person meets it: one widget that VS Code reuses for the palette, quick
 * picks and input boxes. A multi-step flow shows `Title (n/m)` in the widget's title bar, which is
 * the reliable sign that the next step is up (the box and list are the same DOM nodes throughout).
 */

/** The text box of the quick input (palette filter, quick pick filter or input box). */
export function quickInputBox(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-box input');
}

/** Waits for step `step` of `total` of the multi-step flow titled `title`. */
export async function waitForStep(page: Page, title: string, step: number, total: number): Promise<void> {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page
    .locator('.quick-input-widget .quick-input-title', { hasText: new RegExp(`^${escaped} \\(${step}/${total}\\)$`) })
    .waitFor({ state: 'visible', timeout: 30_000 });
}

/** The line under the box: an input box's prompt, or the validation message when the value is bad. */
export function quickInputMessage(page: Page, text: string | RegExp): Locator {
  return page.locator('.quick-input-widget .quick-input-message', { hasText: text });
}

/**
 * The quick pick row whose label is `label` (icons such as `$(vm)` are not part of the text).
 * Matches the label only, so `Local` does not also match a description that mentions it.
 */
export function pickRow(page: Page, label: string | RegExp): Locator {
  const text = typeof label === 'string' ? new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : label;
  return page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: text }) })
    .first();
}

/** Clicks the quick pick row labelled `label`, once the list shows it. */
export async function pick(page: Page, label: string | RegExp, timeout = 30_000): Promise<void> {
  await pickRow(page, label).click({ timeout });
}

/** Types `value` into the current input box and presses Enter. */
export async function enter(page: Page, value: string): Promise<void> {
  const input = quickInputBox(page);
  await input.fill(value);
  await input.press('Enter');
}

/** The OK button of a multi-select quick pick. */
export async function acceptPicks(page: Page): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-action .monaco-button', { hasText: /^OK$/ }).click({ timeout: 10_000 });
}

/** A status bar entry whose text contains `text`. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.statusbar .statusbar-item', { hasText: text });
}

/**
 * Clicks a status bar entry, then moves the mouse off it: left resting there, its hover stays up
 * and takes the clicks meant for the bottom of the sidebar.
 */
export async function clickStatusBarItem(page: Page, text: string | RegExp): Promise<void> {
  await statusBarItem(page, text).click();
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.mouse.move(size.width * 0.75, size.height * 0.6);
}

/**
 * Focus back in the editor area. When a quick input that the status bar opened closes, VS Code
 * gives the focus back to the status bar entry, and a focused entry shows its hover, which sits
 * over the bottom of the sidebar and takes the clicks meant for it.
 */
export async function leaveStatusBar(page: Page): Promise<void> {
  await page.locator('.part.editor').click({ position: { x: 40, y: 200 } });
  await page.locator('.workbench-hover').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** A notification toast whose text contains `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

/** Polls `read` until `accept` holds, or fails with the last value after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
