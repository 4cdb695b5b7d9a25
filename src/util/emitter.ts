// A minimal event emitter with the same shape as vscode.Event, so the core needs no `vscode`.
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> {
  private listeners = new Set<(e: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(e: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        // One faulty listener must not stop the others (or the store's update).
        console.error('listener failed', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
