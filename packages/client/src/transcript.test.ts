import { describe, expect, it } from 'vitest';
import type { TranscriptMessage } from './events.js';
import { Transcript } from './transcript.js';

const message = (seq: number, id = `message-${seq}`): TranscriptMessage => ({
  id,
  seq,
  author: { role: 'agent' },
  text: `#${seq}`,
  createdAt: seq,
  status: 'sent',
  isOwn: false,
});

describe('Transcript', () => {
  it('keeps messages sorted by seq whatever the arrival order', () => {
    const transcript = new Transcript();
    for (const seq of [3, 1, 2, 5]) transcript.insert(message(seq));
    expect(transcript.messages.map((m) => m.seq)).toEqual([1, 2, 3, 5]);
    expect(transcript.highestSeq).toBe(5);
  });

  it('refuses a second message with a known id', () => {
    const transcript = new Transcript();
    expect(transcript.insert(message(1))).toBe(true);
    expect(transcript.insert(message(1))).toBe(false);
    expect(transcript.messages).toHaveLength(1);
  });

  it('tracks the complete prefix and the first hole', () => {
    const transcript = new Transcript();
    transcript.insert(message(1));
    transcript.insert(message(2));
    transcript.insert(message(5));
    expect(transcript.syncedSeq).toBe(2);
    expect(transcript.nextHeldAfterGap()).toBe(5);
    transcript.insert(message(3));
    transcript.insert(message(4));
    expect(transcript.syncedSeq).toBe(5);
    expect(transcript.nextHeldAfterGap()).toBeUndefined();
  });

  it('can give up on a hole', () => {
    const transcript = new Transcript();
    transcript.insert(message(1));
    transcript.insert(message(4));
    transcript.skipTo(3);
    expect(transcript.syncedSeq).toBe(4);
  });

  it('replaces a message with an updated copy in place', () => {
    const transcript = new Transcript();
    transcript.insert(message(1));
    transcript.insert(message(2));
    transcript.replace({ ...message(1), status: 'read' });
    expect(transcript.messages.map((m) => m.status)).toEqual(['read', 'sent']);
  });

  it('forgets everything on clear()', () => {
    const transcript = new Transcript();
    transcript.insert(message(1));
    transcript.clear();
    expect(transcript.messages).toEqual([]);
    expect(transcript.syncedSeq).toBe(0);
    expect(transcript.insert(message(1))).toBe(true);
  });
});
