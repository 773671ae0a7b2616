import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingNotifier } from './typing-notifier.js';

describe('TypingNotifier', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup() {
    const sent: [string, boolean][] = [];
    const notifier = new TypingNotifier({ send: (id, isTyping) => sent.push([id, isTyping]), repeatMs: 3000, idleMs: 4000 });
    return { notifier, sent };
  }

  it('says typing once for a burst of keystrokes, then again every repeatMs', () => {
    const { notifier, sent } = setup();
    for (let i = 0; i < 10; i++) {
      notifier.input('c1', true);
      vi.advanceTimersByTime(250);
    }
    expect(sent).toEqual([['c1', true]]);
    vi.advanceTimersByTime(500);
    notifier.input('c1', true);
    expect(sent).toEqual([
      ['c1', true],
      ['c1', true],
    ]);
  });

  it('says stopped after idleMs without keystrokes', () => {
    const { notifier, sent } = setup();
    notifier.input('c1', true);
    vi.advanceTimersByTime(3999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([
      ['c1', true],
      ['c1', false],
    ]);
  });

  it('says stopped at once when the box is emptied or the reply is sent, and only once', () => {
    const { notifier, sent } = setup();
    notifier.input('c1', true);
    notifier.input('c1', false);
    notifier.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([
      ['c1', true],
      ['c1', false],
    ]);
  });

  it('stops typing in the old conversation when the agent types in another', () => {
    const { notifier, sent } = setup();
    notifier.input('c1', true);
    notifier.input('c2', true);
    expect(sent).toEqual([
      ['c1', true],
      ['c1', false],
      ['c2', true],
    ]);
  });

  it('says nothing for an empty box it never reported', () => {
    const { notifier, sent } = setup();
    notifier.input('c1', false);
    notifier.stop();
    expect(sent).toEqual([]);
  });
});
