import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationSound } from './notification-sound.js';
import { FakeAudioContext } from './test-support/fake-audio.js';

/** Lets the promise callbacks of resume() run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
/** The synthesis is a chunk loaded with the first chime, so a chime sounds a little after play(). */
const chimesOf = async (context: FakeAudioContext, count: number) => vi.waitFor(() => expect(context.chimes).toBe(count));

describe('NotificationSound', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
  });
  afterEach(() => {
    FakeAudioContext.made = [];
    vi.unstubAllGlobals();
  });

  it('makes no AudioContext until unlock(), and plays nothing before', async () => {
    await import('./chime.js');
    const sound = new NotificationSound();
    sound.play();
    await settle();
    expect(FakeAudioContext.made).toEqual([]);
    expect(sound.isUnlocked).toBe(false);
  });

  it('makes one suspended AudioContext on unlock(), however often called', () => {
    const sound = new NotificationSound();
    sound.unlock();
    sound.unlock();
    expect(FakeAudioContext.made).toHaveLength(1);
    expect(FakeAudioContext.made[0]!.state).toBe('suspended');
    expect(sound.isUnlocked).toBe(true);
  });

  it('plays one short chime: one oscillator, two notes, then suspends again', async () => {
    const sound = new NotificationSound();
    sound.unlock();
    sound.play();
    const context = FakeAudioContext.made[0]!;
    await chimesOf(context, 1);
    expect(context.state).toBe('running');
    const [oscillator] = context.oscillators;
    expect(oscillator!.frequency.changes.map(([hz]) => hz)).toEqual([880, 1320]);
    expect(oscillator!.startedAt).toBe(context.currentTime);
    expect(oscillator!.stoppedAt! - context.currentTime).toBeLessThan(1);
    oscillator!.onended?.();
    await settle();
    expect(context.state).toBe('suspended');
  });

  it('plays once for every call, the caller deciding how often, and suspends after the last', async () => {
    const sound = new NotificationSound();
    sound.unlock();
    sound.play();
    sound.play();
    const context = FakeAudioContext.made[0]!;
    await chimesOf(context, 2);
    context.oscillators[0]!.onended?.();
    await settle();
    expect(context.state).toBe('running');
    context.oscillators[1]!.onended?.();
    await settle();
    expect(context.state).toBe('suspended');
  });

  it('stays silent where the browser refuses to play', async () => {
    // Loaded up front, so that a chime would already have sounded by the check below.
    await import('./chime.js');
    vi.spyOn(FakeAudioContext.prototype, 'resume').mockRejectedValue(new DOMException('Not allowed', 'NotAllowedError'));
    const sound = new NotificationSound();
    sound.unlock();
    sound.play();
    await settle();
    expect(FakeAudioContext.made[0]!.chimes).toBe(0);
  });

  it('stays silent, without an error, when the chime’s chunk cannot be fetched', async () => {
    vi.resetModules();
    vi.doMock('./chime.js', () => {
      throw new TypeError('Failed to fetch dynamically imported module: chime.js');
    });
    try {
      const { NotificationSound: Offline } = await import('./notification-sound.js');
      const sound = new Offline();
      sound.unlock();
      sound.play();
      await settle();
      await settle();
      const context = FakeAudioContext.made[0]!;
      expect(context.chimes).toBe(0);
      expect(context.oscillators).toEqual([]);
    } finally {
      vi.doUnmock('./chime.js');
    }
  });

  it('does nothing without Web Audio', async () => {
    vi.stubGlobal('AudioContext', undefined);
    const sound = new NotificationSound();
    expect(() => sound.unlock()).not.toThrow();
    expect(sound.isUnlocked).toBe(false);
    expect(() => sound.play()).not.toThrow();
  });

  it('releases the AudioContext on close()', () => {
    const sound = new NotificationSound();
    sound.unlock();
    sound.close();
    expect(FakeAudioContext.made[0]!.state).toBe('closed');
    expect(sound.isUnlocked).toBe(false);
  });
});
