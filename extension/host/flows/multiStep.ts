import * as vscode from 'vscode';
import { abortError } from '../../core/util/abort';

/** Thrown inside a step when the user pressed Back. */
class GoBack extends Error {}

/**
 * Runs a sequence of input steps with a Back button and a step counter, the way VS Code's own
 * multi-step pickers behave. Each step returns a value or throws to cancel; Back re-runs the
 * previous step. Escape cancels the whole flow quietly (an AbortError).
 */
export class MultiStep {
  private step = 0;

  constructor(
    private readonly title: string,
    private readonly total: number,
  ) {}

  /** Runs the steps in order; each gets the results so far. */
  async run<S>(steps: readonly ((state: Partial<S>) => Promise<Partial<S>>)[]): Promise<S> {
    const results: Partial<S>[] = [];
    while (this.step < steps.length) {
      const state = Object.assign({}, ...results) as Partial<S>;
      try {
        results[this.step] = await (steps[this.step] as (s: Partial<S>) => Promise<Partial<S>>)(state);
        this.step++;
      } catch (err) {
        if (!(err instanceof GoBack)) throw err;
        results.length = Math.max(0, this.step - 1);
        this.step = Math.max(0, this.step - 1);
      }
    }
    return Object.assign({}, ...results) as S;
  }

  inputBox(opts: {
    prompt: string;
    value?: string;
    placeholder?: string;
    password?: boolean;
    validate(value: string): string | undefined;
  }): Promise<string> {
    return new Promise((resolve, reject) => {
      const box = vscode.window.createInputBox();
      this.decorate(box);
      box.prompt = opts.prompt;
      box.value = opts.value ?? '';
      box.placeholder = opts.placeholder;
      box.password = opts.password ?? false;
      const finish = this.track(box, reject);
      box.onDidChangeValue((v) => (box.validationMessage = v === '' ? undefined : opts.validate(v)));
      box.onDidAccept(() => {
        const problem = opts.validate(box.value);
        box.validationMessage = problem;
        if (!problem) finish(() => resolve(box.value));
      });
      box.show();
    });
  }

  pick<T extends vscode.QuickPickItem>(opts: { placeholder: string; items: readonly T[] | Promise<readonly T[]> }): Promise<T> {
    return new Promise((resolve, reject) => {
      const qp = vscode.window.createQuickPick<T>();
      this.decorate(qp);
      qp.placeholder = opts.placeholder;
      qp.matchOnDescription = true;
      qp.busy = true;
      const finish = this.track(qp, reject);
      qp.onDidAccept(() => {
        const [chosen] = qp.selectedItems;
        if (chosen) finish(() => resolve(chosen));
      });
      qp.show();
      Promise.resolve(opts.items).then(
        (items) => {
          qp.items = items;
          qp.busy = false;
        },
        (err: unknown) => finish(() => reject(err)),
      );
    });
  }

  /**
   * A step that checks several items (those marked `picked` start checked). Accepting with fewer
   * than `min` checked (default 1) keeps the step open and says so in the placeholder.
   */
  pickMany<T extends vscode.QuickPickItem>(opts: {
    placeholder: string;
    items: readonly T[];
    min?: number;
    tooFew?: string;
  }): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const qp = vscode.window.createQuickPick<T>();
      this.decorate(qp);
      qp.canSelectMany = true;
      qp.placeholder = opts.placeholder;
      qp.matchOnDescription = true;
      qp.items = opts.items;
      qp.selectedItems = opts.items.filter((i) => i.picked);
      const finish = this.track(qp, reject);
      qp.onDidAccept(() => {
        if (qp.selectedItems.length < (opts.min ?? 1)) qp.placeholder = opts.tooFew ?? opts.placeholder;
        else finish(() => resolve([...qp.selectedItems]));
      });
      qp.show();
    });
  }

  /**
   * Wires Back and Escape for a step and returns `finish`, which settles the step once and
   * disposes the input (and with it every listener on it), whatever ended the step.
   */
  private track(
    input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> },
    reject: (err: unknown) => void,
  ): (settle: () => void) => void {
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      settle();
      input.dispose();
    };
    input.onDidTriggerButton(() => finish(() => reject(new GoBack())));
    input.onDidHide(() => finish(() => reject(abortError())));
    return finish;
  }

  private decorate(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }): void {
    input.title = this.title;
    input.step = this.step + 1;
    input.totalSteps = this.total;
    input.ignoreFocusOut = true;
    input.buttons = this.step > 0 ? [vscode.QuickInputButtons.Back] : [];
  }
}
