import { ConfabError, DEFAULT_LIMITS, decodeServerMessage } from '@confab/protocol';
import { describe, expect, it } from 'vitest';
import { decodeFrame, utf8Length } from './decode.js';

function outcome(decode: (raw: string) => unknown, raw: unknown): unknown {
  try {
    return { frame: decode(raw as string) };
  } catch (error) {
    expect(error).toBeInstanceOf(ConfabError);
    return { code: (error as ConfabError).code };
  }
}

const message = { id: 'V1StGXR8_Z5jdHi6B-myT', seq: 3, author: { role: 'agent', name: 'Mei' }, text: '有的', createdAt: 1 };
const inputs: unknown[] = [
  { type: 'welcome', version: 1, token: 'T'.repeat(21), conversationId: 'conversation-1', resumed: true, lastSeq: 2, status: 'open', limits: DEFAULT_LIMITS, heartbeatMs: 25_000 },
  { type: 'message', message },
  { type: 'message', message: { ...message, extra: true }, future: 1 },
  { type: 'ack', id: message.id, seq: 3, createdAt: 1 },
  { type: 'typing', isTyping: true, author: { role: 'agent' } },
  { type: 'read', seq: 4 },
  { type: 'status', status: 'closed' },
  { type: 'history', requestId: 'h1', messages: [message], hasMore: false },
  { type: 'pong' },
  { type: 'error', code: 'CONFAB_TEXT_INVALID', message: 'no', id: message.id },
  { type: 'message', message: { ...message, seq: 0 } },
  { type: 'message' },
  { type: 'ack', id: 'bad id', seq: 1, createdAt: 1 },
  { type: 'read', seq: 1.5 },
  { type: 'presence', online: true },
  { type: '__proto__' },
  { type: 'constructor' },
  { type: 'hello', versions: [1] },
  { type: 7 },
  {},
  [],
  [{ type: 'pong' }],
  null,
  'text',
  42,
];

describe('decodeFrame', () => {
  it('agrees with decodeServerMessage from @confab/protocol on valid and invalid frames', () => {
    const raws: unknown[] = [...inputs.map((input) => JSON.stringify(input)), '{not json', '', new Uint8Array([123, 125]), undefined];
    for (const raw of raws) {
      expect(outcome(decodeFrame, raw), String(raw)).toEqual(outcome(decodeServerMessage, raw));
    }
  });

  it('drops unknown fields and never lets prototype keys through', () => {
    const frame = decodeFrame('{"type":"pong","__proto__":{"polluted":true},"extra":1}');
    expect(frame).toEqual({ type: 'pong' });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('utf8Length', () => {
  it('counts UTF-8 bytes', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('水壶')).toBe(6);
    expect(utf8Length('👍🏽')).toBe(8);
  });
});
