/**
 * What the test page exposes to the test (and to bench/metricsWebview.ts): the fake host's
 * controls on `globalThis.fakeHost`. Shared by the page bundle and the Node side, so both
 * agree on the shapes; no DOM types, since the Node side is type-checked without them.
 */
import type { Loading, PointValue, XAxis } from '../../../webviews/protocol/metrics';

/** Test pages: the panel's data sets. */
export type ScenarioName = 'demo' | 'empty' | 'loading' | 'silent' | 'bench-1m' | 'bench-100runs';

export type ThemeName = 'dark' | 'light' | 'high-contrast';

export interface LoggedRequest {
  readonly method: string;
  readonly params: unknown;
  /** performance.now() when the host received it. */
  readonly at: number;
}

export interface LiveReport {
  readonly ticks: number;
  /** Main-thread ms the webview spent per tick: handling the state and every answer it caused, drawing included. */
  readonly perTickMs: readonly number[];
  /** The same work by animation frame: the ms in each frame that had any (frames with none are left out). */
  readonly perFrameMs: readonly number[];
  /** Animation frames while measuring. */
  readonly frames: number;
}

export interface FakeHostApi {
  /** Every request the webview sent, in order (core/ready included). */
  readonly log: LoggedRequest[];
  /** Params the webview sent that the protocol's parse functions refused. */
  readonly badParams: string[];
  /** Violations of the page's Content-Security-Policy. */
  readonly cspViolations: string[];
  /** Exports and images the webview asked to save. */
  readonly saved: { readonly method: string; readonly summary: string }[];
  /** performance.now() of the first `metrics/state` sent, and of each card's first drawing (by tag); ms the fake host spent answering. */
  readonly timing: { firstStateAt: number | undefined; drawnAt: Record<string, number>; hostMs: number };
  clearLog(): void;
  /** Sends `metrics/state` for the current data. */
  sendState(): void;
  setLoading(loading: Loading | undefined): void;
  /** Adds the demo data to a page that started empty or loading, then sends the state. */
  loadDemo(options?: { readonly loading?: Loading }): void;
  /** Appends `count` points to a run's series of a tag (continuing its curve) and sends the state. */
  append(run: string, tag: string, count: number): void;
  /** Appends points to every series of `run` at `hz` and sends a state each tick, timing the webview's work. */
  startLive(run: string, hz: number, pointsPerTick: number): void;
  stopLive(): LiveReport;
  /** The exact nearest point, as the host would answer `metrics/valueAt` (for assertions). */
  exactPoint(tag: string, run: string, xAxis: XAxis, x: number, smoothing: number): PointValue | undefined;
  /** The VS Code state the webview last saved. */
  savedState(): unknown;
  /** Switches theme as VS Code does: body class and --vscode-* variables on <html>. */
  setTheme(theme: ThemeName): void;
}

export interface HarnessGlobals {
  fakeHost: FakeHostApi;
}

/** What the page's URL carries. */
export interface PageOptions {
  readonly scenario: ScenarioName;
  readonly locale?: string;
  readonly theme?: ThemeName;
}
