/**
 * The colours a canvas cannot take from CSS by itself. metrics.css maps VS Code's `--vscode-*`
 * variables to the panel's own `--ma-*` ones (with a per-theme fallback palette); this reads
 * their computed values when a chart is drawn, and again whenever VS Code switches theme (it
 * changes the body's class and the variables on <html>), so the charts follow the theme live.
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface ChartTheme {
  readonly kind: ThemeKind;
  readonly background: string;
  readonly text: string;
  readonly axis: string;
  readonly grid: string;
  /** The crosshair and the zoom selection. */
  readonly cursor: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** Run colours by palette index (RunInfo.color modulo the length). */
  readonly palette: readonly string[];
  /** How strongly the raw series shows behind the smoothed one. */
  readonly rawAlpha: number;
}

export const paletteSize = 12;

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(body: HTMLElement = document.body): ChartTheme {
  const style = getComputedStyle(body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const kind = themeKind(body);
  const size = parseFloat(v('--ma-chart-font-size', '11'));
  return {
    kind,
    background: v('--ma-chart-background', kind === 'light' || kind === 'high-contrast-light' ? '#ffffff' : '#1e1e1e'),
    text: v('--ma-chart-text', '#888888'),
    axis: v('--ma-chart-axis', '#888888'),
    grid: v('--ma-chart-grid', 'rgba(128,128,128,0.2)'),
    cursor: v('--ma-chart-cursor', '#888888'),
    fontFamily: v('--ma-chart-font-family', 'sans-serif'),
    fontSize: Number.isFinite(size) && size > 0 ? size : 11,
    palette: Array.from({ length: paletteSize }, (_, i) => v(`--ma-run-${i}`, '#3794ff')),
    // High contrast themes want every line legible; the raw trace gets more weight there.
    rawAlpha: kind.startsWith('high-contrast') ? 0.45 : 0.25,
  };
}

export function runColor(theme: ChartTheme, paletteIndex: number): string {
  const n = theme.palette.length;
  return theme.palette[((paletteIndex % n) + n) % n] ?? '#3794ff';
}

/** Calls `onChange` when VS Code switches theme (shared by every panel). */
export { watchTheme } from '../../common/watchTheme';
