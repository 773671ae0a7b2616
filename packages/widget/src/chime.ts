/** The two notes of the chime, in Hz; the second starts after `SECOND_NOTE_AT` seconds. */
const NOTES = [880, 1320] as const;
const SECOND_NOTE_AT = 0.12;
/** How long the chime sounds, in seconds. */
const CHIME_SECONDS = 0.45;
/** Peak volume: a hint, not an alarm. */
const PEAK_GAIN = 0.08;

/**
 * Sounds the chime once on a running `context`: one oscillator (one `start()`) that moves from
 * the first note to the second under a soft volume envelope. `onEnded` runs once it has faded.
 * Its own chunk, loaded with the first chime: a chat that never chimes never downloads it.
 */
export function playChime(context: AudioContext, onEnded: () => void): void {
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
  oscillator.onended = onEnded;
  oscillator.start(at);
  oscillator.stop(at + CHIME_SECONDS);
}
