/** The two notes of the chime, in Hz; the second starts after `SECOND_NOTE_AT` seconds. */
const NOTES = [880, 1320] as const;
const SECOND_NOTE_AT = 0.12;
/** How long the chime sounds, in seconds. */
const CHIME_SECONDS = 0.45;
/** Peak volume: a hint, not an alarm. */
const PEAK_GAIN = 0.08;

type AudioContextConstructor = new () => AudioContext;

/**
 * A short, soft two-note chime made with the Web Audio API: no audio file to load. Nothing
 * happens on import or construction. Browsers let a page start audio only after a user gesture,
 * so the `AudioContext` is made by {@link NotificationSound.unlock}, called from one; before that
 * `play()` does nothing. Between chimes the context is suspended, so it costs no CPU. Each
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
   * Plays the chime once: one oscillator (one `start()`) that moves from the first note to the
   * second. Does nothing before `unlock()`, or when the browser refuses to play.
   */
  play(): void {
    const context = this.#context;
    context?.resume().then(
      () => {
        const at = context.currentTime;
        const gain = context.createGain();
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(PEAK_GAIN, at + 0.015);
        gain.gain.setValueAtTime(PEAK_GAIN, at + SECOND_NOTE_AT);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + CHIME_SECONDS);
        gain.connect(context.destination);
        const oscillator = context.createOscillator();
        oscillator.type = 'sine';
        oscillator.frequency.setValueAtTime(NOTES[0], at);
        oscillator.frequency.setValueAtTime(NOTES[1], at + SECOND_NOTE_AT);
        oscillator.connect(gain);
        // Suspended between chimes, so an idle context costs no CPU.
        oscillator.onended = () => {
          if (--this.#playing === 0) void context.suspend().catch(() => {});
        };
        this.#playing++;
        oscillator.start(at);
        oscillator.stop(at + CHIME_SECONDS);
      },
      // Not allowed to play (no gesture yet in this browser's eyes): stay silent.
      () => {},
    );
  }

  /** Releases the AudioContext. */
  close(): void {
    void this.#context?.close().catch(() => {});
    this.#context = undefined;
  }
}
