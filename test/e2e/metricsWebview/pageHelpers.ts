/**
 * Looks into the test page as a person would check it: what the fake host was asked, whether a
 * canvas shows a run's colour, where the keyboard focus is. The callbacks run in the page; the
 * few browser types they touch are declared here (the Node-side type check has no DOM lib).
 */
import type { Locator, Page } from 'playwright-core';
import type { FakeHostApi, HarnessGlobals, LoggedRequest } from './harness';
import type { SeriesViewParams, ValueAtParams } from '../../../webviews/protocol/metrics';

interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

interface ElementLike {
  readonly tagName: string;
  readonly id: string;
  readonly shadowRoot: { readonly activeElement: ElementLike | null } | null;
  getAttribute(name: string): string | null;
  closest(selector: string): ElementLike | null;
  readonly textContent: string | null;
}

interface BrowserGlobals {
  readonly document: { readonly activeElement: ElementLike | null; readonly body: unknown };
  getComputedStyle(el: unknown): { getPropertyValue(name: string): string; outlineStyle: string; outlineWidth: string };
  readonly scrollY: number;
}

/** Calls into the fake host. */
export function fakeHost<R>(page: Page, fn: (host: FakeHostApi) => R): Promise<R> {
  return page.evaluate<R>(`(${fn.toString()})(globalThis.fakeHost)`);
}

export async function requests(page: Page, method: string): Promise<LoggedRequest[]> {
  const log = await page.evaluate(() => (globalThis as unknown as HarnessGlobals).fakeHost.log);
  return log.filter((r) => r.method === method);
}

export async function seriesRequests(page: Page, tag?: string): Promise<SeriesViewParams[]> {
  return (await requests(page, 'metrics/seriesView'))
    .map((r) => r.params as SeriesViewParams)
    .filter((p) => tag === undefined || p.tag === tag);
}

export async function valueAtRequests(page: Page): Promise<ValueAtParams[]> {
  return (await requests(page, 'metrics/valueAt')).map((r) => r.params as ValueAtParams);
}

/** Polls `read` until `ok` holds (no timing assertion: it fails only when it never holds). */
export async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: never held; last value ${JSON.stringify(last)?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A run's palette colour as the page resolved it (`--ma-run-N`), as [r, g, b]. */
export async function runColor(page: Page, index: number): Promise<[number, number, number]> {
  const css = await page.evaluate((i) => {
    const g = globalThis as unknown as BrowserGlobals;
    return g.getComputedStyle(g.document.body).getPropertyValue(`--ma-run-${i}`).trim();
  }, index);
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (!m) throw new Error(`--ma-run-${index} is not a #rrggbb colour: ${css}`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

/** How many pixels of a card's canvas are within `tolerance` of `rgb` (opaque ones: the smoothed lines). */
export async function pixelsOf(card: Locator, rgb: readonly [number, number, number], tolerance = 40): Promise<number> {
  return card.locator('canvas').evaluate(
    (canvas: CanvasLike, [r, g, b, tol]: number[]) => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return -1;
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if ((d[i + 3] as number) < 200) continue;
        const dr = (d[i] as number) - (r as number);
        const dg = (d[i + 1] as number) - (g as number);
        const db = (d[i + 2] as number) - (b as number);
        if (dr * dr + dg * dg + db * db <= (tol as number) * (tol as number)) n++;
      }
      return n;
    },
    [...rgb, tolerance],
  );
}

/** The focused element, through shadow roots: `tag#id[label]` (label from aria-label, label or text). */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const g = globalThis as unknown as BrowserGlobals;
    let el = g.document.activeElement;
    const path: string[] = [];
    while (el) {
      const label =
        el.getAttribute('aria-label') ??
        el.getAttribute('label') ??
        el.getAttribute('heading') ??
        (el.textContent ?? '').trim().slice(0, 40);
      path.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[${label}]`);
      el = el.shadowRoot?.activeElement ?? null;
    }
    return path.join(' > ');
  });
}

/** The outline of the element that has the focus (for native controls: their :focus-visible ring). */
export async function focusOutline(page: Page): Promise<string> {
  return page.evaluate(() => {
    const g = globalThis as unknown as BrowserGlobals;
    const el = g.document.activeElement;
    if (!el) return 'none';
    const s = g.getComputedStyle(el);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });
}

export async function scrollY(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).scrollY);
}
