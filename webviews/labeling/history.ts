/**
 * Undo and redo of one sample's annotations, and the samples' stacks side by side. A stack
 * holds whole annotation lists (immutable, so a step costs one array of references), and it
 * lives beside the sample, not the save: saving does not clear it, so Ctrl+Z after an autosave
 * still goes back, and the undone state is saved in turn.
 */
import type { Annotation } from '../protocol/labeling';

const maxSteps = 200;
/** Stacks kept for this many samples (the most recently edited); older ones are dropped. */
const maxSamples = 100;

export class History {
  private past: (readonly Annotation[])[] = [];
  private future: (readonly Annotation[])[] = [];

  constructor(private current: readonly Annotation[]) {}

  get present(): readonly Annotation[] {
    return this.current;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** A new state after an edit; the redo branch is gone. No-op when nothing changed. */
  commit(next: readonly Annotation[]): void {
    if (next === this.current) return;
    this.past.push(this.current);
    if (this.past.length > maxSteps) this.past.shift();
    this.future = [];
    this.current = next;
  }

  /** Replaces the present without a step (the platform's version taken in a conflict, a label renamed). */
  reset(next: readonly Annotation[], keepSteps = false): void {
    if (!keepSteps) {
      this.past = [];
      this.future = [];
    }
    this.current = next;
  }

  /** Rewrites every state (a label renamed or deleted everywhere). */
  map(f: (list: readonly Annotation[]) => readonly Annotation[]): void {
    this.past = this.past.map(f);
    this.future = this.future.map(f);
    this.current = f(this.current);
  }

  undo(): readonly Annotation[] | undefined {
    const prev = this.past.pop();
    if (prev === undefined) return undefined;
    this.future.push(this.current);
    this.current = prev;
    return prev;
  }

  redo(): readonly Annotation[] | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(this.current);
    this.current = next;
    return next;
  }
}

/** One History per sample, the most recently used kept. */
export class Histories {
  private readonly stacks = new Map<string, History>();

  /** The sample's stack, made from `loaded` the first time. */
  of(sampleId: string, loaded: readonly Annotation[]): History {
    let h = this.stacks.get(sampleId);
    if (h) this.stacks.delete(sampleId);
    else h = new History(loaded);
    this.stacks.set(sampleId, h);
    if (this.stacks.size > maxSamples) {
      const oldest = this.stacks.keys().next().value;
      if (oldest !== undefined) this.stacks.delete(oldest);
    }
    return h;
  }

  get(sampleId: string): History | undefined {
    return this.stacks.get(sampleId);
  }

  forEach(f: (h: History) => void): void {
    for (const h of this.stacks.values()) f(h);
  }
}
