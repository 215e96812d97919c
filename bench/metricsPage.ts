/** What the code-server benches read of a metrics panel and of the extension host. */
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';

/** Resident memory of the extension host, from /proc (the process whose command line names extensionHost). */
export function extensionHostRss(): number | undefined {
  const r = spawnSync('sh', ['-c', "ps -eo rss,args | grep -i 'type=extensionHost' | grep -v grep | sort -n | tail -1"], {
    encoding: 'utf8',
  });
  const kb = Number(r.stdout.trim().split(/\s+/)[0]);
  return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
}

/** What the panel shows now: whether a chart has drawn, and the largest point count a chart note gives. */
export async function panelProgress(page: Page): Promise<{ drawn: boolean; total: number }> {
  const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  return frame.locator('body').evaluate(() => {
    // Runs in the webview (DOM types are not in the bench's tsconfig).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const doc = (globalThis as any).document;
    const c = doc.querySelector('.chart-card canvas');
    let drawn = false;
    if (c && c.width > 0) {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      drawn = seen.size > 3;
    }
    const notes = [...doc.querySelectorAll('.chart-note')].map((n: { textContent: string | null }) => n.textContent ?? '');
    const total = notes
      .map((t: string) => Number((/^([\d,]+) points/.exec(t)?.[1] ?? '0').replace(/,/g, '')))
      .reduce((a: number, b: number) => Math.max(a, b), 0);
    return { drawn, total };
  });
}

export interface FramePhases {
  /** Epoch ms when the panel's document began loading. */
  readonly timeOrigin: number;
  /** Ms from then to DOMContentLoaded (the bundle is a blocking script, so it has run). */
  readonly domContentLoaded: number;
  /** The panel's own marks (webviews/common/marks.ts), ms from timeOrigin. */
  readonly marks: Readonly<Record<string, number>>;
}

/** Where the panel's first draw spent its time, from the webview document's own navigation timing. */
export async function framePhases(page: Page): Promise<FramePhases> {
  const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  return frame.locator('body').evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const perf = (globalThis as any).performance;
    const nav = perf.getEntriesByType('navigation')[0];
    const marks = Object.fromEntries(perf.getEntriesByType('mark').map((m: { name: string; startTime: number }) => [m.name, m.startTime]));
    return { timeOrigin: perf.timeOrigin as number, domContentLoaded: (nav?.domContentLoadedEventEnd ?? 0) as number, marks };
  });
}
