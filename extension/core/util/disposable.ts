/**
 * Lifetimes without `vscode`: the same `dispose()` shape VS Code uses, so host code can hand
 * these to `context.subscriptions` and core code can own resources without importing the editor.
 */

/** Anything that releases a resource when disposed. Structurally compatible with vscode.Disposable. */
export interface Disposable {
  dispose(): void;
}

/** Wraps a cleanup function; calling dispose more than once runs it once. */
export function toDisposable(cleanup: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      cleanup();
    },
  };
}

/**
 * Owns a set of disposables for one lifetime (the extension, a session, a panel).
 * Disposes in reverse order of registration, so later resources that depend on earlier ones go
 * first; one failing dispose does not stop the others, and the first error is rethrown at the end.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Adds `item` and returns it; if the store is already disposed, disposes `item` at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    let firstError: unknown;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (err) {
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
  }
}
