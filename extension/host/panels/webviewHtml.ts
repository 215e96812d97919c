import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The HTML of a panel's webview: the app's bundle and stylesheet from `dist/webviews/`, under a
 * strict CSP (DESIGN "Panels"): nothing by default, scripts only with this page's nonce, styles,
 * fonts and images only from the extension's own webview resources (images also blob: and data:,
 * which a chart exported as PNG is), no remote content anywhere. `fetchLocal` lets the page
 * fetch its own webview resources too (`connect-src` the same cspSource, still nothing remote):
 * the labeling panel decodes cached images from their bytes.
 */
export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  app: string,
  title: string,
  options: { fetchLocal?: boolean } = {},
): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webviews', file)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} blob: data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    ...(options.fetchLocal ? [`connect-src ${webview.cspSource}`] : []),
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const lang = escapeAttribute(vscode.env.language);
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(title)}</title>`,
    `<link rel="stylesheet" href="${asset(`${app}.css`)}">`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script nonce="${nonce}" src="${asset(`${app}.js`)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/**
 * The options every panel's webview gets: scripts on, and only the bundles folder readable (plus
 * the folders a panel serves its own files from, e.g. the labeling panel's image cache).
 */
export function webviewOptions(
  extensionUri: vscode.Uri,
  extraRoots: readonly vscode.Uri[] = [],
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews'), ...extraRoots],
    // The panel keeps its DOM while hidden in a tab: a chart does not reload when the user looks away.
    retainContextWhenHidden: true,
  };
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
