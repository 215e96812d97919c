/**
 * What the labeling test page exposes to the test (and to bench/labelingPanel.ts): the fake
 * host's controls on `globalThis.fakeHost`. Shared by the page bundle and the Node side, so both
 * agree on the shapes; no DOM types, since the Node side is type-checked without them.
 */
import type { Annotation, LabelingStateParams } from '../../../webviews/protocol/labeling';

/** Test pages: the panel's data sets. */
export type ScenarioName = 'detection' | 'detection-1000' | 'classification' | 'ner' | 'text-classification' | 'big' | 'empty' | 'nolabels';

export type ThemeName = 'dark' | 'light' | 'high-contrast';

export interface LoggedRequest {
  readonly method: string;
  readonly params: unknown;
  readonly at: number;
}

export interface FakeLabelingHost {
  /** Every request the webview sent, in order (core/ready included). */
  readonly log: LoggedRequest[];
  /** Params the webview sent that the protocol's parse functions refused. */
  readonly badParams: string[];
  readonly cspViolations: string[];
  clearLog(): void;
  /** The platform's copy of a sample's annotations (what saves reached). */
  annotations(sampleId: string): Annotation[] | undefined;
  /** Another window changes a sample on the platform (the next save of it conflicts). */
  changeOnPlatform(sampleId: string, annotations: Annotation[]): void;
  /** Saves are journaled but the platform does not answer (as with the daemon down). */
  setOffline(offline: boolean): void;
  state(): LabelingStateParams;
  /** Sample ids in the grid's order. */
  ids(): string[];
  thumbnailsStored(): number;
  savedState(): unknown;
  setTheme(theme: ThemeName): void;
}

export interface HarnessGlobals {
  fakeHost: FakeLabelingHost;
}

export interface PageOptions {
  readonly scenario: ScenarioName;
  readonly locale?: string;
  readonly theme?: ThemeName;
}
