/**
 * The test page's stand-in for VS Code and the extension host, loaded (by nonce) before the
 * panel's bundle: `acquireVsCodeApi` (postMessage, getState/setState kept in sessionStorage so
 * a reload restores like a window reload), the theme VS Code would apply, and a host that
 * speaks the real protocol through the same RpcEndpoint and parse functions as the extension,
 * over structured-cloned messages, answering from synthetic series bucketed as the host does.
 */
import { RpcEndpoint } from '../../../webviews/protocol/endpoint';
import {
  ExportPoints,
  GetSeriesView,
  GetSummaries,
  GetValueAt,
  type Loading,
  MetricsState,
  type MetricsStateParams,
  parseExportParams,
  parseSaveImageParams,
  parseSeriesViewParams,
  parseSummariesParams,
  parseValueAtParams,
  SaveChartImage,
} from '../../../webviews/protocol/metrics';
import { Ready, type Envelope } from '../../../webviews/protocol/rpc';
import type { FakeHostApi, LiveReport, LoggedRequest, ScenarioName, ThemeName } from './harness';
import { type Series, seriesView, summary, valueAt } from './synthetic';
import { buildScenario, continueSeries } from './scenarios';
import { allVariableNames, themeClasses, themeVariables } from './themes';

// The few browser APIs this page script uses, declared here: the repo's Node-side type check has no DOM lib.
interface PageElement {
  readonly classList: { contains(c: string): boolean };
  readonly hidden: boolean;
  closest(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}
interface PageGlobals {
  readonly location: { readonly search: string };
  readonly sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  readonly document: {
    readonly body: { className: string };
    readonly documentElement: { readonly style: { setProperty(n: string, v: string): void; removeProperty(n: string): void } };
    addEventListener(
      type: 'securitypolicyviolation',
      fn: (e: { violatedDirective: string; blockedURI: string; sample?: string }) => void,
    ): void;
  };
  dispatchEvent(event: unknown): boolean;
  readonly MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  readonly MessageChannel: new () => {
    port1: { onmessage: (() => void) | null };
    port2: { postMessage(v: unknown): void };
  };
  readonly MutationObserver: new (cb: (records: { target: PageElement }[]) => void) => {
    observe(target: unknown, options: { subtree: boolean; attributes: boolean; attributeFilter: string[] }): void;
  };
  requestAnimationFrame(cb: (time: number) => void): number;
  acquireVsCodeApi?: () => { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
  fakeHost?: FakeHostApi;
}

const page = globalThis as unknown as PageGlobals;
const query = new URLSearchParams(page.location.search);
const scenarioName = (query.get('scenario') ?? 'demo') as ScenarioName;
const locale = query.get('locale') ?? 'en';

// ——— Theme, as VS Code applies it before the panel's script runs ———

function setTheme(theme: ThemeName): void {
  const style = page.document.documentElement.style;
  for (const name of allVariableNames) style.removeProperty(`--vscode-${name}`);
  for (const [name, value] of Object.entries(themeVariables(theme))) style.setProperty(`--vscode-${name}`, value);
  page.document.body.className = themeClasses[theme];
}
setTheme((query.get('theme') as ThemeName | null) ?? 'dark');

const cspViolations: string[] = [];
page.document.addEventListener('securitypolicyviolation', (e) =>
  cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample ?? ''}`.trim()),
);

// ——— Data ———

const data = buildScenario(scenarioName);
let loading: Loading | undefined = data.loading;

function stateParams(): MetricsStateParams {
  return {
    title: data.title,
    runs: data.runs,
    tags: [...data.series].map(([tag, byRun]) => ({
      tag,
      points: Object.fromEntries([...byRun].map(([run, s]) => [run, s.length])),
    })),
    ...(loading ? { loading } : {}),
    warnings: data.warnings,
  };
}

function seriesOf(tag: string): Map<string, Series> {
  return data.series.get(tag) ?? new Map<string, Series>();
}

// ——— Transport: postMessage both ways, with the structured clone VS Code's postMessage does ———

const log: LoggedRequest[] = [];
const badParams: string[] = [];
const saved: { method: string; summary: string }[] = [];
const timing: FakeHostApi['timing'] = { firstStateAt: undefined, drawnAt: {}, hostMs: 0 };

let timedDepth = 0;
/** Times the host's own work (bucketing, mostly): it shares the page's main thread, unlike the real host. */
function timed<P, R>(fn: (p: P) => R): (p: P) => R {
  return (p) => {
    const t0 = performance.now();
    timedDepth++;
    try {
      return fn(p);
    } finally {
      // Only the outermost call counts: a request handler runs inside the timed receive.
      if (--timedDepth === 0) timing.hostMs += performance.now() - t0;
    }
  };
}

let measuring = false;
let tick = 0;
let frame = 0;
const perTick: number[] = [];
const perFrame: number[] = [];

/*
 * Measuring the webview's main-thread time. A window opens when the webview gets work (a message
 * dispatched to it, or one of its animation-frame callbacks) and closes at a MessageChannel ping,
 * the next task: the window holds the webview's handler, its microtasks (uPlot draws in one) and,
 * after a frame callback, the frame's style, layout and paint. The fake host's own work that
 * runs inside a window (it shares this thread, unlike the real host) is taken out. Each window
 * counts toward the live tick and the animation frame it opened in.
 */
let windowOpen = false;
let windowStart = 0;
let windowHostMs = 0;
let windowFrame = 0;
let afterWindow: (() => void) | undefined;
const channel = new page.MessageChannel();
channel.port1.onmessage = () => {
  windowOpen = false;
  const spent = performance.now() - windowStart - (timing.hostMs - windowHostMs);
  if (measuring) {
    perTick[tick] = (perTick[tick] ?? 0) + spent;
    perFrame[windowFrame] = (perFrame[windowFrame] ?? 0) + spent;
  }
  const next = afterWindow;
  afterWindow = undefined;
  next?.();
};

/** Opens a window unless one is open; `then` runs when it closes. */
function openWindow(then?: () => void): void {
  if (then) afterWindow = then;
  if (windowOpen) return;
  windowOpen = true;
  windowStart = performance.now();
  windowHostMs = timing.hostMs;
  windowFrame = frame;
  channel.port2.postMessage(0);
}

const pageRaf = page.requestAnimationFrame.bind(page);
page.requestAnimationFrame = (cb: (time: number) => void) =>
  pageRaf((t: number) => {
    openWindow();
    cb(t);
  });
function countFrames(): void {
  frame++;
  if (measuring) pageRaf(countFrames);
}

/*
 * Messages to the webview go one at a time, each in its own window. What the webview posts
 * meanwhile waits for the window to close, so the host's answer is not computed inside it.
 */
const toWebview: unknown[] = [];
const toHost: unknown[] = [];
let dispatching = false;

function pump(): void {
  if (dispatching || toWebview.length === 0) return;
  dispatching = true;
  setTimeout(() => {
    const message = toWebview.shift();
    openWindow(() => {
      dispatching = false;
      flushToHost();
      pump();
    });
    page.dispatchEvent(new page.MessageEvent('message', { data: message }));
  }, 0);
}

function deliver(message: Envelope): void {
  toWebview.push(structuredClone(message));
  pump();
}

function flushToHost(): void {
  for (const m of toHost.splice(0))
    setTimeout(
      timed(() => host.receive(m)),
      0,
    );
}

const host = new RpcEndpoint({
  send: deliver,
  timeoutMs: 0,
  onHandlerError: (method, err) => badParams.push(`${method}: ${err instanceof Error ? err.message : String(err)}`),
});

function logged<P>(method: string, parse: (raw: unknown) => P): (raw: unknown) => P {
  return (raw) => {
    log.push({ method, params: structuredClone(raw), at: performance.now() });
    return parse(raw);
  };
}

host.onRequest(
  Ready,
  logged('core/ready', (raw) => raw as { app: string }),
  () => {
    // A silent host answers the handshake and never sends a state (the panel must say it is waiting).
    if (scenarioName !== 'silent') setTimeout(() => sendState(), 0);
    return { locale };
  },
);
host.onRequest(
  GetSeriesView,
  logged('metrics/seriesView', parseSeriesViewParams),
  timed((p) => seriesView(p, seriesOf(p.tag))),
);
host.onRequest(
  GetValueAt,
  logged('metrics/valueAt', parseValueAtParams),
  timed((p) => ({ points: valueAt(p, seriesOf(p.tag)) })),
);
host.onRequest(
  GetSummaries,
  logged('metrics/summaries', parseSummariesParams),
  timed((p) => ({ runs: data.runs.map((r) => summary(r.id, seriesOf(p.tag).get(r.id))) })),
);
host.onRequest(ExportPoints, logged('metrics/export', parseExportParams), (p) => {
  let points = 0;
  for (const tag of p.tags) for (const run of p.runs) points += seriesOf(tag).get(run)?.length ?? 0;
  saved.push({ method: 'metrics/export', summary: `${p.format} ${p.runs.length} runs ${p.tags.length} tags ${points} points` });
  return { file: `/tmp/metrics.${p.format}`, points };
});
host.onRequest(SaveChartImage, logged('metrics/saveImage', parseSaveImageParams), (p) => {
  saved.push({ method: 'metrics/saveImage', summary: `${p.tag} ${p.dataUrl.length}` });
  return { file: `/tmp/${p.tag.replace(/\W+/g, '_')}.png` };
});

function sendState(): void {
  timing.firstStateAt ??= performance.now();
  host.notify(MetricsState, stateParams());
}

// ——— VS Code's webview API ———

const stateKey = 'modelarts-metrics-webview-state';
page.acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => {
    toHost.push(structuredClone(m));
    if (!dispatching) flushToHost();
  },
  getState: () => {
    const s = page.sessionStorage.getItem(stateKey);
    return s === null ? undefined : (JSON.parse(s) as unknown);
  },
  setState: (s: unknown) => page.sessionStorage.setItem(stateKey, JSON.stringify(s)),
});

// A card's placeholder hides right after its chart drew (uPlot draws in a microtask queued before that change).
new page.MutationObserver((records) => {
  for (const r of records) {
    const el = r.target;
    if (!el.classList.contains('chart-placeholder') || !el.hidden) continue;
    const tag = el.closest('.chart-card')?.getAttribute('data-tag');
    if (tag && timing.drawnAt[tag] === undefined) timing.drawnAt[tag] = performance.now();
  }
}).observe(page.document.body, { subtree: true, attributes: true, attributeFilter: ['hidden'] });

// ——— The test's controls ———

let liveTimer: ReturnType<typeof setInterval> | undefined;

page.fakeHost = {
  log,
  badParams,
  cspViolations,
  saved,
  timing,
  clearLog: () => void log.splice(0),
  sendState,
  setLoading: (l) => {
    loading = l;
    sendState();
  },
  loadDemo: (options) => {
    const demo = buildScenario('demo');
    data.title = demo.title;
    data.runs = demo.runs;
    data.warnings = demo.warnings;
    for (const [tag, byRun] of demo.series) data.series.set(tag, byRun);
    loading = options?.loading;
    sendState();
  },
  append: (run, tag, count) => {
    const s = seriesOf(tag).get(run);
    if (s) continueSeries(s, count);
    sendState();
  },
  startLive: (run, hz, pointsPerTick) => {
    measuring = true;
    tick = 0;
    perTick.length = 0;
    perFrame.length = 0;
    pageRaf(countFrames);
    liveTimer = setInterval(
      timed(() => {
        tick++;
        perTick[tick] = 0;
        for (const [tag, byRun] of data.series) {
          const s = byRun.get(run);
          if (s && !tag.startsWith('resources/')) continueSeries(s, pointsPerTick);
        }
        sendState();
      }),
      1000 / hz,
    );
  },
  stopLive: (): LiveReport => {
    if (liveTimer !== undefined) clearInterval(liveTimer);
    measuring = false;
    return { ticks: tick, perTickMs: perTick.slice(1), perFrameMs: perFrame.filter((v) => v > 0), frames: frame };
  },
  exactPoint: (tag, run, xAxis, x, smoothing) => valueAt({ tag, runs: [run], xAxis, x, smoothing }, seriesOf(tag))[0],
  savedState: () => {
    const s = page.sessionStorage.getItem(stateKey);
    return s === null ? undefined : (JSON.parse(s) as unknown);
  },
  setTheme,
};
