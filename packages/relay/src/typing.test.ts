import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Author } from '@confab/protocol';
import { TypingTracker } from './typing.js';

const agent: Author = { role: 'agent', name: 'Mei' };

afterEach(() => {
  vi.useRealTimers();
});

describe('TypingTracker', () => {
  it('expires an indicator that is not renewed, and renewing restarts the clock', () => {
    vi.useFakeTimers();
    const expired: [string, Author][] = [];
    const tracker = new TypingTracker({ onExpire: (id, author) => void expired.push([id, author]) });
    tracker.start('c1', agent);
    vi.advanceTimersByTime(5000);
    tracker.start('c1', agent);
    vi.advanceTimersByTime(5000);
    expect(expired).toEqual([]);
    expect(tracker.isTyping('c1', agent)).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([['c1', agent]]);
    expect(tracker.isTyping('c1', agent)).toBe(false);
  });

  it('stops an indicator (reporting whether it was on) and keeps authors apart', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const tracker = new TypingTracker({ expiryMs: 100, onExpire: (_, author) => void expired.push(author.name ?? author.role) });
    tracker.start('c1', agent);
    tracker.start('c1', { role: 'agent', name: 'Lee' });
    tracker.start('c1', { role: 'visitor' });
    expect(tracker.stop('c1', agent)).toBe(true);
    expect(tracker.stop('c1', agent)).toBe(false);
    vi.advanceTimersByTime(100);
    expect(expired.sort()).toEqual(['Lee', 'visitor']);
  });

  it('fires nothing after dispose', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const tracker = new TypingTracker({ expiryMs: 100, onExpire: () => void expired.push('x') });
    tracker.start('c1', agent);
    tracker.dispose();
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([]);
  });
});
