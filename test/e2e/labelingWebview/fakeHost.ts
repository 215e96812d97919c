/**
 * The labeling test page's stand-in for VS Code and the extension host, loaded (by nonce) before
 * the panel's bundle: `acquireVsCodeApi` (getState/setState kept in sessionStorage so a reload
 * restores like a window reload), the theme VS Code would apply, and a host that speaks the real
 * protocol through the same RpcEndpoint and parse functions as the extension, over structured-
 * cloned messages. Its "platform" is in memory: saves land there, a conflict is detected as the
 * real host does (the platform's copy differs from the one loaded), and it can go offline.
 */
import { RpcEndpoint } from '../../../webviews/protocol/endpoint';
import {
  type Annotation,
  ApplyLabel,
  ChangeLabel,
  GetImage,
  GetPage,
  GetSample,
  type LabelInfo,
  LabelingRestore,
  LabelingState,
  type LabelingStateParams,
  parseApplyLabelParams,
  parseLabelChange,
  parseMultiLabel,
  parsePageParams,
  parseResolveParams,
  parseSampleId,
  parseSaveParams,
  parseThumbnailParams,
  ResolveConflict,
  type SampleDetail,
  type SampleFilter,
  type SampleSummary,
  SaveAnnotations,
  type SaveOutcome,
  SetMultiLabel,
  StoreThumbnail,
  type TaskKind,
} from '../../../webviews/protocol/labeling';
import { Ready } from '../../../webviews/protocol/rpc';
import { allVariableNames, themeClasses, themeVariables } from '../metricsWebview/themes';
import type { FakeLabelingHost, LoggedRequest, ScenarioName, ThemeName } from './harness';

interface PageGlobals {
  readonly location: { readonly search: string; readonly origin: string };
  readonly sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  readonly document: {
    readonly body: { className: string };
    readonly documentElement: { readonly style: { setProperty(n: string, v: string): void; removeProperty(n: string): void } };
    addEventListener(type: 'securitypolicyviolation', fn: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  dispatchEvent(event: unknown): boolean;
  readonly MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  readonly URL: { createObjectURL(b: unknown): string };
  readonly Blob: new (parts: unknown[], o: { type: string }) => unknown;
  acquireVsCodeApi?: () => { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
  fakeHost?: FakeLabelingHost;
}

const page = globalThis as unknown as PageGlobals;
const query = new URLSearchParams(page.location.search);
const scenario = (query.get('scenario') ?? 'detection') as ScenarioName;
const locale = query.get('locale') ?? 'en';

function setTheme(theme: ThemeName): void {
  const style = page.document.documentElement.style;
  for (const name of allVariableNames) style.removeProperty(`--vscode-${name}`);
  for (const [name, value] of Object.entries(themeVariables(theme))) style.setProperty(`--vscode-${name}`, value);
  page.document.body.className = themeClasses[theme];
}
setTheme((query.get('theme') as ThemeName | null) ?? 'dark');

const cspViolations: string[] = [];
page.document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

// ——— The dataset ———

interface FakeSample {
  readonly id: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly text?: string;
  hard: boolean;
  annotations: Annotation[];
}

const texts = [
  '华为云 ModelArts 在北京发布了新版本 🚀，张伟和李娜出席。',
  'Alice flew from Paris to 深圳 on Monday 🛫 to meet Bob at Huawei.',
  '我在上海的 𠀀字 书店买了一本书，作者是王小明。',
  'The 😀 emoji comes before Berlin and after nothing at all.',
];

function build(): { kind: TaskKind; name: string; labels: LabelInfo[]; samples: FakeSample[]; total: number } {
  const label = (name: string, color: string): LabelInfo => ({ name, color, count: 0, sampleCount: 0 });
  const image = (i: number, w = 640, h = 480): FakeSample => ({
    id: `s${i}`,
    name: `img_${String(i).padStart(6, '0')}.png`,
    width: w,
    height: h,
    hard: i % 17 === 5,
    annotations: [],
  });
  switch (scenario) {
    case 'classification':
      return {
        kind: 'image-classification',
        name: 'pets',
        labels: [label('cat', '#3399ff'), label('dog', '#ff6633'), label('bird', '#33cc66')],
        samples: Array.from({ length: 120 }, (_, i) => image(i, 320 + (i % 5) * 40, 240)),
        total: 120,
      };
    case 'ner':
    case 'text-classification': {
      const ner = scenario === 'ner';
      const labels = ner
        ? [label('PER', '#ff6633'), label('LOC', '#33cc66'), label('ORG', '#3399ff')]
        : [label('positive', '#33cc66'), label('negative', '#ff6633')];
      const samples = Array.from({ length: 20 }, (_, i) => ({
        id: `t${i}`,
        name: `news.txt#L${i + 1}`,
        width: 0,
        height: 0,
        text: texts[i % texts.length] as string,
        hard: false,
        annotations: [],
      }));
      return {
        kind: ner ? 'text-entity' : 'text-classification',
        name: ner ? 'news-ner' : 'reviews',
        labels,
        samples,
        total: samples.length,
      };
    }
    case 'empty':
      return { kind: 'object-detection', name: 'street', labels: [label('car', '#3399ff')], samples: [], total: 0 };
    case 'nolabels':
      return {
        kind: 'image-classification',
        name: 'fresh',
        labels: [],
        samples: Array.from({ length: 10 }, (_, i) => image(i)),
        total: 10,
      };
    case 'big':
      return {
        kind: 'image-classification',
        name: 'huge',
        labels: [label('cat', '#3399ff'), label('dog', '#ff6633')],
        samples: [],
        total: 100_000,
      };
    default: {
      const samples = Array.from({ length: 240 }, (_, i) => image(i, i % 3 === 0 ? 800 : 640, i % 3 === 0 ? 600 : 480));
      const first = samples[0] as FakeSample;
      if (scenario === 'detection-1000') {
        Object.assign(first, { width: 1600, height: 1200 });
        first.annotations = Array.from({ length: 1000 }, (_, k) => {
          const x = (k % 40) * 40 + 2;
          const y = Math.floor(k / 40) * 48 + 2;
          return { type: 'box', id: `p${k}`, label: k % 3 === 0 ? 'person' : 'car', x0: x, y0: y, x1: x + 34, y1: y + 40 };
        });
      } else {
        first.annotations = [
          { type: 'box', id: 'p0', label: 'car', x0: 40, y0: 60, x1: 220, y1: 180 },
          { type: 'box', id: 'p1', label: 'person', x0: 300, y0: 100, x1: 360, y1: 260 },
          { type: 'box', id: 'p2', label: 'bike', x0: 420, y0: 300, x1: 560, y1: 420 },
        ];
      }
      return {
        kind: 'object-detection',
        name: 'street',
        labels: [label('car', '#3399ff'), label('person', '#ff6633'), label('bike', '#33cc66')],
        samples,
        total: samples.length,
      };
    }
  }
}

const data = build();
let multiLabel = false;
let offline = false;
const thumbs = new Map<string, string>();
/** What each sample held when the webview last loaded it (the base of a conflict check). */
const loaded = new Map<string, string>();

function sampleAt(i: number): FakeSample {
  if (scenario === 'big')
    return { id: `s${i}`, name: `img_${String(i).padStart(6, '0')}.png`, width: 320, height: 240, hard: false, annotations: [] };
  return data.samples[i] as FakeSample;
}

function byId(id: string): FakeSample | undefined {
  if (scenario === 'big') return /^s\d+$/.test(id) && Number(id.slice(1)) < data.total ? sampleAt(Number(id.slice(1))) : undefined;
  return data.samples.find((s) => s.id === id);
}

function matches(s: FakeSample, f: SampleFilter): boolean {
  if (f.state === 'labelled' && s.annotations.length === 0) return false;
  if (f.state === 'unlabelled' && s.annotations.length > 0) return false;
  if (f.state === 'hard' && !s.hard) return false;
  if (f.label !== undefined && !s.annotations.some((a) => a.label === f.label)) return false;
  if (f.search !== undefined && !s.name.toLowerCase().includes(f.search.toLowerCase())) return false;
  return true;
}

function imageUri(s: FakeSample): string {
  return `${page.location.origin}/img/${s.width}/${s.height}/${Number(s.id.slice(1)) % 97}.png`;
}

function summary(s: FakeSample): SampleSummary {
  const thumb = thumbs.get(s.id);
  return {
    id: s.id,
    name: s.name,
    labels: [...new Set(s.annotations.map((a) => a.label))],
    hard: s.hard,
    ...(thumb ? { thumb } : {}),
    ...(s.text !== undefined ? { preview: s.text } : {}),
  };
}

function state(): LabelingStateParams {
  const counts = new Map<string, { count: number; samples: number }>();
  let labelled = 0;
  for (const s of data.samples) {
    if (s.annotations.length > 0) labelled++;
    for (const name of new Set(s.annotations.map((a) => a.label))) {
      const c = counts.get(name) ?? { count: 0, samples: 0 };
      c.samples++;
      c.count += s.annotations.filter((a) => a.label === name).length;
      counts.set(name, c);
    }
  }
  return {
    datasetId: 'ds1',
    name: data.name,
    kind: data.kind,
    multiLabel: data.kind === 'object-detection' || data.kind === 'text-entity' ? true : multiLabel,
    total: data.total,
    labelled,
    labels: data.labels.map((l) => ({ ...l, count: counts.get(l.name)?.count ?? 0, sampleCount: counts.get(l.name)?.samples ?? 0 })),
    pendingSaves: pending.size,
    conflicts: [],
  };
}

// ——— Transport ———

const log: LoggedRequest[] = [];
const badParams: string[] = [];
const pending = new Map<string, Annotation[]>();

const host = new RpcEndpoint({
  send: (m) => setTimeout(() => page.dispatchEvent(new page.MessageEvent('message', { data: structuredClone(m) })), 0),
  timeoutMs: 0,
  onHandlerError: (method, err) => badParams.push(`${method}: ${err instanceof Error ? err.message : String(err)}`),
});

function logged<P>(method: string, parse: (raw: unknown) => P): (raw: unknown) => P {
  return (raw) => {
    log.push({ method, params: structuredClone(raw), at: performance.now() });
    return parse(raw);
  };
}

const sendState = () => host.notify(LabelingState, state());

host.onRequest(
  Ready,
  logged('core/ready', (raw) => raw as { app: string }),
  () => {
    setTimeout(() => {
      host.notify(LabelingRestore, { spec: { datasetId: 'ds1' } });
      sendState();
    }, 0);
    return { locale };
  },
);
host.onRequest(GetPage, logged('labeling/page', parsePageParams), (p) => {
  if (scenario === 'big' && p.filter.state === 'all' && !p.filter.search && !p.filter.label) {
    const items = Array.from({ length: Math.max(0, Math.min(p.limit, data.total - p.offset)) }, (_, i) => summary(sampleAt(p.offset + i)));
    return { total: data.total, offset: p.offset, items };
  }
  const all = data.samples.filter((s) => matches(s, p.filter));
  return { total: all.length, offset: p.offset, items: all.slice(p.offset, p.offset + p.limit).map(summary) };
});
host.onRequest(GetSample, logged('labeling/sample', parseSampleId), ({ id }): SampleDetail => {
  const s = byId(id);
  if (!s) throw new Error(`no sample ${id}`);
  loaded.set(id, JSON.stringify(s.annotations));
  const mine = pending.get(id);
  return {
    id,
    name: s.name,
    hard: s.hard,
    annotations: structuredClone(s.annotations),
    ...(mine ? { pending: structuredClone(mine) } : {}),
    ...(s.text !== undefined ? { text: s.text } : { image: { uri: imageUri(s), width: s.width, height: s.height, key: `k${s.id}` } }),
  };
});
host.onRequest(GetImage, logged('labeling/image', parseSampleId), ({ id }) => {
  const s = byId(id);
  if (!s) throw new Error(`no sample ${id}`);
  return { uri: imageUri(s), key: `k${s.id}` };
});
host.onRequest(SaveAnnotations, logged('labeling/save', parseSaveParams), (p): SaveOutcome => {
  const s = byId(p.sampleId);
  if (!s) throw new Error(`no sample ${p.sampleId}`);
  if (offline) {
    pending.set(p.sampleId, structuredClone([...p.annotations]));
    sendState();
    return { state: 'pending', message: 'the platform did not answer (ECONNREFUSED).' };
  }
  const base = loaded.get(p.sampleId);
  const now = JSON.stringify(s.annotations);
  if (base !== undefined && base !== now && now !== JSON.stringify(p.annotations)) {
    return { state: 'conflict', mine: [...p.annotations], theirs: structuredClone(s.annotations) };
  }
  s.annotations = structuredClone([...p.annotations]);
  loaded.set(p.sampleId, JSON.stringify(s.annotations));
  pending.delete(p.sampleId);
  sendState();
  return { state: 'saved' };
});
host.onRequest(ResolveConflict, logged('labeling/resolve', parseResolveParams), (p) => {
  const s = byId(p.sampleId) as FakeSample;
  if (p.keep === 'theirs') {
    loaded.set(p.sampleId, JSON.stringify(s.annotations));
    return { outcome: { state: 'saved' as const }, annotations: structuredClone(s.annotations) };
  }
  const mine = (
    log.filter((r) => r.method === 'labeling/save' && (r.params as { sampleId: string }).sampleId === p.sampleId).at(-1)?.params as {
      annotations: Annotation[];
    }
  ).annotations;
  s.annotations = structuredClone(mine);
  loaded.set(p.sampleId, JSON.stringify(s.annotations));
  sendState();
  return { outcome: { state: 'saved' as const }, annotations: structuredClone(mine) };
});
host.onRequest(ApplyLabel, logged('labeling/applyLabel', parseApplyLabelParams), (p) => {
  let changed = 0;
  for (const id of p.sampleIds) {
    const s = byId(id);
    if (!s) continue;
    const has = s.annotations.some((a) => a.label === p.label);
    if (p.op === 'set') s.annotations = [{ type: 'class', label: p.label }];
    else if (p.op === 'add' && !has) s.annotations = [...s.annotations, { type: 'class', label: p.label }];
    else if (p.op === 'remove') s.annotations = s.annotations.filter((a) => a.label !== p.label);
    changed++;
  }
  sendState();
  return { changed, failed: [] };
});
host.onRequest(ChangeLabel, logged('labeling/changeLabel', parseLabelChange), (c) => {
  if (c.op === 'add') data.labels.push({ name: c.name, color: c.color ?? '#999999', count: 0, sampleCount: 0 });
  const i = data.labels.findIndex((l) => l.name === c.name);
  if (c.op === 'recolor' && i >= 0) data.labels[i] = { ...(data.labels[i] as LabelInfo), color: c.color };
  if (c.op === 'rename' && i >= 0) {
    data.labels[i] = { ...(data.labels[i] as LabelInfo), name: c.to };
    for (const s of data.samples) s.annotations = s.annotations.map((a) => (a.label === c.name ? { ...a, label: c.to } : a));
  }
  if (c.op === 'delete' && i >= 0) {
    data.labels.splice(i, 1);
    for (const s of data.samples) s.annotations = s.annotations.filter((a) => a.label !== c.name);
  }
  sendState();
  return { ok: true as const };
});
host.onRequest(SetMultiLabel, logged('labeling/setMultiLabel', parseMultiLabel), (p) => {
  multiLabel = p.multiLabel;
  sendState();
  return { ok: true as const };
});
host.onRequest(StoreThumbnail, logged('labeling/thumbnail', parseThumbnailParams), (p) => {
  const uri = page.URL.createObjectURL(new page.Blob([p.bytes], { type: p.type }));
  thumbs.set(p.sampleId, uri);
  return { uri };
});

// ——— VS Code's webview API ———

const stateKey = 'modelarts-labeling-webview-state';
page.acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => {
    const copy = structuredClone(m);
    setTimeout(() => host.receive(copy), 0);
  },
  getState: () => {
    const s = page.sessionStorage.getItem(stateKey);
    return s === null ? undefined : (JSON.parse(s) as unknown);
  },
  setState: (s: unknown) => page.sessionStorage.setItem(stateKey, JSON.stringify(s)),
});

page.fakeHost = {
  log,
  badParams,
  cspViolations,
  clearLog: () => void log.splice(0),
  annotations: (id) => structuredClone(byId(id)?.annotations),
  changeOnPlatform: (id, annotations) => {
    const s = byId(id);
    if (s) s.annotations = structuredClone(annotations);
  },
  setOffline: (o) => {
    offline = o;
  },
  state,
  ids: () => data.samples.map((s) => s.id),
  thumbnailsStored: () => thumbs.size,
  savedState: () => {
    const s = page.sessionStorage.getItem(stateKey);
    return s === null ? undefined : (JSON.parse(s) as unknown);
  },
  setTheme,
};
