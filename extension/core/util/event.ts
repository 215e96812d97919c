import { type Disposable, toDisposable } from './disposable';

/** A listener registration, VS Code style: call it with a listener, dispose the result to stop. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

/** A minimal typed event source (core/ has no `vscode.EventEmitter`). */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(e: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  /** Delivers to every listener; one that throws does not stop the others or the caller's state change. */
  fire(e: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        // Surfaces as an uncaught error (the extension host logs it) without corrupting our state.
        setTimeout(() => {
          throw err;
        });
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
