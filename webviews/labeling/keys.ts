/**
 * Every keyboard shortcut of the panel in one table: the key handler reads it to find an action,
 * and the `?` overlay lists it, so the two can never disagree. Shortcuts follow what labelers
 * know from Label Studio, CVAT and makesense.ai (reference §B). Ctrl also means ⌘ on a Mac.
 */
import type { MessageKey } from './i18n';

export type Action =
  | 'next'
  | 'previous'
  | 'saveAndNext'
  | 'skip'
  | 'undo'
  | 'redo'
  | 'help'
  | 'escape'
  | 'toggleLabel'
  | 'boxLabel'
  | 'delete'
  | 'duplicate'
  | 'hide'
  | 'lock'
  | 'repeatLabel'
  | 'cycleNext'
  | 'cyclePrevious'
  | 'nudge'
  | 'fit'
  | 'zoomIn'
  | 'zoomOut'
  | 'pan'
  | 'openSample'
  | 'toggleSelect'
  | 'selectAll'
  | 'backToGrid';

/** Where a shortcut applies. */
export type Scope = 'editor' | 'detection' | 'text' | 'grid' | 'all';

export interface Shortcut {
  /** As shown in the overlay. */
  readonly keys: string;
  readonly action: Action;
  readonly scope: Scope;
  readonly describe: MessageKey;
}

export const shortcuts: readonly Shortcut[] = [
  { keys: 'Ctrl+→', action: 'next', scope: 'editor', describe: 'keys.next' },
  { keys: 'Ctrl+←', action: 'previous', scope: 'editor', describe: 'keys.previous' },
  { keys: 'Ctrl+Enter', action: 'saveAndNext', scope: 'editor', describe: 'keys.saveAndNext' },
  { keys: 'Ctrl+Space', action: 'skip', scope: 'editor', describe: 'keys.skip' },
  { keys: 'Ctrl+Z', action: 'undo', scope: 'editor', describe: 'keys.undo' },
  { keys: 'Ctrl+Shift+Z', action: 'redo', scope: 'editor', describe: 'keys.redo' },
  { keys: '1 – 9', action: 'toggleLabel', scope: 'editor', describe: 'keys.toggleLabel' },
  { keys: 'Esc', action: 'escape', scope: 'editor', describe: 'keys.escape' },
  { keys: 'Ctrl+0 – 9', action: 'boxLabel', scope: 'detection', describe: 'keys.boxLabel' },
  { keys: 'Del', action: 'delete', scope: 'detection', describe: 'keys.delete' },
  { keys: 'Ctrl+D', action: 'duplicate', scope: 'detection', describe: 'keys.duplicate' },
  { keys: 'H', action: 'hide', scope: 'detection', describe: 'keys.hide' },
  { keys: 'L', action: 'lock', scope: 'detection', describe: 'keys.lock' },
  { keys: 'N', action: 'repeatLabel', scope: 'detection', describe: 'keys.repeatLabel' },
  { keys: 'Tab', action: 'cycleNext', scope: 'detection', describe: 'keys.cycle' },
  { keys: 'Shift+Tab', action: 'cyclePrevious', scope: 'detection', describe: 'keys.cycleBack' },
  { keys: '← ↑ → ↓', action: 'nudge', scope: 'detection', describe: 'keys.nudge' },
  { keys: 'F', action: 'fit', scope: 'detection', describe: 'keys.fit' },
  { keys: '+  −', action: 'zoomIn', scope: 'detection', describe: 'keys.zoom' },
  { keys: 'Space + drag', action: 'pan', scope: 'detection', describe: 'keys.pan' },
  { keys: 'Del', action: 'delete', scope: 'text', describe: 'keys.deleteSpan' },
  { keys: 'Enter', action: 'openSample', scope: 'grid', describe: 'keys.open' },
  { keys: 'Space', action: 'toggleSelect', scope: 'grid', describe: 'keys.select' },
  { keys: 'Ctrl+A', action: 'selectAll', scope: 'grid', describe: 'keys.selectAll' },
  { keys: '1 – 9', action: 'toggleLabel', scope: 'grid', describe: 'keys.applyLabel' },
  { keys: '?', action: 'help', scope: 'all', describe: 'keys.help' },
];

/** The parts of a KeyboardEvent the table needs (so it is testable without a DOM). */
export interface KeyInput {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export interface KeyAction {
  readonly action: Action;
  /** toggleLabel and boxLabel: the label's index (0-based: key 1 is 0; Ctrl+0 is the tenth, 9). */
  readonly index?: number;
  /** nudge: the step in image pixels. */
  readonly dx?: number;
  readonly dy?: number;
}

/** The digit a key means, from `code` so Shift or a keyboard layout does not change it. */
function digit(k: KeyInput): number | undefined {
  const m = /^(?:Digit|Numpad)(\d)$/.exec(k.code);
  return m ? Number(m[1]) : undefined;
}

/** What a key press does where the focus is, or undefined (the key is left alone). */
export function actionFor(k: KeyInput, mode: 'grid' | 'detection' | 'classification' | 'text'): KeyAction | undefined {
  const ctrl = k.ctrlKey || k.metaKey;
  if (k.key === '?' && !ctrl) return { action: 'help' };
  const d = digit(k);
  if (mode === 'grid') {
    if (k.key === 'Enter' && !ctrl) return { action: 'openSample' };
    if (k.key === ' ' && !ctrl) return { action: 'toggleSelect' };
    if (ctrl && k.key.toLowerCase() === 'a') return { action: 'selectAll' };
    if (d !== undefined && d > 0 && !ctrl && !k.altKey) return { action: 'toggleLabel', index: d - 1 };
    if (k.key === 'Escape') return { action: 'escape' };
    return undefined;
  }
  if (ctrl && !k.altKey) {
    if (k.key === 'ArrowRight') return { action: 'next' };
    if (k.key === 'ArrowLeft') return { action: 'previous' };
    if (k.key === 'Enter') return { action: 'saveAndNext' };
    if (k.key === ' ' || k.code === 'Space') return { action: 'skip' };
    if (k.key.toLowerCase() === 'z') return { action: k.shiftKey ? 'redo' : 'undo' };
    if (k.key.toLowerCase() === 'y') return { action: 'redo' };
    if (mode === 'detection' && k.key.toLowerCase() === 'd') return { action: 'duplicate' };
    if (mode === 'detection' && d !== undefined) return { action: 'boxLabel', index: d === 0 ? 9 : d - 1 };
    return undefined;
  }
  if (k.key === 'Escape') return { action: 'escape' };
  if (k.altKey) return undefined;
  if (d !== undefined && d > 0) return { action: 'toggleLabel', index: d - 1 };
  if (mode === 'text' && (k.key === 'Delete' || k.key === 'Backspace')) return { action: 'delete' };
  if (mode !== 'detection') return undefined;
  const step = k.shiftKey ? 10 : 1;
  switch (k.key) {
    case 'Delete':
    case 'Backspace':
      return { action: 'delete' };
    case 'Tab':
      return { action: k.shiftKey ? 'cyclePrevious' : 'cycleNext' };
    case 'ArrowLeft':
      return { action: 'nudge', dx: -step, dy: 0 };
    case 'ArrowRight':
      return { action: 'nudge', dx: step, dy: 0 };
    case 'ArrowUp':
      return { action: 'nudge', dx: 0, dy: -step };
    case 'ArrowDown':
      return { action: 'nudge', dx: 0, dy: step };
    case '+':
    case '=':
      return { action: 'zoomIn' };
    case '-':
    case '_':
      return { action: 'zoomOut' };
  }
  switch (k.key.toLowerCase()) {
    case 'h':
      return { action: 'hide' };
    case 'l':
      return { action: 'lock' };
    case 'n':
      return { action: 'repeatLabel' };
    case 'f':
      return { action: 'fit' };
  }
  return undefined;
}
