/** A function called with one event payload. */
export type Listener<T> = (payload: T) => void;

/**
 * A typed event emitter: one payload object per event, and `on()` returns the function that
 * removes the listener again.
 * @example
 * const events = new Emitter<{ ping: { at: number } }>();
 * const off = events.on('ping', ({ at }) => console.log(at));
 * events.emit('ping', { at: Date.now() });
 * off();
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Calls `listener` for every `event` until the returned function is called. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /**
   * Calls every listener of `event` with `payload`. A listener that throws does not stop the
   * others or the client's own bookkeeping; its error is rethrown in a microtask, so it reaches
   * the page's or process's error handler the way an `EventTarget` listener's error would.
   */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set] as Listener<Events[K]>[]) {
      try {
        listener(payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
