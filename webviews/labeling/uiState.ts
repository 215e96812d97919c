/**
 * The panel's UI state: what a person set (filter, grid or editor, the sample open, the scroll
 * position, the label boxes get) and edits the host has not yet acknowledged. It is what
 * `vscode.setState` keeps, so a panel restored after a window reload looks as it was left and
 * an edit made a moment before the reload is sent again; data is never in it, it is asked for again.
 */
import { type Annotation, parseAnnotations, parseFilter, type SampleFilter } from '../protocol/labeling';

export interface UiState {
  readonly version: 1;
  readonly mode: 'grid' | 'editor';
  readonly filter: SampleFilter;
  /** The sample open in the editor (mode `editor`), and where it was in the filtered list. */
  readonly sampleId: string | undefined;
  readonly sampleIndex: number | undefined;
  readonly scrollTop: number;
  /** The label new boxes get. */
  readonly drawLabel: string | undefined;
  /** The last edit, until the host says it is in its journal. */
  readonly unsaved: { readonly sampleId: string; readonly annotations: readonly Annotation[] } | undefined;
}

export function defaultUiState(): UiState {
  return {
    version: 1,
    mode: 'grid',
    filter: { state: 'all' },
    sampleId: undefined,
    sampleIndex: undefined,
    scrollTop: 0,
    drawLabel: undefined,
    unsaved: undefined,
  };
}

function optionalText(value: unknown, max = 256): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

function tryOr<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/**
 * Reads what `getState()` returned: anything missing or malformed falls back field by field to
 * the default, so a bad value can never keep the panel from opening.
 */
export function restoreUiState(raw: unknown): UiState {
  const d = defaultUiState();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return d;
  const o = raw as Record<string, unknown>;
  if (o.version !== 1) return d;
  const unsaved = o.unsaved as Record<string, unknown> | undefined;
  const sampleId = optionalText(o.sampleId);
  return {
    version: 1,
    mode: o.mode === 'editor' && sampleId !== undefined ? 'editor' : 'grid',
    filter: tryOr(() => parseFilter(o.filter), d.filter),
    sampleId,
    sampleIndex: typeof o.sampleIndex === 'number' && Number.isInteger(o.sampleIndex) && o.sampleIndex >= 0 ? o.sampleIndex : undefined,
    scrollTop: typeof o.scrollTop === 'number' && Number.isFinite(o.scrollTop) && o.scrollTop >= 0 ? o.scrollTop : 0,
    drawLabel: optionalText(o.drawLabel, 64),
    unsaved:
      typeof unsaved === 'object' && unsaved !== null && optionalText(unsaved.sampleId) !== undefined
        ? tryOr(() => ({ sampleId: unsaved.sampleId as string, annotations: parseAnnotations(unsaved.annotations, 'unsaved') }), undefined)
        : undefined,
  };
}
