import type { Locator, Page } from 'playwright-core';

/** The ModelArts entry of the activity bar. */
export function modelArtsEntry(page: Page): Locator {
  return page
    .locator('.part.activitybar .action-item')
    .filter({ has: page.locator('[aria-label^="ModelArts"]') })
    .first();
}

/** The sidebar pane whose header title is `title`. */
export function pane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`) }) });
}

/** The pane, expanded (clicking its header when it is collapsed). */
export async function expandedPane(page: Page, title: string): Promise<Locator> {
  const p = pane(page, title);
  const header = p.locator('.pane-header');
  await header.waitFor({ timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  return p;
}

/** The pane, collapsed (clicking its header when it is expanded): gives the other panes room. */
export async function collapsedPane(page: Page, title: string): Promise<Locator> {
  const p = pane(page, title);
  const header = p.locator('.pane-header');
  await header.waitFor({ timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  return p;
}
