import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftStream } from './draft-stream.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function stream(maxTextLength = 100) {
  const sent: string[] = [];
  const draft = new DraftStream({ intervalMs: 100, maxTextLength, send: (text) => sent.push(text) });
  return { draft, sent };
}

describe('DraftStream', () => {
  it('sends the first part at once, then at most one draft per interval with everything so far', () => {
    const { draft, sent } = stream();
    draft.append('Hel');
    expect(sent).toEqual(['Hel']);
    for (const part of ['lo', ',', ' wor', 'ld']) {
      vi.advanceTimersByTime(10);
      draft.append(part);
    }
    expect(sent).toEqual(['Hel']);
    vi.advanceTimersByTime(60);
    expect(sent).toEqual(['Hel', 'Hello, world']);
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing more once finished or abandoned, and returns the whole text', () => {
    const { draft, sent } = stream();
    draft.append('a');
    draft.append('b');
    expect(draft.finish()).toBe('ab');
    vi.advanceTimersByTime(500);
    draft.append('c');
    expect(sent).toEqual(['a']);
    const other = stream();
    other.draft.append('x');
    other.draft.append('y');
    other.draft.abandon();
    vi.advanceTimersByTime(500);
    expect(other.sent).toEqual(['x']);
  });

  it('fails with CONFAB_TEXT_TOO_LONG once the text passes the limit, counting code points', () => {
    const { draft } = stream(3);
    draft.append('😀😀');
    expect(() => draft.append('😀😀')).toThrow(expect.objectContaining({ code: 'CONFAB_TEXT_TOO_LONG' }));
  });
});
