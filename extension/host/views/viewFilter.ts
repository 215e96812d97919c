import * as vscode from 'vscode';
import { type ContextKey, setContext } from '../contextKeys';

/** What a view's spec reads while loading: the filter in force, if any. */
export interface FilterSource<F> {
  current(): F | undefined;
}

/**
 * A view's filter, remembered per VS Code workspace (workspaceState), so a reload keeps it. It
 * also sets a context key, which shows the view's Clear Filter action only while one is active.
 * `parse` turns whatever was stored into a filter, or undefined for "no filter": stored values
 * from older versions, and filters that select nothing, come back as no filter.
 */
export class ViewFilter<F> implements FilterSource<F>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<F | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly key: string,
    private readonly contextKey: ContextKey,
    private readonly parse: (raw: unknown) => F | undefined,
  ) {
    void setContext(contextKey, this.current() !== undefined);
  }

  current(): F | undefined {
    return this.parse(this.state.get<unknown>(this.key));
  }

  /** Stores the filter (undefined clears it) and returns what is now in force. */
  async set(filter: F | undefined): Promise<F | undefined> {
    const value = filter === undefined ? undefined : this.parse(filter);
    await this.state.update(this.key, value);
    await setContext(this.contextKey, value !== undefined);
    this.changed.fire(value);
    return value;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
