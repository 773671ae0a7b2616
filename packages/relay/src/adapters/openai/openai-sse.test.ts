import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './openai-sse.js';

/** Feeds `pieces` one by one and collects every event. */
function parse(pieces: readonly string[]): SseEvent[] {
  const parser = new SseParser();
  return pieces.flatMap((piece) => parser.push(piece));
}

const STREAM =
  'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n' +
  ': keep-alive\n\n' +
  'data: {"choices":[{"delta":{"content":"lo 你好"}}]}\n\n' +
  'data: [DONE]\n\n';

const EVENTS = [{ data: '{"choices":[{"delta":{"content":"Hel"}}]}' }, { data: '{"choices":[{"delta":{"content":"lo 你好"}}]}' }, { data: '[DONE]' }];

describe('SseParser', () => {
  it('reads a chat completion stream into its data events, dropping comments', () => {
    expect(parse([STREAM])).toEqual(EVENTS);
  });

  it('gives the same events however the stream is cut, down to one character at a time', () => {
    expect(parse([...STREAM])).toEqual(EVENTS);
    for (let cut = 1; cut < STREAM.length; cut++) expect(parse([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(EVENTS);
  });

  it('accepts \\r\\n and lone \\r line breaks, also when \\r and \\n arrive apart', () => {
    const crlf = STREAM.replaceAll('\n', '\r\n');
    expect(parse([crlf])).toEqual(EVENTS);
    expect(parse([...crlf])).toEqual(EVENTS);
    expect(parse([STREAM.replaceAll('\n', '\r')])).toEqual(EVENTS);
    // A \r ending one piece and the \n starting the next are one line break, not an empty line.
    expect(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ data: 'a\nb' }]);
  });

  it('joins several data lines, keeps the event name, and takes "data:" without a space', () => {
    expect(parse(['event: error\ndata:{"error":\ndata: {}}\n\n'])).toEqual([{ data: '{"error":\n{}}', event: 'error' }]);
    expect(parse(['data\n\n'])).toEqual([{ data: '' }]);
  });

  it('keeps an event without its blank line pending, and says so', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"choices":[]}\n')).toEqual([]);
    expect(parser.hasPartialEvent).toBe(true);
    expect(parser.push('\n')).toEqual([{ data: '{"choices":[]}' }]);
    expect(parser.hasPartialEvent).toBe(false);
  });

  it('ignores id, retry and unknown fields and events made only of them', () => {
    expect(parse(['id: 7\nretry: 1000\nfoo: bar\n\ndata: x\nid: 8\n\n'])).toEqual([{ data: 'x' }]);
  });
});
