type AudioContextConstructor = new () => AudioContext;

/**
 * A short, soft two-note chime made with the Web Audio API: no audio file to load. Nothing
 * happens on import or construction, and the synthesis (chime.ts) loads with the first chime.
 * Browsers let a page start audio only after a user gesture, so the `AudioContext` is made by
 * {@link NotificationSound.unlock}, called from one; before that `play()` does nothing. Between chimes the context is suspended, so it costs no CPU. Each
 * `play()` is one chime: the caller decides how often (the widget: once per `notify`).
 */
export class NotificationSound {
  #context: AudioContext | undefined;
  /** Chimes sounding now; the context is suspended when the last one ends. */
  #playing = 0;

  /** Whether `unlock()` made an AudioContext, so `play()` can be heard. */
  get isUnlocked(): boolean {
    return this.#context !== undefined;
  }

  /**
   * Makes the AudioContext; call it from a user gesture (`click`, `keydown`, `touchend`). Does
   * nothing if it exists already or the browser has no Web Audio.
   */
  unlock(): void {
    if (this.#context) return;
    const Context =
      (globalThis as { AudioContext?: AudioContextConstructor }).AudioContext ??
      // Safari before 14.1.
      (globalThis as { webkitAudioContext?: AudioContextConstructor }).webkitAudioContext;
    try {
      this.#context = Context && new Context();
    } catch {
      // Too many contexts on the page, or audio blocked: the chat works silently.
      return;
    }
    void this.#context?.suspend().catch(() => {});
  }

  /**
   * Plays the chime once. Does nothing before `unlock()`, or when the browser refuses to play or
   * the chime's chunk cannot be fetched (offline: the next chime tries again).
   */
  play(): void {
    const context = this.#context;
    context
      ?.resume()
      .then(() => import('./chime.js'))
      .then(
        ({ playChime }) => {
          this.#playing++;
          // Suspended between chimes, so an idle context costs no CPU.
          playChime(context, () => {
            if (--this.#playing === 0) void context.suspend().catch(() => {});
          });
        },
        // Not allowed to play (no gesture yet in this browser's eyes), or offline: stay silent.
        () => {},
      );
  }

  /** Releases the AudioContext. */
  close(): void {
    void this.#context?.close().catch(() => {});
    this.#context = undefined;
  }
}
