/**
 * Serves the metrics webview alone on 127.0.0.1, as the extension host would embed it: the
 * host's HTML with its Content-Security-Policy (default-src 'none', scripts by nonce, styles
 * and images from the page's own origin only), the built bundle and stylesheet from dist/, and
 * the fake host script (same nonce) that stands in for VS Code. Also a page with uPlot alone
 * for the bench's side-by-side figure. Used by test/e2e/metricsWebview.test.ts and the bench.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
// @ts-expect-error esbuild.mjs is plain JS with JSDoc types
import { buildAll } from '../../../esbuild.mjs';
import { repoRoot } from '../../tools/paths';
import type { PageOptions } from './harness';

export interface PanelServer {
  readonly url: string;
  /** The panel page for these options. */
  pageUrl(options: PageOptions): string;
  /** uPlot alone drawing the bench data (see uplotAlone.ts). */
  uplotAloneUrl(query: Record<string, string>): string;
  close(): Promise<void>;
}

/** The host's HTML for the panel, exactly (plus the fake host's script before the panel's, same nonce). */
export function panelHtml(o: { locale: string; cspSource: string; nonce: string; css: string; js: string; fakeHost: string }): string {
  return (
    `<!DOCTYPE html><html lang="${o.locale}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${o.cspSource} blob: data:; style-src ${o.cspSource}; font-src ${o.cspSource}; script-src 'nonce-${o.nonce}';">` +
    `<link rel="stylesheet" href="${o.css}"></head><body><div id="app"></div>` +
    `<script nonce="${o.nonce}" src="${o.fakeHost}"></script>` +
    `<script nonce="${o.nonce}" src="${o.js}"></script></body></html>`
  );
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

/** Builds the bundles (`node esbuild.mjs`'s buildAll) and the test scripts, then serves them. */
export async function startPanelServer(): Promise<PanelServer> {
  await (buildAll as (o: { production: boolean }) => Promise<void>)({ production: false });
  const [fakeHost, uplotAlone] = await Promise.all([
    bundle('test/e2e/metricsWebview/fakeHost.ts'),
    bundle('test/e2e/metricsWebview/uplotAlone.ts'),
  ]);
  const dist = path.join(repoRoot, 'dist', 'webviews');
  let origin = '';
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const send = (type: string, body: string | Buffer) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (url.pathname === '/panel.html' || url.pathname === '/uplot-alone.html') {
        const nonce = randomBytes(16).toString('base64');
        const alone = url.pathname === '/uplot-alone.html';
        return send(
          'text/html; charset=utf-8',
          panelHtml({
            locale: url.searchParams.get('locale') ?? 'en',
            cspSource: origin,
            nonce,
            css: `${origin}/dist/webviews/metrics.css`,
            js: alone ? `${origin}/uplot-alone.js` : `${origin}/dist/webviews/metrics.js`,
            fakeHost: alone ? `${origin}/empty.js` : `${origin}/fake-host.js`,
          }),
        );
      }
      if (url.pathname === '/fake-host.js') return send('text/javascript', fakeHost);
      if (url.pathname === '/uplot-alone.js') return send('text/javascript', uplotAlone);
      // Chromium asks for a favicon on its own; a webview never would.
      if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
      if (url.pathname === '/empty.js') return send('text/javascript', '');
      const file = /^\/dist\/webviews\/(metrics\.(?:js|css))$/.exec(url.pathname)?.[1];
      if (file) return send(file.endsWith('.css') ? 'text/css' : 'text/javascript', await readFile(path.join(dist, file)));
      res.writeHead(404).end();
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    pageUrl: (o) =>
      `${origin}/panel.html?${new URLSearchParams({ scenario: o.scenario, locale: o.locale ?? 'en', theme: o.theme ?? 'dark' })}`,
    uplotAloneUrl: (q) => `${origin}/uplot-alone.html?${new URLSearchParams(q)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Debian's headless Chromium with the flags every e2e test here uses. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A fresh page (its own sessionStorage) at the panel, with page errors collected. */
export async function openPanel(
  browser: Browser,
  server: PanelServer,
  options: PageOptions,
  viewport = { width: 1280, height: 900 },
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
