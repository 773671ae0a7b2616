/** A listener for one event of an {@link Emitter}. */
export type Listener<T> = (payload: T) => void;

/**
 * A small typed event emitter: one payload object per event, and `on()` returns its own `off()`.
 * @example
 * const off = stream.on('state', ({ to }) => render(to));
 * off();
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns the function that removes it again. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  /** Calls every listener of `event` with `payload`, in the order they were added. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) (listener as Listener<Events[K]>)(payload);
  }

  /** Removes every listener of every event. */
  clear(): void {
    this.#listeners.clear();
  }
}
