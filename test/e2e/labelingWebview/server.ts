/**
 * Serves the labeling webview alone on 127.0.0.1, as the extension host embeds it: the host's
 * HTML with its Content-Security-Policy (webviewHtml.ts's, images and fetches from the page's
 * own origin only), the built bundle and stylesheet from dist/, the fake host script (same
 * nonce), and sample images: PNGs of any size drawn with a pattern, at `/img/<w>/<h>/<seed>.png`.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../../esbuild.mjs';
import { repoRoot } from '../../tools/paths';
import type { PageOptions } from './harness';

export { launchChromium } from '../metricsWebview/server';

export interface LabelingServer {
  readonly url: string;
  pageUrl(options: PageOptions): string;
  close(): Promise<void>;
}

/** The CSP of webviewHtml.ts for the labeling panel, with `origin` as the webview's cspSource. */
export function labelingCsp(origin: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${origin} blob: data:`,
    `style-src ${origin}`,
    `font-src ${origin}`,
    `connect-src ${origin}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** A PNG with diagonal colour bands and a grid every 50 pixels, so boxes have something to sit on. */
export function patternPng(width: number, height: number, seed: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const hue = (seed * 47) % 360;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const band = Math.floor((x + y) / 40) % 2;
      const grid = x % 50 === 0 || y % 50 === 0;
      const base = grid ? 200 : band ? 110 : 70;
      const o = row + 1 + x * 3;
      raw[o] = (base + hue) % 256;
      raw[o + 1] = (base + 60 + (hue >> 1)) % 256;
      raw[o + 2] = (base + 120) % 256;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function bundle(entry: string): Promise<string> {
  const out = await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]?.text ?? '';
}

/** Builds the bundles and the fake host, then serves them. */
export async function startLabelingServer(): Promise<LabelingServer> {
  await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
  const fakeHost = await bundle('test/e2e/labelingWebview/fakeHost.ts');
  const dist = path.join(repoRoot, 'dist', 'webviews');
  const images = new Map<string, Buffer>();
  let origin = '';
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const send = (type: string, body: string | Buffer, cache = 'no-store') => {
        res.writeHead(200, { 'content-type': type, 'cache-control': cache });
        res.end(body);
      };
      if (url.pathname === '/panel.html') {
        const nonce = randomBytes(16).toString('base64');
        const locale = url.searchParams.get('locale') ?? 'en';
        return send(
          'text/html; charset=utf-8',
          `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
            `<meta http-equiv="Content-Security-Policy" content="${labelingCsp(origin, nonce)}">` +
            `<link rel="stylesheet" href="${origin}/dist/webviews/labeling.css"></head><body><div id="app"></div>` +
            `<script nonce="${nonce}" src="${origin}/fake-host.js"></script>` +
            `<script nonce="${nonce}" src="${origin}/dist/webviews/labeling.js"></script></body></html>`,
        );
      }
      if (url.pathname === '/fake-host.js') return send('text/javascript', fakeHost);
      if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
      const img = /^\/img\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(url.pathname);
      if (img) {
        const key = url.pathname;
        let bytes = images.get(key);
        if (!bytes) images.set(key, (bytes = patternPng(Number(img[1]), Number(img[2]), Number(img[3]))));
        // The real host's cache files never change: the browser may keep them.
        return send('image/png', bytes, 'max-age=3600');
      }
      const file = /^\/dist\/webviews\/(labeling\.(?:js|css))$/.exec(url.pathname)?.[1];
      if (file) return send(file.endsWith('.css') ? 'text/css' : 'text/javascript', await readFile(path.join(dist, file)));
      res.writeHead(404).end();
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    pageUrl: (o) =>
      `${origin}/panel.html?${new URLSearchParams({ scenario: o.scenario, locale: o.locale ?? 'en', theme: o.theme ?? 'dark' })}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fresh page at the panel, with page errors collected. */
export async function openLabeling(
  browser: Browser,
  server: LabelingServer,
  options: PageOptions,
  viewport = { width: 1280, height: 860 },
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(server.pageUrl(options));
  return { page, errors };
}
