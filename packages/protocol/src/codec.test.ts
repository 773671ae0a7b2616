import { describe, expect, it } from 'vitest';
import type { AgentClientMessage, AgentServerMessage } from './agent-messages.js';
import { decodeAgentClientMessage, decodeAgentServerMessage } from './agent-codec.js';
import { decodeClientMessage } from './client-codec.js';
import {
  checkFrameSize,
  decodeServerMessage,
  encode,
  negotiateVersion,
  utf8Length,
} from './codec.js';
import { ConfabError, type ErrorCode } from './errors.js';
import type { ClientMessage } from './client-messages.js';
import type { ChatMessage, ServerMessage, VisitorContext } from './messages.js';

const context: VisitorContext = {
  url: 'https://shop.example/p/kettle',
  title: 'Kettle – Shop',
  locale: 'zh-CN',
  languages: ['zh-CN', 'en'],
  timeZone: 'Asia/Shanghai',
  localTime: '2026-11-22T10:00:00+08:00',
  userAgent: 'Mozilla/5.0',
  screen: { width: 390, height: 844 },
  product: { name: '电热水壶', sku: 'K-1', price: '129.00', currency: 'CNY', availability: 'InStock', image: 'https://shop.example/k.jpg' },
  custom: { plan: 'gold' },
};
const message: ChatMessage = {
  id: 'V1StGXR8_Z5jdHi6B-myT',
  seq: 3,
  author: { role: 'agent', name: 'Mei' },
  text: '你好 👋🏽 مرحبا',
  createdAt: 1_763_000_000_000,
};

const clientFrames: ClientMessage[] = [
  { type: 'hello', versions: [1], token: 'a'.repeat(21), lastSeq: 4, context },
  { type: 'hello', versions: [2, 1] },
  { type: 'message', id: message.id, text: '在吗？' },
  { type: 'typing', isTyping: true },
  { type: 'read', seq: 7 },
  { type: 'context', context },
  { type: 'history', requestId: 'r1', before: 10, limit: 20 },
  { type: 'ping', nonce: 'n' },
];
const serverFrames: ServerMessage[] = [
  {
    type: 'welcome',
    version: 1,
    token: 'b'.repeat(24),
    conversationId: 'conv_abcdefgh',
    resumed: true,
    lastSeq: 9,
    status: 'open',
    limits: { maxTextLength: 4000, maxFrameBytes: 65536 },
    heartbeatMs: 25_000,
  },
  { type: 'message', message },
  { type: 'ack', id: message.id, seq: 4, createdAt: 1 },
  { type: 'typing', isTyping: false, author: { role: 'agent', name: 'Mei' } },
  { type: 'read', seq: 4 },
  { type: 'status', status: 'closed' },
  { type: 'history', requestId: 'r1', messages: [message], hasMore: false },
  { type: 'pong' },
  { type: 'error', code: 'CONFAB_TEXT_TOO_LONG', message: 'too long', id: message.id },
];
const agentClientFrames: AgentClientMessage[] = [
  { type: 'hello', versions: [1], token: 'agent-secret' },
  { type: 'ping' },
];
const agentServerFrames: AgentServerMessage[] = [
  { type: 'welcome', version: 1, heartbeatMs: 25_000 },
  {
    type: 'conversation',
    conversation: {
      id: 'conv_abcdefgh',
      status: 'open',
      createdAt: 1,
      updatedAt: 2,
      lastSeq: 3,
      unreadCount: 1,
      visitorLastReadSeq: 3,
      agentLastReadSeq: 2,
      visitorOnline: true,
      lastMessage: message,
      context,
    },
  },
  { type: 'message', conversationId: 'conv_abcdefgh', message },
  { type: 'typing', conversationId: 'conv_abcdefgh', isTyping: true, author: { role: 'visitor' } },
  { type: 'read', conversationId: 'conv_abcdefgh', seq: 3, by: 'visitor' },
  { type: 'quick-replies', quickReplies: [{ id: 'qr_12345678', shortcut: '发货', text: '48 小时内发货', updatedAt: 1 }] },
  { type: 'pong', nonce: 'x' },
  { type: 'error', code: 'CONFAB_AUTH_REJECTED', message: 'no' },
];

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfabError) return error.code;
    throw error;
  }
  return undefined;
}

describe('codec', () => {
  it.each(clientFrames.map((f) => [f.type, f] as const))('round-trips the client "%s" frame', (_type, frame) => {
    expect(decodeClientMessage(encode(frame))).toEqual(frame);
  });
  it.each(serverFrames.map((f) => [f.type, f] as const))('round-trips the server "%s" frame', (_type, frame) => {
    expect(decodeServerMessage(encode(frame))).toEqual(frame);
  });
  it.each(agentClientFrames.map((f) => [f.type, f] as const))('round-trips the agent client "%s" frame', (_t, frame) => {
    expect(decodeAgentClientMessage(encode(frame))).toEqual(frame);
  });
  it.each(agentServerFrames.map((f) => [f.type, f] as const))('round-trips the agent server "%s" frame', (_t, frame) => {
    expect(decodeAgentServerMessage(encode(frame))).toEqual(frame);
  });

  it('rejects text that is not JSON with CONFAB_JSON_INVALID', () => {
    expect(codeOf(() => decodeClientMessage('{"type":"ping"'))).toBe('CONFAB_JSON_INVALID');
    expect(codeOf(() => decodeClientMessage(''))).toBe('CONFAB_JSON_INVALID');
  });

  it('rejects binary data with CONFAB_JSON_INVALID', () => {
    expect(codeOf(() => decodeClientMessage(new Uint8Array([1, 2]) as unknown as string))).toBe('CONFAB_JSON_INVALID');
  });

  it('rejects JSON that is not an object with CONFAB_FRAME_INVALID', () => {
    for (const raw of ['[]', '42', 'null', '"hello"', '{}', '{"type":7}']) {
      expect(codeOf(() => decodeClientMessage(raw)), raw).toBe('CONFAB_FRAME_INVALID');
    }
  });

  it('rejects unknown types with CONFAB_TYPE_UNKNOWN, including prototype keys', () => {
    for (const type of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'welcome']) {
      expect(codeOf(() => decodeClientMessage(JSON.stringify({ type }))), type).toBe('CONFAB_TYPE_UNKNOWN');
    }
  });

  it('rejects missing fields with CONFAB_FRAME_INVALID naming the field', () => {
    const error = (() => {
      try {
        decodeClientMessage('{"type":"message","id":"V1StGXR8_Z5jdHi6B-myT"}');
      } catch (e) {
        return e as ConfabError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe('CONFAB_FRAME_INVALID');
    expect(error.message).toContain('text');
  });

  it('rejects wrong field types with CONFAB_FRAME_INVALID', () => {
    const bad = [
      { type: 'message', id: 'V1StGXR8_Z5jdHi6B-myT', text: 42 },
      { type: 'message', id: 'short', text: 'hi' },
      { type: 'message', id: '../../etc/passwd', text: 'hi' },
      { type: 'typing', isTyping: 'yes' },
      { type: 'read', seq: -1 },
      { type: 'read', seq: 1.5 },
      { type: 'read', seq: 1e300 },
      { type: 'hello', versions: [] },
      { type: 'hello', versions: [1], token: 'too-short' },
      { type: 'hello', versions: [1], context: { url: 7 } },
      { type: 'context', context: { custom: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) } },
      { type: 'history', requestId: '', limit: 5 },
      { type: 'history', requestId: 'r', limit: 500 },
    ];
    for (const frame of bad) {
      expect(codeOf(() => decodeClientMessage(JSON.stringify(frame))), JSON.stringify(frame).slice(0, 80)).toBe(
        'CONFAB_FRAME_INVALID',
      );
    }
  });

  it('rejects frames over maxFrameBytes with CONFAB_FRAME_TOO_LARGE, counting UTF-8 bytes', () => {
    const frame = encode({ type: 'message', id: message.id, text: '字'.repeat(100) });
    expect(codeOf(() => decodeClientMessage(frame, { maxFrameBytes: 200 }))).toBe('CONFAB_FRAME_TOO_LARGE');
    expect(decodeClientMessage(frame, { maxFrameBytes: 400 }).type).toBe('message');
  });

  it('never lets __proto__ or unknown keys through to the decoded frame', () => {
    const raw = '{"type":"context","__proto__":{"polluted":true},"constructor":{"x":1},"context":{"__proto__":{"a":1},"url":"https://a"},"extra":1}';
    const frame = decodeClientMessage(raw);
    expect(frame).toEqual({ type: 'context', context: { url: 'https://a' } });
    expect(Object.getPrototypeOf(frame)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps custom context keys in a null-prototype record', () => {
    const frame = decodeClientMessage('{"type":"context","context":{"custom":{"__proto__":"x","plan":"gold"}}}');
    if (frame.type !== 'context') throw new Error('wrong type');
    expect(Object.getPrototypeOf(frame.context.custom)).toBeNull();
    expect(frame.context.custom?.plan).toBe('gold');
  });

  it('survives absurdly deep nesting with a clear error', () => {
    const deep = '{"type":"context","context":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    expect(['CONFAB_JSON_INVALID', 'CONFAB_FRAME_INVALID']).toContain(codeOf(() => decodeClientMessage(deep)));
  });

  it('negotiates the highest shared version', () => {
    expect(negotiateVersion([1, 2, 3], [1, 2])).toBe(2);
    expect(negotiateVersion([3], [1])).toBeUndefined();
  });

  it('counts UTF-8 bytes like TextEncoder does', () => {
    for (const text of ['abc', 'é', '字', '👋🏽', '\uD800x', 'a\uDC00']) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('checkFrameSize', () => {
  it('counts UTF-8 bytes, not UTF-16 units, and names both figures when over the limit', () => {
    expect(() => checkFrameSize('€€', 6)).not.toThrow();
    expect(() => checkFrameSize('€€€', 8)).toThrow('Frame is 9 bytes; the limit is 8 bytes');
    let error: unknown;
    try {
      checkFrameSize('x'.repeat(11), 10);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfabError);
    expect((error as ConfabError).code).toBe('CONFAB_FRAME_TOO_LARGE');
  });
});
